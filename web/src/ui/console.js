// The serial console in the browser: xterm.js over a WebSocket that the server bridges to the
// supervisor's console socket. Binary messages are the console's bytes; the one text message says
// whether this browser's keys reach the guest (a viewer's and a read-only console's do not).
import { Terminal } from './vendor/xterm/xterm.mjs';
import { FitAddon } from './vendor/xterm/addon-fit.mjs';
import { openInstancePage, status, wsUrl } from './common.js';

const $ = (id) => document.getElementById(id);
let name = null;

/** What the server's close codes mean for the user (the reason text adds the details). */
const CLOSED = {
  4000: 'The console closed: the instance stopped or restarted.',
  4400: 'That is not an instance name.',
  4401: 'Your session ended: log in again on the dashboard.',
  4403: 'This session may not open the console.',
  4404: 'There is no such instance.',
  4409: 'The instance is not running: start it on the dashboard, then reconnect.',
  4429: 'The console is busy: too many browsers have it open. Close one and reconnect.',
  1006: 'The connection was refused or dropped: hurdvm serve may be down, or your session ended.',
};

const term = new Terminal({
  cursorBlink: true,
  scrollback: 5000,
  fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
  fontSize: 15,
  theme: { background: '#101418', foreground: '#e6e6e6' },
});
const fit = new FitAddon();
term.loadAddon(fit);
let socket = null;
let readOnly = true;

function connect() {
  if (socket) socket.close();
  readOnly = true;
  status('Connecting…');
  const ro = $('readonly').checked ? '?readonly=1' : '';
  const ws = new WebSocket(wsUrl(`/ui/api/console/${encodeURIComponent(name)}${ro}`));
  ws.binaryType = 'arraybuffer';
  socket = ws;
  ws.onopen = () => status('Connected', 'ok');
  ws.onmessage = (event) => {
    if (typeof event.data === 'string') {
      const control = JSON.parse(event.data);
      readOnly = Boolean(control.readOnly);
      status(readOnly ? 'Connected, read-only: your keys are not sent' : 'Connected: type to use the console', 'ok');
      return;
    }
    term.write(new Uint8Array(event.data));
  };
  ws.onclose = (event) => {
    if (socket !== ws) return;
    socket = null;
    const what = CLOSED[event.code] || `The console closed (${event.code}).`;
    status(event.reason ? `${what} (${event.reason})` : what, 'error');
  };
}

term.onData((data) => {
  if (socket && socket.readyState === WebSocket.OPEN && !readOnly) socket.send(data);
});

// Ctrl-] hands the keyboard back to the page, as it detaches `hurdvm console`.
term.attachCustomKeyEventHandler((e) => {
  if (e.type === 'keydown' && e.ctrlKey && (e.key === ']' || e.code === 'BracketRight')) {
    $('reconnect').focus();
    return false;
  }
  return true;
});

async function start() {
  const page = await openInstancePage('console');
  if (!page) return;
  name = page.name;
  term.open($('terminal'));
  fit.fit();
  new ResizeObserver(() => fit.fit()).observe($('terminal'));
  $('readonly').addEventListener('change', connect);
  $('screenreader').addEventListener('change', (e) => { term.options.screenReaderMode = e.target.checked; });
  $('reconnect').addEventListener('click', () => { connect(); term.focus(); });
  connect();
  term.focus();
}

start();
