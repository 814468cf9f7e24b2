import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAuth, openJournal, type AppContext, type OpenedJournal } from '../src/app.js';
import { main } from '../src/cli/index.js';
import { parseConfig } from '../src/config/index.js';
import { parseOccurredAt, formatInZone } from '../src/core/index.js';
import { searchFromRequest, type JournaledTransaction } from '../src/journal/index.js';
import { startServer } from '../src/server/index.js';
import type { LoadPlan, LoadResult } from './load-client.js';
import { distribution, ms, note, othersMeter, othersNote, rate, type Distribution } from './measure.js';
import { printerProcess } from './printer-child.js';
import { TIME_ZONE, sales, type Row } from './setup.js';

const CONNECTIONS = 16;
export const REPRINT_CONNECTIONS = 50;
/** /health and the search run alternately in this many rounds (see alternated). */
const ROUNDS = 4;
/** Reprints go to this many sales, so many run at once on one sale and race for its next copy number. */
export const REPRINTED_SALES = 40;
const TARGET_SEARCH_P99_MS = 15;
const TARGET_REPRINT_P99_MS = 50;

/** Runs `total` calls of `call` from `clients` concurrent loops in this process; per-call latencies and the rate. */
async function load(total: number, clients: number, call: (i: number) => Promise<void>): Promise<{ dist: Distribution; perSecond: number }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { dist: distribution(latencies), perSecond: (total * 1000) / (performance.now() - start) };
}

/** autocannon in its own process (bench/load-client.ts): the server never shares its event loop with the client. */
export function autocannon(plan: LoadPlan): Promise<LoadResult> {
  const script = fileURLToPath(new URL('./load-client.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(plan)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the load client exited ${code}`));
      try {
        resolve(JSON.parse(out) as LoadResult);
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** A bare node:http server answering every request with the same bytes: what the wire and Node's HTTP allow. */
async function bareServer(body: string): Promise<{ url: string; server: Server }> {
  const bytes = Buffer.from(body);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
    res.end(bytes);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A load run against the server in this process, with the CPU this process spent per answer (µs): the server's own cost, the client being another process. */
async function served(plan: LoadPlan): Promise<Served> {
  const before = process.cpuUsage();
  const result = await autocannon(plan);
  const used = process.cpuUsage(before);
  return { ...result, cpuUs: (used.user + used.system) / Math.max(result.requests, 1) };
}

type Served = LoadResult & { cpuUs: number };

/**
 * Rounds of `a` then `b` (then `b` then `a`, …), `each` requests a run: the machine's
 * speed drifts under us (this VM's neighbours moved the same build's search rate by a third
 * within minutes), and alternating puts the drift on both alike. Each side is summed over its
 * rounds — its rate is all its requests over all its time, its p50 the median round's, its
 * p99 the worst round's — and `ratios` are b's rate over a's, round by round.
 */
async function alternated(rounds: number, each: number, a: LoadPlan, b: LoadPlan): Promise<{ a: Served; b: Served; ratios: number[] }> {
  const runs: { a: Served[]; b: Served[] } = { a: [], b: [] };
  for (let round = 0; round < rounds; round++) {
    // Each run as long as a run alone would be: a short one would weigh its first answers (connections opening) more.
    for (const side of round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)) runs[side].push(await served({ ...(side === 'a' ? a : b), amount: each }));
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? Number.NaN;
  const combined = (list: Served[]): Served => {
    const requests = list.reduce((n, r) => n + r.requests, 0);
    const statuses: Record<string, number> = {};
    for (const r of list) for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
    const worst = (pick: (d: Distribution) => number) => Math.max(...list.map((r) => pick(r.latency)));
    return {
      ...(list[0] as Served),
      requests,
      seconds: list.reduce((n, r) => n + r.seconds, 0),
      perSecond: requests / list.reduce((n, r) => n + r.requests / r.perSecond, 0),
      latency: { n: requests, p50: median(list.map((r) => r.latency.p50)), p95: worst((d) => d.p95), p99: worst((d) => d.p99), max: worst((d) => d.max) },
      statuses,
      errors: list.reduce((n, r) => n + r.errors, 0),
      cpuUs: list.reduce((n, r) => n + r.cpuUs * r.requests, 0) / Math.max(requests, 1),
    };
  };
  return { a: combined(runs.a), b: combined(runs.b), ratios: runs.b.map((r, i) => r.perSecond / (runs.a[i]?.perSecond ?? Number.NaN)) };
}

const lat = (d: Distribution) => `p50 ${ms(d.p50)} · p99 ${ms(d.p99)} ms`;
const okCount = (r: LoadResult, ...codes: number[]) => codes.reduce((n, code) => n + (r.statuses[code] ?? 0), 0);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** Copy numbers of each reprinted sale must be 1..n exactly: none skipped, none repeated. */
function copyGaps(copiesBySale: Map<string, number[]>): string[] {
  const problems: string[] = [];
  for (const [sale, copies] of copiesBySale) {
    const sorted = [...copies].sort((a, b) => a - b);
    sorted.forEach((copy, i) => {
      if (copy !== i + 1) problems.push(`${sale}: copies ${sorted.join(',')}`);
    });
  }
  return [...new Set(problems)];
}

/** The password of the admin the HTTP benches sign in as. */
export const BENCH_PASSWORD = 'bench-admin-pass';

/** What a search for a sale asks: the minute it was sold (store-local) and its amount. */
export interface SaleQuery {
  around: string;
  amount: string;
}

/** The reprint row's load: duplicates of `saleIds` asked for in turn (Prefer: respond-async) from REPRINT_CONNECTIONS connections. */
export function reprintPlan(url: string, token: string, saleIds: readonly string[], amount: number): LoadPlan {
  return {
    url,
    method: 'POST',
    paths: saleIds.map((id) => `/api/v1/transactions/${id}/reprints`),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', prefer: 'respond-async' },
    body: JSON.stringify({ reason: 'customer_request' }),
    connections: REPRINT_CONNECTIONS,
    amount,
  };
}

export const searchPath = (q: SaleQuery) => `/api/v1/transactions?around=${encodeURIComponent(q.around)}&within=15m&amount=${q.amount}`;

/**
 * A journal of `count` sales with the admin the benches sign in as ("admin", BENCH_PASSWORD),
 * and a search for each of its newest 500 sales (kept open: the caller closes it).
 */
export async function seedSearched(db: string, context: AppContext, count: number): Promise<{ opened: OpenedJournal; all: JournaledTransaction[]; queries: SaleQuery[] }> {
  const opened = await openJournal(db, context, { create: true, timeZone: TIME_ZONE });
  const inputs = [...sales(count, 11)];
  for (let i = 0; i < inputs.length; i += 2000) await opened.journal.recordMany(inputs.slice(i, i + 2000));
  const { auth, close } = await openAuth(db, opened.journal, context);
  await auth.bootstrapAdmin({ name: 'admin', password: BENCH_PASSWORD });
  await close();
  const all = (await opened.journal.find({ limit: 500, kind: 'sale' })).items;
  const queries = all.map((item) => ({ around: formatInZone(parseOccurredAt(item.transaction.occurredAt), TIME_ZONE).slice(0, 16), amount: item.transaction.amount }));
  return { opened, all, queries };
}

export interface HttpBenchOptions {
  /** Sales in the journal searched (default 20,000). */
  sales?: number;
  /** Requests a run of the search, of /health (each of ROUNDS rounds) and of the bare server (default 20,000). */
  searches?: number;
  /** Reprints from 50 connections (default 2,000). */
  reprints?: number;
}

/** A smoke run's sizes (`--quick`): checks the rows work, not the figures. */
export const QUICK_HTTP: HttpBenchOptions = { sales: 2_000, searches: 1_000, reprints: 200 };

/** HTTP search and reprint against the real server (autocannon in its own process), side by side with /health, a bare server, the service and the CLI. */
export async function runHttpBench(options: HttpBenchOptions = {}): Promise<Row[]> {
  const SALES = options.sales ?? 20_000;
  const SEARCHES = options.searches ?? 20_000;
  const REPRINTS = options.reprints ?? 2_000;
  const dir = mkdtempSync(join(tmpdir(), 'reissue-http-bench-'));
  const db = join(dir, 'journal.db');
  const context: AppContext = { env: { REISSUE_TZ: TIME_ZONE }, cwd: dir, now: Date.now };
  // In a process of its own: rendering what it prints is the printer's work, not the server's.
  const printer = await printerProcess({ speedMmPerSecond: 1_000_000, keepJobs: 1 });
  try {
    note(`http: seeding ${SALES.toLocaleString('en')} sales`);
    const { opened, all, queries } = await seedSearched(db, context, SALES);
    const config = parseConfig({ printers: [{ name: 'counter', address: `127.0.0.1:${printer.port}` }], defaultPrinter: 'counter' }, 'bench');
    const server = await startServer({ port: 0, db, config, context, logger: () => undefined });
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: BENCH_PASSWORD, bearer: true }) });
      const { token } = (await login.json()) as { token: string };
      const headers = { authorization: `Bearer ${token}` };
      const q = (i: number) => queries[i % queries.length] as SaleQuery;
      const sample = await (await fetch(`${server.url}${searchPath(q(0))}`, { headers })).text();

      // Warm the server (JIT, statement cache) before anything is timed.
      await autocannon({ url: server.url, paths: queries.map(searchPath), headers, connections: CONNECTIONS, amount: 2000 });
      const others = othersMeter();
      note(`http: GET /health and the search alternated, ${ROUNDS} rounds of ${SEARCHES.toLocaleString('en')} requests each from ${CONNECTIONS} connections (autocannon, own process)`);
      const paired = await alternated(ROUNDS, SEARCHES, { url: server.url, paths: ['/health'], connections: CONNECTIONS, amount: 0 }, { url: server.url, paths: queries.map(searchPath), headers, connections: CONNECTIONS, amount: 0 });
      const { a: health, b: search } = paired;
      const spread = `${Math.min(...paired.ratios).toFixed(2)}–${Math.max(...paired.ratios).toFixed(2)}×`;
      const bare = await bareServer(sample);
      let wire: LoadResult;
      try {
        note('http: the same answer bytes from a bare node:http server');
        wire = await autocannon({ url: bare.url, paths: ['/'], connections: CONNECTIONS, amount: SEARCHES });
      } finally {
        bare.server.close();
      }
      const searchOthers = others();
      if (okCount(search, 200) !== search.requests || search.errors > 0) throw new Error(`search: ${JSON.stringify(search.statuses)}, ${search.errors} errors`);

      const settings = { ...opened.settings, now: Date.now() };
      const direct = await load(4000, 1, async (i) => {
        await opened.journal.find(searchFromRequest({ around: q(i).around, within: '15m', amount: q(i).amount }, settings));
      });
      const io = { stdout: () => undefined, stderr: () => undefined, stdoutBytes: () => undefined, writeFile: async () => undefined, readFileBytes: async () => new Uint8Array(), readStdin: async () => '', readFile: async () => '', env: context.env, cwd: dir, now: Date.now, randomBytes: () => new Uint8Array(), isTty: false, untilStopped: async () => undefined };
      const cli = await load(200, 1, async (i) => {
        const code = await main(['find', '--around', q(i).around, '--within', '15m', '--amount', q(i).amount, '--json', '--db', db], io);
        if (code !== 0) throw new Error(`reissue find exited ${code}`);
      });

      const reprint = (ids: string[], amount: number) => autocannon(reprintPlan(server.url, token, ids, amount));
      // Warm the reprint path on other sales (JIT, statements, the printer's connection) before it is timed.
      await reprint(all.slice(REPRINTED_SALES, 2 * REPRINTED_SALES).map((item) => item.id), 2 * REPRINT_CONNECTIONS);
      note(`http: ${REPRINTS} reprints of ${REPRINTED_SALES} sales from ${REPRINT_CONNECTIONS} connections`);
      const reprinted = all.slice(0, REPRINTED_SALES).map((item) => item.id);
      const reprintOthers = othersMeter();
      const reprints = await reprint(reprinted, REPRINTS);
      const reprintShare = reprintOthers();
      const accepted = okCount(reprints, 201, 202);
      const refused = reprints.requests - accepted;
      const copies = new Map<string, number[]>();
      for (const id of reprinted) copies.set(id, (await opened.journal.jobs({ transactionId: id })).filter((j) => j.kind === 'duplicate').map((j) => j.copy));
      const issued = [...copies.values()].reduce((n, c) => n + c.length, 0);
      const gaps = copyGaps(copies);
      if (issued !== accepted) gaps.push(`${accepted} reprints accepted but ${issued} copies queued`);
      const failures = refused > 0 || reprints.errors > 0 ? `; NOT all answered: ${JSON.stringify(reprints.statuses)}, ${reprints.errors} errors or timeouts` : '';

      const searchMet = search.perSecond >= health.perSecond / 2 && search.latency.p99 < TARGET_SEARCH_P99_MS;
      return [
        {
          bench: `http: GET /api/v1/transactions?around&within=15m&amount (${CONNECTIONS} connections, ${SALES.toLocaleString('en')} sales, autocannon in its own process)`,
          result: rate(search.perSecond),
          ratio: `${ratio(search.perSecond, health.perSecond)} /health · ${ratio(search.perSecond, wire.perSecond)} bare`,
          detail: `${lat(search.latency)} per request (p50 the median round's, p99 the worst round's), bearer auth, JSON items, ${search.requests.toLocaleString('en')} requests alternated with /health in ${ROUNDS} rounds of ${SEARCHES.toLocaleString('en')} (round by round ${spread} /health); server CPU ${Math.round(search.cpuUs)} µs a request (/health ${Math.round(health.cpuUs)}); target ≥ ½ /health and p99 < ${TARGET_SEARCH_P99_MS} ms: ${searchMet ? 'met' : 'NOT met'}${othersNote(searchOthers)}`,
        },
        { bench: 'http: GET /health on the same server, same run', result: rate(health.perSecond), ratio: `${ratio(health.perSecond, wire.perSecond)} bare`, detail: `${lat(health.latency)}; reads the journal's meta once; server CPU ${Math.round(health.cpuUs)} µs a request` },
        { bench: 'http: the search answer\'s bytes from a bare node:http server', result: rate(wire.perSecond), ratio: '1.00×', detail: `${lat(wire.latency)}; ${Buffer.byteLength(sample).toLocaleString('en')} bytes; the ceiling of Node's HTTP and this load generator on this machine` },
        { bench: 'http: same search through Journal.find in process (no HTTP)', result: rate(direct.perSecond), ratio: `${ratio(search.perSecond, direct.perSecond)} HTTP/in-process`, detail: `${lat(direct.dist)}, one at a time` },
        { bench: 'http: same search as `reissue find --json` (CLI main, opens the journal per call)', result: rate(cli.perSecond), ratio: `${ratio(search.perSecond, cli.perSecond)} HTTP/CLI`, detail: `${lat(cli.dist)}, one call at a time` },
        {
          bench: `http: POST …/reprints (Prefer: respond-async, ${REPRINT_CONNECTIONS} connections, ${REPRINTED_SALES} sales)`,
          result: rate(reprints.perSecond),
          ratio: `${ratio(reprints.perSecond, search.perSecond)} search`,
          detail: `${lat(reprints.latency)} (each connection's first answer, which waited for the server to accept it — Node (libuv ≥ 1.45) accepts one connection per event-loop turn, and each turn first serves every connection already accepted: p99 ${ms(reprints.first.p99)} ms; later ones: ${lat(reprints.later)}); ${accepted.toLocaleString('en')} accepted, each journals the audit event and queues the duplicate; copy numbers after the run: ${gaps.length === 0 ? 'none skipped or repeated' : `WRONG: ${gaps.slice(0, 3).join('; ')}`}; target p99 < ${TARGET_REPRINT_P99_MS} ms: ${reprints.latency.p99 < TARGET_REPRINT_P99_MS && gaps.length === 0 && failures === '' ? 'met' : 'NOT met'}${failures}${othersNote(reprintShare)}`,
        },
      ];
    } finally {
      await server.close();
      await opened.journal.close();
    }
  } finally {
    await printer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
