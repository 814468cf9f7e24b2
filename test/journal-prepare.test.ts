import Database from 'better-sqlite3';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { ReissueError, ValidationError, canonicalJson, parseTransaction, type TransactionInput } from '../src/core/index.js';
import {
  Journal,
  WorkerPreparer,
  inProcessPreparer,
  parseBatch,
  prepareBatch,
  prepareEvery,
  prepareTransaction,
  preparedRow,
  preparerWorkerEntry,
  transactionText,
  verifyJournal,
  type JournalStore,
  type PreparedBatch,
  type RecordOutcome,
  type TransactionRow,
} from '../src/journal/index.js';
import { generateSales } from '../src/seed/index.js';
import { PACKED_V1, packPayload, packSaleText, unpackPayload } from '../src/journal/packed-payload.js';
import { thrownBy } from './support/errors.js';
import { nthSale, retailSale, sale } from './support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'reissue-prepare-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const until = Date.parse('2026-11-28T00:00:00+08:00');
/** The content hash as the journal has always computed it: SHA-256 of the canonical JSON of the transaction. */
const contentHash = (tx: unknown) => createHash('sha256').update(canonicalJson(tx)).digest('hex');
const seeded = (count: number, seed: number): TransactionInput[] => [...generateSales({ count, seed, until, timeZone: 'Asia/Shanghai' })];

async function openJournal(): Promise<{ journal: Journal; store: JournalStore }> {
  const store = await openStore(join(dir, `p${++n}.db`), { create: true });
  let now = Date.parse('2026-11-28T01:00:00Z');
  return { journal: new Journal({ store, clock: () => now++ }), store };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface StoredEvent {
  id: number;
  terminal_id: string;
  seq: number;
  type: string;
  recorded_at: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** Rows as stored, read through a connection of their own. */
function rawRows(store: JournalStore, sql: string): unknown[] {
  const db = new Database(store.info.location, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}
const eventsOf = (store: JournalStore) => rawRows(store, 'SELECT * FROM events ORDER BY id') as StoredEvent[];
const rowsOf = (store: JournalStore) => rawRows(store, 'SELECT * FROM transactions ORDER BY event_id');

/** Everything that makes two errors the same to a caller: class, code, kind, message, hint, context. */
function errorShape(error: unknown) {
  if (!(error instanceof ReissueError)) return { notReissue: String(error) };
  return {
    class: error.constructor.name,
    name: error.name,
    code: error.code,
    kind: error.kind,
    message: error.message,
    hint: error.hint,
    context: error.context,
    issues: error instanceof ValidationError ? error.issues : undefined,
  };
}

const batchShape = (batch: PreparedBatch) => (batch.ok ? batch : { ok: false, issues: batch.issues, error: errorShape(batch.error) });

async function rejection(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Inputs every refusal path goes through: schema, amounts, PAN, card secrets, time, currency. */
const badInputs: unknown[] = [
  { ...nthSale(2), amount: 'twelve' },
  { ...nthSale(3), voucherNo: '12' },
  sale({ card: { masked: '6225881234564242' } }),
  { ...sale(), cvv: '123' },
  sale({ note: 'card 6225 8812 3456 4242' }),
  sale({ occurredAt: '2026-02-30T10:00:00+08:00' }),
  sale({ currency: 'XYZ' }),
  sale({ amount: 12.5 as unknown as string }),
  { ...retailSale(), amount: '99.00' },
  null,
  'not an object',
  // An own "__proto__" member (as JSON.parse makes it) must reach the PAN scan on the worker too.
  JSON.parse(`{"__proto__":{"note":"6225881234564242"},${JSON.stringify(sale()).slice(1)}`) as unknown,
];

/** Every optional member present, at every level. */
const fullInput = {
  kind: 'auth-complete',
  merchant: { id: '898310058120123', name: '好又多超市', nameEn: 'HAOYOUDUO "SUPERMARKET"' },
  store: { name: '好又多', address: '上海市浦东新区世纪大道100号', phone: '021-12345678' },
  terminalId: '10023456',
  operatorId: '07',
  batchNo: '000128',
  voucherNo: '000458',
  referenceNo: '133041825599',
  authCode: 'A1B2C3',
  receiptNo: 'S20261127-0458',
  occurredAt: '2026-11-27 14:32:05+0800',
  amount: '16.50',
  currency: 'CNY',
  card: { masked: '622588******4242', issuer: '招商银行', acquirer: '银联商务', entryMode: 'chip', expiry: '12/29' },
  items: [
    { name: '散装大米', sku: 'RICE-1', quantity: '0.500', unitPrice: '7.00', discount: '0.50', amount: '3.00' },
    // Characters JSON must escape or keep as they are; control characters are refused at the door (issue 9 item 14).
    { name: 'Cola "\\" \u2028 330ml', quantity: 2, unitPrice: '7.00' },
  ],
  discounts: [{ name: '优惠', amount: '0.50' }],
  tax: [{ name: 'VAT', rate: '13%', amount: '1.90' }],
  payments: [{ method: 'cash', amount: '16.50', tendered: '20.00', change: '3.50', reference: 'till 3' }],
  original: { batchNo: '000127', voucherNo: '000001', referenceNo: '133041825500' },
  note: 'emoji 🧾, U+2029 \u2029 and an escaped "quote" survive',
};

describe('transactionText', () => {
  it('is canonicalJson for every member at every level', () => {
    const tx = parseTransaction(fullInput);
    expect(tx.card?.bin).toBe('622588');
    expect(transactionText(tx)).toBe(canonicalJson(tx));
    for (const input of [...seeded(3000, 17), sale(), retailSale()]) {
      const parsed = parseTransaction(input);
      expect(transactionText(parsed)).toBe(canonicalJson(parsed));
    }
  });

  it('is canonicalJson for any mix of present and missing members and any text', () => {
    // Any text a field may hold: control characters, bidi overrides and unpaired surrogates are refused at the door.
    const text = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 30 })
      .map((t) => t.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ''))
      .filter((t) => t.trim().length > 0);
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    let encoded = 0;
    fc.assert(
      fc.property(
        fc.record({ nameEn: maybe(text), storeAddress: maybe(text), note: maybe(text), issuer: maybe(text), sku: maybe(text), reference: maybe(text), rate: maybe(fc.constant('13%')) }),
        fc.record({ store: fc.boolean(), card: fc.boolean(), items: fc.boolean(), tax: fc.boolean(), payments: fc.boolean(), original: fc.boolean(), receiptNo: fc.boolean() }),
        (values, present) => {
          const input: Record<string, unknown> = { ...fullInput, merchant: { ...fullInput.merchant, nameEn: values.nameEn }, note: values.note };
          input.store = present.store ? { name: 'S', address: values.storeAddress } : undefined;
          input.card = present.card ? { masked: '4242', issuer: values.issuer } : undefined;
          if (!present.items) {
            delete input.items;
            delete input.discounts;
          } else {
            input.items = [{ ...fullInput.items[0], sku: values.sku }, fullInput.items[1]];
          }
          input.tax = present.tax ? [{ name: 'VAT', rate: values.rate, amount: '1.90' }] : undefined;
          input.payments = present.payments ? [{ method: 'card', amount: '16.50', reference: values.reference }] : undefined;
          if (!present.original) delete input.original;
          if (!present.receiptNo) delete input.receiptNo;
          let tx;
          try {
            tx = parseTransaction(input);
          } catch {
            return; // random text can hold a card-like number; only valid sales are encoded
          }
          expect(transactionText(tx)).toBe(canonicalJson(tx));
          encoded++;
        },
      ),
      { numRuns: 500 },
    );
    expect(encoded).toBeGreaterThan(400);
  });

  it('hands anything outside the transaction shape to canonicalJson itself', () => {
    const tx = parseTransaction(fullInput);
    const odd: unknown[] = [
      { ...tx, extra: 'x' },
      { ...tx, amount: 12 },
      { ...tx, merchant: { ...tx.merchant, '10': 'integer-like key' } },
      { ...tx, card: { ...tx.card, cvv: '123' } },
      { ...tx, items: [{ ...tx.items?.[0], quantity: 1 }] },
      { ...tx, items: [...(tx.items ?? []), 'not an object'] },
      { ...tx, payments: [Object.assign(Object.create({ inherited: 'x' }) as object, { method: 'cash', amount: '1.00' })] },
      { ...tx, original: null },
      { ...tx, note: undefined, store: undefined },
      Object.assign(Object.create(null) as object, tx),
    ];
    for (const value of odd) {
      const expected = (() => {
        try {
          return canonicalJson(value);
        } catch (error) {
          return error;
        }
      })();
      if (expected instanceof Error) expect(() => transactionText(value as typeof tx)).toThrow(expected.message);
      else expect(transactionText(value as typeof tx)).toBe(expected);
    }
  });
});

describe('prepareTransaction', () => {
  it('gives the canonical text, content hash and index row of the current encoding', () => {
    for (const input of [...seeded(2000, 11), fullInput, retailSale(), sale({ kind: 'void', voucherNo: '000460', original: { voucherNo: '000457' } })]) {
      const tx = parseTransaction(input);
      const p = prepareTransaction(input);
      expect(p.text).toBe(canonicalJson(tx));
      expect(p.contentHash).toBe(contentHash(tx));
      // verifyJournal checks stored rows against transactionRow(payload.transaction) in the tests below.
      expect(preparedRow(p, 7, 'X')).toMatchObject({ id: `${tx.terminalId}-${tx.batchNo}-${tx.voucherNo}`, eventId: 7, originalId: 'X', occurredAt: Date.parse(tx.occurredAt), contentHash: p.contentHash });
      expect(p.original).toEqual(tx.original ?? null);
    }
  });

  it('refuses exactly as parseTransaction does', () => {
    for (const input of badInputs) {
      const expected = errorShape(thrownBy(() => parseTransaction(input)));
      expect(errorShape(thrownBy(() => prepareTransaction(input)))).toEqual(expected);
    }
  });

  it('stores, through recordMany, the payload and content hash of the previous implementation (packed; the hash recomputed)', async () => {
    // Many seeded sales, with voids and refunds (which carry originalId in their payload); half recorded by someone.
    const inputs = seeded(6000, 5);
    const recordedBy = { user: '李娜', via: 'http' } as const;
    const { journal, store } = await openJournal();
    try {
      for (const [n, batch] of chunks(inputs, 1000).entries()) await journal.recordMany(batch, n % 2 ? { recordedBy } : {});
      const events = eventsOf(store);
      const rows = new Map((rowsOf(store) as { event_id: number; original_id: string | null; content_hash: string }[]).map((r) => [r.event_id, r]));
      expect(events).toHaveLength(inputs.length);
      let withOriginal = 0;
      for (const [i, event] of events.entries()) {
        const tx = parseTransaction(inputs[i]);
        const row = rows.get(event.id);
        const originalId = row?.original_id ?? undefined;
        if (originalId) withOriginal++;
        // As the journal encoded it before prepareTransaction: canonical JSON of the payload object.
        const payload = { id: `${tx.terminalId}-${tx.batchNo}-${tx.voucherNo}`, transaction: tx, ...(originalId ? { originalId } : {}), ...(Math.floor(i / 1000) % 2 ? { recordedBy } : {}) };
        // Stored packed (schema 7): it unpacks to exactly that text, in the bytes packing the whole payload gives (its end was packed where the sale was prepared).
        expect(event.payload.startsWith(PACKED_V1)).toBe(true);
        expect(unpackPayload(event.payload)).toBe(canonicalJson(payload));
        expect(event.payload).toBe(packPayload(canonicalJson(payload)));
        // The content hash is not stored; the writer's lookup computes it from the payload.
        expect(row?.content_hash).toBe('');
        if (i % 300 === 0) expect((await store.write((w) => w.transactionById(payload.id)))?.contentHash).toBe(contentHash(tx));
      }
      expect(withOriginal).toBeGreaterThan(50);
      expect((await verifyJournal(store)).ok).toBe(true);
    } finally {
      await journal.close();
    }
  });
});

describe('prepareBatch and parseBatch', () => {
  it('refuse a batch with the same error', () => {
    const inputs = [nthSale(1), ...badInputs, nthSale(4)];
    const prepared = prepareBatch(inputs);
    expect(prepared.ok).toBe(false);
    const thrown = (() => {
      try {
        parseBatch(inputs);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(errorShape(prepared.ok ? undefined : prepared.error)).toEqual(errorShape(thrown));
    expect(prepared.ok ? [] : prepared.issues.map((i) => i.line)).toEqual(badInputs.map((_, i) => i + 2));
  });

  it('a batch of one fails with the input\'s own error', () => {
    const prepared = prepareBatch([sale({ card: { masked: '6225881234564242' } })]);
    expect(prepared.ok ? undefined : prepared.error.code).toBe('PAN_NOT_MASKED');
  });

  it('prepareEvery refuses the whole input exactly as parseBatch over all of it', async () => {
    const inputs: unknown[] = seeded(4500, 3);
    inputs[9] = { ...(inputs[9] as object), amount: 'ten' };
    inputs[4299] = sale({ card: { masked: '6225881234564242' } });
    const thrown = (() => {
      try {
        parseBatch(inputs);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(errorShape(await rejection(prepareEvery(inputs, 1000, inProcessPreparer)))).toEqual(errorShape(thrown));
    const preparer = new WorkerPreparer();
    try {
      expect(errorShape(await rejection(prepareEvery(inputs, 1000, preparer)))).toEqual(errorShape(thrown));
      const good = seeded(4500, 3);
      const all = await prepareEvery(good, 1000, preparer);
      expect(all.map((b) => b.length)).toEqual([1000, 1000, 1000, 1000, 500]);
      // The batches prepared on the worker's thread carry their payload's packed end; those prepared here do not.
      const withoutTails = all.flat().map(({ packedTail, ...p }) => p);
      expect(withoutTails).toEqual(good.map(prepareTransaction));
      expect(all.flat().some((p) => p.packedTail !== undefined)).toBe(true);
      for (const p of all.flat()) if (p.packedTail) expect(p.packedTail).toEqual(packSaleText(p.text));
    } finally {
      await preparer.close();
    }
  });
});

describe('the worker preparer', () => {
  let preparer: WorkerPreparer;
  beforeAll(() => {
    preparer = new WorkerPreparer();
  });
  afterAll(async () => {
    await preparer.close();
  });

  it('runs the compiled entry when the sources run under vitest, and says so when it is not built', () => {
    const entry = preparerWorkerEntry();
    expect(entry.pathname).toMatch(/\/dist\/src\/journal\/adapters\/prepare-worker\.js$/);
    expect(existsSync(entry)).toBe(true);
    const elsewhere = pathToFileURL(join(dir, 'src', 'journal', 'adapters', 'worker-preparer.ts')).href;
    expect(() => preparerWorkerEntry(elsewhere)).toThrow(expect.objectContaining({ code: 'PREPARER_NOT_BUILT', kind: 'config' }));
  });

  it('prepares exactly what prepareBatch prepares, each sale\'s payload end packed on its thread', async () => {
    const inputs = [...seeded(3000, 9), retailSale(), sale({ kind: 'void', voucherNo: '000460', referenceNo: undefined, original: { voucherNo: '000457' } })];
    const here = prepareBatch(inputs);
    if (!here.ok) throw here.error;
    expect(here.items.every((p) => p.packedTail === undefined)).toBe(true);
    expect(await preparer.prepare(inputs)).toEqual({ ok: true, items: here.items.map((p) => ({ ...p, packedTail: packSaleText(p.text) })) });
  });

  it('refuses with the same errors, codes and issues as in-process', async () => {
    const batches: unknown[][] = [[nthSale(1), ...badInputs, nthSale(4)], ...badInputs.map((input) => [input]), [nthSale(1), { ...nthSale(2), amount: 'twelve' }]];
    for (const batch of batches) {
      const there = await preparer.prepare(batch);
      const here = prepareBatch(batch);
      expect(there.ok).toBe(false);
      expect(batchShape(there)).toEqual(batchShape(here));
      if (!there.ok && !here.ok) {
        expect(there.error).toBeInstanceOf(here.error.constructor);
        expect(there.error).toBeInstanceOf(ReissueError);
      }
    }
  });

  it('packs the whole payload again for a prepared sale carrying a tail packed from other text, so what is stored is what was hashed', async () => {
    const there = await preparer.prepare(seeded(2, 31));
    if (!there.ok) throw there.error;
    const [first, second] = there.items;
    if (!first?.packedTail || !second) throw new Error('the worker packed no tail');
    const { journal, store } = await openJournal();
    try {
      // A caller's copy of the second sale that kept the first one's tail.
      await journal.recordPrepared({ ok: true, items: [{ ...second, packedTail: first.packedTail }] });
      const [event] = eventsOf(store);
      expect(unpackPayload(event?.payload ?? '')).toBe(`{"id":"${second.id}","transaction":${second.text}}`);
      expect((await verifyJournal(store)).ok).toBe(true);
    } finally {
      await journal.close();
    }
  });

  it('prepares here what cannot be sent to the thread, with the same outcome', async () => {
    const batch = [nthSale(1), { ...nthSale(2), note: () => 'x' }];
    expect(batchShape(await preparer.prepare(batch))).toEqual(batchShape(prepareBatch(batch)));
  });

  it('records a stream of batches with the same events, rows and outcomes as recordMany', async () => {
    const inputs = seeded(5000, 21);
    const batches = chunks(inputs, 700);
    const a = await openJournal();
    const b = await openJournal();
    try {
      // Recorded by someone: the payload's head then differs from the one packed with the sale.
      const recordedBy = { user: '李娜', via: 'cli' } as const;
      const many: RecordOutcome[] = [];
      for (const batch of batches) many.push(...(await a.journal.recordMany(batch, { recordedBy })));
      const piped: RecordOutcome[] = [];
      const indexes: number[] = [];
      const summary = await b.journal.recordBatches(batches, {
        preparer,
        recordedBy,
        onBatch: (outcomes, index) => {
          piped.push(...outcomes);
          indexes.push(index);
        },
      });
      expect(summary).toEqual({ batches: batches.length, transactions: inputs.length, created: inputs.length });
      expect(indexes).toEqual(batches.map((_, i) => i));
      expect(piped).toEqual(many);
      expect(eventsOf(b.store)).toEqual(eventsOf(a.store));
      expect(rowsOf(b.store)).toEqual(rowsOf(a.store));
      // Replayed: nothing new, same outcomes as recordMany gives.
      const replay: RecordOutcome[] = [];
      await b.journal.recordBatches((async function* () {
        for (const batch of batches) yield batch;
      })(), { preparer, onBatch: (outcomes) => replay.push(...outcomes) });
      const manyReplay: RecordOutcome[] = [];
      for (const batch of batches) manyReplay.push(...(await a.journal.recordMany(batch)));
      expect(replay).toEqual(manyReplay);
      expect(replay.every((o) => !o.created)).toBe(true);
      expect((await verifyJournal(b.store)).ok).toBe(true);
    } finally {
      await a.journal.close();
      await b.journal.close();
    }
  });

  it('writes nothing of a batch with a bad line, and nothing after it', async () => {
    const { journal, store } = await openJournal();
    try {
      const good = chunks(seeded(3000, 4), 1000);
      const bad = [...(good[1] as TransactionInput[])];
      bad[500] = { ...bad[500], amount: 'lots' } as TransactionInput;
      const seen: number[] = [];
      const error = await rejection(journal.recordBatches([good[0] as TransactionInput[], bad, good[2] as TransactionInput[]], { preparer, onBatch: (_, i) => seen.push(i) }));
      expect(errorShape(error)).toEqual(errorShape(await rejection(journal.recordMany(bad))));
      expect((error as ReissueError).code).toBe('INVALID_BATCH');
      expect(seen).toEqual([0]);
      expect(await store.counts()).toMatchObject({ events: 1000, transactions: 1000 });
    } finally {
      await journal.close();
    }
  });

  it('rolls back the whole batch on a conflict in its middle', async () => {
    const { journal, store } = await openJournal();
    try {
      await journal.record(nthSale(2));
      const error = await rejection(journal.recordBatches([[nthSale(1), { ...nthSale(2), amount: '1.00' }, nthSale(3)]], { preparer }));
      expect(error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', context: { line: 2 } });
      expect((error as Error).message).toBe('line 2: 10023456-000128-000002 is already on record with different content; nothing in this batch was recorded');
      expect(await store.counts()).toMatchObject({ events: 1 });
    } finally {
      await journal.close();
    }
  });

  it('reports a source that fails after the batches it gave before', async () => {
    const { journal, store } = await openJournal();
    try {
      const source = function* () {
        yield [nthSale(1)];
        yield [nthSale(2)];
        throw new Error('source broke');
      };
      await expect(journal.recordBatches(source(), { preparer })).rejects.toThrow('source broke');
      expect(await store.counts()).toMatchObject({ events: 2 });
    } finally {
      await journal.close();
    }
  });
});

describe('worker preparer lifecycle', () => {
  const script = (body: string) => {
    const file = join(dir, `life-${++n}.mjs`);
    writeFileSync(file, `import { WorkerPreparer } from ${JSON.stringify(new URL('../dist/src/journal/index.js', import.meta.url).href)};\n${body}\n`);
    return spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
  };
  const oneSale = JSON.stringify([nthSale(1)]);

  it('exits when closed, and when it was never closed the process still ends', () => {
    const closed = script(`const p = new WorkerPreparer(); const r = await p.prepare(${oneSale}); await p.close(); console.log(r.ok, 'closed');`);
    expect(closed).toMatchObject({ status: 0, stdout: 'true closed\n' });
    const forgotten = script(`const p = new WorkerPreparer(); const r = await p.prepare(${oneSale}); console.log(r.ok, 'left open');`);
    expect(forgotten).toMatchObject({ status: 0, stdout: 'true left open\n' });
  });

  it('closes after answering what it was sent, and refuses work after close', async () => {
    const preparer = new WorkerPreparer();
    const pending = preparer.prepare([nthSale(1), nthSale(2)]);
    const closed = preparer.close();
    expect((await pending).ok).toBe(true);
    await closed;
    await expect(preparer.prepare([nthSale(3)])).rejects.toThrow(/after close/);
    await preparer.close();
  });

  it('fails the waiting batches with PREPARER_FAILED when its thread dies', async () => {
    const entry = join(dir, 'dying-worker.mjs');
    writeFileSync(entry, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => { throw new Error('worker fault'); });\n");
    const preparer = new WorkerPreparer({ entry });
    try {
      const error = await rejection(preparer.prepare([nthSale(1)]));
      expect(error).toMatchObject({ code: 'PREPARER_FAILED', kind: 'internal' });
      expect((error as Error).message).toContain('worker fault');
      await expect(preparer.prepare([nthSale(1)])).rejects.toMatchObject({ code: 'PREPARER_FAILED' });
    } finally {
      await preparer.close();
    }
  });
});
