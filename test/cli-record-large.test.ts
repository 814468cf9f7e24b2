import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { Journal, parseBatch } from '../src/journal/index.js';
import { generateSales } from '../src/seed/index.js';
import { nthSale } from './support/fixtures.js';
import { runCli, tempDir } from './support/cli.js';

/**
 * Inputs above one batch (2000 lines) go through the worker preparer: every line is
 * validated and encoded once, on both cores, before the first write. What the user sees
 * must be what the in-process path showed.
 */
let dir: ReturnType<typeof tempDir>;
let db: string;
/** The clock stands after the last of the 4500 sales (a minute apart from 2026-11-27 06:00 UTC), so every one is in the accepted window. */
const AFTER_THE_SALES = Date.parse('2026-12-01T00:00:00Z');
const cli = (args: string[], options = {}) => runCli(dir.path, [...args, '--db', db], { now: AFTER_THE_SALES, ...options });
const ndjson = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';
const sales = (count: number) => Array.from({ length: count }, (_, i) => nthSale(i + 1));

beforeEach(() => {
  dir = tempDir();
  db = join(dir.path, 'journal.db');
});
afterEach(() => dir.remove());

function counts(file: string): { events: number; transactions: number } {
  const handle = new Database(file, { readonly: true });
  try {
    return handle.prepare('SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM transactions) AS transactions').get() as { events: number; transactions: number };
  } finally {
    handle.close();
  }
}

describe('reissue record with more lines than one batch', () => {
  it('records every line once, in order, and replays idempotently', async () => {
    writeFileSync(join(dir.path, 'sales.ndjson'), ndjson(sales(4500)));
    const r = await cli(['record', 'sales.ndjson']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4500);
    expect(lines[0]).toBe('10023456-000128-000001 recorded');
    expect(lines[4499]).toBe('10023456-000128-004500 recorded');
    expect(r.stderr).toContain('recording: 4,500/4,500 (100%)');
    expect(counts(db)).toEqual({ events: 4500, transactions: 4500 });
    const again = await cli(['record', '--json', 'sales.ndjson']);
    const outcomes = again.stdout.trim().split('\n').map((l) => JSON.parse(l) as { created: boolean });
    expect(outcomes).toHaveLength(4500);
    expect(outcomes.every((o) => !o.created)).toBe(true);
    expect((await cli(['verify'])).code).toBe(0);
  });

  it('names every bad line of the whole input, as one batch would, and records nothing', async () => {
    const inputs: unknown[] = sales(4500);
    inputs[9] = { ...(inputs[9] as object), amount: 'ten' };
    inputs[4299] = { ...(inputs[4299] as object), card: { masked: '6225881234564242' } };
    const expected = (() => {
      try {
        parseBatch(inputs);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('the input should be refused');
    })();
    expect(expected).toContain('2 of 4500 transactions are invalid (first: line 10:');
    const r = await cli(['record'], { stdin: ndjson(inputs) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(expected);
    expect(r.stderr).toContain('hint:');
    expect(r.stderr).not.toContain('6225881234564242');
    expect(r.stdout).toBe('');
    // Refused before the journal is even opened.
    expect(existsSync(db)).toBe(false);
  });

  it('keeps the batches before a conflict and says where it stopped', async () => {
    await cli(['record'], { stdin: JSON.stringify(nthSale(2100)) });
    const inputs = sales(2500);
    inputs[2099] = nthSale(2100, { amount: '1.00' });
    const r = await cli(['record'], { stdin: ndjson(inputs) });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('note: lines 1–2000 were recorded; nothing from line 2001 on was');
    expect(r.stderr).toContain('IDEMPOTENCY_CONFLICT');
    expect(r.stderr).toContain('line 2100: 10023456-000128-002100 is already on record with different content; nothing in this batch was recorded');
    expect(r.stdout.trim().split('\n')).toHaveLength(2000);
    expect(counts(db)).toEqual({ events: 2001, transactions: 2001 });
  });
});

describe('reissue seed into a shop\'s journal', () => {
  it('refuses a journal holding sales it did not write: demo sales could never be taken out again', async () => {
    expect((await cli(['record'], { stdin: JSON.stringify(nthSale(1)) })).code).toBe(0);
    const r = await cli(['seed', '--count', '5', '--lang', 'zh']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('SEED_REAL_JOURNAL');
    expect(r.stderr).toContain('演示');
    expect(JSON.parse((await cli(['find', '--json'])).stdout).items).toHaveLength(1);
  });
});

describe('reissue seed through the worker preparer', () => {
  it('records what recordMany records, byte for byte, and nothing new the second time', async () => {
    const seedClock = { now: Date.parse('2026-11-27T08:00:00Z') };
    const r = await cli(['seed', '--count', '4200', '--seed', '5'], seedClock);
    expect(r).toMatchObject({ code: 0, stdout: 'seeded 4200 sales (4200 new, 0 already on record) with seed 5\n' });
    expect(r.stderr).toContain('seeding: 4,200/4,200 (100%)');
    const again = await cli(['seed', '--count', '4200', '--seed', '5'], seedClock);
    expect(again.stdout).toBe('seeded 4200 sales (0 new, 4200 already on record) with seed 5\n');
    expect((await cli(['seed', '--count', '4200', '--seed', '5', '--lang', 'zh'], seedClock)).stdout).toBe('已生成 4200 笔交易（新增 0 笔，4200 笔已有记录），种子 5\n');

    // The same sales through recordMany, in-process, with the CLI's clock.
    const now = seedClock.now;
    const file = join(dir.path, 'reference.db');
    const store = await openStore(file, { create: true });
    const journal = new Journal({ store, clock: () => now });
    const all = [...generateSales({ count: 4200, seed: '5', until: now, timeZone: 'Asia/Shanghai', days: 30 })];
    for (let i = 0; i < all.length; i += 2000) await journal.recordMany(all.slice(i, i + 2000));
    await journal.close();
    const dump = (path: string) => {
      const handle = new Database(path, { readonly: true });
      try {
        return [handle.prepare('SELECT * FROM events ORDER BY id').all(), handle.prepare('SELECT * FROM transactions ORDER BY event_id').all()];
      } finally {
        handle.close();
      }
    };
    expect(dump(db)).toEqual(dump(file));
  });
});
