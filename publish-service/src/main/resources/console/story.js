// One story: its normalized headline, the body with each tag mention highlighted at its offsets,
// captions and credits, the version history, the raw payload (operators) and the event JSON.
import { api, explain, ApiError, enc } from './api.js';
import { h, time, note, tagChip, tagClass } from './dom.js';

export function render(page, { me, urn }) {
  const abort = new AbortController();
  const back = h('p', {}, h('a', { href: '#/wire' }, '← Live wire'));
  const head = h('div', { class: 'page-head' }, h('h1', { id: 'story-title' }, urn));
  const body = h('div', { id: 'story' }, h('p', { class: 'muted' }, 'Loading…'));
  page.append(back, head, body);
  load();

  async function load() {
    let event;
    try {
      event = await api(`/v1/stories/${enc(urn)}`, { signal: abort.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      body.replaceChildren(note(explain(e, 'The story'), 'error'));
      return;
    }
    let trail = null;
    let trailError = null;
    try {
      trail = await api(`/v1/stories/${enc(urn)}/trail`, { signal: abort.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      trailError = explain(e, 'The version history and mentions');
    }
    head.replaceChildren(headlineNode(event, trail));
    const parts = [meta(event), tagsSection(event, trail)];
    if (trailError) parts.push(note(trailError, 'error'));
    if (trail && trail.storyNote) parts.push(note(trail.storyNote));
    parts.push(bodySection(event, trail), captionsSection(event, trail), versionsSection(trail));
    const raw = h('section', { 'aria-labelledby': 'raw-title', id: 'story-raw' }, h('h2', { id: 'raw-title' }, 'Raw payload, as the agency sent it'));
    parts.push(raw);
    parts.push(h('section', { 'aria-labelledby': 'json-title' }, h('h2', { id: 'json-title' }, 'Event JSON'),
      h('pre', { class: 'code', id: 'story-json', tabindex: '0', 'aria-label': 'The event as JSON' }, JSON.stringify(event, null, 2))));
    body.replaceChildren(...parts);
    loadRaw(raw, event);
  }

  async function loadRaw(section, event) {
    if (!me.admin) {
      section.append(note('The raw payload is shown to operators (a key with the admin scope).'));
      return;
    }
    const version = trail0(event);
    try {
      const raw = await api(`/v1/admin/stories/${enc(urn)}/raw${version ? `?version=${enc(version)}` : ''}`, { signal: abort.signal });
      section.append(
        h('p', { class: 'muted' }, `${raw.contentType} · ${raw.format} · ${raw.payloadBytes} bytes · version ${raw.version} · received `, time(raw.receivedAt),
          ` · ${raw.payloadIsText ? 'text' : 'binary, shown as base64'} · news.raw.v1 partition ${raw.partition} offset ${raw.offset}`),
        h('pre', { class: 'code', id: 'story-raw-payload', tabindex: '0', 'aria-label': 'Raw payload' }, raw.payload));
    } catch (e) {
      if (e.name === 'AbortError') return;
      section.append(note(explain(e, 'The raw payload'), e instanceof ApiError && e.status === 404 ? 'info' : 'error'));
    }
  }

  return () => abort.abort();
}

function trail0(event) {
  return /^\d+$/.test(event.version || '') ? event.version : null;
}

function segmentsNode(tag, attrs, segments) {
  const el = h(tag, attrs);
  for (const s of segments) {
    if (s.tag) {
      el.append(h('mark', { class: `mention ${tagClass(s.tag)}`, 'data-tag': s.tag, title: s.tag }, s.text));
    } else {
      el.append(document.createTextNode(s.text));
    }
  }
  return el;
}

function headlineNode(event, trail) {
  if (trail && trail.story) return segmentsNode('h1', { id: 'story-title' }, trail.story.headline);
  return h('h1', { id: 'story-title' }, (event.headlines && event.headlines[0] && event.headlines[0].value) || event.uri);
}

function meta(e) {
  const row = (k, v, field) => h('div', {}, h('dt', {}, k), h('dd', field ? { 'data-field': field } : {}, v));
  return h('dl', { class: 'meta meta-wide' },
    row('URN', e.uri, 'urn'),
    row('Agency', e.source, 'agency'),
    row('Language', e.language, 'language'),
    row('Urgency', e.urgency === null || e.urgency === undefined ? '—' : String(e.urgency), 'urgency'),
    row('Version', `${e.version} (${(e.eventType || '').toLowerCase()})`, 'version'),
    row('Received', time(e.receivedAt)),
    row('Byline', e.by || '—'),
    row('Dateline', e.located || '—'),
    e.embargoed ? row('Embargoed until', time(e.embargoed)) : null,
    row('Tagger', e.taggerVersion || '—'));
}

function tagsSection(event, trail) {
  const byId = new Map(((trail && trail.story && trail.story.tags) || []).map((t) => [t.id, t]));
  const items = (event.subjects || []).map((s) => {
    const t = byId.get(s.code);
    return h('li', {}, tagChip(s.code), ` ${s.name || ''}`,
      h('span', { class: 'muted' }, ` · relevance ${s.relevance}, confidence ${s.confidence}${t ? `, ${t.mentions} mention${t.mentions === 1 ? '' : 's'}` : ''}${s.creator && s.creator !== 'newswire' ? `, from ${s.creator}` : ''}`));
  });
  return h('section', { 'aria-labelledby': 'tags-title' }, h('h2', { id: 'tags-title' }, 'Tags'),
    items.length ? h('ul', { class: 'tag-list', id: 'story-tags' }, items) : h('p', { class: 'muted' }, 'No tags.'));
}

function bodySection(event, trail) {
  const section = h('section', { 'aria-labelledby': 'body-title' }, h('h2', { id: 'body-title' }, 'Body'));
  if (trail && trail.story) {
    section.append(h('p', { class: 'hint' }, 'Each mention of a tag is highlighted; hover or focus a tag for its id.'));
    // paragraphs are separated by blank lines: split the segments there, keeping offsets intact
    const paragraphs = [[]];
    for (const s of trail.story.body) {
      if (s.tag) { paragraphs[paragraphs.length - 1].push(s); continue; }
      const pieces = s.text.split(/\n\n/);
      pieces.forEach((p, i) => {
        if (i > 0) paragraphs.push([]);
        if (p) paragraphs[paragraphs.length - 1].push({ text: p });
      });
    }
    const article = h('div', { class: 'story-body', id: 'story-body' });
    for (const p of paragraphs) if (p.length) article.append(segmentsNode('p', {}, p));
    section.append(article);
  } else {
    const text = (event.bodies && event.bodies[0] && event.bodies[0].value) || '';
    const article = h('div', { class: 'story-body', id: 'story-body' });
    for (const p of text.split(/\n\n/)) if (p) article.append(h('p', {}, p));
    section.append(article);
  }
  return section;
}

function captionsSection(event, trail) {
  const section = h('section', { 'aria-labelledby': 'captions-title' }, h('h2', { id: 'captions-title' }, 'Captions and credits'));
  const fromTrail = trail && trail.story ? trail.story.captions : null;
  const captions = fromTrail || (event.captions || []).map((c) => ({ segments: [{ text: c.text }], credit: c.credit }));
  if (!captions.length) {
    section.append(h('p', { class: 'muted' }, 'No captions.'));
    return section;
  }
  section.append(h('ul', { class: 'captions', id: 'story-captions' }, captions.map((c) => h('li', {},
    segmentsNode('span', { class: 'caption-text' }, c.segments),
    h('span', { class: 'credit' }, c.credit ? ` Credit: ${c.credit}` : ' No credit given.')))));
  return section;
}

function versionsSection(trail) {
  const section = h('section', { 'aria-labelledby': 'versions-title' }, h('h2', { id: 'versions-title' }, 'Version history'));
  if (!trail) {
    section.append(h('p', { class: 'muted' }, 'Not available.'));
    return section;
  }
  section.append(h('table', { class: 'table', id: 'story-versions' },
    h('caption', { class: 'sr-only' }, 'Published versions, newest first'),
    h('thead', {}, h('tr', {}, ['Version', 'Event', 'Received', 'Headline', 'Tags', 'Offset'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, trail.versions.map((v) => h('tr', {},
      h('td', {}, v.version), h('td', {}, (v.eventType || '').toLowerCase()), h('td', {}, time(v.receivedAt)),
      h('td', {}, v.headline || '—'), h('td', {}, v.tags.map((t) => tagChip(t))),
      h('td', { class: 'num' }, `${v.partition}:${v.offset}`))))));
  if (!trail.versionsComplete) {
    section.append(h('p', { class: 'hint' }, 'Older versions, if any, are beyond the records looked at.'));
  }
  return section;
}
