// Every call the UI makes to the server, in one place, so field and parameter names are fixed here.
// Only the server's own API is contacted: no third-party resources, no personal data elsewhere.

/** An API error: an RFC 9457 problem document with field/row errors. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    /** [{field, message, row, column}] */
    this.errors = (problem && problem.errors) || [];
  }
}

// ---- API key ------------------------------------------------------------------------------------------------
// The key lives in this tab's sessionStorage only (gone when the tab closes) and is sent to this server only.
const KEY = 'clientele.apiKey';

/** The API key the user signed in with, or null (then only what the server allows without a key works). */
export const apiKey = () => sessionStorage.getItem(KEY);

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key.trim()); else sessionStorage.removeItem(KEY);
}

function authHeaders() {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/**
 * Downloads a server file with the key (a plain link cannot send it): fetches it and saves it under fileName.
 * For very large exports without a key requirement a plain link streams better; both are offered.
 */
export async function download(url, fileName) {
  const res = await send(url, { headers: authHeaders() });
  if (!res.ok) {
    const type = res.headers.get('Content-Type') || '';
    throw new ApiError(res.status, type.includes('json') ? await res.json() : plainProblem(res));
  }
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** fetch, with a failure to reach the server (stopped, network down) said in words rather than "Failed to fetch". */
async function send(path, init) {
  try {
    return await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'Server not reachable',
      detail: 'The server could not be reached: check the network connection (or ask whether the server is '
        + 'running), then try again.' });
  }
}

/**
 * A problem for an answer that is not one of this server's problem documents (a proxy's HTML error page, a bare
 * text): its status in words, never the page's markup.
 */
function plainProblem(res) {
  const what = res.status === 429 ? 'Too many requests: wait a moment and try again.'
    : res.status >= 500 ? 'The server failed to answer; try again in a moment.'
      : res.status === 401 || res.status === 403 ? 'Not allowed.' : 'The request was refused.';
  return { title: res.statusText, detail: `${what} (HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''})` };
}

async function request(method, path, { json, body, headers = {}, signal } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...authHeaders(), ...headers }, signal };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = headers['Content-Type'] || 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  const res = await send(path, init);
  const type = res.headers.get('Content-Type') || '';
  let data = null;
  if (res.status !== 204 && (type.includes('json'))) {
    data = await res.json();
  } else if (res.status !== 204) {
    data = await res.text();
  }
  if (!res.ok) {
    const problem = typeof data === 'object' && data ? data : plainProblem(res);
    if (res.status === 401 || res.status === 403) {
      problem.detail = `${problem.detail || problem.title} — sign in with an API key that has the right role `
        + '(the "Sign in" button at the top).';
    }
    throw new ApiError(res.status, problem);
  }
  return { data, res };
}

const get = async (path, opts) => (await request('GET', path, opts)).data;
const post = async (path, json, opts = {}) => (await request('POST', path, { ...opts, json })).data;

/** URLSearchParams from an object; array values repeat the parameter; null/undefined/'' are left out. */
export function toQuery(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (x !== null && x !== undefined && x !== '') q.append(k, String(x));
    }
  }
  return q;
}

const enc = encodeURIComponent;

/** Checks a key before it is kept: one read with it (any role may search); an unknown or revoked key is a 401. */
export const checkKey = (key) => request('GET', '/api/search?limit=1', { headers: { Authorization: `Bearer ${key}` } });

/** GET /api/me → {key_id, role: reader|editor|admin, scope}: what the key in use may do. */
export const me = () => get('/api/me');

// ---- search box -----------------------------------------------------------------------------------------
/** GET /api/suggest → {suggestions:[{id, text, kind, company, city, street}]} (street: when found by it) */
export const suggest = (q, limit = 8, signal) => get(`/api/suggest?${toQuery({ q, limit })}`, { signal });

/**
 * GET /api/search with text (q) and/or list filters → the union of the search shape
 * {hits:[{id, display_name, highlights{field:[html]}, ...}], total, total_relation, next_cursor, timed_out}
 * and the list shape {total, aggregates{count, spend_sum, spend_avg, window_spend_sum...}, facets{dim:Facet},
 * customers:[Customer], next_cursor}.
 */
export const search = (params, signal) => get(`/api/search?${toQuery(params)}`, { signal });

// ---- lists, facets, export -----------------------------------------------------------------------------
/** GET /api/facets/{dim}/values?prefix=&limit= (+ current filters) → {dimension, prefix, values:[FacetValue]} */
export const facetValues = (dim, params) => get(`/api/facets/${enc(dim)}/values?${toQuery(params)}`);
/** The URL that streams the whole list as CSV or NDJSON (a download, not a fetch). */
export const exportUrl = (params, format = 'csv') => `/api/export?${toQuery({ ...params, format })}`;
/** Saved lists: GET /api/lists → {lists:[{id, name, query, sort, columns}]}; POST {name, query, sort, columns} */
export const savedLists = () => get('/api/lists');
export const saveList = (name, query, sort, columns) => post('/api/lists', { name, query, sort: sort || null,
  columns: columns || null });
export const deleteList = (id) => request('DELETE', `/api/lists/${enc(id)}`);
/** PUT /api/lists/{id} {name, query, sort, columns} → the saved list (403 for a scoped key on a list it did not save) */
export const updateList = async (id, name, query, sort, columns) =>
  (await request('PUT', `/api/lists/${enc(id)}`, { json: { name, query, sort: sort || null,
    columns: columns || null } })).data;

/** POST /api/edits?<list params> {add_tags, remove_tags, set, expected_total, dry_run}: a dry run answers {matched,
 * changed, unchanged, preview:[{id, name, before, after}]}; otherwise {job, result} (202: poll editJob) */
export const editList = (params, body) => post(`/api/edits?${toQuery(params)}`, body);
/** GET /api/edits/jobs/{id} → {job: {state, done, total, counts}, result: {changed, unchanged, failed, errors}} */
export const editJob = (id) => get(`/api/edits/jobs/${enc(id)}`);
/** POST /api/edits/jobs/{id}/undo → {job, result} (202: poll editJob with the new job's id) */
export const undoEdit = (id) => post(`/api/edits/jobs/${enc(id)}/undo`);

// ---- customers -----------------------------------------------------------------------------------------
/** GET /api/customers/{id} → {customer, etag} */
export async function customer(id) {
  const { data, res } = await request('GET', `/api/customers/${enc(id)}`);
  return { customer: data, etag: res.headers.get('ETag') };
}
/** PATCH (JSON merge patch) with If-Match → {customer, etag}; a bad value throws ApiError with errors[].field */
export async function patchCustomer(id, patch, etag) {
  const headers = { 'Content-Type': 'application/merge-patch+json' };
  if (etag) headers['If-Match'] = etag;
  const { data, res } = await request('PATCH', `/api/customers/${enc(id)}`, { json: patch, headers });
  return { customer: data, etag: res.headers.get('ETag') };
}
/** POST /api/customers[?on_duplicate=refuse] → the stored customer; refused: 409 problem with `duplicates`. */
export const createCustomer = (body, onDuplicate) =>
  post(`/api/customers${onDuplicate ? `?on_duplicate=${enc(onDuplicate)}` : ''}`, body);
/** POST /api/duplicates/check → {duplicates:[{score, decision, fields, customer}]} for a customer not stored. */
export const checkDuplicates = (body, signal) => post('/api/duplicates/check', body, { signal });

/** POST /api/customers/{id}/purchases (one purchase, appended under the customer's lock) → {customer, etag} */
export async function addPurchase(id, purchase) {
  const { data, res } = await request('POST', `/api/customers/${enc(id)}/purchases`, { json: purchase });
  return { customer: data, etag: res.headers.get('ETag') };
}
/** DELETE with If-Match; the customer's history stays, and restoring a version of it revives the customer. */
export const deleteCustomer = (id, etag) =>
  request('DELETE', `/api/customers/${enc(id)}`, { headers: etag ? { 'If-Match': etag } : {} });
export const customerExportUrl = (id, format) => `/api/customers/${enc(id)}/export?format=${enc(format)}`;
/** GDPR subject access (admin): everything held about the person, as one JSON file. */
export const subjectAccessUrl = (id) => `/api/customers/${enc(id)}/subject-access`;
/**
 * POST /api/customers/{id}/erase?also= (admin), with the person's other records to erase with it →
 * {customer_id, erased_at, also_erased, related_erased, erased, files_purged}
 */
export const eraseCustomer = (id, also = []) => post(`/api/customers/${enc(id)}/erase`
  + (also.length ? `?also=${also.map(enc).join(',')}` : ''));
/** GET /api/customers/{id}/related (admin) → {records: [{id, display_name, kind, reasons, score, deleted}]} */
export const relatedRecords = (id) => get(`/api/customers/${enc(id)}/related`);
export const customerDuplicates = (id) => get(`/api/customers/${enc(id)}/duplicates`);
/** GET /api/customers/{id}/history → {id, current, versions:[Customer, newest first]} */
export const customerHistory = (id) => get(`/api/customers/${enc(id)}/history?limit=50`);
/** POST /api/customers/{id}/history/{version}/restore → Customer */
export const restoreVersion = (id, version) => post(`/api/customers/${enc(id)}/history/${enc(version)}/restore`);

// ---- duplicates ----------------------------------------------------------------------------------------
/** GET /api/duplicates → {groups:[{group_id, score, customers, pairs:[{pair_id, left_id, right_id, score,
 * decision, fields:[{field, left, right, similarity, agreement, probability, weight}], status}]}], total,
 * next_cursor} */
export const duplicateQueue = ({ status = 'pending', minScore, cursor, limit = 20 } = {}) =>
  get(`/api/duplicates?${toQuery({ status, min_score: minScore, cursor, limit })}`);
/** choices: {field: 'a' (pair's left_id) | 'b' (right_id)}; versions: {id: version} of the records shown (412 when
 * one changed since) → {merge_id, pair_id, survivor, removed_id} */
export const mergePair = (pairId, { survivor, choices, versions } = {}) =>
  post(`/api/duplicates/${enc(pairId)}/merge`, { survivor: survivor || null, choices: choices || {},
    ...(versions ? { versions } : {}) });
export const dismissPair = (pairId) => post(`/api/duplicates/${enc(pairId)}/dismiss`);
/** → {merge_id, customers:[Customer]} */
export const undoMerge = (mergeId) => post(`/api/merges/${enc(mergeId)}/undo`);
/** → job {id, state: running|succeeded|failed, done, total, counts} */
export const startDedupScan = () => post('/api/dedup/jobs');
export const dedupJob = (id) => get(`/api/dedup/jobs/${enc(id)}`);

// ---- import --------------------------------------------------------------------------------------------
function importBody(file, mapping) {
  const form = new FormData();
  form.append('file', file, file.name);
  if (mapping) form.append('mapping', mapping);
  return form;
}
/**
 * POST with a body sent by XMLHttpRequest, which (unlike fetch) reports upload progress: onProgress(sent, total).
 * Answers and errors as request() does.
 */
function upload(path, body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    if (onProgress) xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); };
    xhr.onerror = () => reject(new ApiError(0, { title: 'Server not reachable',
      detail: 'The server could not be reached: check the network connection (or ask whether the server is '
        + 'running), then try again.' }));
    xhr.onload = () => {
      const type = xhr.getResponseHeader('Content-Type') || '';
      let data = xhr.responseText;
      if (type.includes('json')) {
        try { data = JSON.parse(xhr.responseText); } catch { data = null; }
      }
      if (xhr.status >= 200 && xhr.status < 300) { resolve(data); return; }
      const problem = typeof data === 'object' && data ? data
        : plainProblem({ status: xhr.status, statusText: xhr.statusText });
      if (xhr.status === 401 || xhr.status === 403) {
        problem.detail = `${problem.detail || problem.title} — sign in with an API key that has the right role `
          + '(the "Sign in" button at the top).';
      }
      reject(new ApiError(xhr.status, problem));
    };
    xhr.send(body);
  });
}
/** Dry run of a file, sent once with upload progress → {report{rows, imported, rejected, errors:[{row, column,
 * message}], error_count, warnings}, mapping{header: field}, unmapped_columns, preview:[Customer], dry_run,
 * upload_id} (the server keeps the file under upload_id) */
export const importDryRun = (file, mapping, onProgress) =>
  upload('/api/import?dry_run=true', importBody(file, mapping), onProgress);
/** Dry run again of a kept upload (no file sent), e.g. with another mapping → as importDryRun */
export const importDryRunKept = (uploadId, mapping) =>
  post(`/api/import?${toQuery({ dry_run: 'true', upload: uploadId, mapping })}`);
/** Real run → {job{id, state, queued, done, total, counts{rows_read, rows_stored, rows_rejected}, rate}} (202) */
export const importStart = (file, mapping, onProgress) => upload('/api/import', importBody(file, mapping), onProgress);
/** Real run of a kept upload (no file sent) → as importStart; 404 (upload-not-found) once it is no longer kept */
export const importStartKept = (uploadId, mapping) => post(`/api/import?${toQuery({ upload: uploadId, mapping })}`);
/** Cancel → {job, result, error} */
export const importCancel = async (id) => (await request('DELETE', `/api/import/jobs/${enc(id)}`)).data;
/** → {job, result{report, mapping, ...} | null, error | null} */
export const importJob = (id) => get(`/api/import/jobs/${enc(id)}`);

// ---- administration (admin keys) ------------------------------------------------------------------------
/** GET /api/admin/keys → {keys:[{id, role, name, created_at, revoked, revoked_at, scope, note}]} */
export const keys = () => get('/api/admin/keys');
/** POST /api/admin/keys {role, name, scope} → {id, role, name, created_at, scope, key} (key: the plaintext, once) */
export const createKey = (body) => post('/api/admin/keys', body);
/** DELETE /api/admin/keys/{id} → the revoked key */
export const revokeKey = async (id) => (await request('DELETE', `/api/admin/keys/${enc(id)}`)).data;
/** GET /api/admin/backups → {backups:[Backup, oldest first], schedule{every_seconds, keep, next_at, last_at,
 * last_error, deleted}, dir} */
export const backups = () => get('/api/admin/backups');
/** POST /api/admin/backups → the new, verified Backup {id, created_at, files, bytes, customers, …} */
export const createBackup = () => post('/api/admin/backups');
/** POST /api/admin/backups/{id}/verify → {ok, backup}; a damaged backup is a problem (422, backup-damaged) naming what is wrong */
export const verifyBackup = (id) => post(`/api/admin/backups/${enc(id)}/verify`);
export const deleteBackup = (id) => request('DELETE', `/api/admin/backups/${enc(id)}`);
/** GET /api/admin/erasures/purge → {pending, running, last_purged_at, last_error} */
export const purgeStatus = () => get('/api/admin/erasures/purge');
/** GET /api/admin/audit?limit&cursor&actor&customer&refused → {events:[{at, actor, role, action, status,
 * customer_id, target}], next_cursor} */
export const audit = (params) => get(`/api/admin/audit?${toQuery(params)}`);
