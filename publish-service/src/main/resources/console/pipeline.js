// The pipeline, for operators: consumer lag per stage over the last minutes, the dead-letter queue
// (list, one letter in full, redrive with a confirmation) and the reprocessing generations with the
// tag differences between them.
import { api, explain, enc } from './api.js';
import { h, svg, clear, time, note, announce, tagChip } from './dom.js';

const COLORS = ['#1f5fbf', '#b3261e', '#1e7b34', '#8a4b00', '#6a3fb5', '#00707a', '#a1306e', '#4d4d4d'];

export function render(page) {
  const abort = new AbortController();
  const lag = h('section', { 'aria-labelledby': 'lag-title', id: 'pipeline-lag' },
    h('h2', { id: 'lag-title' }, 'Consumer lag per stage'), h('p', { class: 'muted' }, 'Loading…'));
  const dlq = h('section', { 'aria-labelledby': 'dlq-title', id: 'pipeline-dlq' },
    h('h2', { id: 'dlq-title' }, 'Dead letters'), h('p', { class: 'muted' }, 'Loading…'));
  const gens = h('section', { 'aria-labelledby': 'gens-title', id: 'pipeline-generations' },
    h('h2', { id: 'gens-title' }, 'Reprocessing generations'), h('p', { class: 'muted' }, 'Loading…'));
  page.append(h('div', { class: 'page-head' }, h('h1', {}, 'Pipeline')), lag, dlq, gens);

  let lagTimer = null;
  loadLag();
  loadLetters();
  loadGenerations();

  async function loadLag() {
    try {
      const res = await api('/v1/admin/lag', { signal: abort.signal });
      renderLag(lag, res);
      lagTimer = setTimeout(loadLag, Math.max(2, res.intervalSeconds || 5) * 1000);
    } catch (e) {
      if (e.name === 'AbortError') return;
      replaceBody(lag, note(explain(e, 'Consumer lag'), 'error'));
      lagTimer = setTimeout(loadLag, 10000);
    }
  }

  async function loadLetters(selected) {
    try {
      const res = await api('/v1/admin/dead-letters?limit=50', { signal: abort.signal });
      renderLetters(res, selected);
    } catch (e) {
      if (e.name === 'AbortError') return;
      replaceBody(dlq, note(explain(e, 'Dead letters'), 'error'));
    }
  }

  function renderLetters(res, selected) {
    const detail = h('div', { id: 'dlq-letter', class: 'panel', hidden: true, tabindex: '-1' });
    const result = h('div', { id: 'dlq-result', role: 'status' });
    const refresh = h('button', { type: 'button', onclick: () => loadLetters() }, 'Refresh');
    if (!res.letters.length) {
      replaceBody(dlq, h('p', { class: 'toolbar' }, refresh), result, note('No dead letters: every record was processed.'));
      return;
    }
    const rows = res.letters.map((l) => h('tr', { 'data-letter': l.id },
      h('td', { class: 'num' }, l.id), h('td', {}, time(l.failedAt)), h('td', {}, l.stage), h('td', {}, l.phase),
      h('td', {}, l.sourceTopic ? `${l.sourceTopic} ${l.sourcePartition}@${l.sourceOffset}` : '—'),
      h('td', { class: 'num' }, String(l.attempt)), h('td', {}, l.key || '—'), h('td', { class: 'reason' }, l.reason),
      h('td', { class: 'actions' },
        h('button', { type: 'button', 'data-action': 'view', 'aria-label': `View dead letter ${l.id}`, onclick: () => view(l.id) }, 'View'),
        h('button', { type: 'button', 'data-action': 'redrive', 'aria-label': `Redrive dead letter ${l.id}`, disabled: !l.sourceTopic, onclick: () => confirmRedrive(l) }, 'Redrive…'))));
    replaceBody(dlq,
      h('p', { class: 'toolbar' }, refresh, ` ${res.total} on news.dlq.v1; the newest ${res.letters.length} shown, newest first.`),
      result,
      h('div', { class: 'scroll' }, h('table', { class: 'table', id: 'dlq-table' },
        h('caption', { class: 'sr-only' }, 'Dead letters, newest first'),
        h('thead', {}, h('tr', {}, ['Id', 'Failed', 'Stage', 'Phase', 'Came from', 'Attempt', 'Key', 'Reason', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows))),
      detail);

    async function view(id) {
      detail.hidden = false;
      detail.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
      try {
        const letter = await api(`/v1/admin/dead-letters/${enc(id)}`, { signal: abort.signal });
        detail.replaceChildren(h('h3', {}, `Dead letter ${id}`),
          h('pre', { class: 'code', id: 'dlq-letter-json', tabindex: '0', 'aria-label': `Dead letter ${id} in full` }, JSON.stringify(letter, null, 2)));
        detail.focus();
      } catch (e) {
        if (e.name !== 'AbortError') detail.replaceChildren(note(explain(e, `Dead letter ${id}`), 'error'));
      }
    }

    function confirmRedrive(l) {
      const dialog = h('dialog', { id: 'redrive-dialog', 'aria-labelledby': 'redrive-title', 'aria-describedby': 'redrive-text' });
      const cancel = h('button', { type: 'button', value: 'cancel', id: 'redrive-cancel' }, 'Cancel');
      const go = h('button', { type: 'button', value: 'redrive', id: 'redrive-confirm', class: 'danger' }, 'Redrive');
      dialog.append(h('h3', { id: 'redrive-title' }, `Redrive dead letter ${l.id}?`),
        h('p', { id: 'redrive-text' }, `Its original bytes go back to ${l.sourceTopic}, as they were (attempt ${l.attempt + 1} if it fails again). Redrive only once the cause (${l.phase.toLowerCase()}: ${l.reason.slice(0, 140)}) is fixed.`),
        h('p', { class: 'dialog-buttons' }, cancel, ' ', go));
      document.body.append(dialog);
      const close = () => { dialog.close(); dialog.remove(); };
      cancel.addEventListener('click', close);
      dialog.addEventListener('cancel', () => dialog.remove());
      go.addEventListener('click', async () => {
        go.disabled = true;
        cancel.disabled = true;
        try {
          const r = await api(`/v1/admin/dead-letters/${enc(l.id)}/redrive`, { method: 'POST', body: { id: l.id } });
          close();
          const text = `Dead letter ${r.id} was redriven to ${r.topic} (partition ${r.partition}, offset ${r.offset}).`;
          result.replaceChildren(note(text));
          announce(text);
        } catch (e) {
          close();
          result.replaceChildren(note(explain(e, `Redrive of ${l.id}`), 'error'));
        }
      });
      dialog.showModal();
      cancel.focus();
    }
  }

  async function loadGenerations() {
    try {
      const res = await api('/v1/admin/generations', { signal: abort.signal });
      renderGenerations(res);
    } catch (e) {
      if (e.name === 'AbortError') return;
      replaceBody(gens, note(explain(e, 'Generations'), 'error'));
    }
  }

  function renderGenerations(res) {
    const list = h('table', { class: 'table', id: 'generations-table' },
      h('caption', { class: 'sr-only' }, 'Enriched generations'),
      h('thead', {}, h('tr', {}, ['Generation', 'Topic', 'Records', 'Published from'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, res.generations.map((g) => h('tr', {},
        h('td', { class: 'num' }, `g${g.generation}`), h('td', {}, g.topic), h('td', { class: 'num' }, String(g.records)),
        h('td', {}, g.reading ? h('strong', {}, 'yes: publish reads it') : 'no')))));
    const out = h('div', { id: 'generations-diff' });
    const parts = [list];
    if (res.generations.length < 2) {
      parts.push(note('Only one generation: run `newswire reprocess run --generation 2` to tag the stories again with a new tagger, side by side, then compare them here.'));
    } else {
      const opts = (sel) => res.generations.map((g) => h('option', { value: g.generation, selected: g.generation === sel || null }, `g${g.generation}`));
      const newest = res.generations[res.generations.length - 1].generation;
      const gen = h('select', { id: 'gen-new', name: 'generation' }, opts(newest));
      const against = h('select', { id: 'gen-old', name: 'against' }, opts(1));
      const form = h('form', { class: 'filters', 'aria-label': 'Compare generations' },
        h('div', { class: 'field' }, h('label', { for: 'gen-new' }, 'Generation'), gen),
        h('div', { class: 'field' }, h('label', { for: 'gen-old' }, 'Against'), against),
        h('div', { class: 'field field-button' }, h('button', { type: 'submit' }, 'Compare tags')));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        out.replaceChildren(h('p', { class: 'muted' }, 'Comparing…'));
        try {
          const d = await api(`/v1/admin/generations/compare?generation=${enc(gen.value)}&against=${enc(against.value)}`, { signal: abort.signal });
          out.replaceChildren(diff(d));
        } catch (e) {
          if (e.name !== 'AbortError') out.replaceChildren(note(explain(e, 'The comparison'), 'error'));
        }
      });
      parts.push(form);
    }
    parts.push(out);
    replaceBody(gens, ...parts);
  }

  return () => { abort.abort(); clearTimeout(lagTimer); };
}

function diff(d) {
  const g = `g${d.generation}`;
  const a = `g${d.against}`;
  return h('div', {},
    h('p', {}, `${d.compared} stories compared: ${d.changesTotal} with changed tags; ${d.onlyBefore} only in ${a}, ${d.onlyAfter} only in ${g}.`),
    h('table', { class: 'table' },
      h('caption', {}, 'Stories per tag'),
      h('thead', {}, h('tr', {}, ['Tag', a, g, 'Difference'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, d.counts.map((c) => h('tr', {}, h('td', {}, tagChip(c.tag)), h('td', { class: 'num' }, String(c.before)),
        h('td', { class: 'num' }, String(c.after)), h('td', { class: 'num' }, `${c.after - c.before >= 0 ? '+' : ''}${c.after - c.before}`))))),
    d.changes.length ? h('table', { class: 'table' },
      h('caption', {}, `Stories whose tags changed${d.changesTotal > d.changes.length ? ` (first ${d.changes.length})` : ''}`),
      h('thead', {}, h('tr', {}, ['Story', 'Added', 'Removed'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, d.changes.map((c) => h('tr', {},
        h('td', {}, h('a', { href: `#/story/${encodeURIComponent(c.urn)}` }, c.urn)),
        h('td', {}, c.added.map((t) => tagChip(t))), h('td', {}, c.removed.map((t) => tagChip(t))))))) : null);
}

function replaceBody(section, ...children) {
  const title = section.querySelector('h2');
  section.replaceChildren(title, ...children);
}

function renderLag(section, res) {
  if (!res.sampling) {
    replaceBody(section, note('Lag sampling is off (PUBLISH_CONSOLE_LAG_SAMPLE_MS=0).'));
    return;
  }
  const parts = [];
  parts.push(h('p', { class: 'muted' }, `Every consumer group reading the pipeline's topics, sampled every ${res.intervalSeconds} s over the last ${Math.round(res.windowSeconds / 60)} minutes. Last sample: `, time(res.lastSample), '.'));
  if (res.lastError) parts.push(note(`The last sample failed: ${res.lastError}`, 'error'));
  if (!res.stages.length) {
    parts.push(note(res.lastSample ? 'No consumer group has committed offsets on the pipeline\'s topics yet.' : 'Waiting for the first sample…'));
    replaceBody(section, ...parts);
    return;
  }
  parts.push(chart(res), lagTable(res));
  replaceBody(section, ...parts);
}

function chart(res) {
  const W = 760;
  const H = 220;
  const L = 56;
  const B = 28;
  // the server's clock: the last sample is "now"; the span is what has been sampled, at least a minute
  const now = res.lastSample ? Date.parse(res.lastSample) : Date.now();
  const first = Math.min(...res.stages.flatMap((s) => s.points.map((p) => p[0])));
  const from = Math.min(now - 60000, Math.max(now - res.windowSeconds * 1000, first));
  const max = Math.max(10, ...res.stages.flatMap((s) => s.points.map((p) => p[1])));
  const x = (t) => L + ((t - from) / (now - from)) * (W - L - 10);
  const y = (v) => 10 + (1 - v / max) * (H - B - 10);
  const grid = [0, 0.5, 1].map((f) => {
    const v = Math.round(max * f);
    return [svg('line', { x1: L, x2: W - 10, y1: y(v), y2: y(v), class: 'grid' }),
      svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, String(v))];
  });
  const minutes = Math.round(res.windowSeconds / 60);
  const span = Math.round((now - from) / 1000);
  const xLabels = [svg('text', { x: L, y: H - 8, class: 'axis' }, span >= 120 ? `${Math.round(span / 60)} min ago` : `${span} s ago`),
    svg('text', { x: W - 10, y: H - 8, 'text-anchor': 'end', class: 'axis' }, 'now')];
  const lines = res.stages.map((s, i) => svg('polyline', {
    points: s.points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' '),
    fill: 'none', stroke: COLORS[i % COLORS.length], 'stroke-width': 2, 'stroke-dasharray': i >= COLORS.length ? '4 3' : null,
  }));
  const label = `Consumer lag of ${res.stages.length} groups over the last ${minutes} minutes; the table below lists the latest values.`;
  return h('figure', { class: 'chart' },
    svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, id: 'lag-chart' }, svg('title', {}, label), grid, xLabels, lines),
    h('figcaption', {}, h('ul', { class: 'legend' }, res.stages.map((s, i) => h('li', {},
      h('span', { class: 'swatch', style: null, 'data-color': i % COLORS.length, 'aria-hidden': 'true' }), s.group)))));
}

function lagTable(res) {
  return h('table', { class: 'table', id: 'lag-table' },
    h('caption', { class: 'sr-only' }, 'Latest lag per group'),
    h('thead', {}, h('tr', {}, ['Group', 'Reads', 'Lag now', 'Highest in window'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, res.stages.map((s) => {
      const last = s.points.length ? s.points[s.points.length - 1][1] : 0;
      const hi = Math.max(0, ...s.points.map((p) => p[1]));
      return h('tr', { 'data-group': s.group }, h('th', { scope: 'row' }, s.group), h('td', {}, s.topics.join(', ')),
        h('td', { class: 'num' }, String(last)), h('td', { class: 'num' }, String(hi)));
    })));
}
