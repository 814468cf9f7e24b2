/**
 * Head office's ingest of a shop's batch (Journal.replicate) on its content: each payload is
 * read once, its index row projected from it and stored with the event's id; an unreadable
 * payload, a full card number or another shop's identity refuses the whole batch.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, openStore, threadCaptureBytesCheck } from '../src/app.js';
import { capturedJobToJson } from '../src/capture/index.js';
import { capturedJob } from './support/captured-jobs.js';
import { RECEIPTS } from './support/captured-receipts.js';
import { ChainRefusedError, EventTypes, GENESIS_HASH, Journal, STORE_CHAIN, StoreEventTypes, eventHash, prepareTransaction, type EventRow, type ReplicaEvent } from '../src/journal/index.js';
import { nthSale } from './support/fixtures.js';
import { cardNumber } from './support/card-numbers.js';
import { tempDir } from './support/cli.js';

let dir: ReturnType<typeof tempDir>;
let hq: Journal;

beforeEach(async () => {
  dir = tempDir('reissue-ingest-');
  hq = new Journal({ store: await openStore(join(dir.path, 'hq.db'), { create: true }) });
});
afterEach(async () => {
  await hq.close();
  dir.remove();
});

/** A shop's chain of events with these types and payloads, hash-linked as the shop's journal links them. */
function chain(storeId: string, terminalId: string, items: { type: string; payload: string }[]): ReplicaEvent[] {
  const out: ReplicaEvent[] = [];
  for (const [i, item] of items.entries()) {
    const event = { seq: i + 1, type: item.type, recordedAt: `2026-11-27T06:0${i}:00.000Z`, payload: item.payload, prevHash: out.at(-1)?.hash ?? GENESIS_HASH };
    out.push({ ...event, hash: eventHash({ ...event, storeId, terminalId }) });
  }
  return out;
}

const recorded = (n: number) => {
  const p = prepareTransaction(nthSale(n));
  return { type: EventTypes.transactionRecorded, payload: `{"id":${JSON.stringify(p.id)},"transaction":${p.text}}` };
};

async function refusal(events: ReplicaEvent[], chainName = '10023456'): Promise<ChainRefusedError> {
  const error = await hq.replicate('SH-001', chainName, events).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ChainRefusedError);
  return error as ChainRefusedError;
}

/** A shop's capture.recorded event of RECEIPTS[0], as its journal stores it. */
async function storedCapture(name: string): Promise<EventRow> {
  const shop = new Journal({ store: await openStore(join(dir.path, `${name}.db`), { create: true }) });
  try {
    await shop.appendCapture(capturedJobToJson(capturedJob(RECEIPTS[0]!)));
    const [stored] = await shop.eventsAfter('', 'capture:front-till', 0, 10);
    if (!stored) throw new Error('no capture event');
    return stored;
  } finally {
    await shop.close();
  }
}

/** Head office's journal as the app opens it (its capture check on the reader thread). */
const openedOffice = (name: string) => openJournal(join(dir.path, `${name}.db`), { env: {}, cwd: dir.path, now: () => Date.parse('2026-11-27T08:00:00Z') }, { create: true, timeZone: 'Asia/Shanghai' });

describe("head office's ingest of a shop's batch", () => {
  it('indexes every sale of the batch under its own event, from the payload as sent', async () => {
    const events = chain('SH-001', '10023456', [recorded(1), recorded(2), recorded(3)]);
    expect(await hq.replicate('SH-001', '10023456', events)).toMatchObject({ accepted: 3, duplicates: 0, head: { seq: 3 } });
    const stored = await hq.eventsAfter('SH-001', '10023456', 0, 10);
    for (const [i, event] of stored.entries()) {
      const sale = await hq.within(['SH-001']).get(prepareTransaction(nthSale(i + 1)).id);
      expect(sale).toMatchObject({ storeId: 'SH-001', eventId: event.id, seq: i + 1, hash: events[i]?.hash });
    }
    expect((await hq.verify()).ok).toBe(true);
  });

  it('refuses a whole batch whose payload cannot be read, holds a full card number, or names another shop', async () => {
    const unreadable = await refusal(chain('SH-001', '10023456', [recorded(1), { type: EventTypes.transactionRecorded, payload: '{"id":"x","transaction":null}' }]));
    expect(unreadable).toMatchObject({ code: 'CHAIN_UNREADABLE', position: { seq: 2 } });
    const withPan = recorded(1);
    const pan = await refusal(chain('SH-001', '10023456', [{ ...withPan, payload: withPan.payload.replace('"operatorId":"01"', `"operatorId":"01","note":"card ${cardNumber('622202123456789')}"`) }]));
    expect(pan).toMatchObject({ code: 'CHAIN_UNREADABLE', position: { seq: 1 } });
    expect(pan.message).toContain('full card number');
    const other = await refusal(chain('SH-001', STORE_CHAIN, [{ type: StoreEventTypes.identified, payload: '{"at":"2026-11-27T06:00:00.000Z","storeId":"SH-002"}' }]), STORE_CHAIN);
    expect(other.code).toBe('CHAIN_OTHER_STORE');
    // Nothing of a refused batch was stored, not even the good event before the bad one.
    expect(await hq.counts('SH-001')).toEqual({ events: 0, transactions: 0 });
  });

  it('refuses a card number wherever a shop puts one: the type, the time, beside a sale, as a JSON number', async () => {
    const pan = cardNumber('411111111111111');
    const sale = recorded(1);
    const cases: [string, { type: string; payload: string }, string?][] = [
      ['in the type', { type: `note.${pan}`, payload: '{}' }, 'note'],
      ['beside the sale', { ...sale, payload: sale.payload.replace(/}$/, `,"recordedBy":{"user":"${pan}","via":"http"}}`) }],
      ['as a JSON number', { type: 'reprint.issued', payload: `{"at":"2026-11-27T08:00:00.000Z","note":${pan},"user":"li"}` }, 'audit'],
      // Found by a review helper: the parsed value had its fraction cut off before the check, and the text is stored as sent.
      ['as a JSON number with a fraction', { type: 'reprint.issued', payload: `{"copy":${pan.slice(0, 10)}.${pan.slice(10)},"user":"li"}` }, 'audit'],
      ['as a JSON number past 2^53 with a fraction', { type: 'reprint.issued', payload: `{"copy":${pan}.5,"user":"li"}` }, 'audit'],
      ['as a JSON number with an exponent', { type: 'reprint.issued', payload: `{"copy":${pan.slice(0, 1)}.${pan.slice(1)}e15,"user":"li"}` }, 'audit'],
      ['as a key given twice (one value for JSON.parse, another for other readers)', { type: 'reprint.issued', payload: '{"user":"li","user":"bo"}' }, 'audit'],
    ];
    for (const [where, item, chainName = '10023456'] of cases) {
      const refused = await refusal(chain('SH-001', chainName, [item]), chainName);
      expect(refused.code, where).toBe('CHAIN_UNREADABLE');
    }
    const [event] = chain('SH-001', 'audit', [{ type: 'reprint.issued', payload: '{"user":"li"}' }]);
    const late = { ...event!, recordedAt: pan };
    expect((await refusal([{ ...late, hash: eventHash({ ...late, storeId: 'SH-001', terminalId: 'audit' }) }], 'audit')).code).toBe('CHAIN_UNREADABLE');
    // A shop's own numbers — times in ms, job ids — still pass.
    expect(await hq.replicate('SH-001', 'audit', chain('SH-001', 'audit', [{ type: 'reprint.issued', payload: '{"jobId":12,"paperMm":31.25,"storedAt":1764892800013,"user":"li"}' }]))).toMatchObject({ accepted: 1 });
    expect(await hq.counts('SH-001')).toEqual({ events: 1, transactions: 0 });
  });

  it("refuses a captured job whose bytes print a card number in a barcode (two digits a byte), as the shop's tap would have", async () => {
    const opened = await openedOffice('hq-app');
    try {
      const stored = await storedCapture('shop');
      const payload = JSON.parse(stored.payload) as { bytes: string };
      const pairs = (cardNumber('411111111111111').match(/../g) ?? []).map(Number);
      const data = [0x7b, 0x43, ...pairs];
      payload.bytes = Buffer.from([0x1b, 0x40, ...Buffer.from('CARD SLIP\n'), 0x1d, 0x6b, 73, data.length, ...data, 0x0a, 0x1d, 0x56, 0x00]).toString('base64');
      const events = chain('SH-001', 'capture:front-till', [{ type: stored.type, payload: JSON.stringify(payload) }]);
      const error = await opened.journal.replicate('SH-001', 'capture:front-till', events).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'CHAIN_UNREADABLE' });
    } finally {
      await opened.journal.close();
    }
  });

  it("asks its capture check off the thread for a batch's captured jobs, keeps a chain's batches in the order they came while it waits, and refuses what it answers holds a card or could not read", async () => {
    const shop = new Journal({ store: await openStore(join(dir.path, 'shop-captures.db'), { create: true }) });
    const payloads: string[] = [];
    try {
      for (const [i, receipt] of RECEIPTS.slice(0, 4).entries()) await shop.appendCapture(capturedJobToJson(capturedJob(receipt, { n: i + 1 })));
      for (const e of await shop.eventsAfter('', 'capture:front-till', 0, 10)) payloads.push(e.payload);
    } finally {
      await shop.close();
    }
    const events = chain('SH-001', 'capture:front-till', payloads.map((payload) => ({ type: EventTypes.captureRecorded, payload })));
    // Answers given by hand: each batch's question waits until the test answers it.
    const asked: { bytes: string[]; answer: (holds: (boolean | undefined)[]) => void }[] = [];
    const check = {
      holdCard: (captures: readonly { bytes: string }[]) => new Promise<(boolean | undefined)[]>((answer) => asked.push({ bytes: captures.map((c) => c.bytes), answer })),
      close: async () => undefined,
    };
    const office = new Journal({ store: await openStore(join(dir.path, 'hq-check.db'), { create: true }), captureBytesCheck: check });
    try {
      const first = office.replicate('SH-001', 'capture:front-till', events.slice(0, 1));
      const second = office.replicate('SH-001', 'capture:front-till', events.slice(1, 2));
      await new Promise((resolve) => setImmediate(resolve));
      expect(asked.map((a) => a.bytes.length)).toEqual([1, 1]);
      // The second is answered first: it still waits for the first, rather than arriving before it (a gap).
      asked[1]?.answer([false]);
      asked[0]?.answer([false]);
      expect(await first).toMatchObject({ accepted: 1, head: { seq: 1 } });
      expect(await second).toMatchObject({ accepted: 1, head: { seq: 2 } });
      const held = office.replicate('SH-001', 'capture:front-till', events.slice(2, 3));
      await new Promise((resolve) => setImmediate(resolve));
      asked[2]?.answer([true]);
      expect(await held.catch((e: unknown) => e)).toMatchObject({ code: 'CHAIN_UNREADABLE', message: expect.stringMatching(/holds a full card number/) });
      const unread = office.replicate('SH-001', 'capture:front-till', events.slice(2, 3));
      await new Promise((resolve) => setImmediate(resolve));
      asked[3]?.answer([undefined]);
      expect(await unread.catch((e: unknown) => e)).toMatchObject({ code: 'CHAIN_UNREADABLE', message: expect.stringMatching(/bytes cannot be read/) });
      expect((await office.chainHeads('SH-001')).map((h) => [h.terminalId, h.seq])).toEqual([['capture:front-till', 2]]);
    } finally {
      await office.close();
    }
  });

  it("does not read a pushed capture's bytes when an event of its batch was changed after it was hashed: the batch is refused as edited", async () => {
    const stored = await storedCapture('shop-edited');
    const asked: number[] = [];
    const check = {
      holdCard: async (captures: readonly unknown[]) => {
        asked.push(captures.length);
        return captures.map(() => false);
      },
      close: async () => undefined,
    };
    const office = new Journal({ store: await openStore(join(dir.path, 'hq-edited.db'), { create: true }), captureBytesCheck: check });
    try {
      const [event] = chain('SH-001', 'capture:front-till', [{ type: stored.type, payload: stored.payload }]);
      if (!event) throw new Error('no event');
      // Bytes changed after the event was hashed: the hash no longer recomputes.
      const payload = JSON.stringify({ ...(JSON.parse(stored.payload) as Record<string, unknown>), bytes: Buffer.from('altered').toString('base64') });
      const error = await office.replicate('SH-001', 'capture:front-till', [{ ...event, payload }]).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'CHAIN_EDITED', position: { seq: 1 } });
      expect(asked).toEqual([]);
      // The same event as it was hashed is asked about and taken.
      expect(await office.replicate('SH-001', 'capture:front-till', [event])).toMatchObject({ accepted: 1 });
      expect(asked).toEqual([1]);
    } finally {
      await office.close();
    }
  });

  it('checks each captured job of a batch on its own: the same bytes read in another code page get their own answer', async () => {
    const opened = await openedOffice('hq-pages');
    try {
      const stored = await storedCapture('shop-pages');
      // Bytes that print a full card number read in Kanji mode (GB18030), and none in code page 437.
      const bytes = Buffer.from('1b52081c4300343131313131311b5208311b210031311c4300311c4300313181310a31310a', 'hex').toString('base64');
      const original = JSON.parse(stored.payload) as { id: string };
      // Two jobs (ids of their own) with the same bytes.
      const payload = (kanji: boolean) => JSON.stringify({ ...original, id: `${original.id.slice(0, -1)}${kanji ? 'k' : 'p'}`, bytes, kanji });
      const events = chain('SH-001', 'capture:front-till', [
        { type: stored.type, payload: payload(true) },
        { type: stored.type, payload: payload(false) },
      ]);
      const error = await opened.journal.replicate('SH-001', 'capture:front-till', events).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'CHAIN_UNREADABLE', position: { seq: 1 }, message: expect.stringMatching(/holds a full card number/) });
      // The one read in code page 437 alone is taken.
      const alone = chain('SH-002', 'capture:front-till', [{ type: stored.type, payload: payload(false) }]);
      expect(await opened.journal.replicate('SH-002', 'capture:front-till', alone)).toMatchObject({ accepted: 1 });
    } finally {
      await opened.journal.close();
    }
  });

  it('refuses a push as busy, holding nothing, while more captured bytes than it allows wait for the check', async () => {
    const stored = await storedCapture('shop-busy');
    const check = threadCaptureBytesCheck(undefined, (JSON.parse(stored.payload) as { bytes: string }).bytes.length + 10);
    const capture = JSON.parse(stored.payload) as Parameters<typeof check.holdCard>[0][number];
    try {
      const first = check.holdCard([capture], 'SH-001');
      // Another shop, whose own share is empty: the room of all shops is full.
      await expect(check.holdCard([capture], 'SH-002')).rejects.toMatchObject({ code: 'CAPTURE_CHECK_BUSY', kind: 'unavailable', message: expect.stringMatching(/from all shops already wait/) });
      expect(await first).toEqual([false]);
      // Once the first is answered there is room again.
      expect(await check.holdCard([capture], 'SH-002')).toEqual([false]);
    } finally {
      await check.close();
    }
  });

  it("refuses a shop's push as busy once its own share of the waiting room is taken, and still takes another shop's", async () => {
    const stored = await storedCapture('shop-share');
    const size = (JSON.parse(stored.payload) as { bytes: string }).bytes.length;
    // Room for four such captures in all; a shop's share is a quarter of it: one.
    const check = threadCaptureBytesCheck(undefined, 4 * (size + 10));
    const capture = JSON.parse(stored.payload) as Parameters<typeof check.holdCard>[0][number];
    try {
      const first = check.holdCard([capture], 'SH-001');
      await expect(check.holdCard([capture], 'SH-001')).rejects.toMatchObject({ code: 'CAPTURE_CHECK_SHOP_BUSY', kind: 'unavailable', message: expect.stringMatching(/of this shop's captured receipts already wait/) });
      expect(await check.holdCard([capture], 'SH-002')).toEqual([false]);
      expect(await first).toEqual([false]);
      expect(await check.holdCard([capture], 'SH-001')).toEqual([false]);
    } finally {
      await check.close();
    }
  });

  it("lets shops take turns at the reader thread: one shop's pile of pushes does not keep another's capture waiting behind all of it", async () => {
    const stored = await storedCapture('shop-turns');
    const check = threadCaptureBytesCheck();
    const capture = JSON.parse(stored.payload) as Parameters<typeof check.holdCard>[0][number];
    const answered: string[] = [];
    try {
      const pile = Array.from({ length: 8 }, (_, i) => check.holdCard([capture], 'SH-001').then(() => answered.push(`SH-001 #${i + 1}`)));
      const other = check.holdCard([capture], 'SH-002').then(() => answered.push('SH-002'));
      await Promise.all([...pile, other]);
      // Two were at the thread already and the pile's next took its turn first: the other shop's is answered fourth, not ninth.
      expect(answered.indexOf('SH-002')).toBe(3);
    } finally {
      await check.close();
    }
  });

  it("refuses a batch as unavailable, not as the shop's fault, when the capture check could not be made", async () => {
    const check = threadCaptureBytesCheck();
    const stored = await storedCapture('shop-down');
    const capture = JSON.parse(stored.payload) as Parameters<typeof check.holdCard>[0][number];
    expect(await check.holdCard([capture], 'SH-001')).toEqual([false]);
    await check.close();
    await expect(check.holdCard([capture], 'SH-001')).rejects.toMatchObject({ code: 'CAPTURE_CHECK_UNAVAILABLE', kind: 'unavailable' });
    const office = new Journal({ store: await openStore(join(dir.path, 'hq-down.db'), { create: true }), captureBytesCheck: check });
    try {
      const events = chain('SH-001', 'capture:front-till', [{ type: stored.type, payload: stored.payload }]);
      await expect(office.replicate('SH-001', 'capture:front-till', events)).rejects.toMatchObject({ code: 'CAPTURE_CHECK_UNAVAILABLE' });
      expect(await office.chainHeads('SH-001')).toEqual([]);
    } finally {
      await office.close();
    }
  });
});
