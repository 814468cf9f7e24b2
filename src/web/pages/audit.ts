/** The audit trail: who reprinted, approved, was refused, signed in — newest first. */
import { api, type Query } from '../api.js';
import { append, byId, clear, el, table, valueOf } from '../dom.js';
import { instant, localForApi } from '../format.js';
import { onLangChange, t, tOr } from '../i18n.js';
import { showProblem, startPage } from '../layout.js';

type Entry = { seq: number; type: string; recordedAt: string } & Record<string, unknown>;
let entries: Entry[] = [];

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

function detail(e: Entry): string {
  const parts: string[] = [];
  if (e.saleId) parts.push(t('audit.detail.sale', { v: text(e.saleId) }));
  if (e.copy !== undefined && e.copy !== null) parts.push(t('audit.detail.copy', { v: text(e.copy) }));
  if (e.reason) parts.push(t('audit.detail.reason', { v: tOr(`reason.${text(e.reason)}`, text(e.reason)) }));
  if (e.printer) parts.push(t('audit.detail.printer', { v: text(e.printer) }));
  if (e.code && e.type !== 'reprint.issued') parts.push(text(e.code));
  if (e.message) parts.push(text(e.message));
  if (e.permission) parts.push(`${text(e.method)} ${text(e.path)} (${text(e.permission)})`);
  return parts.join(' · ');
}

function render(): void {
  const host = byId('audit-table');
  clear(host);
  if (entries.length === 0) {
    append(host, el('p', {}, t('audit.none')));
    return;
  }
  const headers = [t('audit.col.seq'), t('audit.col.time'), t('audit.col.event'), t('audit.col.user'), t('audit.col.approver'), t('audit.col.detail')];
  const rows = entries.map((e) => [
    String(e.seq),
    instant(e.recordedAt),
    el('span', { class: `event event-${e.type.replace(/\W/g, '-')}`, 'data-type': e.type }, tOr(`event.${e.type}`, e.type)),
    text(e.user),
    text(e.approver ?? e.by),
    detail(e),
  ]);
  append(host, table(t('audit.caption', { n: entries.length }), headers, rows, { id: 'audit-grid' }));
}

async function load(form: HTMLFormElement): Promise<void> {
  const query: Query = {};
  for (const name of ['from', 'to', 'user', 'type']) {
    const value = valueOf(form, name);
    if (value) query[name] = name === 'from' || name === 'to' ? localForApi(value) : value;
  }
  const error = byId('audit-error');
  error.hidden = true;
  try {
    entries = (await api<{ items: Entry[] }>('/audit', { query })).items;
    render();
  } catch (failure) {
    showProblem(error, failure);
  }
}

async function main(): Promise<void> {
  if (!(await startPage('audit', 'audit.read'))) return;
  const form = byId<HTMLFormElement>('audit-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(form);
  });
  onLangChange(render);
  await load(form);
}

void main();
