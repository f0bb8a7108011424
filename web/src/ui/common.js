// Shared by the pages: the session (kept in memory only, never in storage), API calls with the
// CSRF token, and small DOM and formatting helpers. Text goes into the page as text, never as HTML.

export const session = { role: null, csrfToken: null };

/** An answer of the server that is not a success, or no answer at all (the daemon is down). */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
  get daemonDown() { return this.status === 0; }
  get sessionEnded() { return this.status === 401; }
}

const DAEMON_DOWN = 'Cannot reach hurdvm serve: it is stopped or restarting. Retrying…';

async function request(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET') {
    // JSON only: a form on another site cannot send it, and the CSRF token proves the page is ours.
    headers['Content-Type'] = 'application/json';
    if (session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
    init.body = JSON.stringify(body ?? {});
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, DAEMON_DOWN);
  }
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    const message = json && typeof json.error === 'string' ? json.error : `HTTP ${response.status}`;
    throw new ApiError(response.status, message);
  }
  return json;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body),
  del: (path) => request('DELETE', path),
};

/** The current session, or null when logged out. Throws ApiError when the daemon cannot be reached. */
export async function loadSession() {
  const answer = await api.get('/ui/api/session');
  Object.assign(session, answer);
  return answer.role ? session : null;
}

export async function login(token) {
  session.csrfToken = null;
  Object.assign(session, await api.post('/ui/api/session', { token }));
  return session;
}

export async function logout() {
  try {
    await api.del('/ui/api/session');
  } finally {
    session.role = null;
    session.csrfToken = null;
  }
}

/** Keeps the session alive on pages that make no other requests, and tells when it ended. */
export function keepAlive(onEnded, everyMs = 60000) {
  return setInterval(async () => {
    try {
      if (await loadSession() === null) onEnded();
    } catch (e) {
      // The daemon is down for now: the page's own connection tells the user.
    }
  }, everyMs);
}

/** document.createElement with attributes and children; strings become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** The page's one message line; {@code source} tells who may clear it (a poll clears only its own). */
export function showBanner(text, kind = 'error', source = 'action') {
  const b = document.getElementById('banner');
  if (!b) return;
  b.textContent = text;
  b.className = `banner ${kind}`;
  b.dataset.source = source;
  b.hidden = !text;
}

function instanceFromQuery() {
  const name = new URLSearchParams(location.search).get('name') || '';
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(name) ? name : null;
}

/** The page's status line (role=status): what it is doing, or why it cannot. */
export function status(text, kind = '') {
  const s = document.getElementById('status');
  s.textContent = text;
  s.className = `status ${kind}`;
  document.body.dataset.status = kind;
}

/**
 * Opens a page about one instance (?name=NAME): names it, checks the session and keeps it alive.
 * Returns { name, session }, or null after telling the user why the page cannot work.
 */
export async function openInstancePage(what) {
  const name = instanceFromQuery();
  if (!name) {
    status(`No instance named in the address: open the ${what} from the dashboard.`, 'error');
    return null;
  }
  document.getElementById('name').textContent = name;
  document.title = `${name} · ${what} · hurdvm`;
  let current;
  try {
    current = await loadSession();
  } catch (e) {
    status(e.message, 'error');
    return null;
  }
  if (!current) {
    status('Not logged in: log in on the dashboard first.', 'error');
    return null;
  }
  document.body.classList.toggle('viewer', current.role !== 'operator');
  keepAlive(() => showBanner('Your session ended: log in again on the dashboard.'));
  return { name, session: current };
}

export function wsUrl(path) {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

export function formatBytes(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n >= 100 || i === 0 ? Math.round(n) : n.toFixed(1)} ${units[i]}`;
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || seconds < 0) return '–';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}
