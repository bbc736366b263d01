// #/import — upload a file, see and adjust the column mapping, a dry-run preview, then run it with progress and
// the row errors.
import * as api from './api.js';
import { h, mount, errorBox, displayName, announce, fmtInt, keyNote, scopeNote } from './dom.js';

const TARGETS = ['external_id', 'kind', 'first_name', 'last_name', 'full_name', 'middle_name', 'salutation',
  'company', 'position', 'emails', 'phones', 'street', 'house_number', 'city', 'region', 'postal_code', 'country',
  'industry', 'website', 'rep', 'notes', 'tags', 'source', 'birthday', 'gender', 'language', 'preferred_channel',
  'contact_hours', 'consent', 'consent_date', 'marketing_opt_out', 'marketing_opt_out_date', 'funnel_stage',
  'purchases'];

// An ignored column goes to the API as "" (a JSON null would be read as the text "null", an unknown field).
const mappingJson = (mapping) => (mapping ? JSON.stringify(mapping, (k, v) => (v === null ? '' : v)) : null);

export function render(main) {
  let file = null;
  let mapping = null; // {header: field|null} as last shown
  let uploadId = null; // the server keeps the checked file under this id: it is sent once
  const fileInput = h('input#import-file', { type: 'file', accept: '.csv,.tsv,.txt,.xlsx,.ndjson,.jsonl,.json,.vcf,text/csv' });
  const out = h('div#import-out');
  mount(main,
    h('h1', 'Import customers'),
    keyNote('Importing (the check of the file too)'),
    scopeNote('Importing a file'),
    h('section.panel.needs-editor.needs-unscoped',
      h('div.field', h('label', { for: 'import-file' }, 'File (CSV, Excel .xlsx, NDJSON or vCard)'), fileInput,
        h('span.small', 'The file is checked first (dry run): nothing is stored until you press Import.'))),
    out);

  fileInput.addEventListener('change', () => {
    file = fileInput.files[0] || null;
    mapping = null;
    uploadId = null;
    remapped = false;
    if (file) dryRun();
  });
  let remapped = false; // a column's field chosen by hand, and the file not imported with it yet
  return {
    unsaved() {
      return remapped ? 'The column mapping chosen for this file is not imported yet.' : null;
    },
  };

  async function dryRun() {
    const status = h('p', { role: 'status' }, 'Checking the file…');
    const bar = h('progress#upload-progress', { max: 1, value: 0, 'aria-label': 'Upload' });
    mount(out, status);
    try {
      let res = null;
      if (uploadId) {
        try {
          res = await api.importDryRunKept(uploadId, mappingJson(mapping));
        } catch (e) {
          if (e.status !== 404) throw e;
          uploadId = null; // no longer kept (expired, or the server restarted): send the file again
        }
      }
      if (!res) {
        mount(out, status, bar);
        res = await api.importDryRun(file, mappingJson(mapping), (sent, total) => {
          bar.max = total; bar.value = sent;
          status.textContent = sent < total ? `Uploading… ${Math.floor((100 * sent) / total)} %` : 'Checking the file…';
        });
      }
      uploadId = res.upload_id || null;
      mapping = { ...res.mapping };
      for (const col of res.unmapped_columns || []) if (!(col in mapping)) mapping[col] = null;
      drawDryRun(res);
    } catch (e) {
      mount(out, errorBox(e));
    }
  }

  function drawDryRun(res) {
    const r = res.report;
    const mapTable = h('table#mapping.stack',
      h('caption', 'Column mapping'),
      h('thead', h('tr', h('th', { scope: 'col' }, 'Column in the file'), h('th', { scope: 'col' }, 'Field'))),
      h('tbody', Object.keys(mapping).map((col, i) => {
        const sel = h('select', { id: `map-${i}`, dataset: { column: col } },
          h('option', { value: '' }, '(ignore)'), TARGETS.map((t) => h('option', { value: t }, t.replace(/_/g, ' '))));
        sel.value = mapping[col] || '';
        const row = h('tr', { class: mapping[col] ? '' : 'unmapped' },
          h('th', { scope: 'row' }, h('label', { for: sel.id }, col)), h('td', sel));
        // The row's look follows its menu: a column given a field is no longer greyed out as ignored, and one
        // set to "(ignore)" is.
        sel.addEventListener('change', () => {
          mapping[col] = sel.value || null;
          remapped = true;
          row.classList.toggle('unmapped', !mapping[col]);
        });
        return row;
      })));
    const preview = res.preview || [];
    mount(out,
      h('section.panel#dry-run', { 'aria-labelledby': 'dry-h' },
        h('h2#dry-h', 'Dry run'),
        h('p.summary', `${fmtInt(r.rows)} rows: ${fmtInt(r.imported)} would be imported, ${fmtInt(r.rejected)} rejected.`),
        // NDJSON and vCard name their fields themselves: no columns to map (an empty table would only puzzle).
        h('div.two', Object.keys(mapping).length ? h('div', mapTable,
          h('button.secondary', { type: 'button', onclick: dryRun }, 'Check again with this mapping'))
          : h('div', h('h3', 'Column mapping'), h('p.muted#no-mapping', 'None needed: this file names its fields.')),
        h('div', h('h3', 'Preview'), preview.length ? h('table.preview.stack',
          h('thead', h('tr', ['Name', 'E-mail', 'City', 'Country'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', preview.slice(0, 10).map((c) => h('tr', h('td', displayName(c)),
            h('td', { 'data-label': 'E-mail' }, (c.emails || [])[0] || ''),
            h('td', { 'data-label': 'City' }, c.address?.city || ''),
            h('td', { 'data-label': 'Country' }, c.address?.country || ''))))) : h('p.muted', 'No rows to preview.'))),
        rowErrors(r, 'Rows that would be rejected'),
        h('div.actions', h('button#import-run', { type: 'button', onclick: run }, 'Import'))));
  }

  async function run() {
    remapped = false; // imported (or on its way): the server has the mapping now
    const bar = h('progress#import-progress', { max: 1, value: 0 });
    const text = h('span#import-status', { role: 'status' }, 'Starting…');
    let jobId = null;
    const cancel = h('button.secondary#import-cancel', { type: 'button', disabled: true, onclick: async () => {
      cancel.disabled = true;
      text.textContent = 'Stopping after the rows read so far…';
      try { await api.importCancel(jobId); } catch (e) { out.append(errorBox(e)); }
    } }, 'Cancel import');
    mount(out, h('section.panel', h('h2', 'Importing'), h('label', { for: 'import-progress' }, 'Progress'), bar, ' ', text,
      h('p', cancel)));
    try {
      let res = null;
      if (uploadId) {
        try {
          res = await api.importStartKept(uploadId, mappingJson(mapping));
        } catch (e) {
          if (e.status !== 404) throw e;
        }
        uploadId = null; // imported once: a second run sends the file again
      }
      if (!res) {
        res = await api.importStart(file, mappingJson(mapping), (sent, total) => {
          bar.max = total; bar.value = sent;
          text.textContent = `Uploading… ${Math.floor((100 * sent) / total)} %`;
        });
      }
      let job = res.job;
      jobId = job.id;
      cancel.disabled = false;
      while (job.state === 'running') {
        const c = job.counts || {};
        if (job.queued) {
          text.textContent = 'Waiting for the import before it to finish…';
        } else if (!job.cancel_requested) {
          if (job.total > 0) { bar.max = job.total; bar.value = job.done; }
          const eta = job.eta_seconds != null ? `, about ${fmtInt(job.eta_seconds)} s left` : '';
          text.textContent = `${fmtInt(c.rows_read || 0)} rows read, ${fmtInt(c.rows_stored || 0)} stored, `
            + `${fmtInt(c.rows_rejected || 0)} rejected (${fmtInt(Math.round(job.rate || 0))} rows/s${eta})`;
        }
        await new Promise((r) => setTimeout(r, 300));
        res = await api.importJob(job.id);
        job = res.job;
      }
      cancel.disabled = true;
      if (job.state === 'cancelled') {
        const r = res.result && res.result.report;
        text.textContent = r
          ? `Cancelled: ${fmtInt(r.imported)} rows stored, ${fmtInt(r.rejected)} rejected of ${fmtInt(r.rows)} read. `
            + 'Import the same file again to finish (rows with an external id are updated, not duplicated).'
          : 'Cancelled before it started: nothing was stored.';
        announce(text.textContent);
        out.append(h('section.panel#import-result', r && r.imported ? storedLink(job) : null,
          r ? rowErrors(r, 'Rejected rows') : null, anotherFile()));
        return;
      }
      if (job.state !== 'succeeded' || !res.result) {
        const fresh = res.result ? res : await api.importJob(job.id);
        if (!fresh.result) throw new Error(fresh.error || job.error || 'the import failed');
        res = fresh;
      }
      bar.max = 1; bar.value = 1;
      const r = res.result.report;
      text.textContent = `Done: ${fmtInt(r.imported)} imported, ${fmtInt(r.rejected)} rejected of ${fmtInt(r.rows)} rows.`;
      announce(text.textContent);
      out.append(h('section.panel#import-result', r.imported ? storedLink(res.job) : null,
        rowErrors(r, 'Rejected rows'), anotherFile()));
    } catch (e) {
      cancel.disabled = true;
      text.textContent = 'Failed.';
      out.append(errorBox(e));
    }
  }

  function anotherFile() {
    return h('p', h('button.secondary', { type: 'button', onclick: () => {
      fileInput.value = ''; file = null; uploadId = null; remapped = false; mount(out); fileInput.focus();
    } }, 'Import another file'));
  }
}

/**
 * A link to the list of the customers the import stored: those changed while it ran (updated_from/_to, to the
 * millisecond). A row that changed nothing is not in it; a save made by someone else in those seconds is, which
 * the note says.
 */
function storedLink(job) {
  if (!job.running_since || !job.finished_at) return null;
  const q = new URLSearchParams({ updated_from: job.running_since, updated_to: job.finished_at, sort: '-updated' });
  return h('p#import-stored', h('a', { href: `#/lists?${q}` }, 'Show the customers this import stored'),
    h('span.small', ' (the customers changed while it ran: a row that changed nothing is not among them, a change '
      + 'someone else saved meanwhile is)'));
}

function rowErrors(report, title) {
  const errors = report.errors || [];
  const warnings = report.warnings || [];
  return [
    errors.length ? h('div.row-errors',
      // The count is of rows (as in the summary); a row can have several problems.
      h('h3', `${title} (${fmtInt(report.rejected ?? errors.length)})`),
      h('p.small', 'Rows are numbered as in a spreadsheet: in a CSV file the header is row 1.'),
      h('table.errors.stack', h('thead', h('tr', h('th', { scope: 'col' }, 'Row'), h('th', { scope: 'col' }, 'Column'),
        h('th', { scope: 'col' }, 'Problem'))),
      h('tbody', errors.map((e) => h('tr', h('td.num', { 'data-label': 'Row' }, String(e.row)),
        h('td', { 'data-label': 'Column' }, e.column || ''), h('td', { 'data-label': 'Problem' }, e.message))))),
      (report.error_count || 0) > errors.length
        ? h('p.muted', `Showing the first ${errors.length} of ${fmtInt(report.error_count)} problems.`) : null) : null,
    warnings.length ? h('details', h('summary', `${fmtInt(warnings.length)} warning${warnings.length === 1 ? '' : 's'}`),
      h('ul', warnings.map((w) => h('li', `row ${w.row}${w.column ? `, ${w.column}` : ''}: ${w.message}`)))) : null,
  ];
}
