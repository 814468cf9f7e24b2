import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';
import type { Journal, SearchQuery } from '../src/journal/index.js';
import type { Random } from '../src/seed/index.js';
import { Progress, distribution, ms, type Distribution } from './measure.js';

/**
 * `find --around T --within 15m --amount A` over a seeded journal, sampled and timed the same
 * way on every engine and at every size (the 1M find rows, the --scale rows).
 */

const WINDOW = 15 * 60_000;
/** Queries run before the clock starts, so the first timed ones do not pay for preparing statements. */
const WARM = 50;

/** A sale picked at random from the journal: what a cashier would remember of it. */
export interface Sample {
  id: string;
  occurredAt: number;
  amountMinor: number;
  referenceNo: string | null;
  voucherNo: string;
}

/** One row of a statement with `?` placeholders, from whichever handle a bench holds on the journal. */
export type FirstRow = (sql: string, params: unknown[]) => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;

const PICK = 'SELECT id, occurred_at AS "occurredAt", amount_minor AS "amountMinor", reference_no AS "referenceNo", voucher_no AS "voucherNo" FROM transactions WHERE event_id >= ? ORDER BY event_id LIMIT 1';

/** `n` sales at random event ids (PostgreSQL gives big integers as text: numbers here). */
export async function pickSamples(first: FirstRow, n: number, random: Random): Promise<Sample[]> {
  const maxId = Number((await first('SELECT max(event_id) AS m FROM transactions', []))?.m ?? 0);
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const row = await first(PICK, [random.int(1, maxId)]);
    if (row) out.push({ id: String(row.id), occurredAt: Number(row.occurredAt), amountMinor: Number(row.amountMinor), referenceNo: row.referenceNo === null ? null : String(row.referenceNo), voucherNo: String(row.voucherNo) });
  }
  return out;
}

/** `--around T --within 15m --amount A` as the CLI builds it, T a little off the sale's real time. */
export function aroundQuery(sample: Sample, random: Random): SearchQuery {
  const around = sample.occurredAt + random.int(-600, 600) * 1000;
  return { from: around - WINDOW, to: around + WINDOW, amountMin: sample.amountMinor, amountMax: sample.amountMinor, currency: 'CNY', limit: 20 };
}

/** Garbage collections while the items ran: a pause lands on whichever search is running, and a few of them are a p99 of 1,000. */
export interface Pauses {
  gcs: number;
  gcMs: number;
}

/** Wall time of `run` for each item, one at a time, with progress, and the GC pauses meanwhile. */
export async function timeEach<T>(label: string, items: readonly T[], run: (item: T) => Promise<unknown> | unknown): Promise<Distribution & Pauses> {
  const progress = new Progress(label, items.length);
  const samples: number[] = [];
  const seen: PerformanceEntry[] = [];
  const gc = new PerformanceObserver((list) => seen.push(...list.getEntries()));
  gc.observe({ entryTypes: ['gc'] });
  const began = performance.now();
  for (const [i, item] of items.entries()) {
    const start = performance.now();
    await run(item);
    samples.push(performance.now() - start);
    progress.tick(i + 1);
  }
  const ended = performance.now();
  // GC entries reach the observer from the event loop, which the searches (microtasks only) never yield to.
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc.disconnect();
  const pauses = seen.filter((e) => e.startTime >= began && e.startTime <= ended);
  progress.end();
  return { ...distribution(samples), gcs: pauses.length, gcMs: pauses.reduce((sum, e) => sum + e.duration, 0) };
}

export const pausesText = (d: Pauses) => `${d.gcs} GC pause${d.gcs === 1 ? '' : 's'} (${ms(d.gcMs)} ms) during the timed searches`;

export const pcts = (d: Distribution) => `p50 ${ms(d.p50)} · p95 ${ms(d.p95)} · p99 ${ms(d.p99)} · max ${ms(d.max)} ms`;

export interface AroundFind {
  /** The queries timed, each with the sale it was drawn from (the warm-up ones left out). */
  queries: { sample: Sample; query: SearchQuery }[];
  times: Distribution & Pauses;
  /** Queries with at least one result, and queries whose page lists their sampled sale. */
  hits: number;
  found: number;
  /** Sales listed, over all timed queries: at 10M in 30 days a page holds ten times as many as at 1M. */
  listed: number;
}

/** `queries` sales drawn from the journal (and WARM more to warm it up), then Journal.find around each, timed. */
export async function timeAroundFind(journal: Journal, first: FirstRow, queries: number, random: Random, label: string): Promise<AroundFind> {
  const samples = await pickSamples(first, queries + WARM, random);
  const warm = samples.splice(0, WARM);
  const timed = samples.map((sample) => ({ sample, query: aroundQuery(sample, random) }));
  for (const sample of warm) await journal.find(aroundQuery(sample, random));
  let hits = 0;
  let found = 0;
  let listed = 0;
  const times = await timeEach(label, timed, async ({ sample, query }) => {
    const page = await journal.find(query);
    listed += page.items.length;
    if (page.items.length > 0) hits++;
    if (page.items.some((item) => item.id === sample.id)) found++;
  });
  return { queries: timed, times, hits, found, listed };
}
