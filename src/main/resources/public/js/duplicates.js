// #/duplicates — the review queue, best first, paged. A group (A~B and B~C make one) shows all its records side by
// side with differing fields highlighted; below it, one pair of the group at a time with the per-field explanation
// of its score; merge with a per-field choice, dismiss, undo of a merge; keyboard shortcuts.
import * as api from './api.js';
import { h, mount, displayName, errorBox, announce, fmtDate, fmtDateTime, fmtInt, keyNote, scopeNote } from './dom.js';

/** Rows of the side-by-side view, in order; the ones the merge lets a reviewer choose are marked. */
const ROWS = ['kind', 'first_name', 'last_name', 'company', 'position', 'emails', 'phones', 'address', 'birthday',
  'gender', 'language', 'industry', 'website', 'rep', 'tags', 'source', 'preferred_channel', 'contact_hours',
  'consent', 'marketing_opt_out', 'funnel_stage', 'external_id', 'notes'];
// Consent and opt-out are not chosen: a merge keeps the stricter of the two (an opt-out or a refused consent on
// either record wins), whatever is picked.
const STRICTER_KEPT = new Set(['consent', 'marketing_opt_out']);
const CHOOSABLE = new Set(ROWS.filter((f) => !STRICTER_KEPT.has(f)));

function show(c, field) {
  const v = c[field];
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (field === 'address') return [v.street, [v.postal_code, v.city].filter(Boolean).join(' '), v.region, v.country].filter(Boolean).join(', ');
  // Dates as the browser's language writes them, as everywhere else on the page.
  if (field === 'consent') return v.given == null ? '' : `${v.given ? 'given' : 'not given'}${v.date ? ` (${fmtDate(v.date)})` : ''}`;
  if (field === 'marketing_opt_out') return v.value == null ? '' : `${v.value ? 'opted out' : 'not opted out'}${v.date ? ` (${fmtDate(v.date)})` : ''}`;
  if (field === 'birthday') return fmtDate(v);
  return String(v);
}

const label = (f) => f.replace(/_/g, ' ');
// Differences of case or spacing only are not differences for review (the scorer ignores them too).
const norm = (v) => v.toLowerCase().replace(/\s+/g, ' ').trim();
const PAGE = 20;
const pct = (x) => `${Math.round(x * 100)}%`;

export function render(main) {
  let groups = [];
  let index = 0;
  let pairIndex = 0;
  let status = 'pending';
  let lastMerge = null; // {merge_id, name}
  let polling = null;
  let cursor = null; // the queue's next page
  let total = 0; // groups in the whole queue
  let decisions = 0; // made here since the queue was last read: the server's page offsets have moved
  let rescorePoll = null;

  const scanBtn = h('button.secondary.needs-editor.needs-unscoped', { type: 'button', onclick: scan },
    'Scan for duplicates');
  const progress = h('div.progress-wrap', { hidden: true },
    h('label', { for: 'scan-progress' }, 'Duplicate scan '), h('progress#scan-progress', { max: 1, value: 0 }),
    h('span.scan-text', { role: 'status' }));
  const statusSel = h('select#dup-status', { onchange: () => { status = statusSel.value; load(); } },
    ['pending', 'dismissed', 'merged'].map((s) => h('option', { value: s }, s)));
  const queue = h('ol.queue', { 'aria-label': 'Duplicate groups, best first' });
  const more = h('button#queue-more.secondary', { type: 'button', hidden: true, onclick: () => loadMore() },
    'More groups');
  const detail = h('section.pair', { 'aria-label': 'Group under review', tabindex: '-1' });
  const banner = h('div#merge-banner', { role: 'status' });
  const count = h('p.count#queue-count', { role: 'status' });
  // After the matching rules or the dedup settings changed, the server scores every pending pair again, serving.
  const rescoreNote = h('p.help#rescore-note', { role: 'status', hidden: true });

  mount(main,
    h('div.page-head', h('h1', 'Duplicate review'),
      h('div.tools', h('label', { for: 'dup-status' }, 'Show '), statusSel, scanBtn)),
    keyNote('Scanning, merging and dismissing'),
    scopeNote('Scanning for duplicates'),
    progress, banner, rescoreNote,
    h('p.help.keys.needs-editor', 'Keys (not while typing in a field): ', kbd('j'), '/', kbd('k'), ' next/previous group · ',
      kbd('n'), '/', kbd('p'), ' next/previous pair in a group · ', kbd('m'), ' merge · ', kbd('d'), ' dismiss · ',
      kbd('u'), ' undo last merge · ', kbd('1'), '/', kbd('2'), ' keep record A/B'),
    h('div.review', h('div.queue-col', count, queue, more), detail));

  const onKey = (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || e.defaultPrevented) return;
    const t = e.target;
    // Typing in any field (the header search box included) never triggers a review action.
    if (t && (/TEXTAREA|SELECT/.test(t.tagName) || t.isContentEditable
      || (t.tagName === 'INPUT' && !['radio', 'checkbox'].includes(t.type)))) return;
    const key = e.key;
    if (key === 'j' || key === 'ArrowDown' && t === document.body) {
      if (index + 1 >= groups.length && cursor) loadMore(true); else select(Math.min(index + 1, groups.length - 1));
    } else if (key === 'k' || key === 'ArrowUp' && t === document.body) select(Math.max(index - 1, 0));
    else if (key === 'n' || key === 'p') {
      const g = groups[index];
      if (!g || g.pairs.length < 2) return;
      pairIndex = (pairIndex + (key === 'n' ? 1 : g.pairs.length - 1)) % g.pairs.length;
      drawPair();
      announce(`Pair ${pairIndex + 1} of ${g.pairs.length}`);
    } else if (key === 'm') press('merge-btn');
    else if (key === 'd') press('dismiss-btn');
    else if (key === 'u') press('undo-btn') || press('undo-pair-btn');
    else if (key === '1' || key === '2') {
      const r = document.getElementById(key === '1' ? 'survivor-a' : 'survivor-b');
      if (r) r.checked = true;
    } else return;
    e.preventDefault();
  };
  // A shortcut does what its button does, and only while the button is offered (not to a key that may only read).
  const press = (id) => {
    const b = document.getElementById(id);
    if (!b || !b.getClientRects().length) return false;
    b.click();
    return true;
  };
  document.addEventListener('keydown', onKey);
  load();
  return {
    leave() { document.removeEventListener('keydown', onKey); clearTimeout(polling); clearTimeout(rescorePoll); },
  };

  // The queue is read a page at a time. After an undo, or before reading further after decisions made here (they
  // move the server's page offsets), the pages shown so far are read again.
  async function load(keepIndex = false) {
    try {
      const pages = keepIndex ? Math.max(1, Math.ceil(groups.length / PAGE)) : 1;
      let next = null;
      const fresh = [];
      for (let i = 0; i < pages; i++) {
        const res = await api.duplicateQueue({ status, limit: PAGE, cursor: next });
        if (i === 0) showRescore(res.rescoring);
        fresh.push(...(res.groups || []));
        total = res.total ?? fresh.length;
        next = res.next_cursor || null;
        if (!next) break;
      }
      groups = fresh;
      cursor = next;
      decisions = 0;
      showCount(total);
      if (!keepIndex) { index = 0; pairIndex = 0; }
      index = Math.min(index, Math.max(groups.length - 1, 0));
      drawQueue();
      select(index, false);
    } catch (e) {
      mount(detail, errorBox(e));
    }
  }

  async function loadMore(advance = false) {
    if (!cursor) return;
    more.disabled = true;
    try {
      if (decisions) {
        await load(true);
        if (!cursor) return;
      }
      const res = await api.duplicateQueue({ status, limit: PAGE, cursor });
      groups = groups.concat(res.groups || []);
      cursor = res.next_cursor || null;
      total = res.total ?? groups.length;
      showCount(total);
      if (advance) select(Math.min(index + 1, groups.length - 1)); else drawQueue();
    } catch (e) {
      mount(detail, errorBox(e));
    } finally {
      more.disabled = false;
    }
  }

  // While the server scores the pending pairs again, says how far it is and asks again every few seconds; once it has
  // finished, the queue is read again with the new scores.
  function showRescore(r) {
    clearTimeout(rescorePoll);
    rescoreNote.hidden = !r;
    if (!r) return;
    rescoreNote.textContent = 'The matching rules or settings changed: scores are being updated, '
      + `${fmtInt(r.done)} of ${fmtInt(r.total)} pairs. Pairs not reached yet show their earlier score.`;
    rescorePoll = setTimeout(async () => {
      try {
        const res = await api.duplicateQueue({ status, limit: 1 });
        if (res.rescoring) showRescore(res.rescoring); else { showRescore(null); load(true); }
      } catch (e) {
        showRescore(null);
      }
    }, 3000);
  }

  function showCount() {
    count.textContent = `${fmtInt(total)} group${total === 1 ? '' : 's'} ${status}`
      + (groups.length < total ? ` · showing ${fmtInt(groups.length)}` : '');
    more.hidden = !cursor;
  }

  function drawQueue() {
    mount(queue, groups.map((g, i) => {
      const names = g.customers.map(displayName).join(' · ');
      return h('li', h('button.q-item', {
        type: 'button', 'aria-current': i === index ? 'true' : null, onclick: () => select(i, true),
      }, h('span.q-score', pct(g.score)), h('span.q-names', names),
      g.customers.length > 2 ? h('span.q-size', `${g.customers.length} records`) : null));
    }));
  }

  function select(i, focus) {
    if (!groups.length) {
      mount(detail, h('p.empty', status === 'pending'
        ? 'Nothing to review. Run a scan to look for duplicates.' : `No ${status} pairs.`));
      return;
    }
    if (i !== index) pairIndex = 0;
    index = i;
    drawQueue();
    drawPair();
    if (focus) detail.focus();
  }

  function drawPair() {
    const g = groups[index];
    if (pairIndex >= g.pairs.length) pairIndex = 0;
    const pair = g.pairs[pairIndex];
    const byId = Object.fromEntries(g.customers.map((c) => [c.id, c]));
    const number = Object.fromEntries(g.customers.map((c, i) => [c.id, i + 1]));
    const many = g.customers.length > 2;
    const tag = (c) => (many ? ` (#${number[c.id]})` : '');
    const a = byId[pair.left_id];
    const b = byId[pair.right_id];
    if (!a || !b) { // a merged pair's removed record is gone; the queue names the merge, which can be undone
      const undoable = pair.status === 'merged' && pair.merge_id;
      mount(detail, h('p.empty', undoable ? `This pair was merged into ${displayName(a || b)}; the other record was `
        + 'removed.' : `This pair is ${pair.status || status}; one of its records no longer exists.`),
      undoable ? h('div.actions.needs-editor', h('button#undo-pair-btn.secondary', { type: 'button',
        onclick: () => undo(pair.merge_id) }, 'Undo merge (u)')) : null);
      return;
    }
    const explain = Object.fromEntries((pair.fields || []).map((f) => [f.field, f]));
    const pending = pair.status === 'pending' || !pair.status;
    const older = a && b && b.created_at < a.created_at ? 'b' : 'a';
    const rows = ROWS.filter((f) => show(a, f) || show(b, f) || explain[f]);
    const table = h('table.compare',
      h('caption.visually-hidden', 'Fields of both records; differing fields are marked'),
      h('thead', h('tr',
        h('th', { scope: 'col' }, 'Field'),
        h('th', { scope: 'col' }, h('a', { href: `#/customer/${encodeURIComponent(a.id)}` }, `A · ${displayName(a)}${tag(a)}`),
          h('div.small', `created ${fmtDateTime(a.created_at)}`)),
        h('th', { scope: 'col' }, h('a', { href: `#/customer/${encodeURIComponent(b.id)}` }, `B · ${displayName(b)}${tag(b)}`),
          h('div.small', `created ${fmtDateTime(b.created_at)}`)),
        h('th', { scope: 'col' }, 'Why (evidence)'))),
      h('tbody', rows.map((f) => {
        const va = show(a, f);
        const vb = show(b, f);
        const differs = norm(va) !== norm(vb);
        const ex = explain[f];
        const choose = pending && va !== vb && CHOOSABLE.has(f) && va && vb;
        const name = `choice-${f}`;
        const cell = (side, v) => h('td', { class: `val${differs ? ' differs' : ''}`, 'data-label': side.toUpperCase() },
          choose ? h('label.pick', h('input', { type: 'radio', name, value: side, 'data-field': f }),
            h('span', v || '—')) : (v || h('span.muted', '—')));
        return h('tr', { class: differs ? 'diff' : 'same', dataset: { field: f } },
          h('th', { scope: 'row' }, label(f), differs ? h('span.visually-hidden', ' (differs)') : null,
            pending && differs && STRICTER_KEPT.has(f) ? h('div.small.stricter', 'the stricter is kept') : null),
          cell('a', va), cell('b', vb),
          h('td.why', { 'data-label': 'Why' }, ex ? evidence(ex) : null));
      })));

    const merge = async () => {
      const choices = {};
      for (const r of table.querySelectorAll('input[type=radio]:checked')) choices[r.dataset.field] = r.value;
      const keep = detail.querySelector('input[name=survivor]:checked')?.value || older;
      const survivor = keep === 'a' ? a.id : b.id;
      try {
        // The versions shown: the choices were made for these values, so a record changed since is not merged.
        const versions = { [a.id]: a.version, [b.id]: b.version };
        const res = await api.mergePair(pair.pair_id, { survivor, choices, versions });
        lastMerge = { merge_id: res.merge_id, name: displayName(res.survivor) };
        showBanner(`Merged into ${lastMerge.name}.`, true);
        decided(pair, res.removed_id, res.survivor);
      } catch (e) {
        if (e.status === 412) {
          await load(true);
          mount(banner, h('div.notice', 'A record changed since it was shown; here it is as it is now. Check the '
            + 'values and merge again.'));
        } else mount(banner, errorBox(e));
      }
    };
    const dismiss = async () => {
      try {
        await api.dismissPair(pair.pair_id);
        showBanner('Dismissed: not duplicates.', false);
        decided(pair, null, null);
      } catch (e) { mount(banner, errorBox(e)); }
    };

    mount(detail,
      many ? groupOverview(g, number) : null,
      many ? h('section.group-pairs', { 'aria-labelledby': 'pairs-h' },
        h('h2#pairs-h', `Pairs in this group (${g.pairs.length})`),
        h('p.help', 'Each pair is merged or dismissed on its own; pick one to see why it was matched.'),
        h('ol.pair-list', g.pairs.map((p, i) => h('li', h('button.pair-item', {
          type: 'button', 'aria-pressed': String(i === pairIndex), dataset: { pair: p.pair_id },
          onclick: () => { pairIndex = i; drawPair(); document.getElementById('pair-h')?.focus(); },
        }, h('span.q-score', pct(p.score)), ' ',
        `#${number[p.left_id]} ${displayName(byId[p.left_id])} ↔ #${number[p.right_id]} ${displayName(byId[p.right_id])}`,
        ' ', h(`span.badge.${p.decision}`, p.decision || '')))))) : null,
      h('div.pair-head',
        h('h2#pair-h', { tabindex: '-1' }, many ? `Pair ${pairIndex + 1} of ${g.pairs.length}: ` : '',
          `match score ${pct(pair.score)}`, ' ', h(`span.badge.${pair.decision}`, pair.decision || ''))),
      pending ? h('fieldset.survivor.needs-editor', h('legend', 'Keep record (the other is merged into it and removed)'),
        ['a', 'b'].map((s) => h('label', h('input', { type: 'radio', name: 'survivor', value: s, id: `survivor-${s}`,
          checked: s === older }), ` ${s.toUpperCase()} · ${displayName(s === 'a' ? a : b)}${tag(s === 'a' ? a : b)}`)))
        : null,
      pending ? h('p.help.needs-editor', 'Where the records differ, pick the value to keep; unpicked fields follow the merge rules '
        + '(the newest non-empty value, the formal first name of two forms of one, lists combined, notes joined; an opt-out or a refused consent on either '
        + 'record is always kept).') : null,
      h('div.table-scroll', table),
      pending ? h('div.actions.needs-editor',
        h('button#merge-btn', { type: 'button', onclick: merge }, 'Merge (m)'),
        h('button#dismiss-btn.secondary', { type: 'button', onclick: dismiss }, 'Not duplicates (d)')) : null);
  }

  // A decision changes the queue here without reading it again (regrouping a big queue on the server takes a
  // second): the pair leaves its group, a merge also takes the removed record's other pairs with it, and a group
  // without pairs leaves the queue. The server answers the same on the next read.
  function decided(pair, removedId, survivor) {
    decisions += 1;
    const g = groups[index];
    // The removed record's other pairs: the server has paired those records with the survivor, so read them again.
    if (removedId && g.pairs.some((p) => p.pair_id !== pair.pair_id
      && (p.left_id === removedId || p.right_id === removedId))) {
      load(true);
      return;
    }
    g.pairs = g.pairs.filter((p) => p.pair_id !== pair.pair_id
      && (!removedId || (p.left_id !== removedId && p.right_id !== removedId)));
    const left = new Set(g.pairs.flatMap((p) => [p.left_id, p.right_id]));
    g.customers = g.customers.map((c) => (survivor && c.id === survivor.id ? survivor : c))
      .filter((c) => left.has(c.id));
    if (!g.pairs.length) {
      groups.splice(index, 1);
      total -= 1;
    }
    pairIndex = 0;
    showCount(total);
    select(Math.min(index, Math.max(groups.length - 1, 0)), false);
    if (!groups.length && cursor) load();
  }

  function showBanner(text, withUndo) {
    mount(banner, h('div.notice', text, ' ', withUndo && lastMerge ? h('button#undo-btn.secondary.needs-editor', {
      type: 'button', onclick: () => undo(lastMerge.merge_id),
    }, 'Undo merge (u)') : null));
    announce(text);
  }

  async function undo(mergeId) {
    try {
      await api.undoMerge(mergeId);
      if (lastMerge && lastMerge.merge_id === mergeId) lastMerge = null;
      showBanner('Merge undone: both records are back.', false);
      await load(true);
    } catch (e) { mount(banner, errorBox(e)); }
  }

  async function scan() {
    scanBtn.disabled = true;
    progress.hidden = false;
    const bar = progress.querySelector('progress');
    const text = progress.querySelector('.scan-text');
    try {
      let job = await api.startDedupScan();
      while (job.state === 'running') {
        if (job.total > 0) { bar.max = job.total; bar.value = job.done; } else bar.removeAttribute('value');
        text.textContent = ` ${job.done} / ${job.total > 0 ? job.total : '?'}`;
        await new Promise((r) => { polling = setTimeout(r, 400); });
        job = await api.dedupJob(job.id);
      }
      bar.max = 1; bar.value = 1;
      const found = job.counts ? Object.entries(job.counts).map(([k, v]) => `${label(k)} ${v}`).join(', ') : '';
      text.textContent = job.state === 'succeeded' ? ` done. ${found}` : ` failed: ${job.error || ''}`;
      announce(`Scan ${job.state}`);
      await load();
    } catch (e) {
      text.textContent = ` ${e.message}`;
    } finally {
      scanBtn.disabled = false;
    }
  }
}

/** All records of a group side by side (#1, #2, …); a row is marked where the records do not all agree. */
function groupOverview(g, number) {
  const cs = g.customers;
  const rows = ROWS.filter((f) => cs.some((c) => show(c, f)));
  return h('section.group', { 'aria-labelledby': 'group-h' },
    h('h2#group-h', `Group of ${cs.length} records`),
    h('div.table-scroll', h('table.compare.group-table',
      h('caption.visually-hidden', `All ${cs.length} records of the group; fields where they differ are marked`),
      h('thead', h('tr', h('th', { scope: 'col' }, 'Field'), cs.map((c) => h('th', { scope: 'col' },
        h('a', { href: `#/customer/${encodeURIComponent(c.id)}` }, `#${number[c.id]} · ${displayName(c)}`),
        h('div.small', `created ${fmtDateTime(c.created_at)}`))))),
      h('tbody', rows.map((f) => {
        const values = cs.map((c) => show(c, f));
        const differs = new Set(values.map(norm)).size > 1;
        return h('tr', { class: differs ? 'diff' : 'same', dataset: { field: f } },
          h('th', { scope: 'row' }, label(f), differs ? h('span.visually-hidden', ' (differs)') : null),
          values.map((v, i) => h('td', { class: `val${differs ? ' differs' : ''}`, 'data-label': `#${i + 1}` },
            v || h('span.muted', '—'))));
      })))));
}

function evidence(ex) {
  const w = Number(ex.weight) || 0;
  const bar = h('span.wbar', { title: `weight ${w.toFixed(2)}` });
  const fill = h(`span.wfill.${w >= 0 ? 'pos' : 'neg'}`);
  fill.style.width = `${Math.min(Math.abs(w) / 8, 1) * 50}%`;
  if (w >= 0) fill.style.left = '50%'; else fill.style.right = '50%';
  bar.append(fill);
  const ag = String(ex.agreement || '').toLowerCase();
  return h('span.ev', bar, h('span', `${ag}${ag === 'missing' ? '' : `, similarity ${pct(ex.similarity)}`}, `
    + `${w >= 0 ? '+' : ''}${w.toFixed(1)}`));
}

const kbd = (k) => h('kbd', k);
