// #/lists?… — list building: facet sidebar with counts (multi-select, region hierarchy, spend buckets), active
// filters as removable chips, purchase window, sort, count and spend sum, infinite scroll, export, saved lists.
// The hash query holds the list's parameters exactly as /api/search and /api/export take them.
import * as api from './api.js';
import { pushQuery } from './app.js';
import { h, mount, displayName, errorBox, fmtMoney, fmtInt, fmtDate, fmtDateTime, announce, currencyOf,
  keyedDownload, pageMemory } from './dom.js';

const FACETS = [
  ['region', 'Region'], ['spend', 'Lifetime spend'], ['last_purchase', 'Last purchase'], ['industry', 'Industry'],
  ['tags', 'Tags'], ['kind', 'Kind'], ['rep', 'Sales rep'], ['funnel_stage', 'Funnel stage'],
  ['preferred_channel', 'Preferred channel'], ['consent', 'Consent'], ['opted_out', 'Opted out'],
];
const FILTER_PARAMS = ['q', 'country', 'region', 'city', 'place', 'industry', 'rep', 'kind', 'tags', 'funnel_stage',
  'preferred_channel', 'consent', 'opted_out', 'spend', 'last_purchase', 'spend_min', 'spend_max', 'spent_within',
  'spent_min', 'purchases_min', 'created_from', 'created_to', 'updated_from', 'updated_to'];
const SORTS = [['relevance', 'Relevance / newest'], ['name', 'Name A–Z'], ['-name', 'Name Z–A'],
  ['-spend', 'Spend, highest first'], ['spend', 'Spend, lowest first'], ['-last_purchase', 'Last purchase, newest'],
  ['last_purchase', 'Last purchase, oldest'], ['-created', 'Created, newest'], ['-updated', 'Updated, newest']];
const WINDOWS = [['', 'any time'], ['30d', 'last 30 days'], ['90d', 'last 90 days'], ['6m', 'last 6 months'],
  ['12m', 'last 12 months'], ['2y', 'last 2 years']];
// The fields a list edit may set for everyone in the list (POST /api/edits).
const EDIT_FIELDS = [['', '—'], ['rep', 'Sales rep'], ['funnel_stage', 'Funnel stage'], ['industry', 'Industry'],
  ['source', 'Source'], ['preferred_channel', 'Preferred channel'], ['language', 'Language'],
  ['contact_hours', 'Contact hours']];
const REGION_DIMS = ['country', 'region', 'city'];
// The list's columns after the name: [key, heading, cell of a customer, numeric]. Which are shown is the user's
// choice (the "Columns" menu), kept in this browser (localStorage: a preference, no customer data) and with a saved
// list, whose columns are shown when it is opened (without changing this browser's choice).
const andMore = (list) => (list && list.length > 1 ? ` (+${list.length - 1})` : '');
const COLUMNS = [
  ['company', 'Company', (c) => (c.kind === 'company' ? '' : c.company || '')],
  ['email', 'E-mail', (c) => ((c.emails || [])[0] || '') + andMore(c.emails)],
  ['phone', 'Phone', (c) => ((c.phones || [])[0] || '') + andMore(c.phones)],
  ['city', 'City', (c) => c.address?.city || c.city || ''],
  ['postal_code', 'Postal code', (c) => c.address?.postal_code || ''],
  ['region', 'Region', (c) => c.address?.region || ''],
  ['country', 'Country', (c) => c.address?.country || c.country || ''],
  ['industry', 'Industry', (c) => c.industry || ''],
  ['rep', 'Sales rep', (c) => c.rep || ''],
  ['tags', 'Tags', (c) => (c.tags || []).join(', ')],
  ['funnel_stage', 'Funnel stage', (c) => c.funnel_stage || ''],
  ['spend', 'Lifetime spend', (c) => fmtMoney(c.lifetime_spend, c.spend_currency || currencyOf(c.purchases)), true],
  ['purchase_count', 'Purchases', (c) => fmtInt(c.purchase_count ?? 0), true],
  ['last_purchase', 'Last purchase', (c) => fmtDate(c.last_purchase_date)],
  ['created', 'Created', (c) => (c.created_at ? new Date(c.created_at).toLocaleDateString() : '')],
];
const DEFAULT_COLUMNS = ['city', 'country', 'spend', 'last_purchase'];
// The export columns (GET /api/export?columns=) of each list column, for an export of the columns shown only.
const EXPORT_COLUMNS = { company: ['company'], email: ['emails'], phone: ['phones'], city: ['city'],
  postal_code: ['postal_code'], region: ['region'], country: ['country'], industry: ['industry'], rep: ['rep'],
  tags: ['tags'], funnel_stage: ['funnel_stage'], spend: ['lifetime_spend', 'spend_currency'],
  purchase_count: ['purchase_count'], last_purchase: ['last_purchase_date'], created: ['created_at'] };
// The export columns of the columns shown: the name's first (a firm's name is its company, so company is always
// there), then those of each column shown. "Only the columns shown" exports them, and a saved list keeps them.
function exportColumnsOf(columns) {
  return ['id', 'kind', 'first_name', 'last_name', 'company',
    ...columns.flatMap((k) => EXPORT_COLUMNS[k]).filter((c) => c !== 'company')];
}
// The columns to show for a saved list's export columns: each whose export columns it has. Company is in every
// such file as part of the name, so whether its column is shown stays as it is (`current`).
function columnsOfExport(exportColumns, current) {
  return COLUMNS.map(([k]) => k).filter((k) => (k === 'company' ? current.includes(k)
    : EXPORT_COLUMNS[k].every((c) => exportColumns.includes(c))));
}
// The export columns this page knows: those of its columns and of the name.
const KNOWN_EXPORT_COLUMNS = new Set(exportColumnsOf(Object.keys(EXPORT_COLUMNS)));
/**
 * The export columns to save a saved list with: unchanged while its columns shown are those it was opened with
 * (it may have been given others through the API: birthday, notes…); otherwise its columns with those of the
 * columns taken away left out and those of the columns added after them, still keeping the ones this page has no
 * column for.
 */
function savedColumnsOf(saved, opened, columns) {
  if (!Array.isArray(saved)) return exportColumnsOf(columns);
  if (opened && opened.join() === columns.join()) return saved;
  const wanted = exportColumnsOf(columns);
  const kept = saved.filter((c) => !KNOWN_EXPORT_COLUMNS.has(c) || wanted.includes(c));
  return [...kept, ...wanted.filter((c) => !kept.includes(c))];
}
const COLUMNS_KEY = 'clientele.listColumns';
function chosenColumns() {
  try {
    const kept = JSON.parse(localStorage.getItem(COLUMNS_KEY));
    if (Array.isArray(kept)) return COLUMNS.filter(([k]) => kept.includes(k)).map(([k]) => k);
  } catch { /* unreadable: the defaults */ }
  return DEFAULT_COLUMNS;
}
const PAGE = 50;
// The value of the saved-lists menu's entry for the list the page was on, shown changed since (no list id has a ~).
const CHANGED = '~changed';

const CHIP_LABELS = { q: 'Text', country: 'Country', city: 'City', place: 'City', spend_min: 'Spend at least',
  spend_max: 'Spend at most', spent_within: 'Bought within', spent_min: 'Spent in window at least',
  purchases_min: 'Purchases in window at least', created_from: 'Created from', created_to: 'Created until',
  updated_from: 'Changed from', updated_to: 'Changed until' };
const label = (dim) => CHIP_LABELS[dim] || (FACETS.find(([d]) => d === dim) || [dim, dim.replace(/_/g, ' ')])[1];

export function render(main, query) {
  const state = new URLSearchParams(query);
  state.delete('cursor');
  let controller = null;
  let cursor = null;
  let loading = false;
  // Back from a card: the rows read before (pages loaded again up to them) and the place scrolled to, once.
  const memory = pageMemory();
  let restore = memory.restore;

  const sidebar = h('aside.facets#facets', { 'aria-label': 'Filters' });
  // On a phone the filters come before the list, folded away behind this button (on wider screens it is hidden).
  const filtersBtn = h('button#filters-toggle.secondary', { type: 'button', 'aria-expanded': 'false',
    'aria-controls': 'facets', onclick: () => {
      filtersBtn.setAttribute('aria-expanded', String(sidebar.classList.toggle('open')));
    } }, 'Filters');
  const chips = h('ul.chips', { 'aria-label': 'Active filters' });
  const summary = h('p.count#list-summary', { role: 'status' });
  const tbody = h('tbody');
  const thead = h('thead');
  const table = h('table.list', h('caption.visually-hidden', 'Customers in the list'), thead, tbody);
  let columns = chosenColumns();
  let rows = []; // the customers shown, to draw again when the columns change
  let openedColumns = null; // {id, columns}: the saved list opened last and the columns it was shown with
  let chosen = null; // the id of the saved list this page is on: opened from the menu, just saved, or at its address
  const columnsMenu = h('details.columns#list-columns', h('summary', 'Columns'),
    h('fieldset', h('legend.visually-hidden', 'Columns shown after the name'),
      COLUMNS.map(([key, heading]) => h('div.field.inline',
        h('input', { type: 'checkbox', id: `col-${key}`, value: key, checked: columns.includes(key),
          onchange: chooseColumns }),
        h('label', { for: `col-${key}` }, heading)))));
  drawHead();
  const more = h('button.secondary', { type: 'button', hidden: true, onclick: () => page() }, 'Load more');
  const sentinel = h('div.sentinel', { 'aria-hidden': 'true' });
  const failure = h('div.list-failure');

  const sortSel = h('select#list-sort', { onchange: () => set('sort', sortSel.value === 'relevance' ? null : sortSel.value) },
    SORTS.map(([v, t]) => h('option', { value: v }, t)));
  sortSel.value = state.get('sort') || 'relevance';
  const windowSel = h('select#spent-within', { onchange: () => set('spent_within', windowSel.value || null) },
    WINDOWS.map(([v, t]) => h('option', { value: v }, t)));
  windowSel.value = state.get('spent_within') || '';
  const spentMin = h('input#spent-min', { type: 'number', min: '0', step: '1', inputmode: 'decimal',
    value: state.get('spent_min') || '' });
  spentMin.addEventListener('change', () => set('spent_min', spentMin.value || null));

  const textQ = h('input#list-q', { type: 'search', value: state.get('q') || '', placeholder: 'name, e-mail, city…' });
  textQ.addEventListener('change', () => set('q', textQ.value.trim() || null));

  const exportCsv = h('a.button#export-csv', { download: '' }, 'Export CSV');
  const exportNd = h('a.button.secondary#export-ndjson', { download: '' }, 'Export NDJSON');
  const exportVcf = h('a.button.secondary#export-vcf', { download: '' }, 'Export vCard');
  const exportXlsx = h('a.button.secondary#export-xlsx', { download: '' }, 'Export Excel');
  // The export leaves out customers who opted out of marketing (unless the list filters on that itself): the list
  // says how many that are, and they can be taken along.
  let optedOut = 0;
  const includeOut = h('input#export-opted-out', { type: 'checkbox', onchange: () => updateExport() });
  const includeOutLabel = h('label', { for: 'export-opted-out' });
  const includeOutBox = h('span.opted-out#opted-out-export', { hidden: true }, includeOut, ' ', includeOutLabel);
  // A file of the columns on screen (a mailing list: names and e-mails); vCard always has every field.
  const onlyShown = h('input#export-shown', { type: 'checkbox', onchange: () => updateExport() });
  const onlyShownBox = h('span.opted-out', onlyShown, ' ',
    h('label', { for: 'export-shown' }, 'Only the columns shown (CSV, Excel, NDJSON)'));
  const saveName = h('input#list-name', { type: 'text', placeholder: 'e.g. Bavarian top customers', maxlength: '200' });
  const savedSel = h('select#saved-lists', { onchange: () => {
    if (savedSel.value === CHANGED) return;
    if (savedSel.value) loadSaved(savedSel.value);
    else { chosen = null; drawSavedMenu(); }
  } });
  const deleteBtn = h('button#delete-list.secondary.needs-editor', { type: 'button', disabled: true,
    onclick: () => deleteSaved() }, 'Delete');
  // Saves the filters and sort now on screen into the selected list (its name stays).
  const updateBtn = h('button#update-list.secondary.needs-editor', { type: 'button', disabled: true,
    onclick: () => updateSaved() }, 'Save changes');
  const saveMsg = h('span.saved', { role: 'status' });

  // Changing everyone in the list at once: tags added or taken away, one field set. A preview first (a dry run
  // showing before and after), then the change, refused if the list no longer holds the count shown.
  let listTotal = 0;
  const editAdd = h('input#edit-add-tags', { type: 'text', placeholder: 'e.g. fair-2026, vip' });
  const editRemove = h('input#edit-remove-tags', { type: 'text', placeholder: 'tags to take away' });
  const editField = h('select#edit-field', EDIT_FIELDS.map(([v, t]) => h('option', { value: v }, t)));
  const editValue = h('input#edit-value', { type: 'text', placeholder: 'new value (empty clears it)' });
  const editMsg = h('div.edit-result#edit-result', { role: 'status' });
  let appliedEdit = null; // the change last applied to everyone (JSON): left in its fields, it is not unsaved
  const editPanel = h('details.edit-list.needs-editor#edit-list',
    h('summary', 'Change everyone in this list…'),
    h('div.toolbar',
      h('div.field.inline', h('label', { for: 'edit-add-tags' }, 'Add tags'), editAdd),
      h('div.field.inline', h('label', { for: 'edit-remove-tags' }, 'Remove tags'), editRemove),
      h('div.field.inline', h('label', { for: 'edit-field' }, 'Set'), editField),
      h('div.field.inline', h('label', { for: 'edit-value' }, 'to'), editValue),
      h('button#edit-preview.secondary', { type: 'button', onclick: () => runEdit(true) }, 'Preview'),
      h('button#edit-apply', { type: 'button', onclick: () => runEdit(false) }, 'Change all')),
    editMsg);

  mount(main,
    h('div.page-head', h('h1', 'Lists'),
      h('div.tools', h('label', { for: 'saved-lists' }, 'Saved lists '), savedSel, updateBtn, deleteBtn)),
    h('div.lists',
      filtersBtn, sidebar,
      h('section.list-main', { 'aria-label': 'List' },
        h('div.toolbar',
          h('div.field.inline', h('label', { for: 'list-q' }, 'Text'), textQ),
          h('div.field.inline', h('label', { for: 'spent-within' }, 'Bought within'), windowSel),
          h('div.field.inline', h('label', { for: 'spent-min' }, 'spending at least'), spentMin),
          h('div.field.inline', h('label', { for: 'list-sort' }, 'Sort'), sortSel), columnsMenu),
        chips, summary,
        h('div.toolbar',
          exportCsv, exportXlsx, exportNd, exportVcf, includeOutBox, onlyShownBox,
          h('form.save.needs-editor', { onsubmit: save }, h('label', { for: 'list-name' }, 'Save as '), saveName,
            h('button.secondary', { type: 'submit' }, 'Save list'), saveMsg)),
        editPanel,
        h('div.table-scroll', table), failure, more, sentinel)));

  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && cursor && !loading && !restore) page();
  }, { rootMargin: '400px' });
  observer.observe(sentinel);
  chooseSavedOfAddress();
  reload();
  return {
    leave() { observer.disconnect(); memory.leave(); if (controller) controller.abort(); },
    // What leaving now would lose: a change for everyone typed and not applied, a name typed and not saved.
    unsaved() {
      const body = editBody();
      const edit = !!body && JSON.stringify(body) !== appliedEdit;
      const name = !!saveName.value.trim();
      if (edit && name) return 'A change for everyone in this list and a name to save it under are typed, not used.';
      if (edit) return 'The change for everyone in this list is typed and not applied.';
      if (name) return 'The name typed to save this list under is not saved.';
      return null;
    },
  };

  function set(name, value, { multi = false, remove = false } = {}) {
    if (multi) {
      const values = state.getAll(name).filter((v) => v !== value);
      if (!remove) values.push(value);
      state.delete(name);
      values.forEach((v) => state.append(name, v));
    } else if (value === null || value === '') {
      state.delete(name);
    } else {
      state.set(name, value);
    }
    pushQuery(state);
    reload();
  }

  // The list's parameters as /api/search and /api/export take them. On the API a purchase window alone only sets
  // the period of the window's sums and minimums; here choosing one means "bought in that period" (at least one
  // purchase in it) unless a spend or purchase minimum for the period is set.
  function listParams() {
    const p = {};
    for (const k of new Set(state.keys())) p[k] = state.getAll(k);
    const windowed = p.spent_within || p.spent_from || p.spent_to;
    if (windowed && !p.spent_min && !p.purchases_min) p.purchases_min = 1;
    return p;
  }

  async function reload() {
    memory.moved();
    cursor = null;
    sortSel.value = state.get('sort') || 'relevance';
    windowSel.value = state.get('spent_within') || '';
    spentMin.value = state.get('spent_min') || '';
    textQ.value = state.get('q') || '';
    drawChips();
    updateExport();
    drawSavedMenu();
    let ok = await page(true);
    if (restore) {
      const { rows, scroll } = restore;
      while (ok && cursor && tbody.children.length < rows) ok = await page();
      restore = null;
      if (ok) {
        window.scrollTo(0, scroll);
        memory.refocus();
      }
    }
  }

  /** The first page (with the facets) or the next one; true when it was shown. */
  async function page(first = false) {
    if (controller) controller.abort();
    controller = null;
    failure.replaceChildren();
    if (first && missingWindow()) {
      cleared(h('div.error', { role: 'alert' }, 'Choose a period under “Bought within” first: a spend or purchase '
        + 'minimum counts the purchases made in that period.'));
      return false;
    }
    const mine = new AbortController();
    controller = mine;
    loading = true;
    const params = { ...listParams(), limit: PAGE, cursor: first ? null : cursor };
    // /api/search answers a list (whose cursor it hands out) only when a list parameter is present: the facets
    // on the first page, the sort on the next ones; without either it would read the cursor as a plain search's.
    if (first) params.facet = FACETS.map(([d]) => d); else params.sort = state.get('sort') || 'relevance';
    try {
      const res = await api.search(params, mine.signal);
      if (first) {
        tbody.replaceChildren();
        exportCsv.hidden = false;
        exportNd.hidden = false;
        exportVcf.hidden = false;
        exportXlsx.hidden = false;
        drawFacets(res.facets || {});
        const out = ((res.facets || {}).opted_out || {}).values || [];
        optedOut = state.has('opted_out') ? 0 : (out.find((v) => v.value === 'true') || { count: 0 }).count;
        includeOutLabel.textContent = `Include the ${fmtInt(optedOut)} who opted out of marketing `
          + '(left out of the export otherwise)';
        includeOutBox.hidden = !optedOut;
        updateExport();
        listTotal = res.total;
        const a = res.aggregates || {};
        const { cur, note } = res.spend_currency ? { cur: res.spend_currency, note: '' }
          : currencyNote(res.customers || [], !res.next_cursor);
        summary.textContent = `${fmtInt(res.total)} customer${res.total === 1 ? '' : 's'} · lifetime spend `
          + `${fmtMoney(a.spend_sum, cur)}${note}`
          + (a.window_spend_sum != null ? ` · in the window ${fmtMoney(a.window_spend_sum, cur)}` : '');
        announce(summary.textContent);
      }
      if (first) rows = [];
      for (const c of res.customers || res.hits || []) {
        rows.push(c);
        tbody.append(row(c));
      }
      if (first && !tbody.children.length) { // an empty list says why, rather than show bare column headings
        const filtered = FILTER_PARAMS.some((k) => state.has(k));
        tbody.append(h('tr', h('td.empty#list-empty', { colspan: 1 + columns.length }, filtered
          ? 'No customer matches all of these filters: remove one of them above (×) or clear them all.'
          : 'No customers yet: add some, or import a file on the Import page.')));
      }
      cursor = res.next_cursor || null;
      more.hidden = !cursor;
      memory.shown(tbody.children.length);
      return true;
    } catch (e) {
      if (e.name === 'AbortError') return false;
      // A failed first page leaves nothing of the previous list on screen; a failed later page keeps the rows.
      if (first) cleared(errorBox(e)); else mount(failure, errorBox(e));
      return false;
    } finally {
      if (controller === mine) loading = false;
    }
  }

  // Spend and purchase minimums count the purchases of a period: without one the API refuses the list.
  function missingWindow() {
    const windowed = ['spent_within', 'spent_from', 'spent_to'].some((k) => state.has(k));
    return !windowed && ['spent_min', 'spent_max', 'purchases_min', 'purchases_max'].some((k) => state.has(k));
  }

  /** No list to show: the message instead of the count, and no rows, facet counts, export links or paging. */
  function cleared(message) {
    cursor = null;
    more.hidden = true;
    tbody.replaceChildren();
    rows = [];
    mount(sidebar, h('h2.visually-hidden', 'Filters'));
    exportCsv.hidden = true;
    exportNd.hidden = true;
    exportVcf.hidden = true;
    exportXlsx.hidden = true;
    includeOutBox.hidden = true;
    summary.replaceChildren(message);
  }

  function row(c) {
    return h('tr',
      h('td', h('a', { href: `#/customer/${encodeURIComponent(c.id)}` }, displayName(c))),
      // Each cell names its column: on a phone the row is a card of "label value" lines (app.css).
      COLUMNS.filter(([k]) => columns.includes(k)).map(([key, heading, cell, num]) => h(num ? 'td.num' : 'td',
        { dataset: { label: heading, column: key } }, cell(c))));
  }

  function drawHead() {
    mount(thead, h('tr', h('th', { scope: 'col' }, 'Name'), COLUMNS.filter(([k]) => columns.includes(k))
      .map(([, heading, , num]) => h(num ? 'th.num' : 'th', { scope: 'col' }, heading))));
  }

  function chooseColumns() {
    columns = [...columnsMenu.querySelectorAll('input:checked')].map((i) => i.value);
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns));
    drawColumns();
  }

  /** The columns chosen (by the menu or a saved list) drawn: headings, rows, the menu's boxes and the export. */
  function drawColumns() {
    columnsMenu.querySelectorAll('input').forEach((i) => { i.checked = columns.includes(i.value); });
    drawHead();
    updateExport();
    if (rows.length) mount(tbody, rows.map(row));
    const empty = tbody.querySelector('#list-empty');
    if (empty) empty.colSpan = 1 + columns.length;
    drawSavedMenu();
  }

  function drawFacets(facets) {
    const shown = ([d]) => facets[d] && ((facets[d].values || []).length || state.has(d)
      || (d === 'region' && [...REGION_DIMS, 'place'].some((r) => state.has(r))));
    mount(sidebar, h('h2.visually-hidden', 'Filters'), FACETS.filter(shown).map(([dim, title]) => {
      const f = facets[dim];
      const box = h('fieldset.facet', { dataset: { dim } }, h('legend', title));
      if (dim === 'region') box.append(regionCrumbs(f));
      const ul = h('ul');
      const drawValues = (values) => mount(ul, values.map((v, i) => facetValue(dim, v, i)));
      drawValues(f.values || []);
      box.append(ul);
      if (f.has_more) {
        box.append(h('button.link', { type: 'button', onclick: async (e) => {
          e.target.disabled = true;
          try {
            drawValues(await allValues(dim));
            e.target.remove();
          } catch (err) { box.append(errorBox(err)); }
        } }, `Show all ${f.total_values}`));
      }
      return box;
    }));
  }

  // The region facet is one level of the country › region › city tree (region_path), which only the list answer
  // pages through (/api/facets/region/values is the flat region field); the other facets have their own route.
  async function allValues(dim) {
    if (dim === 'region') {
      const res = await api.search({ ...listParams(), facet: 'region', facet_limit: 1000, limit: 0 });
      return (res.facets && res.facets.region && res.facets.region.values) || [];
    }
    const res = await api.facetValues(dim, { ...listParams(), limit: 100 });
    return res.values || [];
  }

  function regionCrumbs(f) {
    const path = (state.get('region_path') || '').split('/').filter(Boolean);
    if (!path.length) return h('p.small', 'Countries');
    return h('nav.crumbs', { 'aria-label': 'Region level' },
      h('button.link', { type: 'button', onclick: () => set('region_path', null) }, 'All countries'),
      path.map((p, i) => [' › ', i === path.length - 1 ? h('span', p)
        : h('button.link', { type: 'button', onclick: () => set('region_path', path.slice(0, i + 1).join('/')) }, p)]));
  }

  function facetValue(dim, v, i) {
    let param = dim;
    let drill = null;
    if (dim === 'region') {
      const depth = (state.get('region_path') || '').split('/').filter(Boolean).length;
      param = REGION_DIMS[depth];
      if (depth < 2) drill = v.path;
      // A city is picked by its place (DE/Bayern/Neustadt), so that its namesake in another region is not.
      else param = 'place';
    }
    const value = param === 'place' ? v.path : v.value;
    // By position: values that differ only outside ASCII (Кемеровская, Ярославская) must not share an id.
    const id = `fv-${dim}-${i}`;
    const checked = state.getAll(param).includes(value);
    const box = h('input', { type: 'checkbox', id, checked, dataset: { param, value } });
    box.addEventListener('change', () => set(param, value, { multi: true, remove: !box.checked }));
    return h('li', box, h('label', { for: id }, h('span.fv', valueLabel(dim, v.value)), h('span.fc', fmtInt(v.count))),
      drill ? h('button.link.drill', { type: 'button', 'aria-label': `Show regions in ${v.value}`,
        onclick: () => set('region_path', drill) }, h('span', { 'aria-hidden': 'true' }, '›')) : null);
  }

  function drawChips() {
    const items = [];
    for (const k of FILTER_PARAMS) {
      for (const v of state.getAll(k)) {
        items.push(h('li.chip', h('span', `${label(k)}: ${valueLabel(k, v)}`),
          h('button', { type: 'button', 'aria-label': `Remove filter ${label(k)} ${v}`,
            onclick: () => set(k, v, { multi: true, remove: true }) }, '×')));
      }
    }
    filtersBtn.textContent = items.length ? `Filters (${items.length})` : 'Filters';
    if (items.length) {
      items.push(h('li', h('button.link', { type: 'button', onclick: () => {
        for (const k of [...FILTER_PARAMS, 'region_path']) state.delete(k);
        pushQuery(state); reload();
      } }, 'Clear all')));
    }
    mount(chips, items);
  }

  function updateExport() {
    const p = listParams();
    delete p.region_path;
    if (optedOut && includeOut.checked) p.include_opted_out = 'true';
    if (!p.sort) p.sort = 'relevance'; // the file in the order on screen (the default order is asked for too)
    // The name is first and last name, or the company of a firm: all three, whichever columns are shown.
    const shown = onlyShown.checked ? { ...p, columns: exportColumnsOf(columns).join(',') } : p;
    exportCsv.href = api.exportUrl(shown, 'csv');
    exportNd.href = api.exportUrl(shown, 'ndjson');
    exportVcf.href = api.exportUrl(p, 'vcf');
    exportXlsx.href = api.exportUrl(shown, 'xlsx');
    // With a key, download through fetch so the key is sent (a link cannot carry it).
    exportCsv.onclick = keyedDownload(exportCsv, 'customers.csv');
    exportNd.onclick = keyedDownload(exportNd, 'customers.ndjson');
    exportVcf.onclick = keyedDownload(exportVcf, 'customers.vcf');
    exportXlsx.onclick = keyedDownload(exportXlsx, 'customers.xlsx');
  }

  function editBody() {
    const tags = (input) => input.value.split(',').map((t) => t.trim()).filter(Boolean);
    const body = { add_tags: tags(editAdd), remove_tags: tags(editRemove) };
    if (editField.value) body.set = { [editField.value]: editValue.value.trim() || null };
    return body.add_tags.length || body.remove_tags.length || body.set ? body : null;
  }

  async function runEdit(dryRun) {
    const body = editBody();
    if (!body) {
      editMsg.textContent = 'Say what to change: tags to add or remove, or a field to set.';
      return;
    }
    if (!dryRun && !window.confirm(`Change all ${fmtInt(listTotal)} customers in this list? Each keeps its `
      + 'previous version in its history.')) return;
    editMsg.textContent = dryRun ? 'Looking at the list…' : 'Changing…';
    try {
      // region_path only picks the level of the region facet: an edit refuses it, as it changes the whole list.
      const { region_path: _, ...params } = listParams();
      const res = await api.editList(params, { ...body, expected_total: listTotal, dry_run: dryRun });
      if (dryRun) {
        editMsg.replaceChildren(h('p', `Would change ${fmtInt(res.changed)} of ${fmtInt(res.matched)} customers`
          + (res.unchanged ? ` (${fmtInt(res.unchanged)} already are as asked)` : '') + '.'),
        h('table.edit-preview.stack', h('caption.visually-hidden', 'Preview of the change'),
          h('thead', h('tr', h('th', { scope: 'col' }, 'Customer'), h('th', { scope: 'col' }, 'Field'),
            h('th', { scope: 'col' }, 'Now'), h('th', { scope: 'col' }, 'After'))),
          h('tbody', (res.preview || []).flatMap((c) => Object.keys(c.after).map((f) => h('tr',
            h('td', c.name || c.id), h('td', { 'data-label': 'Field' }, f),
            h('td', { 'data-label': 'Now' }, shown(c.before[f])), h('td', { 'data-label': 'After' }, shown(c.after[f]))))))));
        return;
      }
      appliedEdit = JSON.stringify(body);
      await followEdit(res, 'Changed', true);
    } catch (err) { editMsg.replaceChildren(errorBox(err)); }
  }

  // Polls an edit (or undo) job to its end, then says what it did; a finished edit offers its undo.
  async function followEdit(started, verb, undoable) {
    let res = started;
    while (res.job.state === 'running') {
      const { done, total } = res.job;
      editMsg.textContent = res.job.queued ? 'Waiting for another change to finish…'
        : `Working… ${fmtInt(done)} of ${fmtInt(total)}`;
      await new Promise((r) => setTimeout(r, 400));
      res = await api.editJob(res.job.id);
    }
    const r = res.result || {};
    const said = res.job.state === 'succeeded'
      ? `${verb} ${fmtInt(r.changed)} customers` + (r.unchanged ? `, ${fmtInt(r.unchanged)} already were as asked` : '')
        + (r.failed ? `; ${fmtInt(r.failed)} left as they are: ${(r.errors || []).slice(0, 3)
          .map((e) => e.message).join('; ')}` : '') + '.'
      : `It stopped (${res.job.state}) after ${fmtInt(r.changed || 0)} customers.`;
    const undoBtn = undoable && r.changed ? h('button#edit-undo.secondary', { type: 'button', onclick: async () => {
      undoBtn.disabled = true;
      try {
        await followEdit(await api.undoEdit(res.job.id), 'Took back the change on', false);
      } catch (err) { editMsg.replaceChildren(errorBox(err)); }
    } }, 'Undo this change') : null;
    mount(editMsg, h('p', said), undoBtn);
    announce(said);
    reload();
  }

  async function refreshSaved() {
    try {
      const res = await api.savedLists();
      savedSel.lists = res.lists || [];
      drawSavedMenu();
    } catch { mount(savedSel, h('option', { value: '' }, '(unavailable)')); }
  }

  /** The saved list (or none) the page is on, with "Save changes" and "Delete" offered for it. */
  function selectSaved(id) {
    chosen = id || null;
    drawSavedMenu();
  }

  // Whether the page shows other filters, another sort or other columns than the saved list l.
  function changedFrom(l) {
    const q = api.toQuery(listParams());
    const sort = q.get('sort') || 'relevance';
    q.delete('sort'); q.delete('region_path');
    const opened = openedColumns && openedColumns.id === l.id ? openedColumns.columns : null;
    return !sameQuery(l.query || '', q) || (l.sort || 'relevance') !== sort
      || (opened !== null && opened.join() !== columns.join());
  }

  // The menu: every saved list, the one the page is on chosen. Once the page shows something else than that list,
  // an entry "name (changed)" of its own is chosen instead, so that choosing the list itself is a change of the
  // menu (a <select> says nothing when its chosen entry is chosen again) and opens it as saved, its columns too.
  function drawSavedMenu() {
    if (!savedSel.lists) return; // not read yet (the first page is being shown)
    const l = savedSel.lists.find((x) => x.id === chosen);
    if (!l) chosen = null;
    const changed = !!l && changedFrom(l);
    mount(savedSel, h('option', { value: '' }, '—'),
      changed ? h('option', { value: CHANGED }, `${l.name} (changed)`) : null,
      savedSel.lists.map((x) => h('option', { value: x.id }, x.name)));
    savedSel.value = !l ? '' : changed ? CHANGED : l.id;
    deleteBtn.disabled = !l;
    updateBtn.disabled = !l;
  }

  // Two saved-list queries alike, whatever the order of their parameters.
  function sameQuery(a, b) {
    const norm = (q) => [...new URLSearchParams(q)].map(([k, v]) => `${k}=${v}`).sort().join('&');
    return norm(a) === norm(b);
  }

  // A page opened at a saved list's address (reloaded, a bookmark, come back to the next day) shows that list
  // chosen in the menu, so that "Save changes" goes on with it rather than a second list being saved; the columns
  // shown count as those it was opened with, so that changing a filter leaves its columns as they are.
  async function chooseSavedOfAddress() {
    await refreshSaved();
    if (chosen) return;
    const q = api.toQuery(listParams());
    const sort = q.get('sort') || 'relevance';
    q.delete('sort'); q.delete('region_path');
    const l = (savedSel.lists || []).find((x) => sameQuery(x.query || '', q) && (x.sort || 'relevance') === sort);
    if (!l) return;
    selectSaved(l.id);
    openedColumns = { id: l.id, columns: [...columns] };
  }

  async function deleteSaved() {
    const l = (savedSel.lists || []).find((x) => x.id === chosen);
    if (!l || !window.confirm(`Delete the saved list “${l.name}”? The customers in it are not touched.`)) return;
    try {
      await api.deleteList(l.id);
      announce(`Saved list “${l.name}” deleted`);
      chosen = null;
      refreshSaved();
    } catch (err) { saveMsg.replaceChildren(errorBox(err)); }
  }

  function loadSaved(id) {
    const l = (savedSel.lists || []).find((x) => x.id === id);
    if (!l) return;
    chosen = l.id;
    for (const k of [...new Set(state.keys())]) state.delete(k);
    new URLSearchParams(l.query || '').forEach((v, k) => state.append(k, v));
    if (l.sort) state.set('sort', l.sort);
    if (Array.isArray(l.columns)) {
      columns = columnsOfExport(l.columns, columns);
      drawColumns();
    }
    openedColumns = { id: l.id, columns: [...columns] };
    // A list saved here with a purchase window holds the "at least one purchase in it" that listParams() adds: it
    // is added again from the window, not kept as a filter of its own (whose chip, left after the window is
    // removed, would ask for a period).
    if (state.getAll('purchases_min').join() === '1' && !state.has('spent_min')
      && ['spent_within', 'spent_from', 'spent_to'].some((k) => state.has(k))) state.delete('purchases_min');
    pushQuery(state);
    reload();
  }

  async function updateSaved() {
    const l = (savedSel.lists || []).find((x) => x.id === chosen);
    if (!l) return;
    const q = api.toQuery(listParams());
    const sort = q.get('sort');
    q.delete('sort'); q.delete('region_path');
    try {
      const opened = openedColumns && openedColumns.id === l.id ? openedColumns.columns : null;
      await api.updateList(l.id, l.name, q.toString(), sort, savedColumnsOf(l.columns, opened, columns));
      openedColumns = { id: l.id, columns: [...columns] };
      saveMsg.textContent = `Saved the changes to “${l.name}”.`;
      announce(saveMsg.textContent);
      await refreshSaved();
    } catch (err) { saveMsg.replaceChildren(errorBox(err)); }
  }

  async function save(e) {
    e.preventDefault();
    const name = saveName.value.trim();
    if (!name) { saveMsg.textContent = 'Give the list a name.'; saveName.focus(); return; }
    const q = api.toQuery(listParams());
    const sort = q.get('sort');
    q.delete('sort'); q.delete('region_path');
    try {
      const made = await api.saveList(name, q.toString(), sort, exportColumnsOf(columns));
      saveMsg.textContent = `Saved “${name}”.`;
      saveName.value = '';
      // The menu shows the list just saved, and "Save changes" goes on with it.
      chosen = made.id;
      openedColumns = { id: made.id, columns: [...columns] };
      await refreshSaved();
    } catch (err) { saveMsg.replaceChildren(errorBox(err)); }
  }
}

/**
 * The currency to show the list's sums in, and a note, when no base currency is configured (the answer's
 * spend_currency is null). Sums are not converted then, and the API does not say which
 * currencies a list's purchases are in: a currency is shown only when the whole list is on this page and all its
 * purchases are in that one; of a longer list only the rows read so far are known, so none is claimed.
 */
function currencyNote(rows, whole) {
  const codes = new Set(rows.flatMap((c) => (c.purchases || []).map((p) => p.currency)).filter(Boolean));
  if (!codes.size) return { cur: null, note: '' };
  if (!whole) return { cur: null, note: ' (amounts added as they are, currencies not converted)' };
  if (codes.size === 1) return { cur: [...codes][0], note: '' };
  return { cur: null, note: ' (mixed currencies, not converted)' };
}

function valueLabel(dim, v) {
  if (dim === 'consent') return { given: 'given', not_given: 'not given', unknown: 'unknown' }[v] || v;
  if (dim === 'opted_out') return v === 'true' ? 'yes' : v === 'false' ? 'no' : v;
  if (dim === 'spent_within') return (WINDOWS.find(([w]) => w === v) || [v, v])[1];
  if (dim === 'last_purchase') return { '30d': 'last 30 days', '90d': 'last 90 days', '365d': 'last year', older: 'longer ago', never: 'never' }[v] || v;
  if (dim === 'spend') return v.endsWith('+') ? `${v.slice(0, -1)} or more` : v.replace('-', '–');
  // A day as the browser writes dates; an instant (an import's run: updated_from/_to) as it writes times.
  if (/^(created|updated)_(from|to)$/.test(dim)) return /T/i.test(v) ? fmtDateTime(v) : fmtDate(v);
  if (dim === 'place') {
    const [country, region, ...city] = String(v).split('/');
    return city.length ? `${city.join('/')} (${region}, ${country})` : [country, region].filter(Boolean).join(' › ');
  }
  return String(v).replace(/_/g, ' ');
}

/** A field's value in the edit preview: a list as its items, nothing as a dash. */
function shown(v) {
  if (v === null || v === undefined || (Array.isArray(v) && !v.length)) return '—';
  return Array.isArray(v) ? v.join(', ') : String(v);
}
