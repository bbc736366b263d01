// #/customer/{id} — the customer card: all fields (editable, validated by the API), purchases with a spend-over-
// time chart, consent state, record metadata, duplicates of this customer, export.
import * as api from './api.js';
import { h, mount, displayName, errorBox, fmtMoney, fmtInt, fmtDate, fmtDateTime, announce, currencyOf, keyNote,
  keyedDownload, telHref } from './dom.js';
import { spendChart } from './chart.js';

const KINDS = ['person', 'company'];
const GENDERS = ['female', 'male', 'diverse'];
const CHANNELS = ['email', 'phone', 'sms', 'post', 'in_person'];

/** Why a record is probably the same person (GET /api/customers/{id}/related), as the erase confirmation says it. */
const REASONS = {
  email: 'same e-mail', phone: 'same phone', external_id: 'had its external id',
  likely_duplicate: 'likely duplicate', pending_pair: 'in duplicate review',
  possible_duplicate: 'possible duplicate', dismissed_pair: 'dismissed as a duplicate',
};
// Reasons that alone make the record very likely the same person: its box is ticked to start with.
const STRONG = new Set(['email', 'phone', 'external_id', 'likely_duplicate']);
// More records than this holding the e-mail or phone the two share make it a firm's (a switchboard), not a person's.
const SHARED_BY_MANY = 3;

/**
 * Why a related record's box starts unticked though it shares an e-mail or phone: the contact is a firm's info@ or
 * held by many records, so it joins colleagues rather than one person's records. Null when that is not so.
 */
function sharedContactNote(r) {
  if (!r.reasons.some((x) => x === 'email' || x === 'phone')) return null;
  if (r.role_address) return `a firm's address like info@, shared by ${fmtInt(r.shared_by)} records`;
  if (r.shared_by > SHARED_BY_MANY) return `shared by ${fmtInt(r.shared_by)} records`;
  return null;
}

/** Whether a related record is very likely the same person: its erase box is ticked to start with. */
function likelySamePerson(r) {
  if (r.reasons.some((x) => x === 'external_id' || x === 'likely_duplicate')) return true;
  return r.reasons.some((x) => STRONG.has(x)) && !sharedContactNote(r);
}

/** The editable fields: JSON path, label, input type. */
export const FIELDS = [
  { group: 'Identity', fields: [
    ['kind', 'Kind', 'select', KINDS], ['first_name', 'First name'], ['last_name', 'Last name'],
    ['company', 'Company'], ['position', 'Position'], ['birthday', 'Birthday', 'date'],
    ['gender', 'Gender', 'select', GENDERS], ['language', 'Language'], ['external_id', 'External id'],
  ] },
  { group: 'Contact', fields: [
    ['emails', 'E-mail addresses (one per line)', 'list'], ['phones', 'Phone numbers (one per line)', 'list'],
    ['preferred_channel', 'Preferred channel', 'select', CHANNELS], ['contact_hours', 'Contact hours'],
    ['website', 'Website'],
  ] },
  { group: 'Address', fields: [
    ['address.street', 'Street'], ['address.postal_code', 'Postal code'], ['address.city', 'City'],
    ['address.region', 'Region'], ['address.country', 'Country (ISO code)'],
  ] },
  { group: 'Business', fields: [
    ['industry', 'Industry'], ['rep', 'Sales rep'], ['funnel_stage', 'Funnel stage'], ['source', 'Source'],
    ['tags', 'Tags (comma-separated)', 'tags'], ['notes', 'Notes', 'textarea'],
  ] },
  { group: 'Consent', fields: [
    ['consent.given', 'Consent to contact', 'bool'], ['consent.date', 'Consent recorded on', 'date'],
    ['marketing_opt_out.value', 'Opted out of marketing', 'bool'], ['marketing_opt_out.date', 'Opted out on', 'date'],
  ] },
];

export const getPath = (obj, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);

/** Sets a dotted path in an object, making the objects on the way (address.city → {address: {city}}). */
export function setPath(obj, path, v) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] = o[k] || {};
  o[keys[keys.length - 1]] = v;
}

export function toInput(type, v) {
  if (v === null || v === undefined) return '';
  if (type === 'list') return v.join('\n');
  if (type === 'tags') return v.join(', ');
  if (type === 'bool') return v === true ? 'true' : v === false ? 'false' : '';
  return String(v);
}

export function fromInput(type, s) {
  if (type === 'list') return s.split('\n').map((x) => x.trim()).filter(Boolean);
  if (type === 'tags') return s.split(',').map((x) => x.trim()).filter(Boolean);
  if (type === 'bool') return s === 'true' ? true : s === 'false' ? false : null;
  const t = s.trim();
  return t === '' ? null : t;
}

/** One labelled input of the form (its id is f-<path>, dots as dashes), with its error line under it. */
export function fieldInput(path, label, type, options, value) {
  const fid = `f-${path.replace(/\./g, '-')}`;
  let input;
  if (type === 'select' || type === 'bool') {
    const opts = type === 'bool' ? [['', 'unknown'], ['true', 'yes'], ['false', 'no']]
      : [['', '—'], ...options.map((o) => [o, o.replace('_', ' ')])];
    input = h('select', { id: fid, name: path }, opts.map(([v, t]) => h('option', { value: v }, t)));
    input.value = value;
  } else if (type === 'list' || type === 'textarea') {
    input = h('textarea', { id: fid, name: path, rows: type === 'list' ? 2 : 3 });
    input.value = value;
  } else {
    input = h('input', { id: fid, name: path, type: type === 'date' ? 'date' : 'text', value });
  }
  const err = h('span.field-error', { id: `${fid}-err` });
  input.setAttribute('aria-describedby', err.id);
  return { input, err, field: h('div.field', h('label', { for: fid }, label), input, err) };
}

/**
 * Clears the fields' earlier errors, then refuses a date typed only in part (day and month, no year): it reads as an
 * empty value, and sent, it would clear the stored date without a word. Said next to the field; false then.
 */
export function checkedBeforeSending(inputs, notDone) {
  for (const { input, err } of inputs.values()) { err.textContent = ''; input.removeAttribute('aria-invalid'); }
  const partial = [...inputs.values()].filter(({ input }) => input.validity && input.validity.badInput);
  for (const { input, err } of partial) {
    err.textContent = 'Incomplete date: enter day, month and year, or clear the field.';
    input.setAttribute('aria-invalid', 'true');
  }
  if (!partial.length) return true;
  partial[0].input.focus();
  announce(`${notDone}: a date is incomplete`);
  return false;
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The customer's addresses and numbers as links to write or call at once (mailto:, tel:) and the website, above the
 * card: the details below are for editing. Null when there are none.
 */
function reachLinks(c) {
  const links = [];
  for (const e of c.emails || []) links.push(h('a', { href: `mailto:${e}` }, e));
  for (const p of c.phones || []) links.push(h('a', { href: telHref(p) }, p));
  if (c.website && /^https?:\/\//i.test(c.website)) {
    links.push(h('a', { href: c.website, target: '_blank', rel: 'noopener noreferrer' },
      c.website.replace(/^https?:\/\/(www\.)?/i, '')));
  }
  if (!links.length) return null;
  return h('p.reach#reach', links.flatMap((a, i) => (i ? [' · ', a] : [a])));
}

/**
 * The lifetime spend. With a base currency (spend_currency) it is a sum of converted amounts: the badge names the
 * currencies it was converted from, so that "€1,300" over purchases made in forints is not read as euros paid;
 * amounts in a currency without a rate are named as not counted.
 */
function spendBadge(c) {
  if (!c.spend_currency) {
    return h('span.badge#lifetime-spend', `Lifetime spend ${fmtMoney(c.lifetime_spend, currencyOf(c.purchases))}`
      + (currencyOf(c.purchases) || !(c.purchases || []).length ? '' : ' (mixed currencies, not converted)'));
  }
  const uncounted = c.uncounted_spend || [];
  const notCounted = new Set(uncounted.map((m) => m.currency));
  const converted = [...new Set((c.purchases || []).map((p) => p.currency)
    .filter((code) => code && code !== c.spend_currency && !notCounted.has(code)))].sort();
  const notes = [];
  if (converted.length) notes.push(`converted from ${converted.join(', ')}`);
  if (uncounted.length) {
    notes.push(`not counted, no rate: ${uncounted.map((m) => fmtMoney(m.amount, m.currency)).join(', ')}`);
  }
  return h('span.badge#lifetime-spend', {
    title: converted.length
      ? `In ${c.spend_currency}, the base currency: purchases in ${converted.join(', ')} are converted at the `
        + 'rates the server is configured with, each purchase on its own.'
      : `In ${c.spend_currency}, the base currency.`,
  }, `Lifetime spend ${fmtMoney(c.lifetime_spend, c.spend_currency)}`
    + (notes.length ? ` (${notes.join('; ')})` : ''));
}

export function render(main, _query, id) {
  let state = null; // {customer, etag}
  let shownInputs = new Map(); // the details' inputs on screen: path → {input, type, err}
  let gone = false; // left for another page: an answer arriving later must not draw the card over that page
  const view = {
    leave() { gone = true; },
    // What leaving now would lose (the router asks first): the details typed and not saved.
    unsaved() {
      if (!state) return null;
      const n = [...unsaved().keys()].filter((path) => shownInputs.get(path).input.isConnected).length;
      return n ? `The change${n === 1 ? '' : 's'} typed into ${n} field${n === 1 ? '' : 's'} of this customer `
        + `${n === 1 ? 'is' : 'are'} not saved.` : null;
    },
  };
  const show = (...children) => { if (!gone) mount(main, ...children); };
  show(h('p', 'Loading…'));
  load();
  return view;

  async function load(message) {
    try {
      state = await api.customer(id);
      draw(message);
    } catch (e) {
      if (e.status === 404 && await drawDeleted()) return;
      const into = e.status === 410 && e.problem.merged_into;
      show(h('h1', 'Customer'), into
        ? h('p', 'This customer was merged into ', h('a', { href: `#/customer/${encodeURIComponent(into)}` },
          'another record'), '.')
        : errorBox(e.status === 404 ? { message: `No customer ${id}` } : e));
    }
  }

  // A deleted customer keeps its earlier versions: the card says so and offers them back (a restore revives it).
  async function drawDeleted() {
    let res;
    try {
      res = await api.customerHistory(id);
    } catch {
      return false;
    }
    const versions = res.versions || [];
    if (res.current || !versions.length) return false;
    show(
      h('div.card-head', h('h1#card-title', displayName(versions[0])), h('p.sub', 'Deleted')),
      h('p.note#deleted-note', 'This customer was deleted. Restore a version below to make it current again.'),
      keyNote('Restoring this customer'),
      h('section.panel', { 'aria-labelledby': 'hist-h' }, h('h2#hist-h', 'History of changes'),
        historyOf({ id }, restored)),
      privacyPanel(displayName(versions[0])));
    return true;
  }

  // A version restored: the card is read again and says so (a reload of the page said nothing, and lost what was
  // typed into the purchase form and the place on the page).
  function restored(version) {
    announce(`Version ${version} restored`);
    load(`Version ${version} restored`);
  }

  // GDPR (admin keys): everything held about the person as one file, and erasure, which cannot be undone.
  function privacyPanel(name) {
    const out = h('div', { id: 'erase-result' });
    const link = h('a#subject-access', { href: api.subjectAccessUrl(id), download: '' },
      'Download everything held about this person');
    link.onclick = keyedDownload(link, `subject-access-${id}.json`);
    const confirmBox = h('div', { id: 'erase-confirm-box' });
    const eraseBtn = h('button#erase-btn.secondary.danger', { type: 'button',
      onclick: () => askErase(eraseBtn, confirmBox, out, name) }, 'Erase permanently…');
    return h('section.panel.needs-admin', { 'aria-labelledby': 'gdpr-h' }, h('h2#gdpr-h', 'Personal data (GDPR)'),
      h('p.help', 'For a request from the person (admin key). The file holds the record, its earlier versions, '
        + 'duplicate reviews and the audit entries about them. Erasure removes all of it, and records merged into '
        + 'this one, for good: nothing can restore it, and a later import or backup will not bring it back.'),
      h('p', link), h('div.actions', eraseBtn), confirmBox, out);
  }

  // The confirmation lists the person's other records (GET /related), so a request about the person erases all
  // of them at once; those very likely the same person are ticked, possible ones are left for the admin to judge.
  async function askErase(button, box, out, name) {
    button.disabled = true;
    mount(out);
    let related;
    try {
      related = (await api.relatedRecords(id)).records || [];
    } catch (err) {
      button.disabled = false;
      mount(out, errorBox(err));
      return;
    }
    const boxes = related.map((r) => h('input', { type: 'checkbox', id: `erase-also-${r.id}`, value: r.id,
      checked: likelySamePerson(r), onchange: () => count() }));
    const go = h('button#erase-confirm-btn.danger', { type: 'button', onclick: () => erase(boxes, box, out, name) });
    const count = () => {
      const n = 1 + boxes.filter((b) => b.checked).length;
      go.textContent = n === 1 ? 'Erase this record permanently' : `Erase these ${n} records permanently`;
    };
    count();
    const cancel = h('button.secondary', { type: 'button',
      onclick: () => { mount(box); button.disabled = false; button.focus(); } }, 'Cancel');
    const list = related.length
      ? h('fieldset#erase-related', h('legend', 'Other records that are probably the same person — erase them too? '
        + '(A name opens its card in a new tab.)'),
        // Each record's card opens in a new tab, so that looking at it keeps this confirmation and its ticks (the
        // same-origin tab is given its opener, which makes it inherit the sign-in kept in this tab's session).
        related.map((r, i) => h('div.field.inline',
          boxes[i],
          h('label', { for: `erase-also-${r.id}` },
            h('a', { href: `#/customer/${encodeURIComponent(r.id)}`, target: '_blank', rel: 'opener' },
              r.display_name || r.id),
            ` — ${r.reasons.map((x) => REASONS[x] || x).join(', ')}`
              + (r.score != null ? ` (score ${Math.round(r.score * 100)}%)` : '')
              + (r.deleted ? ', deleted' : '')
              + (sharedContactNote(r) ? `; not ticked: ${sharedContactNote(r)}` : '')))))
      : h('p.help#erase-no-related', 'No other record of this person was found (same e-mail, phone or external id, '
        + 'or a likely duplicate).');
    mount(box, h('div.note#erase-confirm', { role: 'alertdialog', 'aria-labelledby': 'erase-confirm-h' },
      h('p#erase-confirm-h', `Erase ${name} permanently? The record, its history and its duplicate reviews are `
        + 'removed for good and cannot be restored. Delete it instead if it may be needed again.'),
      list, h('div.actions', cancel, go)));
    go.focus();
  }

  async function erase(boxes, box, out, name) {
    const also = boxes.filter((b) => b.checked).map((b) => b.value);
    box.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    try {
      const r = await api.eraseCustomer(id, also);
      const merged = (r.also_erased || []).length;
      const others = (r.related_erased || []).length;
      show(h('h1', 'Customer erased'),
        h('p.note#erased-note', { role: 'status' }, `${name} was erased at ${fmtDateTime(r.erased_at)}`
          + (others ? `, with ${others} other record${others === 1 ? '' : 's'} of the person` : '')
          + (merged ? `, with ${merged} record${merged === 1 ? '' : 's'} merged into ${others ? 'them' : 'it'} earlier`
            : '')
          + '. It is gone from searches, lists and history; '
          + (r.files_purged ? 'the index files no longer hold it.'
            : 'the index files are rewritten in the background, which takes a few seconds to a minute.')),
        h('p', h('a', { href: '#/' }, 'Back to search')));
      announce(`${name} erased`);
    } catch (err) {
      box.querySelectorAll('button').forEach((b) => { b.disabled = false; });
      mount(out, errorBox(err));
      announce(`Not erased: ${err.message}`);
    }
  }

  async function remove(button, formError) {
    const c = state.customer;
    if (!window.confirm(`Delete ${displayName(c)}? The customer leaves searches and lists; its history stays, `
      + 'and it can be restored from there.')) return;
    button.disabled = true;
    try {
      await api.deleteCustomer(id, state.etag);
      announce(`${displayName(c)} deleted`);
      await load();
    } catch (err) {
      button.disabled = false;
      mount(formError, errorBox(err.status === 412
        ? { message: 'Someone else changed this customer meanwhile. Discard to load the current version.' } : err));
      announce(`Not deleted: ${err.message}`);
    }
  }

  // After a 412: the current version, with what this user typed put back on top of it. A field both changed is
  // marked with the other person's value, for the user to decide before saving again.
  async function rebase(typed, edited) {
    try {
      state = await api.customer(id);
    } catch (e) {
      load();
      return;
    }
    const clashes = [];
    for (const [path, { raw, type }] of typed) {
      const theirs = getPath(state.customer, path);
      const base = getPath(edited, path);
      if (!same(fromInput(type, toInput(type, theirs)), fromInput(type, toInput(type, base)))) {
        clashes.push({ path, theirs: toInput(type, theirs) });
      }
    }
    draw(clashes.length
      ? `Their version is loaded with your changes on top. ${clashes.length} field${clashes.length === 1 ? '' : 's'} `
        + 'they changed too '+ (clashes.length === 1 ? 'is' : 'are') + ' marked: check, then save.'
      : 'Their version is loaded with your changes on top: save to keep them.', typed, clashes);
  }

  // What is typed into the details but not saved: kept when the card is drawn again after a purchase changed.
  function unsaved() {
    const typed = new Map();
    for (const [path, { input, type }] of shownInputs) {
      if (input.value !== toInput(type, getPath(state.customer, path))) typed.set(path, { raw: input.value, type });
    }
    return typed;
  }

  // Recording a sale: appended on the server under the customer's lock (no version needed); the card is drawn
  // again from the answer, keeping what was typed into the details and not saved yet.
  function purchaseForm(c) {
    const now = new Date();
    const today = new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10); // local
    const date = h('input#p-date', { type: 'date', name: 'date', value: today, required: true });
    const product = h('input#p-product', { type: 'text', name: 'product' });
    const amount = h('input#p-amount', { type: 'text', name: 'amount', inputmode: 'decimal', required: true });
    const currency = h('input#p-currency', { type: 'text', name: 'currency', maxlength: 3, size: 4,
      value: currencyOf(c.purchases) || c.spend_currency || '' });
    const out = h('div#purchase-error');
    const form = h('form.purchase-form.needs-editor', { novalidate: true, 'aria-labelledby': 'p-h' },
      h('h3#p-h', 'Record a purchase'),
      h('div.purchase-fields',
        h('div.field', h('label', { for: 'p-date' }, 'Date'), date),
        h('div.field', h('label', { for: 'p-product' }, 'Product'), product),
        h('div.field', h('label', { for: 'p-amount' }, 'Amount'), amount),
        h('div.field', h('label', { for: 'p-currency' }, 'Currency'), currency)),
      out, h('div.actions', h('button#p-add', { type: 'submit' }, 'Add purchase')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      mount(out);
      // 39,90 as typed in Hungary or Germany is 39.90; spaces between thousands are left out.
      const typed = amount.value.trim().replace(/\s/g, '').replace(',', '.');
      if (!/^\d+(\.\d+)?$/.test(typed) || !date.value) {
        mount(out, errorBox({ message: !date.value ? 'Enter the date of the purchase.'
          : 'Enter the amount as a number, such as 39.90.' }));
        (date.value ? amount : date).focus();
        return;
      }
      const button = form.querySelector('button');
      button.disabled = true;
      try {
        const keep = unsaved();
        state = await api.addPurchase(id, { date: date.value, product: product.value.trim() || null,
          amount: Number(typed), currency: currency.value.trim().toUpperCase() || null });
        draw('Purchase recorded', keep);
        announce('Purchase recorded');
      } catch (err) {
        button.disabled = false;
        mount(out, errorBox(err));
        announce(`Not recorded: ${err.message}`);
      }
    });
    return form;
  }

  async function removePurchase(button, p) {
    const c = state.customer;
    if (!window.confirm(`Remove the purchase of ${fmtDate(p.date)}${p.product ? ` (${p.product})` : ''}, `
      + `${fmtMoney(p.amount, p.currency)}? The earlier version stays in the history.`)) return;
    button.disabled = true;
    const rest = [...(c.purchases || [])];
    rest.splice(rest.indexOf(p), 1);
    try {
      const keep = unsaved();
      state = await api.patchCustomer(id, { purchases: rest }, state.etag);
      draw('Purchase removed', keep);
      announce('Purchase removed');
    } catch (err) {
      button.disabled = false;
      mount(document.getElementById('purchase-error'), errorBox(err.status === 412
        ? { message: 'Not removed: someone else changed this customer meanwhile. Discard to load the current '
          + 'version, then remove the purchase again.' } : err));
      announce(`Not removed: ${err.message}`);
    }
  }

  function draw(message, typed, clashes) {
    const c = state.customer;
    const inputs = new Map();
    const form = h('form.card-form', { novalidate: true, 'aria-labelledby': 'card-title' });
    for (const g of FIELDS) {
      const fs = h('fieldset', h('legend', g.group));
      for (const [path, label, type = 'text', options] of g.fields) {
        const { input, err, field } = fieldInput(path, label, type, options, toInput(type, getPath(c, path)));
        // A key that may only read sees the fields as text it can select and copy, not as inputs it could change.
        if (document.body.dataset.role === 'reader') {
          if (input.tagName === 'SELECT') input.disabled = true; else input.readOnly = true;
        }
        if (typed && typed.has(path)) {
          input.value = typed.get(path).raw; // what the user typed, kept over the version loaded after a 412
          const clash = (clashes || []).find((x) => x.path === path);
          if (clash) {
            err.textContent = `Also changed by someone else meanwhile, to: ${clash.theirs || '(empty)'}`;
            input.setAttribute('aria-invalid', 'true');
            input.classList.add('clash');
          }
        }
        inputs.set(path, { input, type, err });
        fs.append(field);
      }
      form.append(fs);
    }
    shownInputs = inputs;
    const formError = h('div', { id: 'form-error' });
    const saveBtn = h('button.needs-editor', { type: 'submit' }, 'Save changes');
    const resetBtn = h('button.secondary.needs-editor', { type: 'button', onclick: () => load() }, 'Discard');
    const deleteBtn = h('button#delete-btn.secondary.danger.needs-editor', { type: 'button',
      onclick: () => remove(deleteBtn, formError) }, 'Delete customer');
    form.append(formError, h('div.actions', saveBtn, resetBtn, h('span.saved', { role: 'status' }, message || ''),
      deleteBtn));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      mount(formError);
      if (!checkedBeforeSending(inputs, 'Not saved')) return;
      const patch = {};
      const typedNow = new Map(); // path → what was typed, to keep after a 412
      for (const [path, { input, type }] of inputs) {
        const v = fromInput(type, input.value);
        if (same(v, getPath(c, path)) || (v === null && getPath(c, path) === undefined)) continue;
        if ((type === 'list' || type === 'tags') && v.length === 0 && (getPath(c, path) || []).length === 0) continue;
        typedNow.set(path, { raw: input.value, type });
        setPath(patch, path, v);
      }
      if (!Object.keys(patch).length) { announce('Nothing changed'); return; }
      saveBtn.disabled = true;
      try {
        state = await api.patchCustomer(id, patch, state.etag);
        draw('Saved');
        announce('Saved');
      } catch (err) {
        saveBtn.disabled = false;
        if (err.status === 412) {
          // Someone saved first. Nothing typed is lost: load theirs and put these changes back on top.
          const keep = h('button#keep-mine', { type: 'button', onclick: () => rebase(typedNow, c) },
            'Load their version and keep my changes');
          mount(formError, h('div.error', { role: 'alert' },
            h('p', 'Not saved: someone else changed this customer meanwhile. Your changes are still here.'),
            h('div.actions', keep, h('button.secondary', { type: 'button', onclick: () => load() },
              'Discard mine and load theirs'))));
          keep.focus();
          announce('Not saved: someone else changed this customer meanwhile');
          return;
        }
        showErrors(err, inputs, formError, patch);
      }
    });

    const purchases = [...(c.purchases || [])].sort((a, b) => String(b.date).localeCompare(String(a.date)));
    show(
      h('div.card-head',
        h('h1#card-title', displayName(c)),
        h('p.sub', [c.kind, c.company && c.kind !== 'company' ? c.company : null, c.address && c.address.city]
          .filter(Boolean).join(' · ')),
        reachLinks(c),
        h('div.badges',
          consentBadge(c),
          spendBadge(c),
          h('span.badge', `${fmtInt(c.purchase_count)} purchases`))),
      keyNote('Changing this customer'),
      h('div.card-grid',
        h('section.panel', { 'aria-labelledby': 'edit-h' }, h('h2#edit-h', 'Details'), form),
        h('div.side',
          h('section.panel', { 'aria-labelledby': 'spend-h' }, h('h2#spend-h', 'Spend over time'),
            spendChart(c.purchases || []),
            purchases.length ? h('table.purchases',
              h('caption.visually-hidden', 'Purchases'),
              h('thead', h('tr', h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Product'),
                h('th.num', { scope: 'col' }, 'Amount'), h('th', { scope: 'col' }, h('span.visually-hidden', 'Actions')))),
              h('tbody', purchases.slice(0, 50).map((p) => h('tr', h('td', fmtDate(p.date)), h('td', p.product || '—'),
                h('td.num', fmtMoney(p.amount, p.currency)),
                h('td.row-action', h('button.link.needs-editor', { type: 'button',
                  'aria-label': `Remove the purchase of ${fmtDate(p.date)}${p.product ? ` (${p.product})` : ''}`,
                  onclick: (e) => removePurchase(e.target, p) }, 'Remove')))))) : h('p.muted', 'No purchases recorded.'),
            purchases.length > 50 ? h('p.muted', `Showing the latest 50 of ${purchases.length}.`) : null,
            purchaseForm(c)),
          h('section.panel', { 'aria-labelledby': 'rec-h' }, h('h2#rec-h', 'Record'),
            h('dl.meta',
              h('dt', 'Id'), h('dd', h('code', c.id)),
              h('dt', 'Created'), h('dd', fmtDateTime(c.created_at)),
              h('dt', 'Updated'), h('dd', fmtDateTime(c.updated_at)),
              h('dt', 'Version'), h('dd', String(c.version ?? '—'))),
            h('h3#hist-h', 'History of changes'), historyOf(c, restored),
            h('p', 'Export: ', ['csv', 'ndjson', 'vcf'].map((f, i) => {
              const link = h('a', { href: api.customerExportUrl(c.id, f), download: '', dataset: { format: f } },
                f.toUpperCase());
              link.onclick = keyedDownload(link, `customer-${c.id}.${f}`);
              return [i ? ' · ' : '', link];
            }))),
          h('section.panel', { 'aria-labelledby': 'dup-h' }, h('h2#dup-h', 'Possible duplicates'),
            duplicatesOf(c.id)),
          privacyPanel(displayName(c)))));
  }
}

function consentBadge(c) {
  const given = c.consent && c.consent.given;
  const out = c.marketing_opt_out && c.marketing_opt_out.value;
  const text = out ? 'Opted out of marketing' : given === true ? 'Consent given' : given === false ? 'No consent' : 'Consent unknown';
  return h(`span.badge.${out || given === false ? 'bad' : given ? 'good' : 'neutral'}`, text);
}

/**
 * Earlier versions of the customer: when, what changed against the next version, and a restore button, after which
 * {restored(version)} is called.
 */
function historyOf(c, restored) {
  const box = h('div#history', h('p.muted', 'Loading…'));
  api.customerHistory(c.id).then((res) => {
    const versions = res.versions || [];
    if (!versions.length) {
      mount(box, h('p.muted', 'No earlier versions.'));
      return;
    }
    const newer = [res.current, ...versions];
    mount(box, h('ol.history', versions.map((v, i) => {
      const changed = changedFields(v, newer[i]);
      return h('li',
        h('strong', `Version ${v.version}`), ` (${fmtDateTime(v.updated_at)})`,
        changed.length ? h('span.muted', ` — later changed: ${changed.join(', ')}`) : null, ' ',
        h('button.secondary.needs-editor', {
          type: 'button',
          'aria-label': `Restore version ${v.version}`,
          onclick: async (e) => {
            e.target.disabled = true;
            try {
              await api.restoreVersion(c.id, v.version);
              restored(v.version);
            } catch (err) {
              e.target.disabled = false;
              mount(box, errorBox(err));
            }
          },
        }, 'Restore'));
    })));
  }).catch((err) => mount(box, errorBox(err)));
  return box;
}

/** Top-level fields whose values differ between two versions (server-managed ones left out). */
function changedFields(a, b) {
  if (!a || !b) return [];
  const skip = new Set(['version', 'updated_at', 'created_at', 'lifetime_spend', 'last_purchase_date', 'purchase_count']);
  return Object.keys({ ...a, ...b }).filter((k) => !skip.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

function duplicatesOf(id) {
  const box = h('div', h('p.muted', 'Checking…'));
  api.customerDuplicates(id).then((res) => {
    // Pairs a reviewer dismissed as not duplicates (and unchanged since) are not offered again.
    const all = res.duplicates || [];
    const list = all.filter((d) => d.status !== 'dismissed');
    const dismissed = all.length - list.length;
    mount(box, list.length ? h('ul', list.map((d) => h('li',
      h('a', { href: `#/customer/${encodeURIComponent(d.customer.id)}` }, displayName(d.customer)),
      ` — score ${Math.round(d.score * 100)}%`))) : h('p.muted', 'None found.'),
    dismissed ? h('p.muted', `${dismissed} more dismissed as not duplicates.`) : null,
    list.length ? h('p', h('a', { href: '#/duplicates' }, 'Review duplicates')) : null);
  }).catch(() => mount(box, h('p.muted', 'Could not check for duplicates.')));
  return box;
}

/** Puts the API's field errors next to their inputs; what matches no input goes above the buttons. */
export function showErrors(err, inputs, formError, patch) {
  const rest = [];
  let first = null;
  // A 409 is not a concurrent edit (that is 412) but a taken unique value: the external id this change sets.
  if (err.status === 409 && patch && 'external_id' in patch && !(err.errors || []).length) {
    err.errors = [{ field: 'external_id', message: err.message }];
  }
  for (const e of err.errors || []) {
    const path = String(e.field || '').replace(/\[\d+\]/g, '');
    const hit = inputs.get(path) || [...inputs.entries()].find(([p]) => path.startsWith(`${p}.`))?.[1];
    if (hit) {
      hit.err.textContent = e.message;
      hit.input.setAttribute('aria-invalid', 'true');
      first = first || hit.input;
    } else {
      rest.push(e);
    }
  }
  const into = err.status === 410 && err.problem && err.problem.merged_into;
  if (into) { // merged meanwhile (in the duplicate review): the change went nowhere; the record it went into
    mount(formError, h('div.error', { role: 'alert', tabindex: '-1' }, 'Not saved: this customer was merged into ',
      h('a', { href: `#/customer/${encodeURIComponent(into)}` }, 'another record'),
      ' meanwhile. Open that one and make the change there.'));
  } else if (err.status === 412) {
    mount(formError, errorBox({ message: 'Someone else changed this customer meanwhile. Discard to load the current version.' }));
  } else if (rest.length || !first) {
    mount(formError, errorBox({ message: err.message, errors: rest }));
  }
  (first || formError).focus?.();
  announce(`Not saved: ${err.message}`);
}
