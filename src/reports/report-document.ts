import { InputError, TransactionKinds, formatInZone, formatMoney, type TransactionKind } from '../core/index.js';
import { ReceiptLanguages, displayWidth, padText, renderText, sanitizeText, type PaperProfile, type ReceiptDocument, type ReceiptLanguage } from '../receipt/index.js';
import type { DayReport, ReportEntry } from './day-report.js';
import { LIST_KIND, REPORT, TOTALS_NOTES, TOTAL_KIND, joined, type ReportLabel } from './labels.js';
import { ReportLines } from './report-lines.js';
import { NET_SIGN, totalsGroups, type CurrencyTotals, type TotalsGroup } from './totals.js';

export const ReportSections = ['list', 'totals'] as const;
export type ReportSection = (typeof ReportSections)[number];

export interface ReportDocumentOptions {
  paper: PaperProfile;
  /** Bilingual unless told. In a bilingual list the kinds print in Chinese, with a key under the header. */
  language?: ReceiptLanguage;
  /** Epoch ms printed as the report's time; the time the report was collected unless given. */
  printedAt?: number;
  /** The list 交易明细, the totals 交易汇总, or both (the default), in that order. */
  sections?: readonly ReportSection[];
}

const TIME_WIDTH = 8; // HH:MM:SS
const CARD_WIDTH = 5; // *4242
const REF_WIDTH = 12;
const BOLD = { bold: true } as const;

interface Layout {
  language: ReceiptLanguage;
  columns: number;
  /** The list's own headers, one row per language. */
  languages: readonly ('zh' | 'en')[];
  multiCurrency: boolean;
}

const label = (l: ReportLabel, layout: Layout) => joined(l, layout.language);
const cell = (text: string, width: number) => padText(text, width);

function checkOptions(options: ReportDocumentOptions): { language: ReceiptLanguage; sections: readonly ReportSection[] } {
  const language = options.language ?? 'bilingual';
  if (!ReceiptLanguages.includes(language)) {
    throw new InputError('BAD_LANGUAGE', `unknown language "${String(language)}"`, { hint: `use one of ${ReceiptLanguages.join(', ')}`, context: { value: String(language), allowed: ReceiptLanguages } });
  }
  const sections = options.sections ?? ReportSections;
  if (sections.length === 0 || sections.some((s) => !ReportSections.includes(s))) {
    throw new InputError('BAD_SECTIONS', `cannot print sections "${sections.join(', ')}"`, { hint: `choose from ${ReportSections.join(', ')}` });
  }
  return { language, sections: ReportSections.filter((s) => sections.includes(s)) };
}

function titles(out: ReportLines, l: ReportLabel, language: ReceiptLanguage): void {
  if (language !== 'en') out.title(l.zh);
  if (language === 'en') out.title(l.en);
  else if (language === 'bilingual') out.wrapped(l.en, { align: 'center', style: BOLD });
}

/** "label:" at the left, the value at the right end, or below it when both do not fit. */
function field(out: ReportLines, name: string, value: string): void {
  out.justified(`${name}:`, value);
}

function header(out: ReportLines, report: DayReport, layout: Layout, printedAt: number): void {
  const { filters } = report;
  const merchants = report.merchants.length > 0 ? report.merchants : filters.merchantId ? [{ id: filters.merchantId, name: undefined, nameEn: undefined }] : [];
  for (const m of merchants) {
    out.wrapped(`${label(REPORT.merchant, layout)}:`);
    const name = layout.language === 'en' ? (m.nameEn ?? m.name) : m.name;
    if (name !== undefined) out.wrapped(sanitizeText(name), { indent: 2 });
    out.wrapped(m.id, { indent: 2 });
  }
  field(out, label(REPORT.terminal, layout), filters.terminalId ?? label(REPORT.all, layout));
  if (filters.batchNo !== undefined) field(out, label(REPORT.batch, layout), filters.batchNo);
  if (filters.operatorId !== undefined) field(out, label(REPORT.operator, layout), filters.operatorId);
  // A daylight-saving day says so: 23 or 25 hours of sales under one date.
  const hours = (report.end - report.start) / 3_600_000;
  const length = hours === 24 ? '' : layout.language === 'en' ? ` (${hours}${REPORT.hours.en})` : ` (${hours}${REPORT.hours.zh})`;
  field(out, label(REPORT.date, layout), report.date + length);
  field(out, label(REPORT.timeZone, layout), report.timeZone);
  field(out, label(REPORT.printedAt, layout), formatInZone(printedAt, report.timeZone));
}

// ---------------------------------------------------------------- the list 交易明细

interface ListColumns {
  voucher: number;
  kind: number;
  card: number;
  operator: number;
  /** One line holds time, voucher, kind, card and amount; else the card moves to line two. */
  wide: boolean;
  /** Line two starts under the voucher (wide) or two columns in (narrow). */
  indent: number;
}

function kindText(kind: TransactionKind, layout: Layout): string {
  return layout.language === 'en' ? LIST_KIND[kind].en : LIST_KIND[kind].zh;
}

function amountText(e: ReportEntry, layout: Layout): string {
  const signed = formatMoney({ minor: NET_SIGN[e.kind] < 0 ? -e.amountMinor : e.amountMinor, currency: e.currency });
  return layout.multiCurrency ? `${e.currency} ${signed}` : signed;
}

function cardText(e: ReportEntry): string {
  return e.last4 === undefined ? '-' : `*${e.last4}`;
}

/** Where a void, refund or completion points: the voucher, with batch or terminal when they differ. */
function originalText(e: ReportEntry, layout: Layout): string | undefined {
  if (e.originalId === undefined) return undefined;
  const [terminalId, batchNo, voucherNo] = e.originalId.split('-');
  const where = terminalId !== e.terminalId ? e.originalId : batchNo !== e.batchNo ? `${batchNo}/${voucherNo}` : (voucherNo ?? e.originalId);
  return layout.language === 'zh' ? `${REPORT.original.zh}${where}` : layout.language === 'en' ? `${REPORT.original.en}${where}` : `${REPORT.original.zh} ${REPORT.original.en}${where}`;
}

function listColumns(report: DayReport, layout: Layout): ListColumns {
  const widest = (values: readonly string[]) => Math.max(0, ...values.map(displayWidth));
  const headers = (l: ReportLabel) => layout.languages.map((lang) => l[lang]);
  const voucher = widest(['000000', ...headers(REPORT.voucher)]);
  const kind = widest([...TransactionKinds.map((k) => kindText(k, layout)), ...headers(REPORT.type)]);
  const card = widest(['*0000', ...headers(REPORT.card)]);
  const operator = widest([...report.entries.map((e) => e.operatorId), ...headers(REPORT.operator)]);
  const amount = widest([...report.entries.map((e) => amountText(e, layout)), ...headers(REPORT.amount)]);
  const wide = TIME_WIDTH + 1 + voucher + 1 + kind + 1 + card + 1 + amount <= layout.columns;
  return { voucher, kind, card, operator, wide, indent: wide ? TIME_WIDTH + 1 : 2 };
}

/** Cells at the left, `right` at the right edge; `right` on its own line when it does not fit beside them. */
function row(out: ReportLines, cells: readonly string[], right: string, indent = 0): void {
  const left = ' '.repeat(indent) + cells.join(' ').replace(/ +$/, '');
  if (right === '') out.line(left);
  else out.justified(left, right);
}

function listHeader(out: ReportLines, cols: ListColumns, layout: Layout): void {
  const one = (lang: 'zh' | 'en') => {
    const cells = [cell(REPORT.time[lang], TIME_WIDTH), cell(REPORT.voucher[lang], cols.voucher), cell(REPORT.type[lang], cols.kind)];
    if (cols.wide) cells.push(cell(REPORT.card[lang], cols.card));
    row(out, cells, REPORT.amount[lang]);
  };
  const two = (lang: 'zh' | 'en') => {
    const cells = cols.wide ? [] : [cell(REPORT.card[lang], cols.card)];
    cells.push(cell(REPORT.reference[lang], REF_WIDTH), REPORT.operator[lang]);
    row(out, cells, '', cols.indent);
  };
  for (const lang of layout.languages) one(lang);
  for (const lang of layout.languages) two(lang);
}

function listEntry(out: ReportLines, e: ReportEntry, cols: ListColumns, layout: Layout): void {
  const first = [cell(e.localTime.slice(11), TIME_WIDTH), cell(e.voucherNo, cols.voucher), cell(kindText(e.kind, layout), cols.kind)];
  if (cols.wide) first.push(cell(cardText(e), cols.card));
  row(out, first, amountText(e, layout));
  const second = cols.wide ? [] : [cell(cardText(e), cols.card)];
  second.push(cell(e.referenceNo ?? '-', REF_WIDTH), cell(e.operatorId, cols.operator));
  const mark = e.voided ? label(REPORT.voided, layout) : (originalText(e, layout) ?? '');
  row(out, second, mark, cols.indent);
}

function kindKey(out: ReportLines, report: DayReport): void {
  const present = TransactionKinds.filter((k) => report.entries.some((e) => e.kind === k));
  out.phrases(present.map((k) => `${LIST_KIND[k].zh}=${TOTAL_KIND[k].en}`));
}

function listSection(out: ReportLines, report: DayReport, layout: Layout): void {
  if (report.entries.length === 0) {
    out.wrapped(label(REPORT.noTransactions, layout), { align: 'center' });
    return;
  }
  const cols = listColumns(report, layout);
  listHeader(out, cols, layout);
  if (layout.language === 'bilingual') kindKey(out, report);
  // Printed as a POS prints its detail: one block per terminal batch, each in time order.
  const batches = new Map<string, ReportEntry[]>();
  for (const e of report.entries) {
    const key = `${e.terminalId}/${e.batchNo}`;
    const list = batches.get(key);
    if (list) list.push(e);
    else batches.set(key, [e]);
  }
  for (const key of [...batches.keys()].sort()) {
    const entries = batches.get(key) ?? [];
    const [terminalId = '', batchNo = ''] = key.split('/');
    out.rule();
    out.phrases([`${label(REPORT.terminal, layout)} ${terminalId}`, `${label(REPORT.batch, layout)} ${batchNo}`], { style: BOLD });
    for (const e of entries) listEntry(out, e, cols, layout);
  }
}

// ---------------------------------------------------------------- the totals 交易汇总

interface TotalsColumns {
  count: number;
  amount: number;
}

function totalsColumns(groups: readonly TotalsGroup[], layout: Layout): TotalsColumns {
  const widest = (values: readonly string[]) => Math.max(0, ...values.map(displayWidth));
  const counts: string[] = [];
  const amounts: string[] = [];
  for (const g of groups) {
    for (const t of g.currencies) {
      for (const k of TransactionKinds) {
        counts.push(String(t.kinds[k].count));
        amounts.push(formatMoney({ minor: t.kinds[k].amountMinor, currency: t.currency }));
      }
      amounts.push(formatMoney({ minor: t.netMinor, currency: t.currency }));
    }
  }
  return {
    count: widest([...counts, ...layout.languages.map((l) => REPORT.count[l])]),
    amount: widest([...amounts, ...layout.languages.map((l) => REPORT.amount[l])]),
  };
}

/** A table row: name at the left, count and amount in right-aligned columns at the right edge; the numbers go below a name too long to share the line. */
function totalsRow(out: ReportLines, name: string, count: string, amount: string, cols: TotalsColumns): void {
  const numbers = `${padText(count, cols.count, 'right')} ${padText(amount, cols.amount, 'right')}`;
  const room = out.columns - displayWidth(numbers) - 1;
  if (displayWidth(name) <= room) {
    out.line(padText(name, room) + ' ' + numbers);
  } else {
    out.wrapped(name);
    out.line(padText(numbers, out.columns, 'right'));
  }
}

function groupTitle(group: TotalsGroup, layout: Layout): string[] {
  // At head office a terminal, batch or operator is named with its shop: two shops may share the number.
  const shop = group.storeId === undefined ? [] : [`${label(REPORT.store, layout)} ${group.storeId}`];
  switch (group.dimension) {
    case 'all':
      return [label(REPORT.overall, layout)];
    case 'store':
      return [`${label(REPORT.store, layout)} ${group.key}`];
    case 'terminal':
      return [...shop, `${label(REPORT.terminal, layout)} ${group.key}`];
    case 'batch': {
      const [terminalId = '', batchNo = ''] = group.key.split('/');
      return [...shop, `${label(REPORT.terminal, layout)} ${terminalId}`, `${label(REPORT.batch, layout)} ${batchNo}`];
    }
    case 'operator':
      return [...shop, `${label(REPORT.operator, layout)} ${group.key}`];
  }
}

function currencyTable(out: ReportLines, group: TotalsGroup, t: CurrencyTotals, cols: TotalsColumns, layout: Layout): void {
  const title = groupTitle(group, layout);
  // The currency goes at the right end of the title's last line when it fits there.
  const last = title[title.length - 1] ?? '';
  if (title.length > 1) out.phrases(title.slice(0, -1), { style: BOLD });
  out.justified(last, t.currency, BOLD);
  const money = (minor: number) => formatMoney({ minor, currency: t.currency });
  for (const k of TransactionKinds) totalsRow(out, label(TOTAL_KIND[k], layout), String(t.kinds[k].count), money(t.kinds[k].amountMinor), cols);
  totalsRow(out, label(REPORT.net, layout), '', money(t.netMinor), cols);
}

function totalsSection(out: ReportLines, report: DayReport, layout: Layout): void {
  const { overall, byStore, byTerminal, byBatch, byOperator } = report.totals;
  if (overall.currencies.length === 0) {
    out.wrapped(label(REPORT.noTransactions, layout), { align: 'center' });
    return;
  }
  const cols = totalsColumns(totalsGroups(report.totals), layout);
  for (const lang of layout.languages) totalsRow(out, REPORT.type[lang], REPORT.count[lang], REPORT.amount[lang], cols);
  const dimensions: ReadonlyArray<[ReportLabel | undefined, readonly TotalsGroup[]]> = [
    [undefined, [overall]],
    ...(byStore ? [[REPORT.byStore, byStore] as [ReportLabel, readonly TotalsGroup[]]] : []),
    [REPORT.byTerminal, byTerminal],
    [REPORT.byBatch, byBatch],
    [REPORT.byOperator, byOperator],
  ];
  for (const [heading, groups] of dimensions) {
    if (heading) {
      out.rule('=');
      out.wrapped(label(heading, layout), { align: 'center', style: BOLD });
    }
    for (const g of groups) {
      for (const t of g.currencies) {
        out.rule();
        currencyTable(out, g, t, cols, layout);
      }
    }
  }
  out.rule();
  // How voided sales count, said on the paper itself so nobody reads the net twice.
  for (const lang of layout.languages) for (const note of TOTALS_NOTES[lang]) out.phrases(note, { joiner: lang === 'zh' ? '' : ' ' });
}

// ---------------------------------------------------------------- the document

/** A hash in groups of 8, so it wraps between groups on any paper. */
const grouped = (hash: string) => hash.match(/.{1,8}/g)?.join(' ') ?? hash;

/** Each chain's head: its count of events and the hash of the last, to keep with the paper. */
function headsSection(out: ReportLines, report: DayReport, layout: Layout): void {
  titles(out, REPORT.heads, layout.language);
  out.rule();
  for (const head of report.heads) {
    if (head.storeId !== undefined) out.wrapped(`${label(REPORT.store, layout)} ${head.storeId}`);
    field(out, `${label(REPORT.chain, layout)} ${head.terminalId}`, `${label(REPORT.events, layout)} ${head.seq}`);
    out.wrapped(grouped(head.hash));
  }
  out.wrapped(label(REPORT.keepHeads, layout));
}

/**
 * Lays a day report out for one paper: a header (merchant, terminal, date, zone, printed
 * time), the list 交易明细 in aligned columns, two lines a transaction, one block per terminal
 * batch, and the totals 交易汇总 overall, per terminal, per batch and per operator, one table per
 * currency, then each journal chain's head hash and count (a paper anchor). Every line fits
 * `paper.columns`. A pure function of its arguments.
 */
export function reportDocument(report: DayReport, options: ReportDocumentOptions): ReceiptDocument {
  const { language, sections } = checkOptions(options);
  const printedAt = options.printedAt ?? report.generatedAt;
  if (!Number.isFinite(printedAt)) {
    throw new InputError('BAD_PRINTED_AT', 'the printed time is not a time', { hint: 'pass printedAt as epoch milliseconds, or leave it out to print the time the report was collected' });
  }
  const currencies = new Set(report.entries.map((e) => e.currency));
  const layout: Layout = {
    language,
    columns: options.paper.columns,
    languages: language === 'bilingual' ? ['zh', 'en'] : [language],
    multiCurrency: currencies.size > 1,
  };
  const out = new ReportLines(options.paper.columns);
  const first = sections[0] === 'list' ? REPORT.listTitle : REPORT.totalsTitle;
  titles(out, first, language);
  out.rule();
  header(out, report, layout, printedAt);
  if (sections.includes('list')) {
    out.rule('=');
    listSection(out, report, layout);
  }
  if (sections.includes('totals')) {
    out.rule('=');
    if (sections[0] !== 'totals') {
      titles(out, REPORT.totalsTitle, language);
      out.rule();
    }
    totalsSection(out, report, layout);
  }
  if (report.heads.length > 0) {
    out.rule('=');
    headsSection(out, report, layout);
  }
  out.rule('=');
  out.wrapped(label(REPORT.end, layout), { align: 'center' });
  out.block({ type: 'cut', partial: true });
  return { columns: options.paper.columns, dots: options.paper.dots, blocks: out.blocks };
}

/** The report as plain text, one printed line per line: renderText(reportDocument(…)). */
export function reportText(report: DayReport, options: ReportDocumentOptions): string {
  return renderText(reportDocument(report, options));
}
