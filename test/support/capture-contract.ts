import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capturedJobFromJson, capturedJobToJson, journaledCaptures, type CaptureJournal, type CapturedJob } from '../../src/capture/index.js';
import { JOURNAL_SCHEMA_VERSION, Journal, decodeCursor, eventHash, searchFromRequest, verifyJournal, type JournalStore, type ReceiptListing, type ReplicaEvent, type SearchQuery } from '../../src/journal/index.js';
import { cardNumber } from './card-numbers.js';
import { RECEIPTS, type CapturedReceipt } from './captured-receipts.js';
import { capturedJob, captureIdOf } from './captured-jobs.js';
import { nthSale } from './fixtures.js';
import type { StoreHarness } from './journal-contract.js';

const receipt = (i: number) => {
  const r = RECEIPTS[i];
  if (!r) throw new Error(`no receipt ${i}`);
  return r;
};
const SUPERMARKET = 0;
const SLIP = 1;
const CASH = 3;
const CAFE = 4;
/** A ticket that prints no time and no amount. */
const UNTIMED: CapturedReceipt = { name: 'untimed kitchen ticket', lines: ['*** 厨房单 KITCHEN ***', '2 x 宫保鸡丁', '1 x 米饭'], text: '', fields: {} };
const ZONE = { timeZone: 'Asia/Shanghai', currency: 'CNY' };

/**
 * The CaptureJournal port on the SQL journal (reissue tap's persistence), the same on every
 * engine: one chain per source, idempotent by id, an index searched by the same filters as
 * sales, words over the printed text (Chinese too), verify and the append-only guards.
 */
export function captureContract(name: string, harness: StoreHarness): void {
  describe(`Captured receipts in the journal: ${name}`, () => {
    let store: JournalStore;
    let journal: Journal;
    let captures: CaptureJournal;
    let now: number;

    beforeEach(async () => {
      now = Date.parse('2026-11-28T01:00:00Z');
      store = await harness.open();
      journal = new Journal({ store, clock: () => now++ });
      captures = journaledCaptures(journal, ZONE);
    });
    afterEach(async () => {
      await journal.close();
    });

    const job = (i: number | CapturedReceipt, n: number, overrides: { source?: string; capturedAt?: string } = {}) =>
      capturedJob(typeof i === 'number' ? receipt(i) : i, { n, capturedAt: '2026-11-28T01:00:00Z', ...overrides });
    const find = async (query: Partial<SearchQuery>) => (await journal.findReceipts({ limit: 50, ...query })).items;
    const ids = async (query: Partial<SearchQuery>) => (await find(query)).map((i) => i.id);

    it('journals a job at the end of its source chain and gives it back byte for byte', async () => {
      const first = job(SLIP, 1);
      expect(await captures.append(first)).toBe('appended');
      expect(await captures.append(job(CASH, 2))).toBe('appended');
      expect(await captures.append(job(CASH, 3, { source: 'back-till' }))).toBe('appended');
      const got = await journal.getCapture(first.id);
      expect(got).toMatchObject({ id: first.id, chain: 'capture:front-till', seq: 1 });
      const back = capturedJobFromJson(got.capture as never);
      expect(Buffer.from(back.bytes)).toEqual(Buffer.from(first.bytes));
      expect(back.text).toBe(first.text);
      expect(back.fields).toEqual({ ...first.fields, printedAt: { local: '2026-11-27T14:32:05', utc: '2026-11-27T06:32:05.000Z' } });
      expect((await journal.getCapture(captureIdOf(2))).seq).toBe(2);
      expect((await journal.getCapture(captureIdOf(3))).chain).toBe('capture:back-till');
      const report = await verifyJournal(store);
      expect(report).toMatchObject({ ok: true, events: 3, transactions: 0, captures: 3 });
      expect(report.heads.map((h) => [h.terminalId, h.seq])).toEqual([['capture:back-till', 1], ['capture:front-till', 2]]);
    });

    it('is idempotent by id: a replayed job is on record once', async () => {
      const once = job(SUPERMARKET, 1);
      await captures.append(once);
      expect(await captures.append(structuredClone(once))).toBe('duplicate');
      await Promise.all([captures.append(job(CASH, 2)), captures.append(job(CASH, 2))]);
      expect((await store.counts()).events).toBe(2);
      expect(await store.captureCount()).toBe(2);
    });

    it('refuses a full card number and a malformed job, and stores nothing', async () => {
      const leaked: CapturedJob = { ...job(SLIP, 1), text: `卡号 ${cardNumber('622588123456789')}\n` };
      await expect(captures.append(leaked)).rejects.toMatchObject({ code: 'PAN_NOT_MASKED' });
      const inFields: CapturedJob = { ...job(SLIP, 2), fields: { ...job(SLIP, 2).fields, referenceNo: cardNumber('622588123456789') } };
      await expect(captures.append(inFields)).rejects.toMatchObject({ code: 'PAN_NOT_MASKED' });
      await expect(journal.appendCapture({ ...capturedJobToJson(job(SLIP, 3)), id: 'cap-123' })).rejects.toMatchObject({ code: 'INVALID_CAPTURE', context: { path: 'id' } });
      await expect(journal.appendCapture({ ...capturedJobToJson(job(SLIP, 4)), extra: 1 })).rejects.toMatchObject({ code: 'INVALID_CAPTURE' });
      expect((await store.counts()).events).toBe(0);
      expect(await store.captureCount()).toBe(0);
    });

    it('says which capture is not on record', async () => {
      await expect(journal.getCapture(captureIdOf(9))).rejects.toMatchObject({ code: 'CAPTURE_NOT_FOUND' });
      await expect(journal.getCapture('10023456-000128-000457')).rejects.toMatchObject({ code: 'CAPTURE_NOT_FOUND' });
    });

    describe('found with the same filters as sales', () => {
      beforeEach(async () => {
        await journal.recordMany([nthSale(32), nthSale(33, { amount: '128.50' })]);
        await captures.append(job(SUPERMARKET, 1));
        await captures.append(job(SLIP, 2));
        await captures.append(job(CASH, 3, { source: 'back-till' }));
        await captures.append(job(CAFE, 4));
        await captures.append(job(UNTIMED, 5, { capturedAt: '2026-11-27T06:45:00Z' }));
      });

      it('matches --around against the printed time, else the capture time', async () => {
        const around = (text: string, within = '5m') => searchFromRequest({ around: text, within }, { ...ZONE, now });
        // Printed 14:32:05 on the 27th (Shanghai); captured the next morning.
        expect(await ids(around('2026-11-27 14:30'))).toEqual(['10023456-000128-000033', captureIdOf(2), captureIdOf(1), '10023456-000128-000032']);
        expect(await ids(around('2026-11-28 09:00'))).toEqual([]);
        // A ticket that prints no time is found by its capture time.
        expect(await ids(around('2026-11-27 14:45', '1m'))).toEqual([captureIdOf(5)]);
        // The café printed 19:47 Hong Kong time.
        expect(await ids(around('2026-11-26 19:47', '1m'))).toEqual([captureIdOf(4)]);
      });

      it('finds by amount, card last 4, reference, voucher, batch, terminal, operator and source', async () => {
        expect(await ids({ amountMin: 12850, amountMax: 12850, currency: 'CNY' })).toEqual(['10023456-000128-000033', captureIdOf(2)]);
        expect(await ids({ amountMin: 1650, amountMax: 1650 })).toEqual([captureIdOf(1)]);
        expect(await ids({ amountMin: 7260, amountMax: 7260, currency: 'CNY' })).toEqual([]);
        expect(await ids({ amountMin: 7260, amountMax: 7260, currency: 'HKD' })).toEqual([captureIdOf(4)]);
        expect(await ids({ last4: '1881' })).toEqual([captureIdOf(4)]);
        expect(await ids({ referenceNo: '133041825567' })).toEqual([captureIdOf(2)]);
        expect(await ids({ voucherNo: '000457', batchNo: '000128', terminalId: '10023456' })).toEqual([captureIdOf(2)]);
        expect(await ids({ operatorId: '李娜' })).toEqual([captureIdOf(3)]);
        expect(await ids({ source: 'back-till' })).toEqual([captureIdOf(3)]);
        expect(await ids({ origin: 'sale' })).toEqual(['10023456-000128-000033', '10023456-000128-000032']);
        expect((await ids({ origin: 'capture' })).sort()).toEqual([1, 2, 3, 4, 5].map(captureIdOf).sort());
        // A sale's kind says nothing of a captured receipt.
        expect(await ids({ kind: 'sale', from: Date.parse('2026-11-27T06:00:00Z') })).toEqual(['10023456-000128-000033', '10023456-000128-000032']);
      });

      it('finds by words of the printed text, Chinese and English, any case', async () => {
        // Newest first: the supermarket printed on the 27th, the cash sale on the 26th.
        expect(await ids({ words: ['农夫山泉'] })).toEqual([captureIdOf(1), captureIdOf(3)]);
        expect(await ids({ words: ['面包'] })).toEqual([captureIdOf(3)]);
        expect(await ids({ words: ['flat', 'white'] })).toEqual([captureIdOf(4)]);
        expect(await ids({ words: ['CROISSANT'] })).toEqual([captureIdOf(4)]);
        expect(await ids({ words: ['签购单', '128.50'] })).toEqual([captureIdOf(2)]);
        expect(await ids({ words: ['签购单', 'nowhere'] })).toEqual([]);
        expect(await ids({ words: ['100%_'] })).toEqual([]);
        expect(await ids({ words: ['农夫'], source: 'back-till' })).toEqual([captureIdOf(3)]);
      });

      it('lists sales and captures newest first and pages through both without gaps or repeats', async () => {
        const all = await find({});
        const times = all.map((i: ReceiptListing) => Date.parse(i.origin === 'sale' ? i.transaction.occurredAt : i.occurredAt));
        expect(times).toEqual([...times].sort((a, b) => b - a));
        expect(all.map((i) => i.origin).sort()).toEqual(['capture', 'capture', 'capture', 'capture', 'capture', 'sale', 'sale']);
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await journal.findReceipts({ limit: 2, ...(cursor ? { cursor: decodeCursor(cursor) } : {}) });
          seen.push(...page.items.map((i) => i.id));
          cursor = page.next;
        } while (cursor);
        expect(seen).toEqual(all.map((i) => i.id));
      });

      it('lists a capture from its index: fields, source and times, never the bytes', async () => {
        const [item] = await find({ referenceNo: '133041825567' });
        expect(item).toMatchObject({
          origin: 'capture',
          id: captureIdOf(2),
          source: 'front-till',
          occurredAt: '2026-11-27T06:32:05.000Z',
          capturedAt: '2026-11-28T01:00:00.000Z',
          printedAt: '2026-11-27T14:32:05',
          amount: { minor: 12850, currency: 'CNY', value: '128.50' },
          last4: '4242',
          voucherNo: '000457',
          batchNo: '000128',
          terminalId: '10023456',
          merchant: '上海好又多超市有限公司',
          seq: 2,
        });
        expect(JSON.stringify(item)).not.toContain('bytes');
      });

      it('reads through an index for every kind of capture search', async () => {
        const at = Date.parse('2026-11-27T06:30:00Z');
        const shapes: Partial<SearchQuery>[] = [
          { from: at - 900_000, to: at + 900_000, amountMin: 12850, amountMax: 12850 },
          { from: at - 900_000, to: at + 900_000 },
          { amountMin: 1000, amountMax: 2000 },
          { voucherNo: '000457' },
          { referenceNo: '133041825567' },
          { last4: '4242' },
          { terminalId: '10023456' },
          { operatorId: '07' },
          { source: 'back-till' },
          { words: ['农夫山泉'] },
          {},
        ];
        for (const shape of shapes) {
          const plan = await store.explainCaptureSearch({ limit: 20, ...shape });
          expect({ shape, uses: harness.planUsesIndex(plan), plan }).toMatchObject({ uses: true });
        }
      });
    });

    describe('over many hours (the hour-led indexes)', () => {
      /** The supermarket receipt printed `n` × 5 hours after midnight on the 20th: voucher S…-00n, same amount and card. */
      const hourly = (n: number): CapturedReceipt => {
        const at = new Date(Date.parse('2026-11-20T00:00:00Z') + n * 5 * 3_600_000).toISOString();
        const printed = `${at.slice(0, 10)} ${at.slice(11, 19)}`;
        const base = receipt(SUPERMARKET);
        const lines = base.lines.map((line) => (line === '2026-11-27 14:32:05' ? printed : line.replace('S20261127-0457', `S20261127-000${n}`.slice(-14))));
        return { ...base, name: `hourly ${n}`, lines, text: `${lines.join('\n')}\n` };
      };
      const searches: Partial<SearchQuery>[] = [{ amountMin: 1650, amountMax: 1650 }, { last4: '4242' }, { voucherNo: 'S20261127-0007' }, { amountMin: 1000, amountMax: 2000, operatorId: '07' }];
      /** Every page of a search, `limit` at a time. */
      const allPages = async (query: Partial<SearchQuery>, limit: number) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await journal.findReceipts({ limit, origin: 'capture', ...query, ...(cursor ? { cursor: decodeCursor(cursor) } : {}) });
          seen.push(...page.items.map((i) => i.id));
          cursor = page.next;
        } while (cursor);
        return seen;
      };

      beforeEach(async () => {
        for (let n = 1; n <= 12; n++) await captures.append(job(hourly(n), n));
      });

      it('walks the hours newest first: every page as filtering all captures in time order, without gaps or repeats', async () => {
        const newestFirst = Array.from({ length: 12 }, (_, i) => captureIdOf(12 - i));
        for (const query of searches) {
          const expected = query.voucherNo ? [captureIdOf(7)] : newestFirst;
          expect({ query, ids: await allPages(query, 50) }).toEqual({ query, ids: expected });
          expect({ query, ids: await allPages(query, 5) }).toEqual({ query, ids: expected });
        }
        // A window of a few hours reads only those.
        const from = Date.parse('2026-11-21T00:00:00+08:00'); // printed in Shanghai time
        expect(await ids({ origin: 'capture', amountMin: 1650, amountMax: 1650, from, to: from + 10 * 3_600_000 })).toEqual([captureIdOf(6), captureIdOf(5)]);
      });

      it('an older journal gets the hour-led capture indexes on its next open, drops the ones they replace, and finds the same', async () => {
        const before = await Promise.all(searches.map((q) => allPages(q, 50)));
        // As schema 6 left the file: indexes led by the random keys themselves.
        await harness.raw(store, `DROP INDEX cap_hour_amount; DROP INDEX cap_hour_voucher; DROP INDEX cap_hour_ref; DROP INDEX cap_hour_last4;
          CREATE INDEX cap_amount ON captures (amount_minor, occurred_at) WHERE amount_minor IS NOT NULL; CREATE INDEX cap_voucher ON captures (voucher_no, occurred_at) WHERE voucher_no IS NOT NULL;
          CREATE INDEX cap_ref ON captures (reference_no) WHERE reference_no IS NOT NULL; CREATE INDEX cap_last4 ON captures (card_last4, occurred_at) WHERE card_last4 IS NOT NULL;
          UPDATE meta SET value = '6' WHERE key = 'schemaVersion'`);
        await journal.close();
        store = await harness.reopen(store);
        journal = new Journal({ store, clock: () => now++ });
        captures = journaledCaptures(journal, ZONE);
        // To the current schema (7 made these indexes).
        expect(await store.getMeta('schemaVersion')).toBe(JOURNAL_SCHEMA_VERSION);
        for (const old of ['cap_amount', 'cap_voucher', 'cap_ref', 'cap_last4']) await expect(harness.raw(store, `DROP INDEX ${old}`)).rejects.toThrow(/no such index|does not exist/);
        for (const made of ['cap_hour_amount', 'cap_hour_voucher', 'cap_hour_ref', 'cap_hour_last4']) await expect(harness.raw(store, `CREATE INDEX ${made} ON captures (source)`)).rejects.toThrow(/already exists/);
        expect(await Promise.all(searches.map((q) => allPages(q, 50)))).toEqual(before);
        for (const q of searches) expect(harness.planUsesIndex(await store.explainCaptureSearch({ limit: 20, ...q }))).toBe(true);
        await captures.append(job(SLIP, 13));
        expect(await verifyJournal(store)).toMatchObject({ ok: true, captures: 13 });
      });
    });

    it('the database refuses UPDATE and DELETE of the captures index', async () => {
      await captures.append(job(SLIP, 1));
      await expect(harness.raw(store, 'UPDATE captures SET amount_minor = 1')).rejects.toThrow(/append-only/);
      await expect(harness.raw(store, 'DELETE FROM captures')).rejects.toThrow(/append-only/);
      expect((await verifyJournal(store)).ok).toBe(true);
    });

    it('head office takes a shop\'s captured receipts: indexed under the shop, found by store and words, verified; a leaked number is refused', async () => {
      const shopStore = await harness.open();
      const shop = new Journal({ store: shopStore, clock: () => now++ });
      try {
        await shop.identifyStore('SH-007');
        const shopCaptures = journaledCaptures(shop, ZONE);
        await shopCaptures.append(job(SLIP, 1));
        await shopCaptures.append(job(CAFE, 2));
        await captures.append(job(CASH, 3)); // head office's own, not the shop's
        for (const chain of ['store', 'capture:front-till']) {
          const events = await shopStore.eventsAfter('', chain, 0, 100);
          expect(await journal.replicate('SH-007', chain, events)).toMatchObject({ accepted: events.length });
        }
        expect(await store.captureCount('SH-007')).toBe(2);
        const found = await find({ storeIds: ['SH-007'], words: ['签购单'] });
        expect(found.map((i) => [i.storeId, i.id])).toEqual([['SH-007', captureIdOf(1)]]);
        expect((await ids({ storeIds: ['SH-007'] })).sort()).toEqual([captureIdOf(1), captureIdOf(2)].sort());
        expect(await ids({ storeIds: [''] })).toEqual([captureIdOf(3)]);
        expect((await journal.within(['SH-007']).getCapture(captureIdOf(2))).chain).toBe('capture:front-till');
        await expect(journal.within(['SH-008']).getCapture(captureIdOf(2))).rejects.toMatchObject({ code: 'CAPTURE_NOT_FOUND' });
        expect(await journal.verify(undefined, { storeId: 'SH-007' })).toMatchObject({ ok: true, captures: 2 });
        // A shop whose chain holds a captured receipt with a full card number (well hashed) is refused at that event, and nothing is stored.
        const [last] = await shopStore.eventsAfter('', 'capture:front-till', 1, 1);
        const next = { ...(last as ReplicaEvent), seq: 3, prevHash: (last as ReplicaEvent).hash, payload: (last as ReplicaEvent).payload.replace('"text":"', `"text":"${cardNumber('622588123456789')} `) };
        const leaked = { ...next, hash: eventHash({ ...next, storeId: '', terminalId: 'capture:front-till' }) };
        await expect(journal.replicate('SH-007', 'capture:front-till', [leaked])).rejects.toMatchObject({ code: 'CHAIN_UNREADABLE', context: { seq: 3 }, message: expect.stringContaining('full card number') });
        expect(await store.captureCount('SH-007')).toBe(2);
      } finally {
        await shop.close();
      }
    });
  });
}
