// #/search?q= — full search results with highlighted matches, paged by cursor ("Load more").
import * as api from './api.js';
import { h, mount, highlighted, displayName, errorBox, fmtInt, fmtDateTime, announce, pageMemory } from './dom.js';

const HIGHLIGHT_ORDER = ['first_name', 'last_name', 'company', 'emails', 'phones', 'street', 'city', 'postal_code', 'tags', 'notes'];

export function render(main, query) {
  const q = (query.get('q') || '').trim();
  const results = h('ol.results', { 'aria-label': 'Search results' });
  const status = h('p.count', { role: 'status' });
  const more = h('button.secondary', { type: 'button', hidden: true }, 'Load more');
  mount(main, h('h1', q ? `Results for “${q}”` : 'Search'), status, results, more);
  if (!q) {
    status.textContent = 'Type a name, e-mail, phone number, company or city into the search box above. '
      + 'Press / to jump there.';
    return overview(main);
  }
  let cursor = null;
  // This view's requests end when it goes (another search, a card): an older search's late answer, or its error,
  // never lands on the page of a newer one.
  const controller = new AbortController();
  const failure = h('div.search-failure');
  more.before(failure);
  const memory = pageMemory();
  /** One more page; true when its rows were added. */
  async function page() {
    more.disabled = true;
    failure.replaceChildren();
    try {
      const res = await api.search({ q, limit: 20, cursor }, controller.signal);
      if (controller.signal.aborted) return false;
      const hits = res.hits || res.customers || [];
      for (const hit of hits) results.append(row(hit));
      cursor = res.next_cursor || null;
      more.hidden = !cursor;
      const total = res.total ?? hits.length;
      const none = total === 0 && !cursor;
      status.textContent = none ? `No customer found for “${q}”`
        : `${res.total_relation === 'gte' ? 'more than ' : ''}${fmtInt(total)} customer${total === 1 ? '' : 's'}`
        + (res.timed_out ? ' (search stopped early; results may be incomplete)' : '');
      // Nobody found: what else to try, and (someone new on the phone) adding them with what was typed filled in.
      if (none) {
        failure.replaceChildren(h('p.help#search-empty', 'Try fewer words, or another part of what you know: the '
          + 'search finds names despite typos and in Latin or Cyrillic letters, e-mail addresses, phone numbers '
          + 'however written, companies, streets and cities.'),
        h('p.needs-editor#add-new', h('a', { href: `#/new?${new URLSearchParams({ q })}` },
          `Add “${q}” as a new customer`)));
      }
      announce(status.textContent);
      memory.shown(results.children.length);
      return true;
    } catch (e) {
      if (e.name === 'AbortError' || controller.signal.aborted) return false;
      mount(failure, errorBox(e));
      return false;
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', page);
  // Back from a card: the pages read before, and the place the page was scrolled to.
  (async () => {
    const restore = memory.restore;
    let ok = await page();
    while (ok && restore && cursor && results.children.length < restore.rows) ok = await page();
    if (ok && restore) {
      window.scrollTo(0, restore.scroll);
      memory.refocus();
    }
  })();
  return { leave() { controller.abort(); memory.leave(); } };
}

function row(hit) {
  const hl = hit.highlights || {};
  const title = hl.first_name || hl.last_name || hl.company
    ? nameWithHighlights(hit, hl) : displayName(hit);
  const details = [];
  for (const f of HIGHLIGHT_ORDER) {
    if (['first_name', 'last_name'].includes(f) || !hl[f]) continue;
    details.push(h('span.hl', h('span.hl-field', label(f)), ' ', hl[f].map((frag) => highlighted(frag))));
  }
  // The first phone too: two people of one name at one firm (a father and son, a number typed as the caller's) are
  // told apart by it, and it is what a receptionist sees of the caller.
  const meta = [hit.company, (hit.emails || [])[0], (hit.phones || [])[0], hit.city || (hit.address && hit.address.city),
    hit.country].filter(Boolean).join(' · ');
  return h('li.result', h('a', { href: `#/customer/${encodeURIComponent(hit.id)}` }, h('span.r-name', title)),
    h('div.r-meta', meta), details.length ? h('div.r-hl', details) : null);
}

function nameWithHighlights(hit, hl) {
  const first = hl.first_name ? highlighted(hl.first_name[0]) : hit.first_name || '';
  const last = hl.last_name ? highlighted(hl.last_name[0]) : hit.last_name || '';
  if (hit.kind === 'company' && hl.company) return h('span', highlighted(hl.company[0]));
  return h('span', first, ' ', last);
}

const label = (f) => f.replace(/_/g, ' ');

/**
 * The page under an empty search box: how many customers there are, how many duplicate groups wait, and the
 * customers changed last (someone just added or edited often wants to get back to them). A part the key may not
 * read is left out quietly: the search box above still works.
 */
function overview(main) {
  const controller = new AbortController();
  const summary = h('p.overview-summary');
  const recent = h('section.recent', { hidden: true, 'aria-labelledby': 'recent-title' });
  main.append(summary, recent);
  (async () => {
    const [list, queue] = await Promise.allSettled([
      api.search({ sort: '-updated', limit: 10 }, controller.signal),
      api.duplicateQueue({ limit: 1 }),
    ]);
    if (controller.signal.aborted) return;
    const parts = [];
    if (list.status === 'fulfilled') {
      const total = list.value.total ?? 0;
      parts.push(h('a', { href: '#/lists' }, `${fmtInt(total)} customer${total === 1 ? '' : 's'}`));
    }
    if (queue.status === 'fulfilled') {
      const groups = queue.value.total ?? 0;
      if (parts.length) parts.push(' · ');
      parts.push(h('a', { href: '#/duplicates' }, groups === 0 ? 'no duplicates waiting for review'
        : `${fmtInt(groups)} duplicate group${groups === 1 ? '' : 's'} waiting for review`));
    }
    mount(summary, parts);
    const rows = list.status === 'fulfilled' ? list.value.customers || [] : [];
    if (!rows.length) return;
    mount(recent, h('h2#recent-title', 'Recently changed'),
      h('table.recent-table', h('thead', h('tr', h('th', 'Name'), h('th', 'City'), h('th', 'Country'), h('th', 'Changed'))),
        h('tbody', rows.map((c) => h('tr',
          h('td', h('a', { href: `#/customer/${encodeURIComponent(c.id)}` }, displayName(c))),
          h('td', { dataset: { label: 'City' } }, (c.address && c.address.city) || c.city || ''),
          h('td', { dataset: { label: 'Country' } }, (c.address && c.address.country) || c.country || ''),
          h('td', { dataset: { label: 'Changed' } }, fmtDateTime(c.updated_at)))))));
    recent.hidden = false;
  })();
  return { leave() { controller.abort(); } };
}
