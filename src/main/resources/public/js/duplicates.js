// #/duplicates — the review queue, best first. One pair side by side with differing fields highlighted and the
// per-field explanation of the score; merge with a per-field choice, dismiss, undo of a merge; keyboard shortcuts.
import * as api from './api.js';
import { h, mount, displayName, errorBox, announce, fmtDateTime } from './dom.js';

/** Rows of the side-by-side view, in order; the ones the merge lets a reviewer choose are marked. */
const ROWS = ['kind', 'first_name', 'last_name', 'company', 'position', 'emails', 'phones', 'address', 'birthday',
  'gender', 'language', 'industry', 'website', 'rep', 'tags', 'source', 'preferred_channel', 'contact_hours',
  'consent', 'marketing_opt_out', 'funnel_stage', 'external_id', 'notes'];
const CHOOSABLE = new Set(ROWS);

function show(c, field) {
  const v = c[field];
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (field === 'address') return [v.street, [v.postal_code, v.city].filter(Boolean).join(' '), v.region, v.country].filter(Boolean).join(', ');
  if (field === 'consent') return v.given == null ? '' : `${v.given ? 'given' : 'not given'}${v.date ? ` (${v.date})` : ''}`;
  if (field === 'marketing_opt_out') return v.value == null ? '' : `${v.value ? 'opted out' : 'not opted out'}${v.date ? ` (${v.date})` : ''}`;
  return String(v);
}

const label = (f) => f.replace(/_/g, ' ');
const pct = (x) => `${Math.round(x * 100)}%`;

export function render(main) {
  let groups = [];
  let index = 0;
  let pairIndex = 0;
  let status = 'pending';
  let lastMerge = null; // {merge_id, name}
  let polling = null;

  const scanBtn = h('button.secondary', { type: 'button', onclick: scan }, 'Scan for duplicates');
  const progress = h('div.progress-wrap', { hidden: true },
    h('label', { for: 'scan-progress' }, 'Duplicate scan '), h('progress#scan-progress', { max: 1, value: 0 }),
    h('span.scan-text'));
  const statusSel = h('select#dup-status', { onchange: () => { status = statusSel.value; load(); } },
    ['pending', 'dismissed', 'merged'].map((s) => h('option', { value: s }, s)));
  const queue = h('ol.queue', { 'aria-label': 'Duplicate groups, best first' });
  const detail = h('section.pair', { 'aria-label': 'Pair under review', tabindex: '-1' });
  const banner = h('div#merge-banner', { role: 'status' });
  const count = h('p.count');

  mount(main,
    h('div.page-head', h('h1', 'Duplicate review'),
      h('div.tools', h('label', { for: 'dup-status' }, 'Show '), statusSel, scanBtn)),
    progress, banner,
    h('p.help.keys', 'Keys: ', kbd('j'), '/', kbd('k'), ' next/previous · ', kbd('m'), ' merge · ', kbd('d'),
      ' dismiss · ', kbd('u'), ' undo last merge · ', kbd('1'), '/', kbd('2'), ' keep left/right record'),
    h('div.review', h('div.queue-col', count, queue), detail));

  const onKey = (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (/TEXTAREA|SELECT/.test(t.tagName) || (t.tagName === 'INPUT' && t.type !== 'radio'))) return;
    const key = e.key;
    if (key === 'j' || key === 'ArrowDown' && t === document.body) select(Math.min(index + 1, groups.length - 1));
    else if (key === 'k' || key === 'ArrowUp' && t === document.body) select(Math.max(index - 1, 0));
    else if (key === 'm') document.getElementById('merge-btn')?.click();
    else if (key === 'd') document.getElementById('dismiss-btn')?.click();
    else if (key === 'u') document.getElementById('undo-btn')?.click();
    else if (key === '1' || key === '2') {
      const r = document.getElementById(key === '1' ? 'survivor-a' : 'survivor-b');
      if (r) r.checked = true;
    } else return;
    e.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  load();
  return { leave() { document.removeEventListener('keydown', onKey); clearTimeout(polling); } };

  async function load(keepIndex = false) {
    try {
      const res = await api.duplicateQueue({ status, limit: 50 });
      groups = res.groups || [];
      count.textContent = `${res.total ?? groups.length} group${(res.total ?? groups.length) === 1 ? '' : 's'} ${status}`;
      if (!keepIndex) index = 0;
      index = Math.min(index, Math.max(groups.length - 1, 0));
      drawQueue();
      select(index, false);
    } catch (e) {
      mount(detail, errorBox(e));
    }
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
    const pair = g.pairs[pairIndex] || g.pairs[0];
    const byId = Object.fromEntries(g.customers.map((c) => [c.id, c]));
    const a = byId[pair.left_id];
    const b = byId[pair.right_id];
    const explain = Object.fromEntries((pair.fields || []).map((f) => [f.field, f]));
    const pending = pair.status === 'pending' || !pair.status;
    const older = a && b && b.created_at < a.created_at ? 'b' : 'a';
    const rows = ROWS.filter((f) => show(a, f) || show(b, f) || explain[f]);
    const table = h('table.compare',
      h('caption.visually-hidden', 'Fields of both records; differing fields are marked'),
      h('thead', h('tr',
        h('th', { scope: 'col' }, 'Field'),
        h('th', { scope: 'col' }, h('a', { href: `#/customer/${encodeURIComponent(a.id)}` }, `A · ${displayName(a)}`),
          h('div.small', `created ${fmtDateTime(a.created_at)}`)),
        h('th', { scope: 'col' }, h('a', { href: `#/customer/${encodeURIComponent(b.id)}` }, `B · ${displayName(b)}`),
          h('div.small', `created ${fmtDateTime(b.created_at)}`)),
        h('th', { scope: 'col' }, 'Why (evidence)'))),
      h('tbody', rows.map((f) => {
        const va = show(a, f);
        const vb = show(b, f);
        // Differences of case or spacing only are not differences for review (the scorer ignores them too).
        const norm = (v) => v.toLowerCase().replace(/\s+/g, ' ').trim();
        const differs = norm(va) !== norm(vb);
        const ex = explain[f];
        const choose = pending && va !== vb && CHOOSABLE.has(f) && va && vb;
        const name = `choice-${f}`;
        const cell = (side, v) => h('td', { class: `val${differs ? ' differs' : ''}`, 'data-label': side.toUpperCase() },
          choose ? h('label.pick', h('input', { type: 'radio', name, value: side, 'data-field': f }),
            h('span', v || '—')) : (v || h('span.muted', '—')));
        return h('tr', { class: differs ? 'diff' : 'same', dataset: { field: f } },
          h('th', { scope: 'row' }, label(f), differs ? h('span.visually-hidden', ' (differs)') : null),
          cell('a', va), cell('b', vb),
          h('td.why', { 'data-label': 'Why' }, ex ? evidence(ex) : null));
      })));

    const merge = async () => {
      const choices = {};
      for (const r of table.querySelectorAll('input[type=radio]:checked')) choices[r.dataset.field] = r.value;
      const keep = detail.querySelector('input[name=survivor]:checked')?.value || older;
      const survivor = keep === 'a' ? a.id : b.id;
      try {
        const res = await api.mergePair(pair.pair_id, { survivor, choices });
        lastMerge = { merge_id: res.merge_id, name: displayName(res.survivor) };
        showBanner(`Merged into ${lastMerge.name}.`, true);
        await load(true);
      } catch (e) { mount(banner, errorBox(e)); }
    };
    const dismiss = async () => {
      try {
        await api.dismissPair(pair.pair_id);
        showBanner('Dismissed: not duplicates.', false);
        await load(true);
      } catch (e) { mount(banner, errorBox(e)); }
    };

    mount(detail,
      h('div.pair-head',
        h('h2', `Match score ${pct(pair.score)}`, ' ', h(`span.badge.${pair.decision}`, pair.decision || '')),
        g.pairs.length > 1 ? h('label', 'Pair ', h('select', {
          onchange: (e) => { pairIndex = Number(e.target.value); drawPair(); },
        }, g.pairs.map((p, i) => h('option', { value: i, selected: i === pairIndex || null },
          `${displayName(byId[p.left_id])} ↔ ${displayName(byId[p.right_id])} (${pct(p.score)})`)))) : null),
      pending ? h('fieldset.survivor', h('legend', 'Keep record (the other is merged into it and removed)'),
        ['a', 'b'].map((s) => h('label', h('input', { type: 'radio', name: 'survivor', value: s, id: `survivor-${s}`,
          checked: s === older }), ` ${s.toUpperCase()} · ${displayName(s === 'a' ? a : b)}`))) : null,
      pending ? h('p.help', 'Where the records differ, pick the value to keep; unpicked fields follow the merge rules '
        + '(the kept record first, gaps filled from the other, lists combined).') : null,
      h('div.table-scroll', table),
      pending ? h('div.actions',
        h('button#merge-btn', { type: 'button', onclick: merge }, 'Merge (m)'),
        h('button#dismiss-btn.secondary', { type: 'button', onclick: dismiss }, 'Not duplicates (d)')) : null);
  }

  function showBanner(text, withUndo) {
    mount(banner, h('div.notice', text, ' ', withUndo && lastMerge ? h('button#undo-btn.secondary', {
      type: 'button', onclick: undo,
    }, 'Undo merge (u)') : null));
    announce(text);
  }

  async function undo() {
    if (!lastMerge) return;
    try {
      await api.undoMerge(lastMerge.merge_id);
      lastMerge = null;
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
