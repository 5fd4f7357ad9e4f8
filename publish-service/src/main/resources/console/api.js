// Calls to the JSON APIs with the signed-in key (sessionStorage only), and the SSE stream read with
// fetch() (EventSource cannot send an Authorization header).

const KEY = 'newswire.console.key';

export function key() {
  return sessionStorage.getItem(KEY);
}

export function setKey(k) {
  if (k) sessionStorage.setItem(KEY, k);
  else sessionStorage.removeItem(KEY);
}

/** An answer other than 2xx: status and the problem+json detail when there is one. */
export class ApiError extends Error {
  constructor(status, problem, path) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status} from ${path}`);
    this.status = status;
    this.problem = problem;
    this.path = path;
  }
}

export async function api(path, { method = 'GET', body = undefined, signal = undefined } = {}) {
  const headers = { Accept: 'application/json' };
  const k = key();
  if (k) headers.Authorization = `Bearer ${k}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { detail: `The server did not answer (${e.message}).` }, path);
  }
  const type = res.headers.get('Content-Type') || '';
  const json = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    if (res.status === 401 && path !== '/v1/whoami') {
      window.dispatchEvent(new CustomEvent('newswire:unauthenticated'));
    }
    throw new ApiError(res.status, json, path);
  }
  return json;
}

/** Whether an error is "no such endpoint" (as opposed to "no such story"). */
export function isMissingEndpoint(e) {
  return e instanceof ApiError && e.status === 404
      && (!e.problem || (e.problem.detail || '').startsWith('No resource at'));
}

/** A message for an error, with what to do about it. */
export function explain(e, what) {
  if (!(e instanceof ApiError)) return `${what}: ${e.message}`;
  if (isMissingEndpoint(e)) return `${what} is not available on this server (${e.path} answered 404).`;
  if (e.status === 403) return `${what}: your key does not allow this. ${e.message}`;
  if (e.status === 503) return `${what}: the service cannot answer right now. ${e.message}`;
  return `${what}: ${e.message}`;
}

const MAX_BUFFER = 4 * 1024 * 1024;

/**
 * Reads a Server-Sent Events stream: onEvent({event, data, id}) for each event, until the signal
 * aborts or the stream ends (resolves) or fails (rejects).
 */
export async function stream(path, { onEvent, onOpen, signal, lastEventId }) {
  const headers = { Accept: 'text/event-stream' };
  const k = key();
  if (k) headers.Authorization = `Bearer ${k}`;
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  const res = await fetch(path, { headers, signal, cache: 'no-store', credentials: 'omit' });
  if (!res.ok) {
    const json = await res.json().catch(() => null);
    throw new ApiError(res.status, json, path);
  }
  if (onOpen) onOpen();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    if (buffer.length > MAX_BUFFER) throw new Error('an event of the stream is too large');
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const ev = { event: 'message', data: '', id: null };
      const data = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'data') data.push(val);
        else if (field === 'event') ev.event = val;
        else if (field === 'id') ev.id = val;
      }
      if (data.length || ev.id) {
        ev.data = data.join('\n');
        onEvent(ev);
      }
    }
  }
}

export function enc(s) {
  return encodeURIComponent(s);
}
