// Tiny DOM helpers: h() builds elements without innerHTML, so customer data is never parsed as HTML.
import { apiKey, download } from './api.js';

/** h('div.card#x', {attrs, on*: handlers}, ...children) — children may be strings, nodes, arrays, null. */
export function h(tag, attrs, ...children) {
  const m = /^([a-z0-9-]+)?((?:[.#][\w-]+)*)$/i.exec(tag);
  const el = document.createElement((m && m[1]) || 'div');
  if (m && m[2]) {
    for (const part of m[2].match(/[.#][\w-]+/g)) {
      if (part[0] === '.') el.classList.add(part.slice(1)); else el.id = part.slice(1);
    }
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// An extension after the number, as the server accepts them: "ext. 12", "x12", "#12", "Durchwahl 12", "доб. 12".
const EXTENSION = /\s*(?:ext\.?|x|#|durchwahl|доб\.?)\s*(\d{1,6})\s*$/iu;

/**
 * A phone number as a tel: link (RFC 3966): the number's digits with its leading +, and an extension as ;ext=, so
 * that "+49 30 1234567 ext. 12" dials 12 after the call is answered rather than 4930123456712. A trunk prefix
 * written in brackets after the country code ("+49 (0)30 1234567", as German and British cards have it) is dialled
 * only from inside the country: after +49 it is left out, or the call goes to +490301234567, a wrong number.
 */
export function telHref(phone) {
  const ext = EXTENSION.exec(phone);
  const number = (ext ? phone.slice(0, ext.index) : phone).replace(/^(\s*(?:\+|00)\s*\d+)\s*\(\s*0\s*\)/, '$1')
    .replace(/[^\d+]/g, '');
  return `tel:${number}${ext ? `;ext=${ext[1]}` : ''}`;
}

/** Replaces the children of el. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A server highlight fragment (HTML-escaped text with <em>…</em> around matches) as DOM nodes: only <em> is
 * honoured, everything else stays text.
 */
export function highlighted(fragment) {
  const out = [];
  const parts = String(fragment).split(/(<em>|<\/em>)/);
  let inEm = false;
  for (const p of parts) {
    if (p === '<em>') { inEm = true; continue; }
    if (p === '</em>') { inEm = false; continue; }
    const text = unescapeHtml(p);
    if (text) out.push(inEm ? h('mark', text) : document.createTextNode(text));
  }
  return out;
}

function unescapeHtml(s) {
  return s.replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_, e) =>
    ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", amp: '&' })[e]);
}

const moneyFormats = new Map();
/**
 * An amount as money: with its ISO 4217 currency (Intl.NumberFormat's symbol and decimals, e.g. "€1,250.50",
 * "HUF 12,000") or, without one, as a plain number with two decimals. Sums are in the server's base currency
 * (spend_currency) when one is configured; otherwise they add amounts as they are.
 */
export function fmtMoney(v, currency) {
  if (v === null || v === undefined) return '—';
  const key = currency || '';
  let f = moneyFormats.get(key);
  if (!f) {
    try {
      f = currency ? new Intl.NumberFormat(undefined, { style: 'currency', currency })
        : new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    } catch { // a code this browser does not know: the number and the code
      const plain = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      f = { format: (x) => `${plain.format(x)} ${currency}` };
    }
    moneyFormats.set(key, f);
  }
  return f.format(Number(v));
}

/** The one currency all these purchases are in, or null when there are none or they are mixed. */
export function currencyOf(purchases) {
  const codes = new Set((purchases || []).map((p) => p.currency).filter(Boolean));
  return codes.size === 1 ? [...codes][0] : null;
}
export const fmtInt = (v) => (v === null || v === undefined ? '—' : Number(v).toLocaleString());
export const fmtDateTime = (v) => (v ? new Date(v).toLocaleString() : '—');
/**
 * A calendar date (2024-03-05, a purchase's, no time of day) as the browser's language writes dates: 3/5/2024 in
 * the US, 05.03.2024 in Germany, 2024. 03. 05. in Hungary. Read as a local date (new Date('2024-03-05') would be
 * UTC midnight, the day before west of Greenwich). What is not such a date is shown as it is.
 */
export function fmtDate(v) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v || '');
  if (!m) return v || '—';
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).toLocaleDateString();
}

export function displayName(c) {
  if (!c) return '';
  if (c.display_name) return c.display_name;
  const full = [c.first_name, c.last_name].filter(Boolean).join(' ');
  if (c.kind === 'company' && c.company) return c.company;
  return full || c.company || (c.emails && c.emails[0]) || (c.phones && c.phones[0]) || c.id;
}

/** A polite live-region message (status line). */
export function announce(text) {
  const live = document.getElementById('live');
  if (live) { live.textContent = ''; setTimeout(() => { live.textContent = text; }, 20); }
}

/**
 * Said up front on pages that change data while no key is set (reading may work without one, changes do not) or
 * while the key in use may only read (then the controls that would be refused are hidden: app.js readRole).
 */
export function keyNote(what) {
  if (!apiKey()) return h('p.note.key-note', `${what} needs an editor key: use “Sign in” at the top first.`);
  if (document.body.dataset.role === 'reader') {
    return h('p.note.key-note', `${what} needs an editor key: the key you signed in with may only read.`);
  }
  return null;
}

/** Said on pages whose action a key with a scope may not use (the control is hidden: .needs-unscoped). */
export function scopeNote(what) {
  if (!document.body.dataset.scoped) return null;
  return h('p.note.scope-note',
    `${what} is not open to keys with a scope (it spans every customer): use a key without one.`);
}

/** A small "problem" box for an ApiError or any error. */
export function errorBox(err) {
  // A field error that only repeats the headline (a single-parameter problem) is not listed again.
  const list = ((err && err.errors) || []).filter((e) => e.row || e.message !== err.message);
  return h('div.error', { role: 'alert' },
    h('strong', (err && err.message) || 'Something went wrong'),
    list.length ? h('ul', list.map((e) => h('li', [e.row ? `row ${e.row}: ` : '', e.field ? `${e.field}: ` : '', e.message]))) : null);
}

/** fn after a pause of ms; .cancel() drops a call still waiting. */
export function debounce(fn, ms) {
  let t;
  const later = (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
  later.cancel = () => clearTimeout(t);
  return later;
}

/**
 * A click handler for a download link: with a key, the file is fetched with it (a plain link cannot send one, and
 * where reads need a key the link alone would fail); without one, the plain link is followed.
 */
export function keyedDownload(link, fileName) {
  return (e) => {
    if (!apiKey()) return;
    e.preventDefault();
    download(link.href, fileName).catch((err) => alert(`The download failed: ${err.message}`));
  };
}

/**
 * What a paged view (search results, a list) keeps in its history entry (history.state): how many rows it showed
 * and how far the window was scrolled, so that Back from a customer card shows the same rows at the same place
 * rather than page 1 again. Saved when rows are added, on scrolling and on any click (a link to a card is one), and
 * only while the address is still the view's own: once the router has moved on, that entry is not ours to write.
 * The link followed (a card's, by click or Enter) is kept too, and {refocus()} puts the focus back on it once the
 * rows are back: a keyboard user goes on from the customer just looked at (Tab to the next one), not from the top.
 * {restore} is what was kept for this address ({rows, scroll, opened}), or null; {shown(n)} after rows were added;
 * {moved()} after the view put a new address of its own (a filter chosen, pushQuery) and reads from the top;
 * {leave()} when the view goes.
 */
export function pageMemory() {
  let hash = location.hash;
  const kept = history.state;
  const restore = kept && kept.view === hash && kept.rows > 0
    ? { rows: kept.rows, scroll: kept.scroll || 0, opened: kept.opened || null } : null;
  let rows = 0;
  let timer = null;
  const save = (e) => {
    clearTimeout(timer);
    timer = null;
    if (location.hash !== hash) return;
    const link = e && e.target && e.target.closest && e.target.closest('main a[href^="#/customer/"]');
    const opened = link ? link.getAttribute('href') : (history.state || {}).opened;
    history.replaceState({ ...(history.state || {}), view: hash, rows, scroll: Math.round(window.scrollY), opened },
      '');
  };
  const onScroll = () => { if (!timer) timer = setTimeout(save, 150); };
  window.addEventListener('scroll', onScroll, { passive: true });
  document.addEventListener('click', save, true);
  return {
    restore,
    shown(n) { rows = n; save(); },
    refocus() {
      const main = document.getElementById('main');
      // only while nobody has moved the focus meanwhile (into the search box, a filter)
      if (!restore || !restore.opened || (document.activeElement !== main && document.activeElement !== document.body)) {
        return;
      }
      const link = [...main.querySelectorAll('a[href^="#/customer/"]')]
        .find((a) => a.getAttribute('href') === restore.opened);
      if (link) link.focus({ preventScroll: true });
    },
    moved() { hash = location.hash; rows = 0; },
    leave() {
      clearTimeout(timer);
      window.removeEventListener('scroll', onScroll);
      document.removeEventListener('click', save, true);
    },
  };
}
