// #/new — a customer added by hand: the card's fields, the customers already stored who match what is typed
// (POST /api/duplicates/check, as the name, company, e-mail or phone changes), and a warning before a duplicate is
// created (the create asks the server to refuse one; "Create anyway" creates it after all).
import * as api from './api.js';
import { h, mount, displayName, errorBox, announce, keyNote, debounce } from './dom.js';
import { FIELDS, fieldInput, fromInput, showErrors, checkedBeforeSending, setPath } from './customer.js';

/** Fields whose change asks again who matches (the ones duplicate matching compares). */
const MATCHED = new Set(['kind', 'first_name', 'last_name', 'company', 'emails', 'phones', 'birthday', 'website',
  'address.street', 'address.postal_code', 'address.city', 'address.country']);

/** The evidence of a match, in words: how a field of the typed customer relates to the stored one's. */
const AGREEMENT = { exact: 'same', transliteration: 'same in another script', nickname: 'nickname',
  initial: 'initial', swapped: 'swapped', partial: 'partly the same', fuzzy: 'similar' };

export function render(main, query) {
  const inputs = new Map();
  const form = h('form.card-form#new-form', { novalidate: true, 'aria-labelledby': 'new-title' });
  for (const g of FIELDS) {
    const fs = h('fieldset', h('legend', g.group));
    for (const [path, label, type = 'text', options] of g.fields) {
      const { input, err, field } = fieldInput(path, label, type, options, '');
      inputs.set(path, { input, type, err });
      fs.append(field);
    }
    form.append(fs);
  }
  // What was typed lives in this page's history entry: a match opened to look at it, then Back, finds the form as
  // it was left. A new visit (the header link, a search's "Add …") is a new entry, with an empty form.
  const kept = history.state && history.state.newCustomer;
  if (kept) {
    for (const [path, value] of Object.entries(kept)) {
      const f = inputs.get(path);
      if (f) f.input.value = value;
    }
  } else {
    prefill(inputs, (query.get('q') || '').trim());
  }
  // What the form held when it opened: a name carried over from the search box is not typing to lose, but what was
  // typed and kept in the history entry (Back from a match) is.
  const opened = new Map([...inputs].map(([path, { input }]) => [path, kept ? '' : input.value]));
  let stored = false; // created: the form has nothing left to lose
  const keep = () => {
    if (!location.hash.startsWith('#/new')) return;
    const typed = {};
    for (const [path, { input }] of inputs) if (input.value) typed[path] = input.value;
    history.replaceState({ ...(history.state || {}), newCustomer: typed }, '');
  };

  const matches = h('div#new-duplicates', { 'aria-live': 'polite' },
    h('p.muted', 'Type a name, company, e-mail or phone number: customers already stored who match are listed here.'));
  const formError = h('div', { id: 'form-error' });
  const createBtn = h('button#create-btn.needs-editor', { type: 'submit' }, 'Create customer');
  form.append(formError, h('div.actions', createBtn));

  const controller = new AbortController();
  let anyway = false; // the user saw the matches of a refused create and chose to create the customer after all
  let asked = 0;

  const check = debounce(async () => {
    const body = draft(inputs);
    if (!identifying(body)) {
      mount(matches, h('p.muted', 'Type a name, company, e-mail or phone number: customers already stored who '
        + 'match are listed here.'));
      return;
    }
    const mine = ++asked;
    try {
      const res = await api.checkDuplicates(body, controller.signal);
      if (mine === asked && !controller.signal.aborted) showMatches(res.duplicates || []);
    } catch (e) {
      if (e.name === 'AbortError' || controller.signal.aborted || mine !== asked) return;
      mount(matches, h('p.muted', `Could not look for matches: ${e.message}`));
    }
  }, 350);

  function showMatches(list) {
    if (!list.length) {
      mount(matches, h('p.muted#no-matches', 'No stored customer matches so far.'));
      return;
    }
    mount(matches, h('p', `${list.length} stored customer${list.length === 1 ? '' : 's'} ${list.length === 1
      ? 'matches' : 'match'}: open one instead of adding a duplicate.`),
    h('ul.new-matches', list.map((d) => {
      const c = d.customer || {};
      const evidence = (d.fields || []).filter((f) => AGREEMENT[f.agreement])
        .map((f) => `${f.field.replace(/_/g, ' ')} ${AGREEMENT[f.agreement]}`);
      return h('li', { dataset: { id: c.id, decision: d.decision } },
        h('a', { href: `#/customer/${encodeURIComponent(c.id)}` }, displayName(c)), ' ',
        h(`span.badge.${d.decision === 'likely' ? 'bad' : 'possible'}`, `${d.decision} · ${Math.round(d.score * 100)}%`),
        h('div.muted', [c.company, (c.emails || [])[0], (c.phones || [])[0], c.address && c.address.city]
          .filter(Boolean).join(' · ')),
        evidence.length ? h('div.muted', evidence.join(', ')) : null);
    })));
  }

  form.addEventListener('input', (e) => {
    keep();
    if (!MATCHED.has(e.target.name)) return;
    if (anyway) {
      anyway = false;
      createBtn.textContent = 'Create customer';
      mount(formError);
    }
    check();
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    mount(formError);
    if (!checkedBeforeSending(inputs, 'Not created')) return;
    const body = draft(inputs);
    if (!identifying(body)) {
      mount(formError, errorBox({ message: 'Type at least a name, a company, an e-mail address or a phone number.' }));
      inputs.get('first_name').input.focus();
      announce('Not created: nothing to tell the customer by');
      return;
    }
    createBtn.disabled = true;
    try {
      const created = await api.createCustomer(body, anyway ? null : 'refuse');
      announce(`${displayName(created)} created`);
      // Back from the new card comes to an empty form, not to one that would create the customer again.
      history.replaceState({ ...(history.state || {}), newCustomer: null }, '');
      stored = true;
      location.hash = `#/customer/${encodeURIComponent(created.id)}`;
    } catch (err) {
      createBtn.disabled = false;
      if (err.status === 409 && Array.isArray(err.problem.duplicates)) {
        check.cancel();
        asked++;
        showMatches(err.problem.duplicates);
        anyway = true;
        createBtn.textContent = 'Create anyway';
        // The matches are named here, next to the button: "Already stored?" is beside the form on a wide screen
        // but under all of it on a phone.
        mount(formError, h('div.error#duplicate-warning', { role: 'alert' },
          h('strong', 'Not created yet: this looks like a customer already stored.'),
          h('ul', err.problem.duplicates.slice(0, 3).map((d) => h('li',
            h('a', { href: `#/customer/${encodeURIComponent((d.customer || {}).id)}` }, displayName(d.customer)),
            ` (${d.decision}, ${Math.round(d.score * 100)}%)`))),
          h('p', 'Open the matching customer to update it, or press “Create anyway” to add a new customer all the '
            + 'same.')));
        createBtn.focus();
        announce('Not created: possible duplicate');
        return;
      }
      showErrors(err, inputs, formError, body);
    }
  });

  mount(main,
    h('div.card-head', h('h1#new-title', 'New customer')),
    keyNote('Adding a customer'),
    h('div.card-grid',
      h('section.panel', { 'aria-labelledby': 'new-edit-h' }, h('h2#new-edit-h', 'Details'), form),
      h('div.side', h('section.panel', { 'aria-labelledby': 'new-dup-h' },
        h('h2#new-dup-h', 'Already stored?'), matches))));
  if (query.get('q') || kept) check();
  const first = [...inputs.values()].find(({ input }) => input.value) || inputs.get('first_name');
  first.input.focus();
  return {
    leave() { controller.abort(); check.cancel(); },
    // Another page of the UI loses nothing (the history entry keeps the form, and Back brings it back), but closing
    // the tab does: only then is it said.
    unsaved({ closing = false } = {}) {
      if (!closing || stored) return null;
      const n = [...inputs].filter(([path, { input }]) => input.value !== opened.get(path)).length;
      return n ? `The new customer typed into ${n} field${n === 1 ? '' : 's'} is not created.` : null;
    },
  };
}

/** The body of the create: every field typed, nested as the API has it (address.city → {address: {city}}). */
function draft(inputs) {
  const body = {};
  for (const [path, { input, type }] of inputs) {
    const v = fromInput(type, input.value);
    if (v === null || (Array.isArray(v) && !v.length)) continue;
    setPath(body, path, v);
  }
  return body;
}

const identifying = (b) => !!(b.first_name || b.last_name || b.company || (b.emails || []).length
  || (b.phones || []).length);

/**
 * What the search box held when it found nobody, put where it belongs: an e-mail address, a phone number, or a
 * name (the last word the last name, as people say them).
 */
function prefill(inputs, q) {
  if (!q) return;
  if (q.includes('@')) {
    inputs.get('emails').input.value = q;
  } else if (/^[+(]?\d[\d\s()\-/.]{4,}$/.test(q)) {
    inputs.get('phones').input.value = q;
  } else {
    const words = q.split(/\s+/);
    if (words.length > 1) inputs.get('first_name').input.value = words.slice(0, -1).join(' ');
    inputs.get('last_name').input.value = words[words.length - 1];
  }
}
