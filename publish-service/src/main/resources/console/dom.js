// Building the page from data without markup: every string becomes a text node, never HTML.

const SVG = 'http://www.w3.org/2000/svg';

/** h('a', {href: '#/x', class: 'c'}, 'text', child...) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  return fill(el, attrs, children);
}

/** An SVG element, built like h(). */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  return fill(el, attrs, children);
}

function fill(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A time as the reader's local date and time, and the ISO instant as its title. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return h('span', {}, iso);
  return h('time', { datetime: iso, title: iso }, d.toLocaleString());
}

export function ago(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

/** A note for the reader: info, or an error with role=alert. */
export function note(text, kind = 'info') {
  return h('p', { class: `note note-${kind}`, role: kind === 'error' ? 'alert' : null }, text);
}

/** Says something to screen readers (the page's live region). */
export function announce(text) {
  const s = document.getElementById('status');
  if (s) {
    s.textContent = '';
    setTimeout(() => { s.textContent = text; }, 30);
  }
}

/** A tag chip; the colour class depends on the tag id only. */
export function tagChip(id, extra = {}) {
  return h('span', { class: `tag ${tagClass(id)}`, 'data-tag': id, ...extra }, id);
}

export function tagClass(id) {
  let n = 0x811c9dc5; // FNV-1a: neighbouring ids get different colours
  for (const ch of String(id)) n = Math.imul(n ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return `tag-c${(n >>> 16) % 8}`;
}
