import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TransactionInput } from '../core/index.js';
import { openStore } from '../app.js';
import { Journal, verifyJournal } from '../journal/index.js';
import { generateSales } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'reissue-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const until = Date.parse('2026-11-28T00:00:00+08:00');

async function recordAll(journal: Journal, sales: Iterable<TransactionInput>): Promise<{ created: number; replayed: number }> {
  let batch: TransactionInput[] = [];
  const totals = { created: 0, replayed: 0 };
  const flush = async () => {
    for (const outcome of await journal.recordMany(batch)) totals[outcome.created ? 'created' : 'replayed']++;
    batch = [];
  };
  for (const tx of sales) {
    batch.push(tx);
    if (batch.length === 1000) await flush();
  }
  if (batch.length > 0) await flush();
  return totals;
}

describe('seeded sales in a SQLite journal', () => {
  it('record without a conflict, verify, replay idempotently, and share the file with another seed', async () => {
    const file = join(dir, 'seed.db');
    const store = await openStore(file, { create: true });
    const journal = new Journal({ store });
    try {
      const sales = (seed: number) => generateSales({ count: 20_000, seed, until, timeZone: 'Asia/Shanghai' });
      expect(await recordAll(journal, sales(7))).toEqual({ created: 20_000, replayed: 0 });
      expect(await recordAll(journal, sales(7))).toEqual({ created: 0, replayed: 20_000 });
      expect(await recordAll(journal, sales(8))).toEqual({ created: 20_000, replayed: 0 });
      expect(await store.counts()).toEqual({ events: 40_000, transactions: 40_000 });
      const report = await verifyJournal(store);
      expect(report.ok).toBe(true);
      const raw = new Database(file, { readonly: true });
      const voids = raw.prepare("SELECT count(*) AS n FROM transactions WHERE kind = 'void' AND original_id IS NOT NULL").get() as { n: number };
      raw.close();
      expect(voids.n).toBeGreaterThan(300);
    } finally {
      await journal.close();
    }
  });
});
