import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, InputError, NotFoundError, type TransactionInput } from '../../src/core/index.js';
import { ChainRefusedError, Journal, STORE_ID_RECHECK_MS, decodeCursor, verifyJournal, type JournalStore, type NewPrintJob, type ReplicaEvent, type SearchQuery } from '../../src/journal/index.js';
import { JOURNAL_SCHEMA } from '../../src/journal/journal-tables.js';
import { nthSale, retailSale, sale } from './fixtures.js';

/** What each adapter's test file provides to run the one Journal contract. */
export interface StoreHarness {
  /** A fresh, empty store. */
  open(): Promise<JournalStore>;
  /** Raw SQL as someone with direct database access would run it, bypassing Reissue. */
  raw(store: JournalStore, sql: string): Promise<void>;
  /** True when a query plan (from explainSearch) reads through an index rather than scanning the table. */
  planUsesIndex(plan: string[]): boolean;
  /** The same database opened again, as a new process would (an upgrade runs here). */
  reopen(store: JournalStore): Promise<JournalStore>;
}

/**
 * The contract every JournalStore adapter passes (SQLite, PostgreSQL): the same
 * behaviour through the same Journal service, whatever the database.
 */
export function journalContract(name: string, harness: StoreHarness): void {
  describe(`Journal contract: ${name}`, () => {
    let store: JournalStore;
    let journal: Journal;
    let now: number;

    beforeEach(async () => {
      now = Date.parse('2026-11-27T06:40:00Z');
      store = await harness.open();
      journal = new Journal({ store, clock: () => now++ });
    });
    afterEach(async () => {
      await journal.close();
    });

    it('records a sale and gives it back as journaled', async () => {
      const outcome = await journal.record(sale());
      expect(outcome).toEqual({ id: '10023456-000128-000457', created: true, terminalId: '10023456', seq: 1 });
      const got = await journal.get(outcome.id);
      expect(got.transaction.amount).toBe('128.50');
      expect(got.transaction.card).toEqual({ masked: '622588******4242', last4: '4242', bin: '622588', issuer: '招商银行', acquirer: '银联商务', entryMode: 'chip' });
      expect(got.transaction.merchant.name).toBe('上海好又多超市有限公司');
      expect(got.seq).toBe(1);
      expect(got.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('keeps retail line items, discounts and payments', async () => {
      const { id } = await journal.record(retailSale());
      const got = await journal.get(id);
      expect(got.transaction.items?.map((i) => i.amount)).toEqual(['7.00', '4.50', '6.00']);
      expect(got.transaction.discounts).toEqual([{ name: '优惠', amount: '1.00' }]);
    });

    it('is idempotent: the same sale twice is one record', async () => {
      await journal.record(sale());
      const again = await journal.record(sale({ amount: '128.5' }));
      expect(again.created).toBe(false);
      expect((await store.counts()).events).toBe(1);
    });

    it('refuses the same key with different content as a conflict and writes nothing', async () => {
      await journal.record(sale());
      await expect(journal.record(sale({ amount: '99.00' }))).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
      await expect(journal.record(sale({ amount: '99.00' }))).rejects.toBeInstanceOf(ConflictError);
      expect((await store.counts()).events).toBe(1);
    });

    it('numbers events gaplessly per terminal and chains them', async () => {
      const outcomes = await journal.recordMany([nthSale(1), nthSale(2), nthSale(1, { terminalId: '20000001' }), nthSale(3)]);
      expect(outcomes.map((o) => [o.terminalId, o.seq])).toEqual([['10023456', 1], ['10023456', 2], ['20000001', 1], ['10023456', 3]]);
      const report = await verifyJournal(store);
      expect(report.ok).toBe(true);
      expect(report.events).toBe(4);
      expect(report.heads.map((h) => [h.terminalId, h.seq])).toEqual([['10023456', 3], ['20000001', 1]]);
    });

    it('refuses a PAN anywhere with PAN_NOT_MASKED and stores nothing', async () => {
      await expect(journal.record(sale({ card: { masked: '6225881234564242' } }))).rejects.toMatchObject({ code: 'PAN_NOT_MASKED' });
      await expect(journal.record(sale({ note: 'card 6225 8812 3456 4242' }))).rejects.toMatchObject({ code: 'PAN_NOT_MASKED' });
      expect((await store.counts()).events).toBe(0);
    });

    it('records a whole batch or nothing', async () => {
      await expect(journal.recordMany([nthSale(1), nthSale(2), { ...nthSale(3), amount: 12.5 }])).rejects.toMatchObject({
        code: 'INVALID_BATCH',
        context: { issues: [expect.objectContaining({ line: 3 })] },
      });
      await journal.record(nthSale(2));
      // A conflict in the middle of a batch rolls back the lines before it.
      await expect(journal.recordMany([nthSale(1), { ...nthSale(2), amount: '1.00' }])).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', context: { line: 2 } });
      expect((await store.counts()).events).toBe(1);
      expect((await verifyJournal(store)).ok).toBe(true);
    });

    describe('a batch written together (one look-up, two inserts)', () => {
      const voidOf = (n: number, voucherNo: string) => nthSale(n, { kind: 'void', voucherNo, referenceNo: undefined, original: { voucherNo: String(n).padStart(6, '0') } });
      const refundOf = (n: number, voucherNo: string, amount: string) =>
        nthSale(n, { kind: 'refund', voucherNo, referenceNo: undefined, amount, original: { referenceNo: `1330${String(n).padStart(8, '0')}` } });
      // nthSale(2) is 12.02, nthSale(3) is 13.03.
      const mixed = () => [nthSale(1), nthSale(2), nthSale(3), voidOf(2, '900001'), refundOf(3, '900002', '10.00'), nthSale(1), nthSale(4, { terminalId: '20000001' }), refundOf(3, '900003', '3.03')];

      it('records voids and refunds of sales earlier in the same batch, and a sale sent twice once, as one at a time would', async () => {
        const together = await journal.recordMany(mixed());
        const other = new Journal({ store: await harness.open(), clock: () => now++ });
        try {
          const oneByOne = [];
          for (const input of mixed()) oneByOne.push(await other.record(input));
          expect(together).toEqual(oneByOne);
          expect(together.map((o) => o.created)).toEqual([true, true, true, true, true, false, true, true]);
          const originals = async (j: Journal) => Promise.all(together.filter((o) => o.created).map(async (o) => [o.id, (await j.get(o.id)).originalId ?? null]));
          expect(await originals(journal)).toEqual(await originals(other));
          expect((await journal.get('10023456-000128-900001')).originalId).toBe('10023456-000128-000002');
          expect((await store.counts()).events).toBe(7);
          expect((await verifyJournal(store)).ok).toBe(true);
        } finally {
          await other.close();
        }
      });

      it('refuses a refund past what the refunds before it in the batch left, naming its line, and writes none of the batch', async () => {
        const batch = [...mixed(), refundOf(3, '900004', '0.01')];
        await expect(journal.recordMany(batch)).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_SALE', context: { line: 9, inBatch: true } });
        await expect(journal.recordMany([nthSale(1), voidOf(1, '900005'), voidOf(1, '900006')])).rejects.toMatchObject({ code: 'ALREADY_VOIDED', context: { line: 3 } });
        await expect(journal.recordMany([nthSale(1), nthSale(1, { amount: '1.00' })])).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', context: { line: 2 } });
        expect((await store.counts()).events).toBe(0);
      });

      it('looks up a batch of more sales than one statement takes, sent again: all already on record', async () => {
        const many = Array.from({ length: 1203 }, (_, i) => nthSale(i + 1));
        expect((await journal.recordMany(many)).every((o) => o.created)).toBe(true);
        const again = await journal.recordMany(many);
        expect(again.filter((o) => o.created)).toEqual([]);
        await expect(journal.recordMany([...many.slice(0, 1100), nthSale(1150, { amount: '1.00' })])).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', context: { line: 1101 } });
        expect((await store.counts()).events).toBe(1203);
      });
    });

    it('voids a sale once, and refuses a void of an unknown or voided sale', async () => {
      await journal.record(sale());
      const voidOf = (voucherNo: string, overrides = {}) =>
        sale({ kind: 'void', voucherNo, referenceNo: undefined, original: { voucherNo: '000457' }, ...overrides });
      await expect(journal.record(sale({ kind: 'void', voucherNo: '000460', original: { voucherNo: '000999' } }))).rejects.toMatchObject({ code: 'ORIGINAL_NOT_FOUND' });
      await expect(journal.record(voidOf('000461', { amount: '1.00' }))).rejects.toMatchObject({ code: 'VOID_AMOUNT_MISMATCH' });
      const voided = await journal.record(voidOf('000458'));
      expect((await journal.get(voided.id)).originalId).toBe('10023456-000128-000457');
      await expect(journal.record(voidOf('000459'))).rejects.toMatchObject({ code: 'ALREADY_VOIDED' });
      await expect(journal.record(sale({ kind: 'refund', voucherNo: '000462', original: { referenceNo: '133041825567' } }))).rejects.toMatchObject({ code: 'ALREADY_VOIDED' });
    });

    it('refunds up to the sale amount, found by reference no.', async () => {
      await journal.record(sale());
      const refund = (voucherNo: string, amount: string) => sale({ kind: 'refund', voucherNo, referenceNo: undefined, amount, original: { referenceNo: '133041825567' } });
      await journal.record(refund('000470', '100.00'));
      await expect(journal.record(refund('000471', '28.51'))).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_SALE' });
      await journal.record(refund('000472', '28.50'));
      await expect(journal.record(sale({ kind: 'void', voucherNo: '000473', original: { voucherNo: '000457' } }))).rejects.toMatchObject({ code: 'ALREADY_REFUNDED' });
    });

    it('gives back what points at a page of sales — voids, refunds — in one store query, oldest first', async () => {
      await journal.recordMany([
        sale(),
        sale({ voucherNo: '000500', referenceNo: '133041825600', amount: '66.00' }),
        sale({ voucherNo: '000501', referenceNo: '133041825601', amount: '10.00' }),
      ]);
      await journal.record(sale({ kind: 'void', voucherNo: '000458', referenceNo: undefined, occurredAt: '2026-11-27T15:01:02+08:00', original: { voucherNo: '000457' } }));
      // Refunds of one sale, the later one from another terminal of the merchant, found by reference.
      await journal.record(sale({ kind: 'refund', terminalId: '20000001', voucherNo: '000009', referenceNo: undefined, amount: '6.00', occurredAt: '2026-11-27T17:00:00+08:00', original: { referenceNo: '133041825600' } }));
      await journal.record(sale({ kind: 'refund', voucherNo: '000502', referenceNo: undefined, amount: '20.00', occurredAt: '2026-11-27T16:00:00+08:00', original: { referenceNo: '133041825600' } }));
      const ids = ['10023456-000128-000457', '10023456-000128-000500', '10023456-000128-000501', '10023456-000128-000999'];
      const rows = await store.dependentsOf(ids);
      expect(rows.map((r) => [r.row.id, r.row.originalId, r.row.kind, r.row.amountMinor])).toEqual([
        ['10023456-000128-000458', '10023456-000128-000457', 'void', 12850],
        ['10023456-000128-000502', '10023456-000128-000500', 'refund', 2000],
        ['20000001-000128-000009', '10023456-000128-000500', 'refund', 600],
      ]);
      // Each with the event that recorded it, as search gives them.
      expect(rows.map((r) => r.event.id)).toEqual(rows.map((r) => r.row.eventId));
      expect(JSON.parse(rows[0]?.event.payload ?? '{}')).toMatchObject({ id: '10023456-000128-000458', originalId: '10023456-000128-000457' });
      expect(await store.dependentsOf([])).toEqual([]);
      expect(await store.dependentsOf(['10023456-000128-000458'])).toEqual([]);

      // The Journal reads a whole result page with one store query.
      let calls = 0;
      const counted = new Journal({ store: new Proxy(store, { get: (target, key, receiver) => (key === 'dependentsOf' ? (...args: [readonly string[]]) => (calls++, target.dependentsOf(...args)) : Reflect.get(target, key, receiver)) }) });
      const page = (await counted.find({ limit: 50 })).items;
      const statuses = await counted.statusesOf(page);
      expect(calls).toBe(1);
      expect(Object.fromEntries([...statuses].map(([id, s]) => [id, [s.state, s.amount, s.corrections.map((c) => c.voucherNo)]]))).toEqual({
        '10023456-000128-000457': ['voided', '128.50', ['000458']],
        '10023456-000128-000500': ['partly-refunded', '26.00', ['000502', '000009']],
      });
      const byId = await counted.dependentsOf(ids);
      expect([...byId.keys()].sort()).toEqual(['10023456-000128-000457', '10023456-000128-000500']);
      expect(byId.get('10023456-000128-000500')?.map((d) => d.transaction.voucherNo)).toEqual(['000502', '000009']);

      // Any number of ids (the statement pads its list, the Journal asks 500 at a time): the same answer.
      const unknown = (n: number) => Array.from({ length: n }, (_, i) => `30000001-000001-${String(i + 1).padStart(6, '0')}`);
      expect((await store.dependentsOf([...unknown(9), ...ids])).map((r) => r.row.id)).toEqual(rows.map((r) => r.row.id));
      calls = 0;
      const wide = await counted.dependentsOf([...unknown(1001), ...ids]);
      expect(calls).toBe(3);
      expect([...wide].map(([id, list]) => [id, list.map((d) => d.id)])).toEqual([...byId].map(([id, list]) => [id, list.map((d) => d.id)]));
    });

    it('asks the store for no statuses of a page whose sales the search found untouched, and sees a later void on the next search', async () => {
      await journal.recordMany([sale(), sale({ voucherNo: '000500', referenceNo: '133041825600', amount: '66.00' })]);
      let calls = 0;
      const counted = new Journal({ store: new Proxy(store, { get: (target, key, receiver) => (key === 'dependentsOf' ? (...args: [readonly string[]]) => (calls++, target.dependentsOf(...args)) : Reflect.get(target, key, receiver)) }) });
      const before = (await counted.find({ limit: 50 })).items;
      expect(before.map((i) => i.id)).toEqual(['10023456-000128-000500', '10023456-000128-000457']);
      expect(await counted.statusesOf(before)).toEqual(new Map());
      expect(calls).toBe(0);

      await journal.record(sale({ kind: 'void', voucherNo: '000458', referenceNo: undefined, occurredAt: '2026-11-27T15:01:02+08:00', original: { voucherNo: '000457' } }));
      const after = (await counted.find({ limit: 50, kind: 'sale' })).items;
      const statuses = await counted.statusesOf(after);
      expect(calls).toBe(1);
      expect([...statuses].map(([id, s]) => [id, s.state])).toEqual([['10023456-000128-000457', 'voided']]);
      // A sale not from a search (get) is asked about as before.
      expect((await counted.statusOf(await counted.get('10023456-000128-000457')))?.state).toBe('voided');
      expect(calls).toBe(2);
    });

    it('says which id is not on record', async () => {
      await expect(journal.get('10023456-000128-000001')).rejects.toBeInstanceOf(NotFoundError);
    });

    describe('search', () => {
      beforeEach(async () => {
        const batch = [];
        for (let n = 1; n <= 30; n++) batch.push(nthSale(n, n % 3 === 0 ? { terminalId: '20000001', operatorId: '02', card: { masked: '************1111' } } : {}));
        await journal.recordMany(batch);
      });
      const base: SearchQuery = { limit: 50 };
      const ids = async (q: Partial<SearchQuery>) => (await journal.find({ ...base, ...q })).items.map((i) => i.id);

      it('finds by time window and amount, newest first', async () => {
        const at = Date.parse('2026-11-27T06:10:00Z');
        expect(await ids({ from: at - 15 * 60_000, to: at + 15 * 60_000 })).toHaveLength(25);
        expect(await ids({ from: at - 2 * 60_000, to: at + 2 * 60_000 })).toEqual([
          '20000001-000128-000012', '10023456-000128-000011', '10023456-000128-000010', '20000001-000128-000009', '10023456-000128-000008',
        ]);
        const exact = await ids({ amountMin: 2010, amountMax: 2010 });
        expect(exact).toEqual(['10023456-000128-000010']);
        expect(await ids({ amountMin: 1000, amountMax: 1100 })).toEqual([]);
        expect(await ids({ amountMin: 1100, amountMax: 1300 })).toEqual(['10023456-000128-000002', '10023456-000128-000001']);
      });

      it('finds by voucher, reference, last-4, operator, terminal and kind', async () => {
        expect(await ids({ voucherNo: '000007' })).toEqual(['10023456-000128-000007']);
        expect(await ids({ voucherNo: '000006', terminalId: '20000001', batchNo: '000128' })).toEqual(['20000001-000128-000006']);
        expect(await ids({ referenceNo: '133000000021' })).toEqual(['20000001-000128-000021']);
        expect(await ids({ last4: '1111' })).toHaveLength(10);
        expect(await ids({ operatorId: '02' })).toHaveLength(10);
        expect(await ids({ terminalId: '10023456' })).toHaveLength(20);
        expect(await ids({ kind: 'refund' })).toEqual([]);
      });

      it('gives each found sale exactly as get gives it (the search reads only the columns a found sale shows)', async () => {
        const at = Date.parse('2026-11-27T06:10:00Z');
        for (const query of [{}, { from: at - 900_000, to: at + 900_000, amountMin: 2010, amountMax: 2010, currency: 'CNY' }, { terminalId: '20000001' }]) {
          const { items } = await journal.find({ ...base, ...query });
          expect(items.length).toBeGreaterThan(0);
          for (const item of items) expect(item).toEqual(await journal.get(item.id));
        }
      });

      it('orders newest first and pages with a cursor without gaps or repeats', async () => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await journal.find({ limit: 7, ...(cursor ? { cursor: decodeCursor(cursor) } : {}) });
          seen.push(...page.items.map((i) => i.id));
          cursor = page.next;
        } while (cursor);
        expect(seen).toHaveLength(30);
        expect(new Set(seen).size).toBe(30);
        const times = await Promise.all(seen.map(async (id) => Date.parse((await journal.get(id)).transaction.occurredAt)));
        expect(times).toEqual([...times].sort((a, b) => b - a));
      });

      it('lists the same sales as find, in the same pages, as lines read from the index alone', async () => {
        const at = Date.parse('2026-11-27T06:10:00Z');
        const query: SearchQuery = { limit: 4, from: at - 15 * 60_000, to: at + 15 * 60_000 };
        let cursor: string | undefined;
        let pages = 0;
        do {
          const q = { ...query, ...(cursor ? { cursor: decodeCursor(cursor) } : {}) };
          const [full, list] = [await journal.find(q), await journal.list(q)];
          expect(list.next).toBe(full.next);
          expect(list.items.map((i) => i.id)).toEqual(full.items.map((i) => i.id));
          for (const [i, line] of list.items.entries()) {
            const { transaction: tx, eventId } = full.items[i]!;
            expect(line).toEqual({
              id: full.items[i]!.id,
              storeId: full.items[i]!.storeId,
              kind: tx.kind,
              terminalId: tx.terminalId,
              batchNo: tx.batchNo,
              voucherNo: tx.voucherNo,
              ...(tx.referenceNo ? { referenceNo: tx.referenceNo } : {}),
              ...(tx.card ? { cardLast4: tx.card.last4 } : {}),
              operatorId: tx.operatorId,
              merchantId: tx.merchant.id,
              amount: tx.amount,
              currency: tx.currency,
              occurredAt: new Date(Date.parse(tx.occurredAt)).toISOString(),
              eventId,
            });
          }
          cursor = list.next;
          pages++;
        } while (cursor);
        expect(pages).toBe(7);
        expect((await journal.list({ limit: 50, amountMin: 2010, amountMax: 2010 })).items.map((i) => i.id)).toEqual(['10023456-000128-000010']);
        await expect(journal.list({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_LIMIT' });
      });

      it('reads through an index for every kind of search', async () => {
        const at = Date.parse('2026-11-27T06:10:00Z');
        const shapes: Partial<SearchQuery>[] = [
          { from: at - 900_000, to: at + 900_000, amountMin: 2010, amountMax: 2010 },
          { from: at - 900_000, to: at + 900_000 },
          { amountMin: 1000, amountMax: 2000 },
          { voucherNo: '000007', terminalId: '10023456', batchNo: '000128' },
          { voucherNo: '000007' },
          { referenceNo: '133000000021' },
          { last4: '1111' },
          { operatorId: '02', from: at - 900_000 },
          { terminalId: '20000001' },
          { kind: 'sale' },
          {},
          // Every filter alone, so a filter without an index of its own still reads one in time order.
          { batchNo: '000128' },
          { merchantId: '898310054110001' },
          { currency: 'CNY' },
          { operatorId: '02' },
          { amountMin: 2010, amountMax: 2010 },
          { amountMin: 2010 },
          { amountMax: 2010 },
          { from: at - 900_000 },
          { to: at + 900_000 },
          { cursor: { occurredAt: at, eventId: 7 } },
          { last4: '1111', from: at - 86_400_000, to: at },
          { referenceNo: '133000000021', terminalId: '10023456' },
          { voucherNo: '000007', cursor: { occurredAt: at, eventId: 7 } },
        ];
        for (const shape of shapes) {
          const plan = await store.explainSearch({ limit: 20, ...shape });
          expect({ shape, uses: harness.planUsesIndex(plan), plan }).toMatchObject({ uses: true });
        }
      });

      it('refuses bad queries with a clear error', async () => {
        await expect(journal.find({ limit: 0 })).rejects.toBeInstanceOf(InputError);
        await expect(journal.find({ limit: 10, from: 10, to: 5 })).rejects.toMatchObject({ code: 'BAD_RANGE' });
        await expect(journal.find({ limit: 10, last4: '42' })).rejects.toMatchObject({ code: 'BAD_LAST4' });
        expect(() => decodeCursor('nonsense')).toThrow(InputError);
      });
    });

    describe('search across hours and months', () => {
      // Sales every 23 hours over two months: the hour-led indexes are read in several steps of hours.
      const first = Date.parse('2026-09-01T03:00:00Z');
      const at = (n: number) => first + n * 23 * 3_600_000 + (n % 7) * 60_000;
      beforeEach(async () => {
        const batch = [];
        for (let n = 1; n <= 60; n++) {
          batch.push(nthSale(n, {
            batchNo: String(100 + Math.floor(n / 4)).padStart(6, '0'),
            voucherNo: String((n % 4) + 1).padStart(6, '0'),
            amount: `${10 + (n % 3)}.00`,
            occurredAt: new Date(at(n)).toISOString().replace('.000Z', '+00:00'),
            card: { masked: `************${n % 2 === 0 ? '2222' : '1111'}` },
          }));
        }
        await journal.recordMany(batch);
      });

      /** Every page of a search, followed by its cursor. */
      async function allPages(query: Partial<SearchQuery>, limit: number, read: 'find' | 'list' = 'find'): Promise<string[]> {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await journal[read]({ limit, ...query, ...(cursor ? { cursor: decodeCursor(cursor) } : {}) });
          seen.push(...page.items.map((i) => i.id));
          cursor = page.next;
        } while (cursor);
        return seen;
      }

      it('gives the same sales, in the same order and pages, as reading every sale in time order and filtering', async () => {
        const everything = (await journal.find({ limit: 500 })).items.map((i) => ({ id: i.id, tx: i.transaction, time: Date.parse(i.transaction.occurredAt) }));
        expect(everything).toHaveLength(60);
        const expected = (keep: (tx: (typeof everything)[number]['tx'], time: number) => boolean) => everything.filter((e) => keep(e.tx, e.time)).map((e) => e.id);
        const from = at(20) - 1;
        const to = at(41);
        const cases: [Partial<SearchQuery>, string[]][] = [
          [{ amountMin: 1100, amountMax: 1100 }, expected((tx) => tx.amount === '11.00')],
          [{ amountMin: 1000, amountMax: 1100 }, expected((tx) => tx.amount !== '12.00')],
          [{ amountMin: 1200 }, expected((tx) => tx.amount === '12.00')],
          [{ voucherNo: '000002' }, expected((tx) => tx.voucherNo === '000002')],
          [{ last4: '2222', from, to }, expected((tx, time) => tx.card?.last4 === '2222' && time >= from && time <= to)],
          [{ amountMax: 1000, from: Date.parse('2020-01-01T00:00:00Z') }, expected((tx) => tx.amount === '10.00')],
          [{ referenceNo: '133000000002' }, expected((tx) => tx.referenceNo === '133000000002')],
          [{ voucherNo: '000001', to: first }, []],
        ];
        for (const [query, ids] of cases) {
          expect({ query, ids: await allPages(query, 3) }).toEqual({ query, ids });
          expect({ query, ids: await allPages(query, 7, 'list') }).toEqual({ query, ids });
        }
        expect(cases[6]?.[1]).toEqual(['10023456-000100-000003']);
      });

      it('finds an original by reference no. however old, from the writer, for a refund', async () => {
        const refund = await journal.record(sale({ kind: 'refund', batchNo: '000200', voucherNo: '000900', referenceNo: undefined, amount: '1.00', occurredAt: '2026-11-27T06:00:00+00:00', original: { referenceNo: '133000000002' } }));
        expect((await journal.get(refund.id)).originalId).toBe('10023456-000100-000003');
      });

      it('refunds the newest sale of the merchant with a reference no., never another merchant\'s', async () => {
        // The reference of sale 2 (weeks back) comes round again at this merchant, then at another merchant later still.
        await journal.record(sale({ batchNo: '000300', voucherNo: '000001', referenceNo: '133000000002', amount: '5.00', occurredAt: '2026-11-20T06:00:00+00:00' }));
        const other = { merchant: { id: '898310058120999', name: '另一家商户' }, terminalId: '30000001' };
        await journal.record(sale({ ...other, batchNo: '000001', voucherNo: '000001', referenceNo: '133000000002', amount: '7.00', occurredAt: '2026-11-25T06:00:00+00:00' }));
        const refund = (overrides: Partial<TransactionInput>) => sale({ kind: 'refund', referenceNo: undefined, amount: '1.00', occurredAt: '2026-11-27T06:00:00+00:00', original: { referenceNo: '133000000002' }, ...overrides });
        const ours = await journal.record(refund({ batchNo: '000300', voucherNo: '000002' }));
        expect((await journal.get(ours.id)).originalId).toBe('10023456-000300-000001');
        const theirs = await journal.record(refund({ ...other, batchNo: '000001', voucherNo: '000002' }));
        expect((await journal.get(theirs.id)).originalId).toBe('30000001-000001-000001');
        // A merchant with no sale under that reference is told so, though another merchant has one.
        await expect(journal.record(refund({ merchant: { id: '898310058120777', name: '第三家' }, terminalId: '40000001', batchNo: '000001', voucherNo: '000001' }))).rejects.toMatchObject({ code: 'ORIGINAL_NOT_FOUND' });
      });
      it('refunds a sale dated up to a day after the refund (tills whose clocks disagree), not one dated later still', async () => {
        const at = (iso: string) => ({ occurredAt: iso });
        // Terminal 10023456's clock runs 20 hours fast; the refund is taken on a till with the right time.
        await journal.record(sale({ batchNo: '000400', voucherNo: '000001', referenceNo: '133000000400', amount: '9.00', ...at('2026-11-28T02:00:00+00:00') }));
        const refund = (voucherNo: string, reference: string) =>
          sale({ kind: 'refund', terminalId: '50000001', batchNo: '000001', voucherNo, referenceNo: undefined, amount: '1.00', ...at('2026-11-27T06:00:00+00:00'), original: { referenceNo: reference } });
        const taken = await journal.record(refund('000001', '133000000400'));
        expect((await journal.get(taken.id)).originalId).toBe('10023456-000400-000001');
        // Two days fast is no sale this refund can name.
        await journal.record(sale({ batchNo: '000401', voucherNo: '000001', referenceNo: '133000000401', amount: '9.00', ...at('2026-11-29T07:00:00+00:00') }));
        await expect(journal.record(refund('000002', '133000000401'))).rejects.toMatchObject({ code: 'ORIGINAL_NOT_FOUND' });
      });
    });

    describe('a journal from before the hour-led indexes', () => {
      it('gets the hour-led indexes on its next open, drops the ones they replace, and finds the same sales', async () => {
        const batch = [];
        for (let n = 1; n <= 12; n++) batch.push(nthSale(n, { occurredAt: new Date(Date.parse('2026-11-20T00:00:00Z') + n * 5 * 3_600_000).toISOString().replace('.000Z', '+00:00') }));
        await journal.recordMany(batch);
        const searches: Partial<SearchQuery>[] = [{ amountMin: 1505, amountMax: 1505 }, { voucherNo: '000004' }, { referenceNo: '133000000009' }, { last4: '4242' }];
        const before = await Promise.all(searches.map(async (q) => (await journal.find({ limit: 50, ...q })).items.map((i) => i.id)));
        expect(before.map((ids) => ids.length)).toEqual([1, 1, 1, 12]);
        // As the schema before left the file: indexes led by the random keys themselves.
        await harness.raw(store, `DROP INDEX tx_hour_amount; DROP INDEX tx_hour_voucher; DROP INDEX tx_hour_ref; DROP INDEX tx_hour_last4;
          CREATE INDEX tx_amount ON transactions (amount_minor, occurred_at); CREATE INDEX tx_voucher ON transactions (voucher_no, occurred_at);
          CREATE INDEX tx_ref ON transactions (reference_no) WHERE reference_no IS NOT NULL; CREATE INDEX tx_last4 ON transactions (card_last4, occurred_at) WHERE card_last4 IS NOT NULL;
          UPDATE meta SET value = '${Number(JOURNAL_SCHEMA.version) - 1}' WHERE key = 'schemaVersion'`);
        await journal.close();
        store = await harness.reopen(store);
        journal = new Journal({ store, clock: () => now++ });
        expect(await store.getMeta('schemaVersion')).toBe(JOURNAL_SCHEMA.version);
        for (const old of ['tx_amount', 'tx_voucher', 'tx_ref', 'tx_last4']) await expect(harness.raw(store, `DROP INDEX ${old}`)).rejects.toThrow(/no such index|does not exist/);
        for (const made of ['tx_hour_amount', 'tx_hour_voucher', 'tx_hour_ref', 'tx_hour_last4']) await expect(harness.raw(store, `CREATE INDEX ${made} ON transactions (kind)`)).rejects.toThrow(/already exists/);
        expect(await Promise.all(searches.map(async (q) => (await journal.find({ limit: 50, ...q })).items.map((i) => i.id)))).toEqual(before);
        for (const q of searches) expect(harness.planUsesIndex(await store.explainSearch({ limit: 20, ...q }))).toBe(true);
        await journal.record(nthSale(13));
        expect(await verifyJournal(store)).toMatchObject({ ok: true, transactions: 13 });
      });
    });

    describe('a sale id across months (sale_keys, schema 8)', () => {
      const inMonth = (iso: string) => ({ occurredAt: iso });
      it('finds a sale recorded in one month when the same id comes again dated months later: the same sale, or a conflict, as one month would', async () => {
        const first = await journal.record(nthSale(5, inMonth('2026-02-10T08:00:00+00:00')));
        await journal.record(nthSale(6, inMonth('2026-11-20T08:00:00+00:00')));
        // Same id, dated October: another content, refused; nothing is written (alone and in a batch past the few-ids statement).
        await expect(journal.record(nthSale(5, inMonth('2026-10-10T08:00:00+00:00')))).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
        const batch = Array.from({ length: 20 }, (_, i) => nthSale(100 + i, inMonth('2026-10-01T08:00:00+00:00')));
        await expect(journal.recordMany([...batch, nthSale(5, inMonth('2026-10-10T08:00:00+00:00'))])).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', context: { line: 21 } });
        expect((await store.counts()).events).toBe(2);
        // The same content again is the same sale, alone and in a batch.
        expect(await journal.record(nthSale(5, inMonth('2026-02-10T08:00:00+00:00')))).toMatchObject({ id: first.id, created: false });
        const again = await journal.recordMany([...batch, nthSale(5, inMonth('2026-02-10T08:00:00+00:00'))]);
        expect(again.at(-1)).toMatchObject({ id: first.id, created: false });
        // A refund dated later finds it, and a void after the refund is refused as before.
        await journal.record(nthSale(7, { kind: 'refund', referenceNo: undefined, amount: '1.00', original: { voucherNo: '000005' }, ...inMonth('2026-11-21T08:00:00+00:00') }));
        await expect(journal.record(nthSale(8, { kind: 'void', referenceNo: undefined, amount: '15.05', original: { voucherNo: '000005' }, ...inMonth('2026-11-21T09:00:00+00:00') }))).rejects.toMatchObject({ code: 'ALREADY_REFUNDED' });
        expect(await verifyJournal(store)).toMatchObject({ ok: true, transactions: 23 });
      });

      it('fills sale_keys when a schema-7 journal is opened; then a duplicate id is refused across months and the journal verifies', async () => {
        await journal.recordMany([nthSale(1, inMonth('2026-01-15T08:00:00+00:00')), nthSale(2, inMonth('2026-06-15T08:00:00+00:00')), nthSale(3)]);
        await journal.record(nthSale(4, { kind: 'refund', referenceNo: undefined, amount: '1.00', original: { voucherNo: '000001' }, ...inMonth('2026-11-20T08:00:00+00:00') }));
        // As schema 7 left the database: no sale_keys.
        await harness.raw(store, `DROP TABLE sale_keys; UPDATE meta SET value = '7' WHERE key = 'schemaVersion'`);
        await journal.close();
        store = await harness.reopen(store);
        journal = new Journal({ store, clock: () => now++ });
        expect(await store.getMeta('schemaVersion')).toBe(JOURNAL_SCHEMA.version);
        // Every sale was copied: each is found by id (dated months later: refused; as it was: the same sale), and its refund by its original.
        await expect(journal.record(nthSale(1, inMonth('2026-09-15T08:00:00+00:00')))).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
        for (const n of [2, 3]) expect((await journal.record(nthSale(n, n === 2 ? inMonth('2026-06-15T08:00:00+00:00') : {}))).created).toBe(false);
        await expect(journal.record(nthSale(9, { kind: 'void', referenceNo: undefined, amount: '11.01', original: { voucherNo: '000001' } }))).rejects.toMatchObject({ code: 'ALREADY_REFUNDED' });
        // The database itself now holds a sale id once whatever its month.
        await expect(harness.raw(store, "INSERT INTO sale_keys (event_id, store_id, id, occurred_at) VALUES (999999, '', '10023456-000128-000001', 1790000000000)")).rejects.toThrow(/unique/i);
        expect(await verifyJournal(store)).toMatchObject({ ok: true, transactions: 4 });
      });
    });

    describe('a journal from before packed payloads (schema 6 and older)', () => {
      it('reads, verifies, searches and extends a chain whose sales were stored as canonical JSON', async () => {
        // The sale as schema 6 stored it: made in another journal, copied row for row with its canonical payload.
        const other = await harness.open();
        const otherJournal = new Journal({ store: other, clock: () => now++ });
        const first = await otherJournal.record(nthSale(1));
        const [event] = await other.chainSlice(first.terminalId, 1, 1);
        const [stored] = await other.transactionsById(first.id, undefined);
        const original = await otherJournal.get(first.id);
        await otherJournal.close();
        if (!event || !stored) throw new Error('the sale was not recorded');
        expect(event.payload.startsWith('{"id":')).toBe(true);
        const literal = (v: unknown) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
        const { id: _eventId, ...eventColumns } = event;
        const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
        const rowColumns = Object.entries(stored.row).filter(([k]) => k !== 'eventId');
        await harness.raw(store, `INSERT INTO events (${Object.keys(eventColumns).map(snake).join(', ')}) VALUES (${Object.values(eventColumns).map(literal).join(', ')});
          INSERT INTO transactions (event_id, ${rowColumns.map(([k]) => snake(k)).join(', ')}) VALUES ((SELECT max(id) FROM events), ${rowColumns.map(([, v]) => literal(v)).join(', ')})`);
        expect(await journal.get(first.id)).toEqual(original);
        // The next sale of the chain is stored packed and links to the canonical one.
        const second = await journal.record(nthSale(2, { amount: original.transaction.amount }));
        expect(second.seq).toBe(2);
        const chain = await store.chainSlice(first.terminalId, 1, 2);
        expect(chain[1]?.prevHash).toBe(event.hash);
        expect(JSON.parse(chain[1]?.payload ?? '')).toMatchObject({ id: second.id, transaction: { voucherNo: '000002' } });
        const amount = Math.round(Number(original.transaction.amount) * 100);
        expect((await journal.find({ limit: 10, amountMin: amount, amountMax: amount })).items.map((i) => i.id)).toEqual([second.id, first.id]);
        expect(await verifyJournal(store)).toMatchObject({ ok: true, events: 2, transactions: 2 });
      });
    });

    describe('append-only', () => {
      it('the database itself refuses UPDATE and DELETE', async () => {
        await journal.record(sale());
        await expect(harness.raw(store, "UPDATE events SET payload = '{}'")).rejects.toThrow(/append-only/);
        await expect(harness.raw(store, 'DELETE FROM events')).rejects.toThrow(/append-only/);
        await expect(harness.raw(store, "UPDATE transactions SET amount_minor = 1")).rejects.toThrow(/append-only/);
        await expect(harness.raw(store, 'DELETE FROM transactions')).rejects.toThrow(/append-only/);
        expect((await verifyJournal(store)).ok).toBe(true);
      });
    });

    describe('print jobs', () => {
      const job = (overrides: Partial<NewPrintJob> = {}): NewPrintJob => ({
        transactionId: '10023456-000128-000457', terminalId: '10023456', kind: 'original', copy: 0, printer: 'front', backup: 'back',
        state: 'queued', attempts: 0, createdAt: 1000, updatedAt: 1000, expiresAt: 601_000, notBefore: 0, paperMm: 0,
        detail: null, options: '{"paper":"80"}', reroutedFrom: null, ...overrides,
      });

      it('keeps jobs, lists them and changes state only from the expected one', async () => {
        const [a, b] = await store.write(async (w) => [await w.insertJob(job()), await w.insertJob(job({ printer: 'back', kind: 'duplicate', copy: 1 }))]);
        expect(await store.getJob(a as number)).toEqual({ id: a, ...job() });
        expect((await store.listJobs({ states: ['queued'], printer: 'front' })).map((j) => j.id)).toEqual([a]);
        expect((await store.listJobs({ order: 'newest' })).map((j) => j.id)).toEqual([b, a]);
        const taken = await store.write((w) => w.updateJob(a as number, ['queued'], { state: 'sending', attempts: 1, updatedAt: 2000 }));
        const again = await store.write((w) => w.updateJob(a as number, ['queued'], { state: 'sending' }));
        expect([taken, again]).toEqual([true, false]);
        await store.write((w) => w.updateJob(a as number, ['sending'], { state: 'printed', paperMm: 132.5, updatedAt: 3000 }));
        expect(await store.paperUsed('front', 0)).toBe(132.5);
        expect(await store.paperUsed('front', 3001)).toBe(0);
        expect((await store.write((w) => w.jobsOfTransaction('10023456-000128-000457'))).map((j) => j.state)).toEqual(['printed', 'queued']);
        expect(await store.getJob(999)).toBeUndefined();
      });

      it('the database lets a job row change only as the spooler does', async () => {
        const [a] = await store.write(async (w) => [await w.insertJob(job())]);
        const id = a as number;
        await expect(harness.raw(store, `UPDATE print_jobs SET copy = 7 WHERE id = ${id}`)).rejects.toThrow(/only the state/);
        await expect(harness.raw(store, `UPDATE print_jobs SET state = 'printed' WHERE id = ${id}`)).rejects.toThrow(/not allowed/);
        await expect(harness.raw(store, `DELETE FROM print_jobs WHERE id = ${id}`)).rejects.toThrow(/never deleted/);
        await harness.raw(store, `UPDATE print_jobs SET state = 'sending', attempts = 1 WHERE id = ${id}`);
        await harness.raw(store, `UPDATE print_jobs SET state = 'printed' WHERE id = ${id}`);
        await expect(harness.raw(store, `UPDATE print_jobs SET state = 'failed' WHERE id = ${id}`)).rejects.toThrow(/final state/);
        expect(await store.getJob(id)).toMatchObject({ state: 'printed', copy: 0, attempts: 1 });
      });

      it('finds a sale\'s and a job\'s print events through the print index, never by walking the chains', async () => {
        await journal.recordMany([nthSale(1), nthSale(2), nthSale(3)]);
        const sale = '10023456-000128-000002';
        const id = await journal.write(async (w) => {
          const jobId = await w.insertJob(job({ transactionId: sale, backup: null }));
          await w.append('10023456', 'print.queued', { jobId, transactionId: sale, kind: 'original', copy: 0, printer: { name: 'front', address: null }, attempt: 0 });
          return jobId;
        });
        expect((await store.printEvents({ transactionId: sale })).map((e) => e.type)).toEqual(['print.queued']);
        expect((await store.printEvents({ jobId: id })).map((e) => e.seq)).toEqual([4]);
        expect(await store.printEvents({ transactionId: '10023456-000128-000001' })).toEqual([]);
        // The chain index (store, terminal, seq) would read every event of the shop and its JSON.
        const chainIndex = /events_chain|store_id_terminal_id_seq/;
        for (const of of [{ transactionId: sale }, { jobId: id }]) {
          const plan = await store.explainPrintEvents(of);
          expect({ of, uses: harness.planUsesIndex(plan) && !plan.some((line) => chainIndex.test(line)), plan }).toMatchObject({ uses: true });
        }
      });

      it('lists the events of one chain, newest first, by type', async () => {
        await journal.recordMany([nthSale(1), nthSale(2)]);
        await store.write((w) => journal.appendEvent(w, 'printer:front', 'printer.status', { state: 'paper-out' }));
        await store.write((w) => journal.appendEvent(w, 'printer:front', 'printer.cleaned', {}));
        expect((await store.eventsOf('10023456', { limit: 5 })).map((e) => e.seq)).toEqual([2, 1]);
        expect((await store.eventsOf('printer:front', { types: ['printer.status'], limit: 5 })).map((e) => e.type)).toEqual(['printer.status']);
        expect((await verifyJournal(store)).ok).toBe(true);
      });
    });

    it('keeps settings in meta', async () => {
      expect(await store.getMeta('timeZone')).toBeUndefined();
      await store.setMeta('timeZone', 'Asia/Shanghai');
      await store.setMeta('timeZone', 'Asia/Hong_Kong');
      expect(await store.getMeta('timeZone')).toBe('Asia/Hong_Kong');
    });

    describe('chain of shops', () => {
      /** A shop's whole journal as head office receives it, chain by chain. */
      async function shopChains(shop: JournalStore): Promise<Map<string, ReplicaEvent[]>> {
        const chains = new Map<string, ReplicaEvent[]>();
        for await (const e of shop.events()) {
          const list = chains.get(e.terminalId) ?? [];
          list.push({ seq: e.seq, type: e.type, recordedAt: e.recordedAt, payload: e.payload, prevHash: e.prevHash, hash: e.hash });
          chains.set(e.terminalId, list);
        }
        return chains;
      }
      let shop: Journal;
      let shopStore: JournalStore;
      beforeEach(async () => {
        shopStore = await harness.open();
        shop = new Journal({ store: shopStore, clock: () => now++ });
      });
      afterEach(async () => {
        await shop.close();
      });

      it('sets a store id once, as a hashed event, and refuses another', async () => {
        expect(await shop.storeIdentity()).toBeUndefined();
        expect(await shop.identifyStore(' SH-001 ')).toEqual({ storeId: 'SH-001', created: true });
        expect(await shop.identifyStore('SH-001')).toEqual({ storeId: 'SH-001', created: false });
        await expect(shop.identifyStore('SH-002')).rejects.toMatchObject({ code: 'STORE_ID_ALREADY_SET', context: { storeId: 'SH-001' } });
        await expect(shop.identifyStore('bad id!')).rejects.toMatchObject({ code: 'BAD_STORE_ID' });
        await expect(shop.identifyStore('6225881234564242')).rejects.toMatchObject({ code: 'BAD_STORE_ID', context: { value: '' } });
        const reopened = new Journal({ store: shopStore });
        expect(await reopened.storeIdentity()).toBe('SH-001');
        await shop.record(sale());
        expect((await shop.get('10023456-000128-000457')).storeId).toBe('SH-001');
        expect((await verifyJournal(shopStore)).ok).toBe(true);
      });

      it('asks again for an unset store id at most once a second, so an id set by another process shows within that', async () => {
        let monotonic = 0;
        const server = new Journal({ store: shopStore, monotonicMs: () => monotonic });
        expect(await server.storeIdentity()).toBeUndefined();
        // Another process (`reissue store set-id`) on the same database.
        await new Journal({ store: shopStore }).identifyStore('SH-001');
        monotonic += STORE_ID_RECHECK_MS - 1;
        expect(await server.storeIdentity()).toBeUndefined();
        monotonic += 1;
        expect(await server.storeIdentity()).toBe('SH-001');
        // Set once, it is kept: an id never changes.
        monotonic += 10 * STORE_ID_RECHECK_MS;
        expect(await server.within(['SH-001']).storeIdentity()).toBe('SH-001');
      });

      it('takes a shop\'s chains in order, once, re-hashed, and searches them by store', async () => {
        await shop.identifyStore('SH-001');
        await shop.recordMany([nthSale(1), nthSale(2), nthSale(3, { terminalId: '20000001' })]);
        await journal.record(nthSale(1)); // head office's own sale with the same id
        const chains = await shopChains(shopStore);
        for (const [chain, events] of chains) {
          const first = await journal.replicate('SH-001', chain, events);
          expect(first).toMatchObject({ accepted: events.length, duplicates: 0, head: { seq: events.length } });
          // The same batch again (a retry after a lost answer) stores nothing new.
          expect(await journal.replicate('SH-001', chain, events)).toMatchObject({ accepted: 0, duplicates: events.length });
        }
        expect((await store.counts('SH-001')).events).toBe(4);
        expect((await journal.chainHeads('SH-001')).map((h) => [h.terminalId, h.seq])).toEqual([['10023456', 2], ['20000001', 1], ['store', 1]]);
        const report = await journal.verify(undefined, { storeId: 'SH-001' });
        expect(report).toMatchObject({ ok: true, events: 4, transactions: 3 });
        expect((await journal.verify()).ok).toBe(true);
        expect((await journal.find({ limit: 10, storeIds: ['SH-001'] })).items.map((i) => [i.storeId, i.id])).toEqual([
          ['SH-001', '20000001-000128-000003'],
          ['SH-001', '10023456-000128-000002'],
          ['SH-001', '10023456-000128-000001'],
        ]);
        await expect(journal.get('10023456-000128-000001')).rejects.toMatchObject({ code: 'SALE_IN_SEVERAL_STORES' });
        expect((await journal.within(['SH-001']).get('10023456-000128-000001')).storeId).toBe('SH-001');
        expect((await journal.within(['']).find({ limit: 10 })).items).toHaveLength(1);
        expect((await journal.within(['SH-002']).find({ limit: 10 })).items).toHaveLength(0);
        expect((await journal.eventsAfter('SH-001', '10023456', 1, 10)).map((e) => e.seq)).toEqual([2]);
      });

      it('refuses a fork, a broken link, an edited event, a gap and another shop\'s identity, storing nothing', async () => {
        await shop.identifyStore('SH-001');
        await shop.recordMany([nthSale(1), nthSale(2), nthSale(3)]);
        const events = (await shopChains(shopStore)).get('10023456') ?? [];
        const [e1, e2, e3] = events as [ReplicaEvent, ReplicaEvent, ReplicaEvent];
        await journal.replicate('SH-001', '10023456', [e1]);
        // Edited: the payload changed, the hash kept.
        const edited = { ...e2, payload: e2.payload.replace('"amount":"12.02"', '"amount":"99.99"') };
        expect(edited.payload).not.toBe(e2.payload);
        await expect(journal.replicate('SH-001', '10023456', [edited])).rejects.toMatchObject({ code: 'CHAIN_EDITED', context: { storeId: 'SH-001', chain: '10023456', seq: 2 } });
        // A gap: event 3 before event 2.
        await expect(journal.replicate('SH-001', '10023456', [e3])).rejects.toMatchObject({ code: 'CHAIN_GAP', context: { seq: 3, heldSeq: 1 } });
        // A fork: a different, well-hashed event at position 1.
        const otherStore = await harness.open();
        const otherShop = new Journal({ store: otherStore, clock: () => now++ });
        await otherShop.record(nthSale(9));
        const fork = (await shopChains(otherStore)).get('10023456') ?? [];
        await expect(journal.replicate('SH-001', '10023456', fork)).rejects.toBeInstanceOf(ChainRefusedError);
        await expect(journal.replicate('SH-001', '10023456', fork)).rejects.toMatchObject({ code: 'CHAIN_FORK', context: { seq: 1 } });
        // A broken link: event 2 of the other shop's chain (well hashed) after our event 1.
        await otherShop.record(nthSale(10));
        const [, other2] = (await shopChains(otherStore)).get('10023456') ?? [];
        await expect(journal.replicate('SH-001', '10023456', [other2 as ReplicaEvent])).rejects.toMatchObject({ code: 'CHAIN_BROKEN_LINK', context: { seq: 2 } });
        // Another shop's identity event under this shop's token.
        await otherShop.identifyStore('SH-002');
        const identity = (await shopChains(otherStore)).get('store') ?? [];
        await expect(journal.replicate('SH-001', 'store', identity)).rejects.toMatchObject({ code: 'CHAIN_OTHER_STORE' });
        await otherShop.close();
        await expect(journal.replicate('SH-001', '10023456', [e2, e1])).rejects.toMatchObject({ code: 'BAD_REPLICA_BATCH' });
        expect((await store.counts('SH-001')).events).toBe(1);
        expect(await journal.replicate('SH-001', '10023456', [e1, e2, e3])).toMatchObject({ accepted: 2, duplicates: 1, head: { seq: 3, hash: e3.hash } });
      });
    });

    it('serialises concurrent writers without gaps in the sequence', async () => {
      await Promise.all(Array.from({ length: 40 }, (_, i) => journal.record(nthSale(i + 1))));
      const report = await verifyJournal(store);
      expect(report).toMatchObject({ ok: true, events: 40, heads: [{ terminalId: '10023456', seq: 40 }] });
    });
  });
}
