/** The day's list (交易明细) and totals (交易汇总) for a store-local date, and its CSV. */
import type { DayReport, Tally } from '../../server/index.js';
import { api, apiUrl, type Query } from '../api.js';
import { append, byId, clear, el, table, valueOf } from '../dom.js';
import { minor, setStoreZone, todayInput } from '../format.js';
import { onLangChange, t, tOr } from '../i18n.js';
import { showProblem, startPage } from '../layout.js';
import { receiptHref, setUpStoreFilter, showsStores, storeCell } from '../stores.js';

let report: DayReport | undefined;

function tally(x: Tally | undefined, currency: string): string {
  return x && x.count > 0 ? `${x.count} · ${minor(x.amountMinor, currency)}` : '0';
}

function render(): void {
  const list = byId('report-list');
  const totals = byId('report-totals');
  clear(list);
  clear(totals);
  byId('list-heading').textContent = t('reports.list', { n: report?.entries.length ?? 0 });
  if (!report) return;
  const groups = [report.totals.overall, ...(report.totals.byStore ?? []), ...report.totals.byTerminal, ...report.totals.byBatch, ...report.totals.byOperator];
  // At head office a terminal's, batch's or operator's line names its shop: two shops may share the number.
  const shopOf = (g: (typeof groups)[number]) => (g.storeId === undefined ? '' : `${t('reports.group.store', { key: g.storeId })} · `);
  const rows = groups.flatMap((g) =>
    g.currencies.map((c) => [
      g.dimension === 'all' ? el('strong', {}, t('reports.group.all')) : `${shopOf(g)}${tOr(`reports.group.${g.dimension}`, g.key, { key: g.key })}`,
      c.currency,
      tally(c.kinds.sale, c.currency),
      tally(c.kinds.void, c.currency),
      tally(c.kinds.refund, c.currency),
      tally(c.kinds.auth, c.currency),
      String(c.count),
      el('strong', {}, minor(c.netMinor, c.currency)),
    ]),
  );
  const totalsHeaders = [t('reports.col.group'), t('reports.col.currency'), t('reports.col.sales'), t('reports.col.voids'), t('reports.col.refunds'), t('reports.col.auths'), t('reports.col.count'), t('reports.col.net')];
  append(totals, table(t('reports.totals'), totalsHeaders, rows, { id: 'totals-grid', hideCaption: true }));
  if (report.entries.length === 0) {
    append(list, el('p', {}, t('reports.none')));
    return;
  }
  const stores = showsStores();
  const headers = [t('col.time'), ...(stores ? [t('col.store')] : []), t('col.id'), t('col.kind'), t('col.card'), t('col.amount'), t('col.operator'), t('col.ref')];
  append(
    list,
    table(
      t('reports.list', { n: report.entries.length }),
      headers,
      report.entries.map((e) => [
        e.localTime,
        ...(stores ? [storeCell(e.storeId)] : []),
        el('a', { href: receiptHref(e.id, e.storeId), class: 'mono' }, e.id),
        el('span', {}, tOr(`kind.${e.kind}`, e.kind), e.voided ? el('span', { class: 'badge warn' }, t('reports.voided')) : null),
        e.last4 ? `****${e.last4}` : t('common.none'),
        el('span', { class: 'amount' }, minor(e.amountMinor, e.currency)),
        e.operatorId,
        e.referenceNo ?? '',
      ]),
      { id: 'list-grid', hideCaption: true },
    ),
  );
}

function queryFrom(form: HTMLFormElement): Query {
  const query: Query = {};
  for (const name of ['date', 'store', 'terminal', 'batch', 'operator']) if (valueOf(form, name)) query[name] = valueOf(form, name);
  return query;
}

async function load(form: HTMLFormElement): Promise<void> {
  const query = queryFrom(form);
  byId<HTMLAnchorElement>('report-csv').href = apiUrl('/reports/day', { ...query, format: 'csv' });
  const error = byId('report-error');
  error.hidden = true;
  try {
    report = await api<DayReport>('/reports/day', { query: { ...query, format: 'json' } });
    setStoreZone(report.timeZone);
    render();
  } catch (failure) {
    report = undefined;
    render();
    showProblem(error, failure);
  }
}

async function main(): Promise<void> {
  if (!(await startPage('reports', 'reports.read'))) return;
  const form = byId<HTMLFormElement>('report-form');
  const date = byId<HTMLInputElement>('date');
  date.value = new URLSearchParams(location.search).get('date') ?? todayInput();
  await setUpStoreFilter();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    history.replaceState(null, '', `?date=${encodeURIComponent(date.value)}`);
    void load(form);
  });
  onLangChange(render);
  await load(form);
}

void main();
