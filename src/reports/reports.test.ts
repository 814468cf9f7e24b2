import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sale } from '../../test/support/fixtures.js';
import { InputError, parseMoney, type TransactionInput, type TransactionKind } from '../core/index.js';
import type { Journal, SearchQuery } from '../journal/index.js';
import { CSV_BOM, LIST_COLUMNS, TOTALS_COLUMNS, collectDay, csvField, listCsv, reportCsv, totalsCsv, type CurrencyTotals, type DayReport, type TotalsGroup } from './index.js';
import { AFTER, BEFORE, DAY, DST_DAY, DST_ZONE, GENERATED_AT, T1, T2, recordDay, tempJournal, type TempJournal } from '../../test/support/report-fixtures.js';

/** RFC 4180, read back: quoted fields may hold commas, doubled quotes and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith(CSV_BOM)).toBe(true);
  const body = text.slice(CSV_BOM.length);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < body.length) {
    const ch = body[i] ?? '';
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && body[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      // A bare LF or CR outside quotes is not RFC 4180.
      expect(ch === '\n' || ch === '\r').toBe(false);
      field += ch;
      i++;
    }
  }
  expect(field).toBe('');
  expect(record).toEqual([]);
  return records;
}

/** Tallies written by hand: [count, amount] per kind, then the net. */
type Expected = Partial<Record<TransactionKind, [number, string]>> & { net: string; count: number };

function expectTotals(t: CurrencyTotals | undefined, expected: Expected, currency = 'USD'): void {
  const minor = (s: string) => parseMoney(s, currency).minor;
  expect(t?.currency).toBe(currency);
  const kinds: TransactionKind[] = ['sale', 'void', 'refund', 'auth', 'auth-complete'];
  for (const k of kinds) {
    const [count, amount] = expected[k] ?? [0, '0'];
    expect(t?.kinds[k], k).toEqual({ count, amountMinor: minor(amount) });
  }
  expect(t?.netMinor).toBe(minor(expected.net));
  expect(t?.count).toBe(expected.count);
}

function group(groups: readonly TotalsGroup[], key: string): CurrencyTotals | undefined {
  const found = groups.find((g) => g.key === key);
  expect(found?.currencies).toHaveLength(1);
  return found?.currencies[0];
}

let db: TempJournal;
beforeEach(async () => {
  db = await tempJournal();
});
afterEach(async () => {
  await db.close();
});

const collect = (journal: Pick<Journal, 'findChecked' | 'reportHeads'>, extra: Partial<Parameters<typeof collectDay>[1]> = {}) =>
  collectDay(journal, { date: DST_DAY, timeZone: DST_ZONE, clock: () => GENERATED_AT, ...extra });

describe('collectDay over a 25-hour day (New York falls back)', () => {
  let report: DayReport;
  beforeEach(async () => {
    await recordDay(db.journal);
    report = await collect(db.journal);
  });

  it('lists the day in time order, from 00:00:00 to 23:59:59 local, and nothing either side', () => {
    expect(report.entries.map((e) => e.voucherNo)).toEqual(['000101', '000102', '000201', '000103', '000104', '000105', '000106', '000107', '000202', '000203', '000108', '000204']);
    expect(report.entries).toHaveLength(DAY.length);
    const vouchers = report.entries.map((e) => e.id);
    expect(vouchers).not.toContain(`${T1}-000128-${BEFORE.voucherNo}`);
    expect(vouchers).not.toContain(`${T2}-000129-${AFTER.voucherNo}`);
    expect(report.entries[0]?.localTime).toBe('2026-11-01 00:00:00');
    expect(report.entries.at(-1)?.localTime).toBe('2026-11-01 23:59:59');
    // Both 01:30s of the repeated hour, an hour apart.
    const [, first, second] = report.entries;
    expect([first?.localTime, second?.localTime]).toEqual(['2026-11-01 01:30:00', '2026-11-01 01:30:00']);
    expect((second?.occurredAt ?? 0) - (first?.occurredAt ?? 0)).toBe(3_600_000);
    expect(report.start).toBe(Date.parse('2026-11-01T04:00:00Z'));
    expect(report.end).toBe(Date.parse('2026-11-02T05:00:00Z'));
    expect(report.generatedAt).toBe(GENERATED_AT);
  });

  it('the sale at 23:59:59 the evening before and the one at 00:00:00 the morning after are in their own days', async () => {
    const before = await collect(db.journal, { date: '2026-10-31' });
    expect(before.entries.map((e) => e.voucherNo)).toEqual(['000100']);
    expect(before.entries[0]?.localTime).toBe('2026-10-31 23:59:59');
    const after = await collect(db.journal, { date: '2026-11-02' });
    expect(after.entries.map((e) => e.voucherNo)).toEqual(['000205']);
    expect(after.entries[0]?.localTime).toBe('2026-11-02 00:00:00');
  });

  it('carries each column of the list', () => {
    const refund = report.entries.find((e) => e.voucherNo === '000203');
    expect(refund).toEqual({
      id: `${T2}-000129-000203`,
      occurredAt: Date.parse('2026-11-01T20:45:00Z'),
      localTime: '2026-11-01 15:45:00',
      kind: 'refund',
      merchantId: '898310058120123',
      terminalId: T2,
      batchNo: '000129',
      voucherNo: '000203',
      operatorId: '02',
      last4: '4242',
      amountMinor: 2850,
      currency: 'USD',
      referenceNo: '990057000203',
      originalId: `${T1}-000128-000101`,
      voided: false,
      eventId: expect.any(Number),
    });
    const cash = report.entries.find((e) => e.voucherNo === '000107');
    expect([cash?.last4, cash?.referenceNo]).toEqual([undefined, undefined]);
    expect(report.merchants).toEqual([{ id: '898310058120123', name: '纽约华埠好又多超市', nameEn: 'Chinatown Good Market, New York' }]);
  });

  it('marks the sale a void on the day cancels, and not the one voided from the day before', () => {
    expect(report.entries.filter((e) => e.voided).map((e) => e.voucherNo)).toEqual(['000102']);
  });

  it('totals overall: voided sales stay in 消费 and their voids are in 撤销 (checked by hand)', () => {
    expect(report.totals.overall.dimension).toBe('all');
    expect(report.totals.overall.currencies).toHaveLength(1);
    // Sales 128.50 + 88.00 + 66.60 + 200.00 + 1234.56 + 10.00 = 1727.66; voids 50.00 + 88.00;
    // refunds 28.50 + 50.00; completion 280.00; the auth holds 300.00 and moves nothing.
    // Net 1727.66 + 280.00 − 138.00 − 78.50 = 1791.16.
    expectTotals(report.totals.overall.currencies[0], {
      sale: [6, '1727.66'],
      void: [2, '138.00'],
      refund: [2, '78.50'],
      auth: [1, '300.00'],
      'auth-complete': [1, '280.00'],
      net: '1791.16',
      count: 12,
    });
  });

  it('totals per terminal, per terminal batch and per operator (checked by hand)', () => {
    const { byTerminal, byBatch, byOperator } = report.totals;
    expect(byTerminal.map((g) => g.key)).toEqual([T1, T2]);
    expectTotals(group(byTerminal, T1), { sale: [3, '416.50'], void: [2, '138.00'], refund: [1, '50.00'], auth: [1, '300.00'], 'auth-complete': [1, '280.00'], net: '508.50', count: 8 });
    expectTotals(group(byTerminal, T2), { sale: [3, '1311.16'], refund: [1, '28.50'], net: '1282.66', count: 4 });

    expect(byBatch.map((g) => g.key)).toEqual([`${T1}/000128`, `${T1}/000129`, `${T2}/000129`]);
    expectTotals(group(byBatch, `${T1}/000128`), { sale: [2, '216.50'], void: [2, '138.00'], auth: [1, '300.00'], net: '78.50', count: 5 });
    expectTotals(group(byBatch, `${T1}/000129`), { sale: [1, '200.00'], refund: [1, '50.00'], 'auth-complete': [1, '280.00'], net: '430.00', count: 3 });
    expectTotals(group(byBatch, `${T2}/000129`), { sale: [3, '1311.16'], refund: [1, '28.50'], net: '1282.66', count: 4 });

    expect(byOperator.map((g) => g.key)).toEqual(['01', '02', '07']);
    expectTotals(group(byOperator, '01'), { sale: [2, '216.50'], void: [2, '138.00'], net: '78.50', count: 4 });
    expectTotals(group(byOperator, '02'), { sale: [2, '1301.16'], refund: [1, '28.50'], auth: [1, '300.00'], 'auth-complete': [1, '280.00'], net: '1552.66', count: 5 });
    expectTotals(group(byOperator, '07'), { sale: [2, '210.00'], refund: [1, '50.00'], net: '160.00', count: 3 });
  });

  it('every dimension adds up to the overall totals', () => {
    const overall = report.totals.overall.currencies[0];
    for (const groups of [report.totals.byTerminal, report.totals.byBatch, report.totals.byOperator]) {
      const sum = (f: (t: CurrencyTotals) => number) => groups.reduce((s, g) => s + f(g.currencies[0] as CurrencyTotals), 0);
      expect(sum((t) => t.netMinor)).toBe(overall?.netMinor);
      expect(sum((t) => t.count)).toBe(overall?.count);
      expect(sum((t) => t.kinds.sale.amountMinor)).toBe(overall?.kinds.sale.amountMinor);
    }
  });

  it('narrows to a terminal, a batch (padded), an operator or a merchant', async () => {
    const t2 = await collect(db.journal, { terminalId: T2 });
    expect(t2.filters).toEqual({ terminalId: T2 });
    expect(t2.entries.every((e) => e.terminalId === T2)).toBe(true);
    expect(t2.totals.overall.currencies).toEqual(report.totals.byTerminal.find((g) => g.key === T2)?.currencies);

    const batch = await collect(db.journal, { batchNo: '129' });
    expect(batch.filters).toEqual({ batchNo: '000129' });
    expect(batch.entries.map((e) => e.voucherNo)).toEqual(['000201', '000106', '000107', '000202', '000203', '000108', '000204']);

    const t1b128 = await collect(db.journal, { terminalId: T1, batchNo: '000128' });
    expect(t1b128.totals.overall.currencies).toEqual(report.totals.byBatch.find((g) => g.key === `${T1}/000128`)?.currencies);

    const op = await collect(db.journal, { operatorId: '07' });
    expect(op.entries.map((e) => e.voucherNo)).toEqual(['000107', '000108', '000204']);

    const other = await collect(db.journal, { merchantId: '898310058120999' });
    expect(other.entries).toEqual([]);
  });

  it('refuses a filter that cannot match anything with BAD_FILTER and a hint', async () => {
    for (const bad of [{ terminalId: '1002' }, { batchNo: '0001280' }, { batchNo: 'abc' }, { operatorId: 'cashier 7' }, { merchantId: '8983100581201' }]) {
      await expect(collect(db.journal, bad)).rejects.toMatchObject({ code: 'BAD_FILTER', kind: 'input', hint: expect.stringMatching(/^e\.g\. --/) });
    }
  });
});

describe('collectDay: edges', () => {
  it('reads every page of a busy day (limit 500, following the cursor), oldest first, ties in journal order', async () => {
    const start = Date.parse('2026-11-26T16:00:00Z'); // 2026-11-27 00:00 in Shanghai
    const inputs: TransactionInput[] = [];
    for (let i = 0; i < 1203; i++) {
      // Three sales a second, so pages end between sales of the same second.
      const at = new Date(start + Math.floor(i / 3) * 1000).toISOString().replace('.000Z', '+00:00');
      inputs.push(sale({ voucherNo: String(i + 1).padStart(6, '0'), referenceNo: `1330${String(i).padStart(8, '0')}`, occurredAt: at, amount: '1.01', operatorId: `0${i % 3}` }));
    }
    await db.journal.recordMany(inputs);
    const queries: SearchQuery[] = [];
    const spy = { findChecked: (q: SearchQuery) => (queries.push(q), db.journal.findChecked(q)), reportHeads: (shops: readonly string[]) => db.journal.reportHeads(shops) };
    const report = await collectDay(spy, { date: '2026-11-27', timeZone: 'Asia/Shanghai' });
    expect(queries).toHaveLength(3);
    expect(queries.every((q) => q.limit === 500)).toBe(true);
    expect(queries[0]?.cursor).toBeUndefined();
    expect(queries[1]?.cursor).toBeDefined();
    expect(report.entries.map((e) => e.voucherNo)).toEqual(inputs.map((i) => i.voucherNo));
    expectTotals(report.totals.overall.currencies[0], { sale: [1203, '1215.03'], net: '1215.03', count: 1203 }, 'CNY');
    expect(report.totals.byOperator.map((g) => g.currencies[0]?.kinds.sale.count)).toEqual([401, 401, 401]);
  });

  it('keeps currencies apart, each with its own totals and minor digits', async () => {
    await db.journal.recordMany([
      sale({ voucherNo: '000001', amount: '128.50', currency: 'CNY' }),
      sale({ voucherNo: '000002', amount: '20.00', currency: 'HKD', occurredAt: '2026-11-27T15:00:00+08:00' }),
      sale({ voucherNo: '000003', amount: '1500', currency: 'JPY', occurredAt: '2026-11-27T16:00:00+08:00' }),
      sale({ kind: 'refund', voucherNo: '000004', amount: '500', currency: 'JPY', occurredAt: '2026-11-27T17:00:00+08:00', original: { voucherNo: '000003' } }),
    ]);
    const report = await collectDay(db.journal, { date: '2026-11-27', timeZone: 'Asia/Shanghai' });
    expect(report.totals.overall.currencies.map((c) => c.currency)).toEqual(['CNY', 'HKD', 'JPY']);
    const [cny, hkd, jpy] = report.totals.overall.currencies;
    expectTotals(cny, { sale: [1, '128.50'], net: '128.50', count: 1 }, 'CNY');
    expectTotals(hkd, { sale: [1, '20.00'], net: '20.00', count: 1 }, 'HKD');
    expectTotals(jpy, { sale: [1, '1500'], refund: [1, '500'], net: '1000', count: 2 }, 'JPY');
    expect(totalsCsv(report)).toContain('\r\n2026-11-27,all,,JPY,1,1500,0,0,1,500,0,0,0,0,2,1000\r\n');
  });

  it('an empty day is an empty report', async () => {
    const report = await collectDay(db.journal, { date: '2026-11-27', timeZone: 'Asia/Shanghai', clock: () => 0 });
    expect(report.entries).toEqual([]);
    expect(report.merchants).toEqual([]);
    expect(report.totals).toEqual({ overall: { dimension: 'all', key: '', currencies: [] }, byTerminal: [], byBatch: [], byOperator: [] });
    expect(parseCsv(listCsv(report))).toEqual([[...LIST_COLUMNS]]);
    expect(parseCsv(totalsCsv(report))).toEqual([[...TOTALS_COLUMNS]]);
  });

  it('a sale right after a midnight that does not exist belongs to its day (Santiago, 2026-09-06)', async () => {
    await db.journal.recordMany([
      sale({ voucherNo: '000001', occurredAt: '2026-09-05T23:59:59-04:00' }),
      sale({ voucherNo: '000002', occurredAt: '2026-09-06T01:00:00-03:00' }),
      sale({ voucherNo: '000003', occurredAt: '2026-09-06T23:59:59-03:00' }),
      sale({ voucherNo: '000004', occurredAt: '2026-09-07T00:00:00-03:00' }),
    ]);
    const day = (date: string) => collectDay(db.journal, { date, timeZone: 'America/Santiago' }).then((r) => r.entries.map((e) => e.voucherNo));
    expect(await day('2026-09-05')).toEqual(['000001']);
    expect(await day('2026-09-06')).toEqual(['000002', '000003']);
    expect(await day('2026-09-07')).toEqual(['000004']);
  });

  it('refuses a bad date before reading the journal', async () => {
    const journal = { findChecked: () => Promise.reject(new Error('must not be called')), reportHeads: () => Promise.reject(new Error('must not be called')) };
    const error = await collectDay(journal, { date: '2026-11-31', timeZone: 'Asia/Shanghai' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code: 'BAD_DATE', hint: expect.stringContaining('YYYY-MM-DD') });
    await expect(collectDay(journal, { date: '2026-11-27', timeZone: 'Nowhere/Land' })).rejects.toMatchObject({ code: 'BAD_TIME_ZONE' });
  });
});

describe('CSV', () => {
  it('quotes a field with a comma, a quote or a line break, and nothing else (RFC 4180)', () => {
    expect(csvField('128.50')).toBe('128.50');
    expect(csvField('上海好又多')).toBe('上海好又多');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('')).toBe('');
    const tricky = ['a,b', 'say "hi"', 'two\r\nlines', 'lf\nonly', '', '中文'];
    expect(parseCsv(`${CSV_BOM}${tricky.map(csvField).join(',')}\r\n`)).toEqual([tricky]);
  });

  it('the list, parsed back, is the report list', async () => {
    await recordDay(db.journal);
    const report = await collect(db.journal);
    const csv = listCsv(report);
    expect(csv.startsWith('\uFEFFdate,local_time,voucher_no,kind,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [head, ...rows] = parseCsv(csv);
    expect(head).toEqual([...LIST_COLUMNS]);
    expect(rows).toHaveLength(report.entries.length);
    const at = (row: string[], column: (typeof LIST_COLUMNS)[number]) => row[LIST_COLUMNS.indexOf(column)];
    rows.forEach((row, i) => {
      const e = report.entries[i];
      expect(row).toHaveLength(LIST_COLUMNS.length);
      expect(at(row, 'date')).toBe(DST_DAY);
      expect(at(row, 'local_time')).toBe(e?.localTime);
      expect(at(row, 'voucher_no')).toBe(e?.voucherNo);
      expect(at(row, 'kind')).toBe(e?.kind);
      expect(at(row, 'card_last4')).toBe(e?.last4 ?? '');
      expect(parseMoney(at(row, 'amount') ?? '', at(row, 'currency') ?? '').minor).toBe(e?.amountMinor);
      expect(at(row, 'currency')).toBe(e?.currency);
      expect(at(row, 'operator_id')).toBe(e?.operatorId);
      expect(at(row, 'terminal_id')).toBe(e?.terminalId);
      expect(at(row, 'batch_no')).toBe(e?.batchNo);
      expect(at(row, 'reference_no')).toBe(e?.referenceNo ?? '');
      expect(at(row, 'original_id')).toBe(e?.originalId ?? '');
      expect(at(row, 'voided')).toBe(e?.voided ? 'yes' : 'no');
      expect(at(row, 'id')).toBe(e?.id);
      expect(Date.parse(at(row, 'utc_time') ?? '')).toBe(e?.occurredAt);
    });
    // The net column adds up to the day's net.
    const net = rows.reduce((s, row) => s + parseMoney(at(row, 'net_amount') ?? '', 'USD').minor, 0);
    expect(net).toBe(report.totals.overall.currencies[0]?.netMinor);
    expect(rows.map((r) => at(r, 'amount'))).toEqual(['128.50', '88.00', '66.60', '50.00', '88.00', '300.00', '280.00', '200.00', '1234.56', '28.50', '50.00', '10.00']);
  });

  it('the totals, parsed back, are the report totals', async () => {
    await recordDay(db.journal);
    const report = await collect(db.journal);
    const [head, ...rows] = parseCsv(totalsCsv(report));
    expect(head).toEqual([...TOTALS_COLUMNS]);
    expect(rows.map((r) => `${r[1]}:${r[2]}`)).toEqual(['all:', `terminal:${T1}`, `terminal:${T2}`, `batch:${T1}/000128`, `batch:${T1}/000129`, `batch:${T2}/000129`, 'operator:01', 'operator:02', 'operator:07']);
    expect(rows[0]).toEqual(['2026-11-01', 'all', '', 'USD', '6', '1727.66', '2', '138.00', '2', '78.50', '1', '300.00', '1', '280.00', '12', '1791.16']);
    expect(rows[7]).toEqual(['2026-11-01', 'operator', '02', 'USD', '2', '1301.16', '0', '0.00', '1', '28.50', '1', '300.00', '1', '280.00', '5', '1552.66']);
  });

  it('reportCsv is one BOM, the list, an empty line, then the totals', async () => {
    await recordDay(db.journal);
    const report = await collect(db.journal);
    const combined = reportCsv(report);
    expect(combined).toBe(listCsv(report) + '\r\n' + totalsCsv(report).slice(CSV_BOM.length));
    expect(combined.split(CSV_BOM)).toHaveLength(2);
  });
});
