// Hash router: #/search, #/customer/{id}, #/new, #/lists, #/duplicates, #/import, #/admin.
import { initSearchBox, showSearchQuery } from './searchbox.js';
import { mount, h, announce } from './dom.js';
import { apiKey, setApiKey, checkKey, me } from './api.js';

const routes = [
  [/^\/search$/, () => import('./search.js'), () => []],
  [/^\/customer\/([^/]+)$/, () => import('./customer.js'), (m) => [decodeURIComponent(m[1])]],
  [/^\/lists$/, () => import('./lists.js'), () => []],
  [/^\/duplicates$/, () => import('./duplicates.js'), () => []],
  [/^\/import$/, () => import('./import.js'), () => []],
  [/^\/new$/, () => import('./newcustomer.js'), () => []],
  [/^\/admin$/, () => import('./admin.js'), () => []],
];

let current = null;
let navigation = 0; // counts route() calls: a page whose module arrives after a later navigation is not drawn
let shownHash = location.hash; // the address of the page on screen

async function route(event) {
  // A page with changes typed and not saved (a customer's details) asks before it goes. Staying puts its address
  // back as a new history entry (pushState fires no hashchange): the page and what was typed stay as they are.
  const losing = event && current && current.unsaved && location.hash !== shownHash ? current.unsaved() : null;
  if (losing && !window.confirm(`${losing} Leave this page and lose ${losing.includes('changes') ? 'them' : 'it'}?`)) {
    history.pushState(null, '', shownHash || '#/search');
    return;
  }
  shownHash = location.hash;
  const mine = ++navigation;
  const raw = location.hash.replace(/^#/, '') || '/search';
  const [path, query = ''] = raw.split('?');
  const main = document.getElementById('main');
  showSearchQuery(path === '/search' ? (new URLSearchParams(query).get('q') || '').trim() : '');
  if (current && current.leave) current.leave();
  current = null;
  for (const a of document.querySelectorAll('nav a')) {
    const here = path.startsWith(a.getAttribute('href').slice(1));
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  for (const [re, load, args] of routes) {
    const m = re.exec(path);
    if (!m) continue;
    const mod = await load();
    // Two quick navigations load two modules at once, and the first may arrive last (the start page still loading
    // when #/import was opened): only the latest is drawn.
    if (mine !== navigation) return;
    const view = mod.render(main, new URLSearchParams(query), ...args(m));
    current = view || null;
    guardUnload();
    document.body.dataset.view = path.split('/')[1];
    // After a navigation, keyboard and screen-reader users continue at the new page, not in the old spot.
    if (event && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
    return;
  }
  mount(main, h('h1', 'Not found'), h('p', h('a', { href: '#/search' }, 'Go to search')));
}

/**
 * Puts the current page's parameters into the address as a new history entry (the page is not rendered again):
 * each choice (a filter ticked, a sort picked) can be reloaded and bookmarked, and Back undoes the last one (the
 * router renders the page from the earlier address).
 */
export function pushQuery(params) {
  const path = (location.hash.replace(/^#/, '') || '/search').split('?')[0];
  const q = params.toString();
  const hash = `#${path}${q ? `?${q}` : ''}`;
  if (hash !== location.hash) history.pushState(null, '', hash);
}

// The tab is named after the page's heading (a customer's name on the card), so that several tabs (a card opened
// from a list or the erase confirmation in a new tab) can be told apart and history lists say what each page was.
const TITLE = document.title;
new MutationObserver(() => {
  const heading = document.querySelector('#main h1');
  const text = heading ? heading.textContent.trim() : '';
  document.title = text && text !== TITLE ? `${text} — ${TITLE}` : TITLE;
}).observe(document.getElementById('main'), { childList: true, subtree: true, characterData: true });

/**
 * Closing the tab or reloading it loses what is typed as surely as a link does, and the router is not asked: while
 * the page on screen has changes not saved (view.unsaved({closing: true})), a beforeunload handler makes the browser
 * ask first, in its own words (Chrome asks only once the user has typed or clicked in the page). The handler is
 * there only while something would be lost, and goes once it is saved or undone: it is looked at after each input
 * and each change drawn on the page (a save draws the page again).
 */
function onUnload(e) {
  const losing = current && current.unsaved ? current.unsaved({ closing: true }) : null;
  if (!losing) return;
  e.preventDefault();
  e.returnValue = losing; // older browsers want it set; none shows the text any more
}
let unloadArmed = false;
function guardUnload() {
  const armed = !!(current && current.unsaved && current.unsaved({ closing: true }));
  if (armed === unloadArmed) return;
  unloadArmed = armed;
  if (armed) window.addEventListener('beforeunload', onUnload);
  else window.removeEventListener('beforeunload', onUnload);
}
// Bubbling, so that the page's own handlers (an import's column menu) have run first.
window.addEventListener('input', guardUnload);
window.addEventListener('change', guardUnload);
new MutationObserver(guardUnload).observe(document.getElementById('main'), { childList: true, subtree: true });

window.addEventListener('hashchange', route);
// "Skip to content" moves the focus to the page without following its href: #main would change the hash, which
// the router reads as a page ("Not found"), losing what was typed on the page.
document.querySelector('a.skip').addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('main').focus();
});
initSearchBox(document.getElementById('searchbox'));
// The role of the key in use (GET /api/me) marks the page, so what that key may not do is not offered: with a
// reader key, every control marked .needs-editor is hidden (app.css), and with a key that has a scope every control
// marked .needs-unscoped (a duplicate scan and a file import span every customer). Without a key the controls stay,
// and using one asks to sign in; only the link to the administration page (.admin-only) waits for an admin key.
async function readRole() {
  let role = null;
  let scoped = false;
  if (apiKey()) {
    try {
      const who = await me();
      role = who.role || null;
      scoped = !!who.scope && Object.keys(who.scope).length > 0;
    } catch { role = null; }
  }
  if (role) document.body.dataset.role = role; else delete document.body.dataset.role;
  if (scoped) document.body.dataset.scoped = 'true'; else delete document.body.dataset.scoped;
  window.dispatchEvent(new Event('clientele:role'));
}
readRole().finally(() => route());

// ---- sign in with an API key ------------------------------------------------------------------------------
function initSignIn() {
  const button = document.getElementById('signin');
  const form = document.getElementById('signin-form');
  const input = document.getElementById('api-key');
  const show = () => {
    const key = apiKey();
    const readOnly = key && document.body.dataset.role === 'reader' ? ' (read only)' : '';
    button.textContent = key ? `Key …${key.slice(-4)}${readOnly}` : 'Sign in';
    button.setAttribute('aria-expanded', String(!form.hidden));
  };
  button.addEventListener('click', () => {
    form.hidden = !form.hidden;
    show();
    if (!form.hidden) input.focus();
  });
  const error = document.getElementById('signin-error');
  const save = document.getElementById('signin-save');
  // The key is tried once before it is kept: a mistyped or revoked key would otherwise fail every later request.
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    error.textContent = '';
    if (!key) { error.textContent = 'Paste a key first.'; input.focus(); return; }
    save.disabled = true;
    try {
      await checkKey(key);
    } catch (err) {
      error.textContent = err.status === 401 ? 'This key is unknown or revoked; it was not saved.'
        : `The key could not be checked, so it was not saved: ${err.message}`;
      input.focus();
      return;
    } finally {
      save.disabled = false;
    }
    setApiKey(key);
    await readRole();
    document.querySelectorAll('.key-note').forEach((n) => n.remove());
    input.value = '';
    form.hidden = true;
    show();
    announce(document.body.dataset.role === 'reader' ? 'API key saved for this tab; it may only read'
      : 'API key saved for this tab');
    button.focus();
  });
  document.getElementById('signin-forget').addEventListener('click', () => {
    setApiKey(null);
    delete document.body.dataset.role;
    input.value = '';
    error.textContent = '';
    form.hidden = true;
    show();
    announce('API key forgotten');
  });
  show();
  window.addEventListener('hashchange', show);
  window.addEventListener('clientele:role', show);
}
initSignIn();
