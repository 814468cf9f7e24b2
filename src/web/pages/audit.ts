/** The audit trail: who reprinted, approved, was refused, signed in — newest first. */
import type { AuditEntry } from '../../server/index.js';
import { api, type Query } from '../api.js';
import { append, byId, clear, el, table, valueOf } from '../dom.js';
import { instant, localForApi } from '../format.js';
import { onLangChange, t, tOr } from '../i18n.js';
import { showProblem, startPage } from '../layout.js';
import { setUpStoreFilter, showsStores, storeCell } from '../stores.js';

type Entry = AuditEntry;
let entries: Entry[] = [];

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** A refusal's why, by its code or reason word; else the server's words for it, or the stored ones. */
function why(code: unknown, fallback: unknown, said?: unknown): string {
  return tOr(`audit.why.${text(code)}`, text(said) || text(fallback) || text(code));
}

/** "reprint 10023456-000128-000101" → "reprint of sale 10023456-…"; "print original …" likewise. */
function action(value: unknown): string {
  const reprint = /^reprint (\S+)$/.exec(text(value));
  if (reprint) return t('audit.detail.reprintOf', { id: reprint[1] ?? '' });
  const original = /^print original (\S+)$/.exec(text(value));
  return original ? t('audit.detail.originalOf', { id: original[1] ?? '' }) : text(value);
}

/**
 * What an entry is about, in the page's language. Reprint events carry their fields at the
 * top; events from the sign-in side (approvals, sign-ins, users) carry them in `detail`.
 */
function detail(e: Entry): string {
  const d = record(e.detail);
  const parts: string[] = [];
  if (e.saleId) parts.push(t('audit.detail.sale', { v: text(e.saleId) }));
  if (e.copy !== undefined && e.copy !== null) parts.push(t('audit.detail.copy', { v: text(e.copy) }));
  if (e.reason) parts.push(t('audit.detail.reason', { v: tOr(`reason.${text(e.reason)}`, text(e.reason)) }));
  // The reason in the words of whoever reprinted ("other": the only place it is said).
  if (e.reasonText) parts.push(t('audit.detail.reasonText', { v: text(e.reasonText) }));
  if (e.basis) parts.push(t('audit.detail.basis', { v: tOr(`basis.${text(e.basis)}`, text(e.basis)) }));
  if (e.printer) parts.push(t('audit.detail.printer', { v: text(e.printer) }));
  if (e.type === 'shop.added' && e.name) parts.push(t('audit.detail.shopName', { v: text(e.name) }));
  if (e.type === 'reprint.refused' || e.type === 'e-receipt.refused' || e.type === 'print.refused') parts.push(t('audit.detail.refusal', { v: why(e.code, e.message, e.why) }));
  if (e.type === 'integrity.alert') parts.push(t('audit.detail.found', { v: why(e.problem ?? e.code, e.problem ?? e.code, e.why) }));
  if (e.type === 'integrity.alert' && e.chain) parts.push(t('audit.detail.chain', { v: text(e.chain) }));
  if (e.link) parts.push(t('audit.detail.link', { v: text(e.link) }));
  if (e.format) parts.push(t('audit.detail.format', { v: text(e.format).toUpperCase() }));
  if (e.expiresAt) parts.push(t('audit.detail.expires', { v: instant(text(e.expiresAt)) }));
  if (d.action) parts.push(action(d.action));
  if (d.reason) parts.push(t('audit.detail.refusal', { v: why(d.reason, d.reason) }));
  if (d.role) parts.push(t('audit.detail.role', { v: tOr(`role.${text(d.role)}`, text(d.role)) }));
  if (d.operatorNo) parts.push(t('audit.detail.operatorNo', { v: text(d.operatorNo) }));
  if (d.terminal) parts.push(t('audit.detail.terminal', { v: text(d.terminal) }));
  if (e.permission) parts.push(t('audit.detail.path', { v: `${text(e.method)} ${text(e.path)}` }));
  return parts.join(' · ');
}

/** Who asked, and who approved: an approval's `user` is the approver, asked for by `detail.forUser`. */
function people(e: Entry): [string, string] {
  const d = record(e.detail);
  if (e.type.startsWith('approval.')) return [text(d.forUser), text(e.user)];
  return [text(e.user), text(e.approver ?? e.by)];
}

function render(): void {
  const host = byId('audit-table');
  clear(host);
  if (entries.length === 0) {
    append(host, el('p', {}, t('audit.none')));
    return;
  }
  const stores = showsStores();
  const headers = [t('audit.col.seq'), t('audit.col.time'), ...(stores ? [t('col.store')] : []), t('audit.col.event'), t('audit.col.user'), t('audit.col.approver'), t('audit.col.detail')];
  const rows = entries.map((e) => [
    String(e.seq),
    instant(e.recordedAt),
    // Head office's own entries (sign-ins, shops added) carry no store.
    ...(stores ? [storeCell(e.storeId)] : []),
    el('span', { class: `event event-${e.type.replace(/\W/g, '-')}`, 'data-type': e.type }, tOr(`event.${e.type}`, e.type)),
    ...people(e),
    detail(e),
  ]);
  append(host, table(t('audit.caption', { n: entries.length }), headers, rows, { id: 'audit-grid' }));
}

async function load(form: HTMLFormElement): Promise<void> {
  const query: Query = {};
  for (const name of ['from', 'to', 'user', 'type', 'store']) {
    const value = valueOf(form, name);
    if (value) query[name] = name === 'from' || name === 'to' ? localForApi(value) : value;
  }
  const error = byId('audit-error');
  error.hidden = true;
  try {
    entries = (await api<{ items: Entry[] }>('/audit', { query })).items;
    render();
  } catch (failure) {
    entries = [];
    render();
    showProblem(error, failure);
  }
}

async function main(): Promise<void> {
  if (!(await startPage('audit', 'audit.read'))) return;
  const form = byId<HTMLFormElement>('audit-form');
  await setUpStoreFilter();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(form);
  });
  onLangChange(render);
  await load(form);
  document.body.dataset.loaded = 'true';
}

void main();
