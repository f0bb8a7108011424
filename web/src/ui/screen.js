// The VM's screen: noVNC over a WebSocket that the server bridges to QEMU's VNC display on a Unix
// socket (never a TCP port). Shown only when the instance was started with VNC.
import RFB from './vendor/novnc/core/rfb.js';
import { api, openInstancePage, status, wsUrl } from './common.js';

const $ = (id) => document.getElementById(id);
let name = null;
let rfb = null;

/** Tells why there is nothing to show before trying: the WebSocket's own reasons do not reach noVNC's events. */
async function whyNot() {
  try {
    const inst = await api.get(`/v1/instances/${encodeURIComponent(name)}`);
    if (!inst.vnc) return `${name} has no screen: VNC is off. Start it with 'hurdvm up ${name} --vnc' (or ENABLE_VNC=1).`;
    if (!['starting', 'booting', 'running', 'restarting'].includes(inst.state)) {
      return `${name} is ${inst.state}: start it on the dashboard, then reconnect.`;
    }
    return null;
  } catch (e) {
    return e.sessionEnded ? 'Your session ended: log in again on the dashboard.' : e.message;
  }
}

async function connect() {
  if (rfb) {
    rfb.disconnect();
    rfb = null;
  }
  const problem = await whyNot();
  if (problem) {
    status(problem, 'error');
    return;
  }
  status('Connecting…');
  const screen = new RFB($('screen'), wsUrl(`/ui/api/screen/${encodeURIComponent(name)}`), { shared: true });
  screen.scaleViewport = true;
  screen.viewOnly = $('viewonly').checked;
  screen.focusOnClick = true;
  screen.addEventListener('connect', () => {
    status('Connected', 'ok');
    screen.focus();
  });
  screen.addEventListener('disconnect', async (e) => {
    if (rfb !== screen) return;
    rfb = null;
    const problem = await whyNot();
    status(problem || (e.detail.clean ? 'Disconnected.' : 'The screen closed: the instance stopped, or too many browsers have it open.'), 'error');
  });
  screen.addEventListener('securityfailure', (e) => status(`VNC refused the connection: ${e.detail.reason || 'security failure'}`, 'error'));
  rfb = screen;
}

async function start() {
  const page = await openInstancePage('screen');
  if (!page) return;
  name = page.name;
  if (page.session.role !== 'operator') {
    status('The screen is for operators: VNC carries keyboard and mouse. This session logged in with the viewer token.', 'error');
    return;
  }
  $('viewonly').addEventListener('change', (e) => { if (rfb) rfb.viewOnly = e.target.checked; });
  $('ctrlaltdel').addEventListener('click', () => rfb && rfb.sendCtrlAltDel());
  $('reconnect').addEventListener('click', connect);
  connect();
}

start();
