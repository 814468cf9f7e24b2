/**
 * The push door of head office over HTTP (app.request, SQLite): each request's token is
 * looked up after the request came, even when many shops' look-ups go in one query — a wrong
 * or revoked token among good ones is refused alone; a gzip body inflates within the limit
 * whatever its trailer says; a full card number in any event of a batch is refused at that
 * event and journaled as an integrity.alert.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHeadOffice, type OpenedHeadOffice } from '../src/app.js';
import { eventHash, type ReplicaEvent } from '../src/journal/index.js';
import { MAX_SEALED_CHARS, SYNC_PATHS, openSettings, sealSettings } from '../src/sync/index.js';
import { createApp } from '../src/server/index.js';
import { capturedJobToJson } from '../src/capture/index.js';
import { openStore } from '../src/app.js';
import { Journal } from '../src/journal/index.js';
import { cardNumber } from './support/card-numbers.js';
import { capturedJob, receiptJobBytes } from './support/captured-jobs.js';
import { RECEIPTS } from './support/captured-receipts.js';
import { replicaSales } from './support/replica-events.js';
import { serverHarness, type Harness } from './support/server-harness.js';

let h: Harness;
let hq: OpenedHeadOffice;
let app: ReturnType<typeof createApp>;
const tokens = new Map<string, string>();

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 0 });
  hq = await openHeadOffice(h.db, h.opened.journal, h.context);
  for (const id of ['SH-101', 'SH-102', 'SH-103', 'SH-104']) tokens.set(id, (await hq.office.addShop(id, `店 ${id}`)).token);
  app = createApp({ ...h.deps, headOffice: hq.office });
});
afterAll(async () => {
  await hq?.close();
  await h?.close();
});

/** POSTs a batch of `chain` with `token`, the body gzip-compressed unless `gzip` is false or given as bytes. */
function push(token: string, chain: string, body: unknown, gzip: boolean | Buffer = true) {
  const json = JSON.stringify(body);
  const bytes = Buffer.isBuffer(gzip) ? gzip : gzip ? gzipSync(json) : Buffer.from(json);
  return app.request(SYNC_PATHS.events(chain), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(gzip === false ? {} : { 'Content-Encoding': 'gzip' }) },
    body: bytes,
  });
}

const tokenOf = (id: string) => tokens.get(id) ?? '';

describe("head office's push door", () => {
  it("answers each of many shops' pushes at once by its own token: a wrong or revoked one among them is refused alone", async () => {
    await hq.office.revokeShop('SH-104');
    const sent = [
      { token: tokenOf('SH-101'), chain: '20000001', events: replicaSales('SH-101', '20000001', [1, 2]) },
      { token: tokenOf('SH-102'), chain: '20000002', events: replicaSales('SH-102', '20000002', [3]) },
      // SH-101's secret under SH-103's id: the id names which hash to compare with, and it does not match.
      { token: tokenOf('SH-101').replace('SH-101', 'SH-103'), chain: '20000003', events: replicaSales('SH-103', '20000003', [4]) },
      { token: tokenOf('SH-103'), chain: '20000004', events: replicaSales('SH-103', '20000004', [5, 6, 7]) },
      { token: tokenOf('SH-104'), chain: '20000005', events: replicaSales('SH-104', '20000005', [8]) },
    ];
    const answers = await Promise.all(sent.map((s) => push(s.token, s.chain, { events: s.events })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 401, 200, 401]);
    expect(await answers[3]?.json()).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(await answers[4]?.json()).toMatchObject({ code: 'SHOP_TOKEN_INVALID' });
    const heads = async (id: string) => ((await hq.office.heads(id)).chains as { chain: string; seq: number }[]).map((c) => `${c.chain}:${c.seq}`);
    expect(await heads('SH-101')).toEqual(['20000001:2']);
    expect(await heads('SH-103')).toEqual(['20000004:3']);
    expect(await heads('SH-104')).toEqual([]);
    // A shop revoked after its last push is refused from its next request on.
    await hq.office.revokeShop('SH-102');
    expect((await push(tokenOf('SH-102'), '20000002', { events: replicaSales('SH-102', '20000002', [9], { seq: 1, hash: sent[1]?.events[0]?.hash ?? '' }) })).status).toBe(401);
  });

  it('inflates a gzip body within the limit whatever size its trailer states, and refuses one past it', async () => {
    const events = replicaSales('SH-101', '20000011', [11, 12, 13]);
    const lying = (stated: number) => {
      const gz = gzipSync(JSON.stringify({ events }));
      gz.writeUInt32LE(stated, gz.length - 4);
      return gz;
    };
    // zlib checks the stated size itself: a trailer that lies is refused, whether it says too little or 4 GiB.
    for (const stated of [5, 0xffffffff]) {
      const answer = await push(tokenOf('SH-101'), '20000011', null, lying(stated));
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ code: 'BAD_SYNC_BODY' });
    }
    expect(await (await push(tokenOf('SH-101'), '20000011', { events })).json()).toMatchObject({ accepted: 3 });
    // A batch of ~45 KB of JSON: inflated into one buffer of the stated size, past the 16 KiB zlib starts with.
    const larger = replicaSales('SH-101', '20000011', Array.from({ length: 60 }, (_, i) => 100 + i), { seq: 3, hash: events[2]?.hash ?? '' });
    expect(Buffer.byteLength(JSON.stringify({ events: larger }))).toBeGreaterThan(2 * 16 * 1024);
    expect(await (await push(tokenOf('SH-101'), '20000011', { events: larger })).json()).toMatchObject({ accepted: 60, head: { seq: 63 } });
    // 3 MB of JSON that compresses to a few KB: refused before it is inflated past 2 MiB.
    const bomb = await push(tokenOf('SH-101'), '20000011', null, gzipSync(JSON.stringify({ events, pad: ' '.repeat(3 * 1024 * 1024) })));
    expect(bomb.status).toBe(400);
    expect(await bomb.json()).toMatchObject({ code: 'BAD_SYNC_BODY' });
    // Sent plain, the same bound: it was the server's 5 MiB, read whole by every check.
    const plain = await push(tokenOf('SH-101'), '20000011', { events, pad: ' '.repeat(3 * 1024 * 1024) }, false);
    expect(plain.status).toBe(413);
    expect(await plain.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', detail: 'the request body is larger than 2048 KiB' });
    expect(await (await push(tokenOf('SH-101'), '20000011', { events: replicaSales('SH-101', '20000011', [200], { seq: 63, hash: larger[59]?.hash ?? '' }) }, false)).json()).toMatchObject({ accepted: 1 });
  });

  it('refuses a full card number in any event of a batch at that event, plain or gzip, and journals the refusal', async () => {
    const events = replicaSales('SH-101', '20000021', [21, 22, 23]);
    const [first, second, third] = events as [ReplicaEvent, ReplicaEvent, ReplicaEvent];
    const withPan = { ...third, payload: third.payload.replace('"operatorId":"01"', `"operatorId":"01","note":"card ${cardNumber('622202123456789')}"`) };
    expect(withPan.payload).not.toBe(third.payload);
    // Hashed as the shop's journal would have: the content, not the link, is what is refused.
    const batch = [first, second, { ...withPan, hash: eventHash({ ...withPan, storeId: 'SH-101', terminalId: '20000021' }) }];
    for (const gzip of [true, false]) {
      const answer = await push(tokenOf('SH-101'), '20000021', { events: batch }, gzip);
      expect(answer.status).toBe(409);
      const problem = (await answer.json()) as Record<string, unknown>;
      expect(problem).toMatchObject({ code: 'CHAIN_UNREADABLE', position: { storeId: 'SH-101', chain: '20000021', seq: 3 } });
      expect(JSON.stringify(problem)).not.toContain('622202123456789');
    }
    const alerts = (await h.opened.journal.auditTrail()).filter((e) => e.type === 'integrity.alert');
    expect(alerts.map((e) => e.data)).toEqual([expect.objectContaining({ code: 'CHAIN_UNREADABLE', storeId: 'SH-101', chain: '20000021', seq: 3 }), expect.objectContaining({ code: 'CHAIN_UNREADABLE', seq: 3 })]);
    expect((await hq.office.heads('SH-101')).chains.some((c) => (c as { chain: string }).chain === '20000021')).toBe(false);
  });
});

describe("head office's push door: a card number in an event that is not a sale", () => {
  it('refuses an audit or print event holding a full card number, as it refuses a sale holding one', async () => {
    const pan = cardNumber('622202123456789');
    const { token } = await hq.office.addShop('SH-105', '店 SH-105');
    const chains = [
      { chain: 'audit', type: 'reprint.issued', payload: JSON.stringify({ saleId: '10023456-000128-000457', copy: 1, user: 'li', reason: 'customer_lost', reasonText: `card ${pan}`, at: '2026-11-27T08:00:00.000Z' }) },
      { chain: 'printer:front', type: 'print.failed', payload: JSON.stringify({ jobId: 7, detail: `paper out ${pan.slice(0, 4)}-${pan.slice(4, 8)}-${pan.slice(8, 12)}-${pan.slice(12)}` }) },
    ];
    for (const { chain, type, payload } of chains) {
      const event = { seq: 1, type, recordedAt: '2026-11-27T08:00:01.000Z', payload, prevHash: '0'.repeat(64) };
      const batch = [{ ...event, hash: eventHash({ ...event, storeId: 'SH-105', terminalId: chain }) }];
      const answer = await push(token, chain, { events: batch });
      expect(answer.status, chain).toBe(409);
      const problem = (await answer.json()) as Record<string, unknown>;
      expect(problem).toMatchObject({ code: 'CHAIN_UNREADABLE', position: { storeId: 'SH-105', chain, seq: 1 } });
      expect(JSON.stringify(problem)).not.toContain(pan);
      expect((await hq.office.heads('SH-105')).chains.some((c) => (c as { chain: string }).chain === chain)).toBe(false);
    }
  });
});

describe("head office's read-back door", () => {
  it("journals each read of a shop's events (who read what) in head office's audit chain", async () => {
    const events = replicaSales('SH-103', '20000031', [31, 32]);
    expect((await push(tokenOf('SH-103'), '20000031', { events })).status).toBe(200);
    const answer = await app.request(`${SYNC_PATHS.events('20000031')}?after=0&limit=10`, { headers: { Authorization: `Bearer ${tokenOf('SH-103')}` } });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { events: unknown[] }).events).toHaveLength(2);
    const reads = (await h.opened.journal.auditTrail()).filter((e) => e.type === 'sync.events-read');
    expect(reads.map((e) => e.data)).toEqual([expect.objectContaining({ storeId: 'SH-103', chain: '20000031', after: 0, events: 2 })]);
  });
});

describe("head office's door for a shop's sealed settings", () => {
  /** POSTs `body` as the shop's settings with `token`, gzip-compressed. */
  const keep = (token: string, body: unknown) =>
    app.request(SYNC_PATHS.settings, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: gzipSync(JSON.stringify(body)) });
  const read = (token: string) => app.request(SYNC_PATHS.settings, { headers: { Authorization: `Bearer ${token}` } });
  beforeAll(async () => {
    for (const id of ['SH-201', 'SH-202']) tokens.set(id, (await hq.office.addShop(id, `店 ${id}`)).token);
  });

  it("keeps what the shop sealed, gives it back to that shop's token only, and journals both", async () => {
    expect(await (await read(tokenOf('SH-202'))).json()).toEqual({ sealed: null, storedAt: null });
    const sealed = sealSettings(tokenOf('SH-202'), 'SH-202', { meta: [['verificationKey', 'ef'.repeat(32)]] });
    const kept = await keep(tokenOf('SH-202'), { sealed });
    expect(kept.status).toBe(200);
    const back = (await (await read(tokenOf('SH-202'))).json()) as { sealed: string; storedAt: number };
    expect(back.sealed).toBe(sealed);
    expect(openSettings(tokenOf('SH-202'), 'SH-202', back.sealed).meta).toEqual([['verificationKey', 'ef'.repeat(32)]]);
    // Another shop reads its own (none), never this one's.
    expect(await (await read(tokenOf('SH-201'))).json()).toEqual({ sealed: null, storedAt: null });
    const audit = (await h.opened.journal.auditTrail()).filter((e) => e.type.startsWith('sync.settings-') && e.data.storeId === 'SH-202');
    expect(audit.map((e) => e.type)).toEqual(['sync.settings-read', 'sync.settings-kept', 'sync.settings-read']);
  });

  it('refuses a body that is not sealed settings, or too long, or holds a card number, or comes without a valid token, and keeps nothing', async () => {
    for (const body of [{ sealed: 'verificationKey=abc' }, { sealed: 'v1.short' }, { sealed: `v1.${'A'.repeat(MAX_SEALED_CHARS)}` }, { other: 1 }]) {
      const answer = await keep(tokenOf('SH-201'), body);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ code: 'INVALID_REQUEST' });
    }
    // Sealed text is random: a card number in it was put there, and a shop's token is no licence to keep one.
    const withCard = await keep(tokenOf('SH-201'), { sealed: `v1.${cardNumber('411111111111111')}${'A'.repeat(40)}` });
    expect(withCard.status).toBe(400);
    expect(await withCard.json()).toMatchObject({ code: 'PAN_NOT_MASKED' });
    expect((await keep('rst_SH-201.wrongwrongwrongwrongwrong', { sealed: sealSettings(tokenOf('SH-201'), 'SH-201', { meta: [] }) })).status).toBe(401);
    expect((await read('rst_SH-201.wrongwrongwrongwrongwrong')).status).toBe(401);
    expect(await (await read(tokenOf('SH-201'))).json()).toEqual({ sealed: null, storedAt: null });
  });
});

describe("head office's push door: a captured receipt whose bytes print a card number", () => {
  it('refuses it, though its text and fields are masked (the bytes are what a preview or a duplicate prints)', async () => {
    const pan = cardNumber('622202123456789');
    const shop = new Journal({ store: await openStore(`${h.dir.path}/shop-capture.db`, { create: true }) });
    try {
      const job = capturedJob(RECEIPTS[0] as (typeof RECEIPTS)[number]);
      await shop.appendCapture(capturedJobToJson(job));
      const [event] = await shop.eventsAfter('', 'capture:front-till', 0, 10);
      if (!event) throw new Error('no capture event');
      // A shop's journal changed by hand (hash recomputed), or written by a tap that did not mask the bytes.
      const payload = JSON.parse(event.payload) as { bytes: string };
      payload.bytes = Buffer.from(receiptJobBytes([`CARD ${pan}`, 'TOTAL 12.50'])).toString('base64');
      const changed = { seq: event.seq, type: event.type, recordedAt: event.recordedAt, payload: JSON.stringify(payload), prevHash: event.prevHash };
      const { token } = await hq.office.addShop('SH-106', '店 SH-106');
      const answer = await push(token, 'capture:front-till', { events: [{ ...changed, hash: eventHash({ ...changed, storeId: 'SH-106', terminalId: 'capture:front-till' }) }] });
      expect(answer.status).toBe(409);
      expect(await answer.json()).toMatchObject({ code: 'CHAIN_UNREADABLE', position: { storeId: 'SH-106', chain: 'capture:front-till', seq: 1 } });
      expect((await hq.office.heads('SH-106')).chains).toEqual([]);
      // The event as the tap journaled it (its card number masked in the bytes) is taken.
      const { token: other } = await hq.office.addShop('SH-107', '店 SH-107');
      const original = { seq: event.seq, type: event.type, recordedAt: event.recordedAt, payload: event.payload, prevHash: event.prevHash };
      expect(event.payload).toContain('"maskedNumbers":');
      const taken = await push(other, 'capture:front-till', { events: [{ ...original, hash: eventHash({ ...original, storeId: 'SH-107', terminalId: 'capture:front-till' }) }] });
      expect(taken.status, await taken.clone().text()).toBe(200);
    } finally {
      await shop.close();
    }
  });

  it("keeps answering other requests while it reads a big captured job's bytes (on a thread of its own)", async () => {
    const shop = new Journal({ store: await openStore(`${h.dir.path}/shop-big-capture.db`, { create: true }) });
    let event;
    try {
      await shop.appendCapture(capturedJobToJson(capturedJob(RECEIPTS[0] as (typeof RECEIPTS)[number])));
      [event] = await shop.eventsAfter('', 'capture:front-till', 0, 10);
    } finally {
      await shop.close();
    }
    if (!event) throw new Error('no capture event');
    // 1 MiB of the widest left margin before short lines: seconds to read, no digit in it.
    const unit = [0x1d, 0x4c, 0xff, 0xff, 0x41, 0x0a];
    const bytes = Buffer.from(Uint8Array.from({ length: 174_762 * unit.length }, (_, i) => unit[i % unit.length] as number));
    const payload = { ...(JSON.parse(event.payload) as Record<string, unknown>), bytes: bytes.toString('base64') };
    const changed = { seq: 1, type: event.type, recordedAt: event.recordedAt, payload: JSON.stringify(payload), prevHash: event.prevHash };
    const { token } = await hq.office.addShop('SH-108', '店 SH-108');
    let done = false;
    const pushing = Promise.resolve(push(token, 'capture:front-till', { events: [{ ...changed, hash: eventHash({ ...changed, storeId: 'SH-108', terminalId: 'capture:front-till' }) }] })).finally(() => (done = true));
    let longest = 0;
    let answered = 0;
    for (let last = performance.now(); !done; answered++) {
      expect((await app.request('/health')).status).toBe(200);
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const answer = await pushing;
    expect(answer.status, await answer.clone().text()).toBe(200);
    expect((await hq.office.heads('SH-108')).chains).toHaveLength(1);
    // Reading those bytes on head office's own thread held every request for seconds (3.7 s here): 2 answers in all.
    expect(answered).toBeGreaterThan(5);
    expect(longest).toBeLessThan(2_000);
  });
});
