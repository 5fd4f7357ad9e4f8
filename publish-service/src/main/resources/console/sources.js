// Sources: the health of every agency and feed (GET /v1/sources), erroring and idle first, with a
// sparkline of stories per hour over the last 24 hours.
import { api, explain, isMissingEndpoint } from './api.js';
import { h, svg, time, note, ago } from './dom.js';

const ORDER = { erroring: 0, idle: 1, 'quiet-new': 2, ok: 3 };
const REFRESH_MS = 10000;

export function render(page) {
  const abort = new AbortController();
  const updated = h('span', { class: 'muted', id: 'sources-updated' }, '');
  const body = h('div', { id: 'sources' }, h('p', { class: 'muted' }, 'Loading…'));
  page.append(h('div', { class: 'page-head' }, h('h1', {}, 'Sources'), h('p', { class: 'status-line' }, updated)), body);
  let timer = null;
  load();

  async function load() {
    try {
      const res = await api('/v1/sources', { signal: abort.signal });
      body.replaceChildren(table(res.sources || []));
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every ${REFRESH_MS / 1000} s.`;
    } catch (e) {
      if (e.name === 'AbortError') return;
      body.replaceChildren(note(isMissingEndpoint(e)
        ? 'Source health is not available on this server: GET /v1/sources answered 404 (this publish-service does not serve it yet).'
        : explain(e, 'Source health'), isMissingEndpoint(e) ? 'info' : 'error'));
      if (isMissingEndpoint(e)) return;
    }
    timer = setTimeout(load, REFRESH_MS);
  }
  return () => { abort.abort(); clearTimeout(timer); };
}

export function sorted(sources) {
  return [...sources].sort((a, b) => (ORDER[a.state] ?? 4) - (ORDER[b.state] ?? 4)
    || (b.idleForSeconds ?? -1) - (a.idleForSeconds ?? -1)
    || String(a.source).localeCompare(String(b.source)));
}

function table(sources) {
  if (!sources.length) return note('No agency or feed has been seen yet.');
  return h('table', { class: 'table', id: 'sources-table' },
    h('caption', { class: 'sr-only' }, 'Agencies and feeds, erroring and idle first'),
    h('thead', {}, h('tr', {}, ['Source', 'Kind', 'State', 'Last received', 'Idle for', 'Usual gap', 'Stories, 24 h', 'Per hour, 24 h', 'Refusals', 'Last error']
      .map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, sorted(sources).map((s) => h('tr', { 'data-source': s.source, 'data-state': s.state },
      h('th', { scope: 'row' }, s.source),
      h('td', {}, s.kind || '—'),
      h('td', {}, h('span', { class: `state state-${s.state}` }, s.state)),
      h('td', {}, time(s.lastReceivedAt)),
      h('td', { class: 'num' }, ago(s.idleForSeconds)),
      h('td', { class: 'num' }, ago(s.usualGapSeconds)),
      h('td', { class: 'num' }, String(s.storiesLast24h ?? '—')),
      h('td', {}, sparkline(s.perHour || [])),
      h('td', {}, refusals(s.refusals)),
      h('td', {}, lastError(s.lastError))))));
}

function refusals(r) {
  const entries = Object.entries(r || {}).filter(([, n]) => n > 0);
  if (!entries.length) return h('span', { class: 'muted' }, 'none');
  return entries.map(([type, n]) => `${type}: ${n}`).join(', ');
}

function lastError(e) {
  if (!e) return h('span', { class: 'muted' }, 'none');
  return h('span', {}, time(e.at), ` ${e.type || ''}${e.status ? ` (${e.status})` : ''}: ${e.detail || ''}`);
}

/** Stories per hour as a small bar chart, described in words for screen readers. */
export function sparkline(perHour) {
  const w = 120;
  const hgt = 24;
  const max = Math.max(1, ...perHour);
  const bw = perHour.length ? w / perHour.length : w;
  const total = perHour.reduce((a, b) => a + b, 0);
  const label = `Stories per hour over the last ${perHour.length} hours, oldest first: ${perHour.join(', ')} (${total} in all)`;
  return svg('svg', { class: 'spark', width: w, height: hgt, viewBox: `0 0 ${w} ${hgt}`, role: 'img', 'aria-label': label },
    svg('title', {}, label),
    perHour.map((n, i) => {
      const bh = n === 0 ? 1 : Math.max(2, (n / max) * (hgt - 2));
      return svg('rect', { x: (i * bw).toFixed(1), y: (hgt - bh).toFixed(1), width: Math.max(1, bw - 1).toFixed(1), height: bh.toFixed(1), class: n === 0 ? 'spark-zero' : 'spark-bar' });
    }));
}
