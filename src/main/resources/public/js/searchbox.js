// The search box in the header: a WAI-ARIA combobox with as-you-type suggestions.
// Arrows move through suggestions, Enter opens the active one (or runs a full search), Esc closes / clears.
import * as api from './api.js';
import { h, mount, debounce, displayName } from './dom.js';

let shown = null; // showSearchQuery's work, once the box is set up

/**
 * Puts the query of the page on screen into the box: a search's own text on its results, nothing elsewhere. A box
 * still holding the last search over a customer card or a list reads as if that page were its answer.
 */
export function showSearchQuery(q) {
  if (shown) shown(q);
}

export function initSearchBox(form) {
  const input = form.querySelector('input');
  const list = form.querySelector('[role=listbox]');
  let items = [];
  let active = -1;
  let controller = null;
  let lastQuery = '';
  let fuzzy = false;

  // Closing also stops the suggestions on their way (the pause in typing and the request in flight), so a late
  // answer never opens the list over the page the user went to.
  function close() {
    load.cancel();
    if (controller) controller.abort();
    controller = null;
    lastQuery = '';
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function setActive(i) {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute('aria-activedescendant', list.children[i].id);
      list.children[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function open(id) {
    close();
    location.hash = `#/customer/${encodeURIComponent(id)}`;
  }

  function fullSearch() {
    const q = input.value.trim();
    close();
    const hash = `#/search?${new URLSearchParams({ q })}`;
    // The same query again would not change the hash: run it again anyway (the data may have changed), from the
    // top (the rows and place kept for Back are dropped).
    if (location.hash === hash) {
      history.replaceState(null, '');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
    else location.hash = hash;
  }

  // One request per pause in typing (not per keystroke); a newer query aborts the one in flight, and an answer
  // that arrives for an older query is dropped, so a slow answer never overwrites a newer one.
  const load = debounce(async () => {
    const q = input.value.trim();
    if (q === lastQuery) return;
    lastQuery = q;
    if (controller) controller.abort();
    if (!q) { items = []; close(); return; }
    const mine = new AbortController();
    controller = mine;
    let failed = null;
    try {
      const res = await api.suggest(q, 8, mine.signal);
      if (controller !== mine) return;
      items = res.suggestions || [];
      if (!items.length && q.length >= 3) {
        // Suggestions match the starts of names, companies and streets only; for a misspelling, offer the best
        // fuzzy search hits instead.
        const found = await api.search({ q, limit: 5 }, mine.signal);
        if (controller !== mine) return;
        fuzzy = true;
        items = (found.hits || found.customers || []).map((c) => ({
          id: c.id, text: displayName(c), company: c.company, city: c.city || (c.address && c.address.city),
        }));
      } else {
        fuzzy = false;
      }
    } catch (e) {
      if (e.name === 'AbortError' || controller !== mine) return;
      items = [];
      failed = e;
    }
    // Only for the text still in the box, and only while the user is in it.
    if (controller !== mine || input.value.trim() !== q || document.activeElement !== input) return;
    render(failed);
  }, 150);

  function render(failed) {
    list.setAttribute('aria-label', fuzzy ? 'Did you mean' : 'Suggestions');
    list.dataset.fuzzy = String(fuzzy && !failed);
    if (failed) { // say so, rather than look as if nothing matched; Enter still runs the full search
      mount(list, h('li.s-error#sugg-error', { role: 'option', 'aria-disabled': 'true' },
        `Suggestions failed: ${failed.message}`));
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      return;
    }
    mount(list, items.map((s, i) => h('li', {
      id: `sugg-${i}`, role: 'option', 'aria-selected': 'false', dataset: { id: s.id },
      onmousedown: (e) => { e.preventDefault(); open(s.id); },
    }, h('span.s-text', s.text), ' ', h('span.s-meta', [s.company !== s.text ? s.company : null, s.street, s.city].filter(Boolean).join(' · ')))));
    if (items.length) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      setActive(-1);
    } else {
      close();
    }
  }

  // A new keystroke drops the highlight: Enter then searches for what is typed, not for the old suggestion.
  input.addEventListener('input', () => { setActive(-1); load(); });
  input.addEventListener('keydown', (e) => {
    const openList = !list.hidden && items.length;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!openList && items.length) { list.hidden = false; input.setAttribute('aria-expanded', 'true'); }
      setActive(Math.min(active + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(Math.max(active - 1, -1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (openList && active >= 0) open(items[active].id); else fullSearch();
    } else if (e.key === 'Tab') {
      close();
    } else if (e.key === 'Escape') {
      if (!list.hidden) { e.preventDefault(); close(); } else { input.value = ''; lastQuery = ''; }
    }
  });
  shown = (q) => {
    if (input.value.trim() === q) return;
    close();
    input.value = q;
  };
  input.addEventListener('blur', () => setTimeout(() => { if (document.activeElement !== input) close(); }, 100));
  form.addEventListener('submit', (e) => { e.preventDefault(); fullSearch(); });
  // "/" focuses the search box from anywhere (unless typing in a field).
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
      e.preventDefault();
      input.focus();
    }
  });
}
