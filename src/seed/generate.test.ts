import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, containsPan, formatInZone, parseTransaction, transactionId, type Transaction, type TransactionInput } from '../core/index.js';
import { generateSales, type SeedOptions } from './index.js';
import { MERCHANTS } from './merchants.js';

const until = Date.parse('2026-11-28T00:00:00+08:00');
const options = (over: Partial<SeedOptions> = {}): SeedOptions => ({ count: 20_000, seed: 1, until, timeZone: 'Asia/Shanghai', ...over });
const take = (opts: SeedOptions) => [...generateSales(opts)];
const minor = (amount: string) => Math.round(Number(amount) * 100);

describe.each([1, 'demo', 20261127])('generateSales with seed %s', (seed) => {
  let inputs: TransactionInput[] = [];
  let parsed: Transaction[] = [];
  beforeAll(() => {
    inputs = take(options({ seed }));
    parsed = inputs.map((input) => parseTransaction(input));
  });

  it('emits exactly the count, each accepted by parseTransaction', () => {
    expect(inputs).toHaveLength(20_000);
    expect(parsed).toHaveLength(20_000);
  });

  it('is in time order inside the period, with a UTC offset', () => {
    const times = parsed.map((tx) => Date.parse(tx.occurredAt));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] as number);
    expect(times[0]).toBeGreaterThanOrEqual(until - 30 * 86_400_000);
    expect(times.at(-1)).toBeLessThan(until);
    expect(parsed.every((tx) => tx.occurredAt.endsWith('+08:00'))).toBe(true);
  });

  it('never repeats terminal + batch + voucher, and numbers vouchers and batches in order', () => {
    expect(new Set(parsed.map(transactionId)).size).toBe(parsed.length);
    const last = new Map<string, { batch: number; voucher: number; day: string }>();
    for (const tx of parsed) {
      const prev = last.get(tx.terminalId);
      const now = { batch: Number(tx.batchNo), voucher: Number(tx.voucherNo), day: tx.occurredAt.slice(0, 10) };
      if (prev) {
        expect(now.voucher).toBe(prev.voucher + 1);
        expect(now.batch).toBe(prev.day === now.day ? prev.batch : prev.batch + 1);
      } else {
        expect(now).toMatchObject({ batch: 1, voucher: 1 });
      }
      last.set(tx.terminalId, now);
    }
    const merchants = new Set(parsed.map((tx) => tx.merchant.id));
    expect(merchants.size).toBe(MERCHANTS.length);
    for (const id of merchants) expect(containsPan(id)).toBe(false);
    expect(last.size).toBeGreaterThanOrEqual(MERCHANTS.length);
  });

  it('mixes card slips, retail receipts, voids and refunds in realistic shares', () => {
    const sales = parsed.filter((tx) => tx.kind === 'sale');
    const retail = sales.filter((tx) => tx.items);
    const share = (part: number, whole: number) => part / whole;
    expect(share(retail.length, sales.length)).toBeCloseTo(0.3, 1);
    expect(share(parsed.filter((tx) => tx.kind === 'void').length, parsed.length)).toBeCloseTo(0.01, 2);
    expect(share(parsed.filter((tx) => tx.kind === 'refund').length, parsed.length)).toBeCloseTo(0.01, 2);
    for (const tx of sales.filter((s) => !s.items)) {
      expect(tx.card?.masked).toMatch(/^(622588|622202|621700|621661|622848|622262|451291|542418|450875|520184)\*+\d{4}$/);
      expect(tx.card?.issuer && tx.card.acquirer && tx.card.entryMode).toBeTruthy();
      expect(tx.referenceNo).toMatch(/^\d{12}$/);
    }
    for (const tx of retail) {
      expect(tx.items?.length).toBeGreaterThanOrEqual(1);
      expect(tx.items?.length).toBeLessThanOrEqual(10);
      const items = (tx.items ?? []).reduce((s, i) => s + minor(i.amount), 0);
      const off = (tx.discounts ?? []).reduce((s, d) => s + minor(d.amount), 0);
      expect(items - off).toBe(minor(tx.amount));
      expect((tx.payments ?? []).reduce((s, p) => s + minor(p.amount), 0)).toBe(minor(tx.amount));
      for (const p of tx.payments ?? []) if (p.method === 'cash') expect(minor(p.tendered ?? '0') - minor(p.amount)).toBe(minor(p.change ?? '0'));
    }
    const methods = new Set(retail.flatMap((tx) => (tx.payments ?? []).map((p) => p.method)));
    expect([...methods].sort()).toEqual(['alipay', 'card', 'cash', 'voucher', 'wechat']);
  });

  it('voids and refunds follow a sale still open to them, on rules the journal enforces', () => {
    const byId = new Map<string, Transaction>();
    const byRef = new Map<string, Transaction>();
    const touched = new Set<Transaction>();
    for (const tx of parsed) {
      if (tx.kind === 'void') {
        const original = byId.get(transactionId({ terminalId: tx.terminalId, batchNo: tx.batchNo, voucherNo: tx.original?.voucherNo ?? '' }));
        expect(original?.kind).toBe('sale');
        expect(original?.amount).toBe(tx.amount);
        expect(touched.has(original as Transaction)).toBe(false);
        touched.add(original as Transaction);
      } else if (tx.kind === 'refund') {
        const original = byRef.get(tx.original?.referenceNo ?? '');
        expect(original?.kind).toBe('sale');
        expect(original?.merchant.id).toBe(tx.merchant.id);
        expect(minor(tx.amount)).toBeLessThanOrEqual(minor(original?.amount ?? '0'));
        expect(touched.has(original as Transaction)).toBe(false);
        touched.add(original as Transaction);
      }
      byId.set(transactionId(tx), tx);
      if (tx.referenceNo) {
        expect(byRef.has(tx.referenceNo)).toBe(false);
        byRef.set(tx.referenceNo, tx);
      }
    }
  });
});

describe('generateSales', () => {
  it('gives the same sequence for the same options and another for another seed', () => {
    const a = JSON.stringify(take(options({ count: 3000 })));
    expect(JSON.stringify(take(options({ count: 3000 })))).toBe(a);
    expect(JSON.stringify(take(options({ count: 3000, seed: 2 })))).not.toBe(a);
    expect(JSON.stringify(take(options({ count: 3000, seed: '1' })))).toBe(a);
  });

  it('is lazy: the first sales of a billion come at once', () => {
    const iterator = generateSales(options({ count: 1_000_000_000 }))[Symbol.iterator]();
    const first: TransactionInput[] = [];
    for (let i = 0; i < 10; i++) first.push(iterator.next().value as TransactionInput);
    expect(first.every((tx) => tx.kind === 'sale')).toBe(true);
  });

  it.each([
    ['America/New_York', '2026-03-10T12:00:00-04:00'],
    ['America/New_York', '2026-11-03T12:00:00-05:00'],
    ['Europe/London', '2026-03-31T12:00:00+01:00'],
    ['Asia/Kolkata', '2026-06-01T12:00:00+05:30'],
  ])('keeps sales in opening hours with the right offset in %s around %s', (timeZone, end) => {
    const txs = take(options({ count: 5000, timeZone, until: Date.parse(end), days: 5 })).map((tx) => parseTransaction(tx));
    const offsets = new Set<string>();
    for (const tx of txs) {
      const at = Date.parse(tx.occurredAt);
      const local = formatInZone(at, timeZone);
      expect(tx.occurredAt.slice(0, 19).replace('T', ' ')).toBe(local);
      const profile = MERCHANTS.find((m) => m.name === tx.merchant.name);
      expect(profile?.hours[Number(local.slice(11, 13))]).toBeGreaterThan(0);
      offsets.add(tx.occurredAt.slice(19));
    }
    if (timeZone !== 'Asia/Kolkata') expect(offsets.size).toBe(2);
  });

  it('refuses options it cannot honour', () => {
    expect(() => generateSales(options({ count: -1 }))).toThrow(InputError);
    expect(() => generateSales(options({ count: 1.5 }))).toThrow(InputError);
    expect(() => generateSales(options({ days: 0 }))).toThrow(InputError);
    expect(() => generateSales(options({ until: Number.NaN }))).toThrow(InputError);
    expect(() => generateSales(options({ timeZone: 'Mars/Olympus' }))).toThrow(/time zone/);
  });

  it('emits nothing for a count of zero', () => {
    expect(take(options({ count: 0 }))).toEqual([]);
  });
});
