/**
 * Find a sale or a receipt a tap captured: the time the customer remembers (today unless the
 * date is changed) ± a window and the amount — closest first, with how far each is from that
 * time — or voucher, reference, card last-4, terminal, operator. Captured receipts are marked
 * with the till (source) they came from.
 */
import type { PageOf, ReceiptView, ReplicaNotice } from '../../server/index.js';
import { api, type Query } from '../api.js';
import { append, byId, clear, el, table, valueOf } from '../dom.js';
import { instant, money, saleInstant, saleTime, storeLocal, todayInput } from '../format.js';
import { onLangChange, t, tOr } from '../i18n.js';
import { showProblem, startPage } from '../layout.js';
import { capturedMark, saleStateBlock } from '../sale-state.js';
import { receiptHref, setUpStoreFilter, showsStores, storeCell } from '../stores.js';

/** Form fields kept in the page's address, so "back" from a receipt finds the same list. */
const FIELDS = ['date', 'time', 'within', 'amount', 'store', 'voucher', 'batch', 'ref', 'last4', 'terminal', 'operator', 'kind'] as const;
const API_FIELDS = ['within', 'amount', 'store', 'voucher', 'batch', 'ref', 'last4', 'terminal', 'operator', 'kind'] as const;
/** Around a time every match in the window is read (closest first needs them all), up to this many. */
const MOST_AROUND = 1000;
const PAGE = 50;

let items: ReceiptView[] = [];
let next: string | null = null;
let lastQuery: Query = {};
/** The remembered time (epoch ms) the list is ordered by, when there is one. */
let centre: number | undefined;
let centreText = '';
let truncated = false;
/** How far the read replica that answered lags (head office with a standby), when it does. */
let replica: ReplicaNotice | undefined;

type Form = Record<(typeof FIELDS)[number], string>;

function formValues(form: HTMLFormElement): Form {
  return Object.fromEntries(FIELDS.map((name) => [name, valueOf(form, name)])) as Form;
}

/** The API query of a filled-in form: a time means "around" it on the chosen date; a date alone, that whole day. */
function queryFrom(values: Form): Query {
  const query: Query = {};
  for (const name of API_FIELDS) if (values[name] !== '') query[name] = values[name];
  if (values.time !== '') query.around = `${values.date || todayInput()} ${values.time}`;
  else {
    delete query.within; // the window only means something around a time
    if (values.date !== '' && values.date !== todayInput()) {
      query.from = values.date;
      query.to = values.date;
    }
  }
  return query;
}

/** "+7 min" / "−3 分钟": how far a sale is from the remembered time. */
function offBy(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes === 0) return t('diff.zero');
  const sign = minutes > 0 ? '+' : '−';
  const abs = Math.abs(minutes);
  if (abs < 60) return t('diff.minutes', { sign, m: abs });
  return abs % 60 === 0 ? t('diff.wholeHours', { sign, h: abs / 60 }) : t('diff.hours', { sign, h: Math.floor(abs / 60), m: abs % 60 });
}

/** A search answered by a standby that has not replayed everything says so above the list. */
function showReplica(): void {
  const note = byId('replica-note');
  const behind = replica?.code === 'REPLICA_BEHIND';
  note.hidden = !behind;
  note.textContent = behind ? t('notice.REPLICA_BEHIND', { bytes: replica?.behindBytes ?? 0 }) : '';
}

function render(): void {
  showReplica();
  const status = byId('results-status');
  const host = byId('results-table');
  clear(host);
  byId('more').hidden = next === null || centre !== undefined;
  if (items.length === 0) {
    status.textContent = t('search.none');
    return;
  }
  status.textContent = centre !== undefined ? t('search.countClosest', { n: items.length, time: centreText }) : t('search.countNewest', { n: items.length });
  if (truncated) append(status, el('br'), t('search.truncated', { n: items.length }));
  const stores = showsStores();
  const headers = [t('col.time'), ...(centre !== undefined ? [t('col.diff')] : []), ...(stores ? [t('col.store')] : []), t('col.amount'), t('col.kind'), t('col.card'), t('col.batchVoucher'), t('col.terminal'), t('col.operator'), t('col.merchant'), t('col.action')];
  const rows = items.map((item) => {
    const at = instantOf(item);
    const id = item.id;
    const open = el('a', { href: receiptHref(id, item.storeId), class: 'button-link', 'aria-label': t('search.openLabel', { id }), 'data-id': id }, t('search.open'));
    const diff = centre !== undefined ? [el('span', { class: 'diff', 'data-diff-ms': at - centre }, offBy(at - centre))] : [];
    // The store follows the time (and how far off it is), for sales and captured receipts alike.
    if (stores) diff.push(storeCell(item.storeId));
    if (item.origin === 'capture') {
      const none = t('common.none');
      return [
        el('time', { datetime: item.occurredAt }, item.printedAt ? saleTime(item.printedAt) : instant(item.occurredAt)),
        ...diff,
        el('span', { class: 'amount' }, item.amount ? money(item.amount.value, item.amount.currency) : none),
        capturedMark(item.source),
        item.last4 ? el('span', { class: 'mono' }, `**** ${item.last4}`) : none,
        el('span', { class: 'mono' }, item.batchNo || item.voucherNo ? `${item.batchNo ?? ''}/${item.voucherNo ?? ''}` : none),
        el('span', { class: 'mono' }, item.terminalId ?? none),
        el('span', { class: 'mono' }, item.operatorId ?? none),
        item.merchant ?? none,
        open,
      ];
    }
    const tx = item.transaction;
    return [
      el('time', { datetime: tx.occurredAt }, saleTime(tx.occurredAt)),
      ...diff,
      el('span', { class: 'amount' }, money(tx.amount, tx.currency)),
      // A voided or refunded sale says so where its type is read: it is not a paid sale any more.
      item.status ? el('span', { class: 'kind' }, tOr(`kind.${tx.kind}`, tx.kind), saleStateBlock(item.status)) : tOr(`kind.${tx.kind}`, tx.kind),
      tx.card ? el('span', { class: 'mono' }, tx.card.masked) : t('common.none'),
      el('span', { class: 'mono' }, `${tx.batchNo}/${tx.voucherNo}`),
      el('span', { class: 'mono' }, tx.terminalId),
      el('span', { class: 'mono' }, tx.operatorId),
      tx.merchant.name,
      open,
    ];
  });
  append(host, table(t('search.results'), headers, rows, { id: 'results-grid', hideCaption: true }));
}

/** When a receipt happened: a sale's time, or the time printed on a captured receipt (else its capture time). */
function instantOf(item: ReceiptView): number {
  return item.origin === 'capture' ? Date.parse(item.occurredAt) : saleInstant(item.transaction.occurredAt);
}

/** Every match around a time, closest first; truncated past MOST_AROUND. */
async function around(query: Query): Promise<void> {
  const all: ReceiptView[] = [];
  let cursor: string | null = null;
  do {
    const page: PageOf<ReceiptView> = await api<PageOf<ReceiptView>>('/receipts', { query: { ...query, limit: 500, ...(cursor ? { cursor } : {}) } });
    all.push(...page.items);
    replica = page.replica;
    cursor = page.next;
  } while (cursor !== null && all.length < MOST_AROUND);
  const at = centre ?? 0;
  all.sort((a, b) => Math.abs(instantOf(a) - at) - Math.abs(instantOf(b) - at));
  truncated = cursor !== null || all.length > MOST_AROUND;
  items = all.slice(0, MOST_AROUND);
  next = null;
}

function showFuture(): void {
  const note = byId('search-note');
  const ahead = centre === undefined ? 0 : Math.round((centre - Date.now()) / 60_000);
  note.hidden = ahead <= 0;
  note.textContent = ahead > 0 ? t('search.future', { time: centreText, minutes: ahead }) : '';
}

/** What the last search asked (more pages aside): a refused one is asked again when the language changes. */
let asked: { values: Form | undefined } = { values: undefined };

async function run(values: Form | undefined, more = false): Promise<void> {
  if (!more) asked = { values };
  const error = byId('search-error');
  error.hidden = true;
  const submit = byId<HTMLButtonElement>('search-submit');
  submit.disabled = true;
  try {
    const query = more ? lastQuery : values ? queryFrom(values) : {};
    if (!more) {
      centre = typeof query.around === 'string' ? storeLocal(query.around) : undefined;
      centreText = typeof query.around === 'string' ? query.around : '';
      truncated = false;
    }
    showFuture();
    if (centre !== undefined && !more) await around(query);
    else {
      const page = await api<PageOf<ReceiptView>>('/receipts', { query: { ...query, limit: PAGE, ...(more && next ? { cursor: next } : {}) } });
      items = more ? [...items, ...page.items] : page.items;
      next = page.next;
      replica = page.replica;
    }
    lastQuery = query;
    render();
  } catch (failure) {
    // A refused search leaves no list behind it that could be taken for its answer.
    items = [];
    next = null;
    centre = undefined;
    replica = undefined;
    render();
    byId('results-status').textContent = '';
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
      field.value = value;
      if (name !== 'date') any = true;
      if (field.closest('details') && value !== '') (field.closest('details') as HTMLDetailsElement).open = true;
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
  const date = byId<HTMLInputElement>('date');
  date.value = todayInput();
  await setUpStoreFilter();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = formValues(form);
    const params = new URLSearchParams(Object.entries(values).filter(([name, v]) => v !== '' && !(name === 'date' && v === todayInput() && values.time === '')));
    history.replaceState(null, '', params.toString() ? `?${params}` : location.pathname);
    rememberSearch(params.toString());
    void run(values);
  });
  form.addEventListener('reset', () => {
    items = [];
    replica = undefined;
    next = null;
    centre = undefined;
    history.replaceState(null, '', location.pathname);
    rememberSearch('');
    setTimeout(() => {
      date.value = todayInput();
      byId('search-note').hidden = true;
      byId('search-error').hidden = true;
      render();
    }, 0);
  });
  byId('more').addEventListener('click', () => void run(undefined, true));
  onLangChange(() => {
    render();
    showFuture();
    // The server worded the refusal in the language it was asked in: ask again in this one.
    if (!byId('search-error').hidden) void run(asked.values);
  });
  // Coming back from a receipt: the same search again; otherwise the newest sales.
  rememberSearch(location.search.replace(/^\?/, ''));
  if (fillFrom(new URLSearchParams(location.search), form)) await run(formValues(form));
  else await run(undefined);
  document.body.dataset.loaded = 'true';
}

void main();
