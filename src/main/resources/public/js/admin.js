// #/admin — what an administrator looks after: API keys (who may do what, on which customers), backups, the purge
// after erasures, and the audit log (who did what). Admin keys only; the server refuses everyone else.
import * as api from './api.js';
import { h, mount, errorBox, announce, fmtInt, fmtDateTime } from './dom.js';

// The scope dimensions offered in the form; the API takes more (city, industry, kind, …: see the README).
const SCOPE_FIELDS = [['country', 'Countries', 'HU, DE'], ['region', 'Regions', 'Bavaria'],
  ['rep', 'Sales reps', 'Anna Kovács'], ['tags', 'Tags', 'vip']];

const fmtBytes = (n) => (n === null || n === undefined ? '—'
  : n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GB` : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB`
    : `${Math.max(1, Math.round(n / 1024))} kB`);
const scopeText = (scope) => (scope && Object.keys(scope).length
  ? Object.entries(scope).map(([dim, values]) => `${dim}: ${[].concat(values).join(', ')}`).join(' · ')
  : 'all customers');
const every = (seconds) => (seconds % 86400 === 0 ? `${seconds / 86400} d` : seconds % 3600 === 0 ? `${seconds / 3600} h`
  : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`);

export function render(main) {
  const note = document.body.dataset.role === 'admin' ? null
    : h('p.note.key-note', 'Administration needs an admin key: use “Sign in” at the top with one.');
  const keysPanel = h('section.panel#keys', { 'aria-labelledby': 'keys-title' });
  const backupsPanel = h('section.panel#backups', { 'aria-labelledby': 'backups-title' });
  const auditPanel = h('section.panel#audit', { 'aria-labelledby': 'audit-title' });
  mount(main, h('h1', 'Administration'), note, keysPanel, backupsPanel, auditPanel);
  let names = new Map(); // key id → name, for the audit log
  let selfId = null;
  let gone = false;
  // The audit section, once drawn: read again after a change made on this page, so its events show at once.
  let audit = null;
  const auditAgain = () => audit?.refresh();
  loadKeys().then(() => loadAudit());
  loadBackups();
  return { leave() { gone = true; } };

  // ---- keys ------------------------------------------------------------------------------------------
  async function loadKeys(created) {
    let list;
    try {
      const [res, who] = await Promise.all([api.keys(), selfId ? null : api.me()]);
      if (who) selfId = who.key_id;
      list = res.keys || [];
    } catch (e) {
      if (!gone) mount(keysPanel, h('h2#keys-title', 'API keys'), errorBox(e));
      return;
    }
    if (gone) return;
    names = new Map(list.map((k) => [k.id, k.name || k.id]));
    const rows = [...list].sort((a, b) => Number(a.revoked) - Number(b.revoked)
      || String(b.created_at).localeCompare(String(a.created_at)));
    mount(keysPanel,
      h('h2#keys-title', 'API keys'),
      h('p.help', 'Each person or program gets a key of its own, with the role it needs: readers search and export, '
        + 'editors also change customers, admins also manage keys and backups. A scope limits a key to part of '
        + 'the customers (one country, one sales rep).'),
      created ? newKeyBox(created) : null,
      h('table#key-table.stack',
        h('caption.visually-hidden', 'API keys'),
        h('thead', h('tr', ['Name', 'Key id', 'Role', 'Customers', 'Created', 'State', ''].map((t) =>
          h('th', { scope: 'col' }, t)))),
        h('tbody', rows.map((k) => h('tr', { class: k.revoked ? 'revoked' : null, dataset: { key: k.id } },
          h('th', { scope: 'row' }, k.name || '—', k.id === selfId ? h('span.muted', ' (this key)') : null),
          h('td', { 'data-label': 'Key id' }, h('code', k.id)), h('td', { 'data-label': 'Role' }, k.role),
          h('td', { 'data-label': 'Customers' }, scopeText(k.scope)),
          h('td', { 'data-label': 'Created' }, fmtDateTime(k.created_at)),
          h('td', { 'data-label': 'State' }, k.revoked ? `revoked ${fmtDateTime(k.revoked_at)}` : 'active'),
          h('td', k.revoked ? null : h('button.secondary.revoke', { type: 'button', onclick: () => revoke(k) },
            'Revoke', h('span.visually-hidden', ` ${k.name || k.id}`))))))),
      keyForm());
  }

  function newKeyBox(created) {
    const code = h('code#new-key', created.key);
    return h('div.notice#new-key-box', { role: 'status' },
      h('p', h('strong', `The key for ${created.name || created.id} (${created.role}) — shown only now.`),
        ' Copy it and give it to its user; the server keeps only a hash of it.'),
      h('p', code, ' ', h('button.secondary', { type: 'button', onclick: async () => {
        try {
          await navigator.clipboard.writeText(created.key);
          announce('Key copied');
        } catch {
          window.getSelection().selectAllChildren(code); // no clipboard (plain http): selected, to copy by hand
          announce('Key selected: copy it with Ctrl+C');
        }
      } }, 'Copy')));
  }

  function keyForm() {
    const name = h('input#key-name', { type: 'text', required: true, maxlength: 200, autocomplete: 'off' });
    const role = h('select#key-role', ['reader', 'editor', 'admin'].map((r) => h('option', { value: r }, r)));
    const scopeInputs = SCOPE_FIELDS.map(([dim, label, example]) => [dim,
      h('input', { id: `key-scope-${dim}`, type: 'text', placeholder: example, autocomplete: 'off' }), label]);
    const error = h('div#key-error');
    const submit = async (e) => {
      e.preventDefault();
      mount(error);
      const scope = {};
      for (const [dim, input] of scopeInputs) {
        const values = input.value.split(',').map((v) => v.trim()).filter(Boolean);
        if (values.length) scope[dim] = values;
      }
      if (!name.value.trim()) { mount(error, errorBox({ message: 'Give the key a name: whose key is it?' })); name.focus(); return; }
      try {
        const created = await api.createKey({ role: role.value, name: name.value.trim(),
          scope: Object.keys(scope).length ? scope : null });
        announce(`Key created for ${created.name}`);
        await loadKeys(created);
        document.getElementById('new-key-box')?.scrollIntoView({ block: 'center' });
        auditAgain();
      } catch (err) {
        mount(error, errorBox(err));
      }
    };
    return h('form.new-key', { onsubmit: submit, novalidate: true, 'aria-labelledby': 'new-key-title' },
      h('h3#new-key-title', 'New key'),
      h('div.two',
        h('div.field', h('label', { for: 'key-name' }, 'Name (whose key)'), name),
        h('div.field', h('label', { for: 'key-role' }, 'Role'), role)),
      h('fieldset', h('legend', 'Only these customers (leave empty for all; several values: separate with commas)'),
        h('div.two', scopeInputs.map(([dim, input, label]) =>
          h('div.field', h('label', { for: `key-scope-${dim}` }, label), input)))),
      error,
      h('button#create-key', { type: 'submit' }, 'Create key'));
  }

  async function revoke(k) {
    const self = k.id === selfId;
    if (!window.confirm(self ? 'Revoke the key you are signed in with? This page stops working with it at once.'
      : `Revoke the key of ${k.name || k.id}? Requests with it are refused from now on.`)) return;
    try {
      await api.revokeKey(k.id);
      announce(`Key of ${k.name || k.id} revoked`);
      await loadKeys();
      auditAgain();
    } catch (e) {
      alert(`The key was not revoked: ${e.message}`);
    }
  }

  // ---- backups and the purge after erasures ------------------------------------------------------------
  async function loadBackups(message) {
    let res;
    let purge;
    try {
      [res, purge] = await Promise.all([api.backups(), api.purgeStatus()]);
    } catch (e) {
      if (!gone) mount(backupsPanel, h('h2#backups-title', 'Backups'), errorBox(e));
      return;
    }
    if (gone) return;
    const s = res.schedule || {};
    const list = [...(res.backups || [])].reverse(); // newest first
    const now = h('button#backup-now', { type: 'button', onclick: backupNow }, 'Back up now');
    mount(backupsPanel,
      h('h2#backups-title', 'Backups'),
      h('p#backup-schedule', s.every_seconds
        ? `The server backs up by itself every ${every(s.every_seconds)}${s.keep ? `, keeping the newest ${s.keep}` : ''}`
          + `${s.next_at ? `; next at ${fmtDateTime(s.next_at)}` : ''}.`
        : 'The server makes no backups by itself (backup.every is 0).',
      ` They go to ${res.dir}.`),
      s.last_error ? h('p.error', { role: 'alert' }, `The last scheduled backup failed: ${s.last_error}`) : null,
      h('p', now, ' ', h('span.muted', 'A backup holds every customer, their history, keys, lists, the review '
        + 'queue and the audit log; it is verified before it is listed.')),
      message || null,
      list.length ? h('table#backup-table.stack',
        h('caption.visually-hidden', 'Backups, newest first'),
        h('thead', h('tr', ['Made', 'Customers', 'Size', 'Files', 'Check', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', list.map((b) => backupRow(b))))
        : h('p', 'No backups yet.'),
      h('p#purge-status.small', purge.running ? 'Erased customers are being purged from the index files now.'
        : purge.pending ? 'Erased customers wait to be purged from the index files.'
          : `Erased customers are purged from the index files${purge.last_purged_at
            ? ` (last at ${fmtDateTime(purge.last_purged_at)})` : ''}.`,
      purge.last_error ? ` The last purge failed: ${purge.last_error}` : ''));
  }

  function backupRow(b) {
    const check = h('td.check', { 'data-label': 'Check' }, '—');
    const verify = async (e) => {
      e.target.disabled = true;
      mount(check, 'checking…');
      try {
        const res = await api.verifyBackup(b.id);
        mount(check, res.ok ? 'intact' : 'damaged');
        announce(`Backup of ${fmtDateTime(b.created_at)} is intact`);
      } catch (err) {
        mount(check, h('span.error', err.status === 422 ? `damaged: ${err.message}` : err.message));
      } finally {
        e.target.disabled = false;
      }
    };
    const remove = async () => {
      if (!window.confirm(`Delete the backup of ${fmtDateTime(b.created_at)}? It cannot be brought back.`)) return;
      try {
        await api.deleteBackup(b.id);
        announce('Backup deleted');
        loadBackups();
        auditAgain();
      } catch (err) {
        alert(`The backup was not deleted: ${err.message}`);
      }
    };
    const when = fmtDateTime(b.created_at);
    return h('tr', { dataset: { backup: b.id } },
      h('th', { scope: 'row' }, when), h('td', { 'data-label': 'Customers' }, fmtInt(b.customers)),
      h('td', { 'data-label': 'Size' }, fmtBytes(b.bytes)), h('td', { 'data-label': 'Files' }, fmtInt(b.files)),
      check,
      h('td.actions',
        h('button.secondary.verify', { type: 'button', onclick: verify }, 'Verify', h('span.visually-hidden', ` ${when}`)),
        ' ',
        h('button.secondary.delete', { type: 'button', onclick: remove }, 'Delete', h('span.visually-hidden', ` ${when}`))));
  }

  async function backupNow(e) {
    e.target.disabled = true;
    e.target.textContent = 'Backing up…';
    try {
      const b = await api.createBackup();
      announce('Backup made and verified');
      await loadBackups(h('p.notice#backup-made', { role: 'status' },
        `Backup made and verified: ${fmtInt(b.customers)} customers, ${fmtBytes(b.bytes)}.`));
      auditAgain();
    } catch (err) {
      await loadBackups(errorBox(err));
    }
  }

  // ---- audit log --------------------------------------------------------------------------------------
  async function loadAudit() {
    if (gone) return;
    const actorOptions = () => [h('option', { value: '' }, 'any key'),
      [...names].map(([id, name]) => h('option', { value: id }, `${name} (${id})`)),
      h('option', { value: 'anonymous-loopback' }, 'no key (this machine)'), h('option', { value: 'unknown' }, 'unknown key')];
    const actor = h('select#audit-actor', actorOptions());
    const customer = h('input#audit-customer', { type: 'text', autocomplete: 'off', placeholder: 'customer id' });
    const refused = h('input#audit-refused', { type: 'checkbox' });
    const body = h('tbody');
    const more = h('button.secondary#audit-more', { type: 'button', hidden: true }, 'Older events');
    const status = h('p.small', { role: 'status' });
    let cursor = null;
    let reading = 0; // a fresh read outdates the pages still on their way (their rows would be added twice)
    const page = async (fresh) => {
      if (fresh) { cursor = null; body.replaceChildren(); reading += 1; }
      const mine = reading;
      more.disabled = true;
      try {
        const res = await api.audit({ limit: 50, cursor, actor: actor.value, customer: customer.value.trim(),
          refused: refused.checked ? 'true' : null });
        if (gone || mine !== reading) return;
        body.append(...res.events.map(eventRow));
        cursor = res.next_cursor;
        more.hidden = !cursor;
        status.textContent = body.children.length ? '' : 'No events match.';
      } catch (err) {
        if (mine === reading) mount(status, errorBox(err));
      } finally {
        more.disabled = false;
      }
    };
    more.addEventListener('click', () => page(false));
    mount(auditPanel,
      h('h2#audit-title', 'Audit log'),
      h('p.help', 'Every change, every admin action and every refused request, newest first: key, action and '
        + 'customer id, never names or what was searched.'),
      h('form.audit-filter', { onsubmit: (e) => { e.preventDefault(); page(true); } },
        h('div.field', h('label', { for: 'audit-actor' }, 'Key'), actor),
        h('div.field', h('label', { for: 'audit-customer' }, 'Customer'), customer),
        h('div.field.check', refused, h('label', { for: 'audit-refused' }, 'Refused requests only')),
        h('button.secondary', { type: 'submit' }, 'Show')),
      h('table#audit-table.stack',
        h('caption.visually-hidden', 'Audit log, newest first'),
        h('thead', h('tr', ['When', 'Key', 'Action', 'Status', 'Customer', 'Concerning'].map((t) =>
          h('th', { scope: 'col' }, t)))),
        body),
      status, more);
    audit = {
      // The key list may have changed: the filter offers the keys as they are now, keeping the one chosen.
      refresh() {
        const chosen = actor.value;
        mount(actor, actorOptions());
        actor.value = chosen;
        if (actor.value !== chosen) actor.value = '';
        return page(true);
      },
    };
    await page(true);
  }

  function eventRow(e) {
    const who = names.get(e.actor);
    return h('tr', { class: e.status === 401 || e.status === 403 ? 'refused' : null },
      h('td', { 'data-label': 'When' }, fmtDateTime(e.at)),
      h('td', { 'data-label': 'Key' }, who ? `${who} ` : '', h('code', e.actor), e.role ? h('span.muted', ` ${e.role}`) : null),
      h('td', { 'data-label': 'Action' }, h('code', e.action)),
      h('td', { 'data-label': 'Status' }, String(e.status)),
      h('td', { 'data-label': 'Customer' },
        e.customer_id ? h('a', { href: `#/customer/${encodeURIComponent(e.customer_id)}` }, e.customer_id) : '—'),
      h('td', { 'data-label': 'Concerning' }, e.target ? h('code', e.target) : '—'));
  }
}
