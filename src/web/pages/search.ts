/** Find a sale: time ± window and amount, voucher, reference, card last-4, terminal, operator. */
import { api, type Query } from '../api.js';
import { append, byId, clear, el, table, valueOf } from '../dom.js';
import { localForApi, money, saleTime } from '../format.js';
import { onLangChange, t, tOr } from '../i18n.js';
import { showProblem, startPage } from '../layout.js';
import type { Journaled, Page } from '../types.js';

const FIELDS = ['around', 'within', 'amount', 'voucher', 'batch', 'ref', 'last4', 'terminal', 'operator', 'kind'] as const;

let items: Journaled[] = [];
let next: string | null = null;
let lastQuery: Query = {};

function queryFrom(form: HTMLFormElement): Query {
  const query: Query = {};
  for (const name of FIELDS) {
    const value = valueOf(form, name);
    if (value !== '') query[name] = name === 'around' ? localForApi(value) : value;
  }
  if (query.around === undefined) delete query.within; // the window only means something around a time
  return query;
}

function render(): void {
  const status = byId('results-status');
  const host = byId('results-table');
  clear(host);
  byId('more').hidden = next === null;
  if (items.length === 0) {
    status.textContent = t('search.none');
    return;
  }
  status.textContent = t('search.count', { n: items.length });
  const headers = [t('col.time'), t('col.amount'), t('col.kind'), t('col.card'), t('col.voucher'), t('col.batch'), t('col.terminal'), t('col.operator'), t('col.merchant'), t('col.action')];
  const rows = items.map(({ id, transaction: tx }) => [
    el('time', { datetime: tx.occurredAt }, saleTime(tx.occurredAt)),
    el('span', { class: 'amount' }, money(tx.amount, tx.currency)),
    tOr(`kind.${tx.kind}`, tx.kind),
    tx.card ? el('span', { class: 'mono' }, tx.card.masked) : t('common.none'),
    el('span', { class: 'mono' }, tx.voucherNo),
    el('span', { class: 'mono' }, tx.batchNo),
    el('span', { class: 'mono' }, tx.terminalId),
    el('span', { class: 'mono' }, tx.operatorId),
    tx.merchant.name,
    el('a', { href: `/receipt.html?id=${encodeURIComponent(id)}`, class: 'button-link', 'aria-label': t('search.openLabel', { id }), 'data-id': id }, t('search.open')),
  ]);
  append(host, table(t('search.results'), headers, rows, { id: 'results-grid', hideCaption: true }));
}

async function run(query: Query, more = false): Promise<void> {
  const error = byId('search-error');
  error.hidden = true;
  const submit = byId<HTMLButtonElement>('search-submit');
  submit.disabled = true;
  try {
    const page = await api<Page<Journaled>>('/transactions', { query: { ...query, limit: 50, ...(more && next ? { cursor: next } : {}) } });
    items = more ? [...items, ...page.items] : page.items;
    next = page.next;
    lastQuery = query;
    render();
  } catch (failure) {
    showProblem(error, failure);
  } finally {
    submit.disabled = false;
  }
}

function fillFrom(params: URLSearchParams, form: HTMLFormElement): boolean {
  let any = false;
  for (const name of FIELDS) {
    const value = params.get(name);
    const field = form.elements.namedItem(name);
    if (value !== null && (field instanceof HTMLInputElement || field instanceof HTMLSelectElement)) {
      field.value = name === 'around' ? value.replace(' ', 'T') : value;
      any = true;
    }
  }
  return any;
}

/** The receipt page's "back" goes to this search again (no referrer is sent: Referrer-Policy no-referrer). */
function rememberSearch(query: string): void {
  try {
    sessionStorage.setItem('reissue.search', query);
  } catch {
    // private mode: back goes to a fresh search
  }
}

async function main(): Promise<void> {
  if (!(await startPage('search', 'sales.read'))) return;
  const form = byId<HTMLFormElement>('search-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = queryFrom(form);
    const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    history.replaceState(null, '', params.toString() ? `?${params}` : location.pathname);
    rememberSearch(params.toString());
    void run(query);
  });
  form.addEventListener('reset', () => {
    items = [];
    next = null;
    history.replaceState(null, '', location.pathname);
    rememberSearch('');
    setTimeout(render, 0);
  });
  byId('more').addEventListener('click', () => void run(lastQuery, true));
  onLangChange(render);
  // Coming back from a receipt: the same search again; otherwise the newest sales.
  rememberSearch(location.search.replace(/^\?/, ''));
  if (fillFrom(new URLSearchParams(location.search), form)) await run(queryFrom(form));
  else await run({});
}

void main();
