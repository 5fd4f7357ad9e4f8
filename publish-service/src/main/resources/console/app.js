// The console's shell: sign-in, navigation and the page router (#/wire, #/story/<urn>, #/sources,
// #/pipeline).
import { api, setKey, key, ApiError } from './api.js';
import { h, clear, announce } from './dom.js';
import * as wire from './wire.js';
import * as story from './story.js';
import * as sources from './sources.js';
import * as pipeline from './pipeline.js';

const $ = (id) => document.getElementById(id);
let me = null;
let cleanup = null;

async function signIn(k) {
  setKey(k);
  try {
    me = await api('/v1/whoami');
    return null;
  } catch (e) {
    setKey(null);
    me = null;
    if (e instanceof ApiError && e.status === 401) return 'That key is not valid here.';
    if (e instanceof ApiError && e.status === 429) return e.message;
    return `Could not sign in: ${e.message}`;
  }
}

function signOut(message) {
  setKey(null);
  me = null;
  if (cleanup) cleanup();
  cleanup = null;
  showSignIn(message);
}

function showSignIn(message) {
  $('nav').hidden = true;
  $('who').hidden = true;
  clear($('page'));
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message || '';
  document.title = 'Sign in · Newswire console';
  $('key').focus();
}

function showChrome() {
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('who').hidden = false;
  $('who-name').textContent = `${me.name}${me.admin ? ' (operator)' : ''}`;
  for (const a of document.querySelectorAll('#nav [data-admin]')) a.hidden = !me.admin;
}

function route() {
  if (!me) return;
  if (cleanup) cleanup();
  cleanup = null;
  const hash = location.hash || '#/wire';
  const page = clear($('page'));
  let name = 'wire';
  let title = 'Live wire';
  if (hash.startsWith('#/story/')) {
    name = 'story';
    const urn = decodeURIComponent(hash.slice('#/story/'.length));
    title = `Story ${urn}`;
    cleanup = story.render(page, { me, urn });
  } else if (hash === '#/sources') {
    name = 'sources';
    title = 'Sources';
    cleanup = sources.render(page, { me });
  } else if (hash === '#/pipeline') {
    name = 'pipeline';
    title = 'Pipeline';
    if (!me.admin) {
      page.append(h('h1', {}, 'Pipeline'), h('p', { class: 'note note-error', role: 'alert' },
        'The pipeline page is for operators: sign in with a key with the admin scope.'));
    } else {
      cleanup = pipeline.render(page, { me });
    }
  } else {
    cleanup = wire.render(page, { me });
  }
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${title} · Newswire console`;
  announce(`${title} page`);
}

$('sign-in-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const button = ev.target.querySelector('button');
  button.disabled = true;
  const error = await signIn($('key').value.trim());
  button.disabled = false;
  $('key').value = '';
  if (error) {
    showSignIn(error);
    return;
  }
  showChrome();
  if (!location.hash) location.hash = '#/wire';
  route();
  $('main').focus();
});

$('sign-out').addEventListener('click', () => signOut('Signed out.'));
window.addEventListener('hashchange', route);
window.addEventListener('newswire:unauthenticated', () => signOut('The key is no longer valid: sign in again.'));

(async () => {
  if (key()) {
    const error = await signIn(key());
    if (!error) {
      showChrome();
      route();
      return;
    }
    showSignIn(error);
    return;
  }
  showSignIn('');
})();
