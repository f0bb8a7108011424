// The login page and the instances dashboard (index.html). Everything it shows and does goes
// through the same /v1/instances API as any client; the charts come from /ui/api/metrics.
import { api, session, loadSession, login, logout, el, showBanner, formatBytes, formatDuration } from './common.js';
import { ask } from './dialog.js';
import { Charts } from './charts.js';

const POLL_MS = 5000;
const METRICS_MS = 10000;
const ACTIVE = new Set(['starting', 'booting', 'running', 'restarting', 'stopping']);

const $ = (id) => document.getElementById(id);
const rows = new Map();       // instance name -> its <tr> and cells
const working = new Map();    // instance name -> what the page is doing to it ("stopping…")
const charts = new Charts($('chart-list'));
let latestMetrics = new Map(); // instance name -> series of /ui/api/metrics
let timers = [];

function stopPolling() {
  timers.forEach(clearInterval);
  timers = [];
}

function showLogin(message) {
  stopPolling();
  for (const id of ['instances', 'charts', 'logout', 'who']) $(id).hidden = true;
  $('login').hidden = false;
  const error = $('login-error');
  error.textContent = message || '';
  error.hidden = !message;
  $('token').focus();
}

async function showDashboard() {
  $('login').hidden = true;
  $('instances').hidden = false;
  $('charts').hidden = false;
  $('logout').hidden = false;
  const who = $('who');
  who.hidden = false;
  who.textContent = session.role === 'operator' ? 'Operator' : 'Viewer (read-only)';
  document.body.classList.toggle('viewer', session.role !== 'operator');
  await Promise.all([refresh(), refreshMetrics()]);
  stopPolling();
  timers.push(setInterval(refresh, POLL_MS), setInterval(refreshMetrics, METRICS_MS));
}

/** What every failed request does first: a session that ended shows the login again. */
function handleFailure(e, source = 'action', prefix = '') {
  if (e.sessionEnded) {
    showLogin('Your session ended (logged out, expired, or hurdvm serve restarted): log in again.');
    return true;
  }
  showBanner(prefix + e.message, 'error', source);
  return false;
}

async function refresh() {
  try {
    const answer = await api.get('/v1/instances');
    // Clears what an earlier poll reported (the daemon was down), not what an action reported.
    if ($('banner').dataset.source === 'poll') showBanner('');
    render(answer.instances || []);
    $('refreshed').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    handleFailure(e, 'poll');
  }
}

async function refreshMetrics() {
  try {
    const answer = await api.get('/ui/api/metrics');
    latestMetrics = new Map(answer.instances.map((s) => [s.name, s]));
    charts.update(answer.instances);
  } catch (e) {
    if (e.sessionEnded) handleFailure(e);
    // Otherwise the instance list tells the user what is wrong; the charts just wait.
  }
}

function render(instances) {
  const names = new Set(instances.map((i) => i.name));
  for (const [name, row] of rows) {
    if (!names.has(name)) {
      row.tr.remove();
      rows.delete(name);
    }
  }
  $('empty').hidden = instances.length > 0;
  $('instance-table').hidden = instances.length === 0;
  const body = $('instance-rows');
  instances.forEach((inst, i) => {
    let row = rows.get(inst.name);
    if (!row) {
      row = createRow(inst.name);
      rows.set(inst.name, row);
    }
    // Moved only when out of place: moving a row would take the keyboard focus from its buttons.
    if (body.children[i] !== row.tr) body.insertBefore(row.tr, body.children[i] || null);
    updateRow(row, inst);
  });
}

function cell(label, cls) {
  return el('td', { class: cls, dataset: { label } });
}

function createRow(name) {
  const r = { name, tr: el('tr', { dataset: { instance: name } }) };
  r.nameCell = el('th', { scope: 'row', class: 'name', dataset: { label: 'Name' } });
  r.state = cell('State', 'state');
  r.accel = cell('Accel', 'accel');
  r.uptime = cell('Uptime', 'uptime');
  r.memory = cell('Memory', 'memory');
  r.phases = cell('Boot phases', 'phases');
  r.restarts = cell('Restarts', 'restarts');
  r.backup = cell('Last backup', 'backup');
  r.actions = cell('Actions', 'actions');
  const q = encodeURIComponent(name);
  r.buttons = {
    up: el('button', { type: 'button', dataset: { action: 'up' }, onclick: () => up(name) }, 'Start'),
    down: el('button', { type: 'button', dataset: { action: 'down' }, onclick: () => down(name) }, 'Stop'),
    snapshot: el('button', { type: 'button', dataset: { action: 'snapshot' }, onclick: () => snapshot(name) }, 'Snapshot'),
    restore: el('button', { type: 'button', dataset: { action: 'restore' }, onclick: () => restore(name) }, 'Restore…'),
    backup: el('button', { type: 'button', dataset: { action: 'backup' }, onclick: () => backup(name) }, 'Back up'),
    verify: el('button', { type: 'button', dataset: { action: 'verify' }, onclick: () => verify(name) }, 'Verify backup'),
  };
  r.links = {
    console: el('a', { class: 'button', href: `/ui/console.html?name=${q}`, dataset: { action: 'console' } }, 'Console'),
    screen: el('a', { class: 'button', href: `/ui/screen.html?name=${q}`, dataset: { action: 'screen' } }, 'Screen'),
  };
  const changes = el('span', { class: 'operator-only' }, r.buttons.up, r.buttons.down, r.buttons.snapshot,
      r.buttons.restore, r.buttons.backup, r.buttons.verify);
  r.actions.append(el('div', { class: 'action-group', role: 'group', 'aria-label': `Actions for ${name}` },
      r.links.console, r.links.screen, changes));
  r.tr.append(r.nameCell, r.state, r.accel, r.uptime, r.memory, r.phases, r.restarts, r.backup, r.actions);
  return r;
}

function replace(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false)
      .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
}

function updateRow(r, inst) {
  const active = ACTIVE.has(inst.state);
  const doing = working.get(inst.name);
  const ready = [inst.consoleReady && 'console', inst.sshReady && 'ssh'].filter(Boolean);
  replace(r.nameCell, el('span', { class: 'instance-name' }, inst.name),
      inst.ssh ? el('small', { class: 'muted' }, `ssh ${inst.ssh}`) : null);
  replace(r.state,
      el('span', { class: `badge state-${inst.state}` }, inst.state),
      el('small', { class: 'ready' }, active ? (ready.length ? `ready: ${ready.join(', ')}` : 'not ready yet') : ''),
      doing ? el('small', { class: 'working', role: 'status' }, doing) : null,
      inst.message && !['running'].includes(inst.state) ? el('small', { class: 'muted message' }, inst.message) : null);
  replace(r.accel, el('span', {}, inst.accel || '–'), inst.accelReason ? el('small', { class: 'muted' }, inst.accelReason) : null);
  const uptime = active && inst.startedAt ? (Date.now() - Date.parse(inst.startedAt)) / 1000 : null;
  replace(r.uptime, uptime === null ? '–' : formatDuration(uptime));
  const m = latestMetrics.get(inst.name);
  const rss = m && m.points.length ? m.points[m.points.length - 1].residentBytes : null;
  replace(r.memory, `${inst.memoryMib} MiB guest`, active && rss ? el('small', { class: 'muted' }, `${formatBytes(rss)} used by QEMU`) : null);
  replace(r.phases, phaseList(inst));
  replace(r.restarts, String(inst.restarts), inst.crashLoop ? el('small', { class: 'badge state-failed' }, 'crash loop') : null);
  replace(r.backup, backupText(m));
  const busy = Boolean(doing);
  r.buttons.up.disabled = busy || active;
  r.buttons.down.disabled = busy || !active || inst.state === 'stopping';
  for (const b of ['snapshot', 'restore', 'backup', 'verify']) r.buttons[b].disabled = busy;
  r.links.screen.hidden = !inst.vnc;
}

function phaseList(inst) {
  const phases = inst.bootPhases || [];
  if (phases.length === 0) return el('span', { class: 'muted' }, '–');
  const list = el('ol', { class: 'phase-list' },
      phases.map((p) => el('li', {}, el('span', {}, p.name), ' ', el('small', {}, `${(p.sinceStartMillis / 1000).toFixed(1)} s`))));
  const total = inst.bootSeconds ? el('small', { class: 'muted' }, `ready after ${inst.bootSeconds.toFixed(1)} s`) : null;
  return [list, total];
}

function backupText(series) {
  if (!series || !series.backupLastSuccess) {
    return el('span', { class: 'muted' }, series && series.backupFailures ? `never (${series.backupFailures} failed)` : 'never');
  }
  const at = new Date(series.backupLastSuccess * 1000);
  const age = formatDuration((Date.now() - at.getTime()) / 1000);
  return el('time', { datetime: at.toISOString(), title: at.toLocaleString() }, `${age} ago`);
}

/** Runs one action on an instance, showing it in the row until the server answers. */
async function act(name, doing, done, call) {
  working.set(name, doing);
  refreshRow(name);
  try {
    const answer = await call();
    showBanner(done(answer), 'ok');
  } catch (e) {
    handleFailure(e, 'action', `${name}: `);
  } finally {
    working.delete(name);
    await refresh();
  }
}

function refreshRow(name) {
  const r = rows.get(name);
  if (r) {
    for (const b of Object.values(r.buttons)) b.disabled = true;
    const s = r.state.querySelector('.working') || r.state.appendChild(el('small', { class: 'working', role: 'status' }));
    s.textContent = working.get(name) || '';
  }
}

const path = (name, rest = '') => `/v1/instances/${encodeURIComponent(name)}${rest}`;

function up(name) {
  return act(name, 'starting…', (a) => `${name}: ${a.message || 'started'}`, () => api.post(path(name, '/up'), {}));
}

async function down(name) {
  const ok = await ask({
    title: `Stop ${name}?`,
    text: 'The guest is shut down cleanly (poweroff over SSH, else the ACPI button, else it is killed after the timeout). '
        + 'Programs running in it end; anything they have not written to disk is lost.',
    ok: 'Stop',
    danger: true,
  });
  if (ok === null) return;
  await act(name, 'stopping…', (a) => `${name}: ${a.stopped ? `stopped (${a.how})` : a.message}`, () => api.post(path(name, '/down'), {}));
}

async function snapshot(name) {
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const snap = await ask({
    title: `Snapshot ${name}`,
    text: 'A running instance is paused while its memory is saved; a stopped one keeps its disk only.',
    ok: 'Take snapshot',
    input: { label: 'Snapshot name', value: `web-${stamp}` },
  });
  if (snap === null) return;
  await act(name, 'taking a snapshot…', (a) => `${name}: snapshot '${a.snapshot.name}' taken (${a.mode})`,
      () => api.post(path(name, '/snapshots'), { name: snap }));
}

async function restore(name) {
  let listing;
  try {
    listing = await api.get(path(name, '/snapshots'));
  } catch (e) {
    handleFailure(e, 'action', `${name}: `);
    return;
  }
  if (!listing.snapshots.length) {
    showBanner(`${name} has no snapshots yet: take one first.`, 'info');
    return;
  }
  const snap = await ask({
    title: `Restore ${name} from a snapshot?`,
    text: `Everything ${name} did since the snapshot is lost: its current disk${listing.running ? ' and memory' : ''} are replaced.`,
    ok: 'Restore and discard the current state',
    danger: true,
    select: {
      label: 'Snapshot',
      options: listing.snapshots.map((s) => ({ value: s.name, text: `${s.name} (${new Date(s.created).toLocaleString()})` })),
    },
  });
  if (snap === null) return;
  await act(name, `restoring '${snap}'…`, (a) => `${name}: restored '${a.snapshot.name}' (${a.mode})`,
      () => api.post(path(name, `/snapshots/${encodeURIComponent(snap)}/restore`), { confirm: true }));
}

function backup(name) {
  return act(name, 'backing up…', (a) => `${name}: backup ${a.manifest.id} written (${a.mode}, ${a.kindReason})`,
      () => api.post(path(name, '/backups'), {}));
}

function verify(name) {
  return act(name, 'verifying the latest backup…', (a) => `${name}: backup ${a.id} verified: ok (${formatBytes(a.bytesRead)} read)`,
      () => api.post(path(name, '/backups/latest/verify'), {}));
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('token');
  const token = input.value.trim();
  input.value = ''; // the token stays in no field, no history, no storage
  if (!token) {
    showLogin('Paste the token first.');
    return;
  }
  try {
    await login(token);
    showBanner('');
    await showDashboard();
    $('main').focus({ preventScroll: true });
  } catch (e) {
    showLogin(e.daemonDown ? e.message : `Login refused: ${e.message}`);
  }
});

$('logout').addEventListener('click', async () => {
  try {
    await logout();
  } catch (e) {
    // Ended on the server already, or the server is gone: the page forgets it either way.
  }
  showLogin('Logged out.');
});

async function start() {
  try {
    const s = await loadSession();
    showBanner('');
    if (s) await showDashboard();
    else showLogin();
  } catch (e) {
    showBanner(e.message);
    setTimeout(start, 5000);
  }
}

start();
