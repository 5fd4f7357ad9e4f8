// The live wire: stories arriving over SSE, newest on top, filtered by a saved subscription or ad hoc
// (tags, highest urgency); the last hour's stories first, from GET /v1/stories.
import { api, stream, explain, isMissingEndpoint, ApiError, enc } from './api.js';
import { h, clear, time, note, tagChip, announce } from './dom.js';

const MAX_CARDS = 200;
const BACKFILL = 100;
const BACKFILL_PAGES = 5;

export function render(page, { me }) {
  const abort = new AbortController();
  const state = { subscription: '', tags: '', maxUrgency: '', lastEventId: null, retry: null };

  const subSelect = h('select', { id: 'wire-subscription', name: 'subscription' },
    h('option', { value: '' }, 'None (ad hoc filter)'));
  const subNote = h('p', { class: 'hint', id: 'wire-subscription-note' }, 'Loading saved subscriptions…');
  const tagsInput = h('input', {
    id: 'wire-tags', name: 'tags', type: 'text', placeholder: 'e.g. AI, ASEAN',
    'aria-describedby': 'wire-tags-hint', autocomplete: 'off', spellcheck: 'false',
  });
  const urgency = h('select', { id: 'wire-urgency', name: 'maxUrgency' },
    h('option', { value: '' }, 'Any'),
    [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => h('option', { value: n }, n <= 2 ? `${n} or more urgent (flash)` : `${n} or more urgent`)));
  const live = h('span', { class: 'live live-off', id: 'wire-live' }, 'Connecting…');
  const count = h('span', { class: 'muted', id: 'wire-count' }, '');
  const list = h('ol', { class: 'wire', id: 'wire-list', 'aria-label': 'Stories, newest first' });
  const messages = h('div', { id: 'wire-messages' });

  const form = h('form', { class: 'filters', 'aria-label': 'Filter the wire' },
    h('div', { class: 'field' }, h('label', { for: 'wire-subscription' }, 'Saved subscription'), subSelect, subNote),
    h('div', { class: 'field' }, h('label', { for: 'wire-tags' }, 'Tags'), tagsInput,
      h('p', { class: 'hint', id: 'wire-tags-hint' }, 'Any of these tag ids, comma-separated.')),
    h('div', { class: 'field' }, h('label', { for: 'wire-urgency' }, 'Urgency'), urgency),
    h('div', { class: 'field field-button' }, h('button', { type: 'submit' }, 'Apply')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.subscription = subSelect.value;
    state.tags = tagsInput.value.split(',').map((t) => t.trim()).filter(Boolean).join(',');
    state.maxUrgency = urgency.value;
    restart();
  });

  page.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Live wire'), h('p', { class: 'status-line' }, live, ' ', count)),
    form, messages, list);

  loadSubscriptions();

  let streamAbort = null;
  function restart() {
    if (streamAbort) streamAbort.abort();
    clearTimeout(state.retry);
    state.lastEventId = null;
    clear(list);
    clear(messages);
    streamAbort = new AbortController();
    abort.signal.addEventListener('abort', () => streamAbort.abort(), { once: true });
    backfill(streamAbort.signal).finally(() => connect(streamAbort.signal, 0));
  }
  restart();

  async function loadSubscriptions() {
    try {
      const res = await api('/v1/subscriptions', { signal: abort.signal });
      const names = (res.subscriptions || res.items || []).map((s) => (typeof s === 'string' ? s : s.name)).filter(Boolean);
      for (const n of names) subSelect.append(h('option', { value: n }, n));
      subNote.textContent = names.length ? `${names.length} saved.` : 'None saved yet (PUT /v1/subscriptions/{name}).';
    } catch (e) {
      if (e.name === 'AbortError') return;
      subNote.textContent = isMissingEndpoint(e)
        ? 'Saved subscriptions are not available on this server.'
        : explain(e, 'Saved subscriptions');
      subSelect.disabled = names0();
    }
  }
  function names0() { return subSelect.options.length <= 1; }

  function query() {
    const q = [];
    if (state.subscription) q.push(`subscription=${enc(state.subscription)}`);
    if (state.maxUrgency) q.push(`maxUrgency=${enc(state.maxUrgency)}`);
    return q;
  }

  function wanted(event) {
    if (!state.tags) return true;
    const want = state.tags.split(',');
    return (event.subjects || []).some((s) => want.includes(s.code));
  }

  async function backfill(signal) {
    const since = new Date(Date.now() - 3600 * 1000).toISOString();
    const q = query();
    q.push(`since=${enc(since)}`, 'limit=100');
    const tags = state.tags ? state.tags.split(',') : [];
    if (tags.length === 1) q.push(`tag=${enc(tags[0])}`);
    let items = [];
    let cursor = null;
    try {
      for (let i = 0; i < BACKFILL_PAGES; i++) {
        const res = await api(`/v1/stories?${q.join('&')}${cursor ? `&cursor=${enc(cursor)}` : ''}`, { signal });
        items = items.concat(res.items || []).slice(-BACKFILL);
        cursor = res.next;
        if (!cursor) break;
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
      messages.append(note(explain(e, 'The last hour\'s stories'), 'error'));
      return;
    }
    for (const ev of items) if (wanted(ev)) show(ev, false);
    updateCount();
  }

  async function connect(signal, attempt) {
    const q = query();
    if (state.tags) q.push(`tags=${enc(state.tags)}`);
    setLive('Connecting…', false);
    try {
      await stream(`/v1/stream${q.length ? `?${q.join('&')}` : ''}`, {
        signal,
        lastEventId: state.lastEventId,
        onOpen: () => { attempt = 0; setLive('Live', true); },
        onEvent: (ev) => {
          if (ev.id) state.lastEventId = ev.id;
          if (ev.event === 'ready') return;
          let ce;
          try { ce = JSON.parse(ev.data); } catch { return; }
          const data = ce && ce.data;
          if (data && data.uri && wanted(data)) {
            show(data, true);
            updateCount();
            announce(`New story: ${headline(data)}`);
          }
        },
      });
    } catch (e) {
      if (e.name === 'AbortError' || signal.aborted) return;
      if (e instanceof ApiError && (e.status === 400 || e.status === 401 || e.status === 403 || e.status === 404)) {
        setLive('Not connected', false);
        messages.append(note(explain(e, 'The live stream'), 'error'));
        return;
      }
    }
    if (signal.aborted) return;
    const wait = Math.min(30, 2 ** Math.min(attempt, 5));
    setLive(`Reconnecting in ${wait} s…`, false);
    state.retry = setTimeout(() => connect(signal, attempt + 1), wait * 1000);
  }

  function setLive(text, on) {
    live.textContent = text;
    live.className = `live ${on ? 'live-on' : 'live-off'}`;
  }

  function updateCount() {
    const n = list.children.length;
    count.textContent = n ? `${n} stor${n === 1 ? 'y' : 'ies'} shown` : 'No stories yet: they appear here as they are published.';
  }

  function show(event, fresh) {
    for (const li of list.querySelectorAll('li[data-urn]')) {
      if (li.dataset.urn === event.uri) li.remove();
    }
    const card = storyCard(event, fresh);
    list.insertBefore(card, list.firstChild);
    while (list.children.length > MAX_CARDS) list.removeChild(list.lastChild);
  }

  updateCount();
  return () => abort.abort();
}

export function headline(e) {
  return (e.headlines && e.headlines[0] && e.headlines[0].value) || e.uri;
}

function storyCard(e, fresh) {
  const tags = (e.subjects || []).map((s) => tagChip(s.code, { title: s.name || s.code }));
  return h('li', { class: `card${fresh ? ' card-new' : ''}`, 'data-urn': e.uri },
    h('h2', { class: 'card-title' }, h('a', { href: `#/story/${encodeURIComponent(e.uri)}` }, headline(e))),
    h('dl', { class: 'meta' },
      h('div', {}, h('dt', {}, 'Agency'), h('dd', { 'data-field': 'agency' }, e.source || '—')),
      h('div', {}, h('dt', {}, 'Language'), h('dd', { 'data-field': 'language' }, e.language || '—')),
      h('div', {}, h('dt', {}, 'Urgency'), h('dd', { 'data-field': 'urgency' }, e.urgency === null || e.urgency === undefined ? '—' : String(e.urgency))),
      h('div', {}, h('dt', {}, 'Version'), h('dd', { 'data-field': 'version' }, `${e.version} · ${(e.eventType || '').toLowerCase()}`)),
      h('div', {}, h('dt', {}, 'Received'), h('dd', {}, time(e.receivedAt)))),
    h('p', { class: 'tags', 'aria-label': 'Tags' }, tags.length ? tags : h('span', { class: 'muted' }, 'no tags')));
}
