import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAuth, openJournal, type AppContext } from '../src/app.js';
import { main } from '../src/cli/index.js';
import { parseConfig } from '../src/config/index.js';
import { parseOccurredAt, formatInZone } from '../src/core/index.js';
import { startVirtualPrinter } from '../src/emulator/index.js';
import { searchFromRequest } from '../src/journal/index.js';
import { startServer } from '../src/server/index.js';
import { distribution, ms, note, rate, type Distribution } from './measure.js';
import { TIME_ZONE, sales, type Row } from './setup.js';

const SALES = 20_000;
const CLIENTS = 16;
const SEARCHES = 4_000;
const REPRINTS = 300;

/** Runs `total` calls of `call` from `clients` concurrent loops; per-call latencies and the rate. */
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

const lat = (d: Distribution) => `p50 ${ms(d.p50)} · p99 ${ms(d.p99)} ms`;

/** HTTP search and reprint against the real server, side by side with the service and the CLI doing the same. */
export async function runHttpBench(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'reissue-http-bench-'));
  const db = join(dir, 'journal.db');
  const context: AppContext = { env: { REISSUE_TZ: TIME_ZONE }, cwd: dir, now: Date.now };
  const printer = await startVirtualPrinter({ port: 0, speedMmPerSecond: 1_000_000 });
  try {
    note(`http: seeding ${SALES.toLocaleString('en')} sales`);
    const opened = await openJournal(db, context, { create: true, timeZone: TIME_ZONE });
    const inputs = [...sales(SALES, 11)];
    for (let i = 0; i < inputs.length; i += 2000) await opened.journal.recordMany(inputs.slice(i, i + 2000));
    const { auth, close } = await openAuth(db, opened.journal, context);
    await auth.bootstrapAdmin({ name: 'admin', password: 'bench-admin-pass' });
    await close();
    const all = (await opened.journal.find({ limit: 500, kind: 'sale' })).items;
    const queries = all.map((item) => ({ around: formatInZone(parseOccurredAt(item.transaction.occurredAt), TIME_ZONE).slice(0, 16), amount: item.transaction.amount }));
    const config = parseConfig({ printers: [{ name: 'counter', address: `127.0.0.1:${printer.address?.port}` }], defaultPrinter: 'counter' }, 'bench');
    const server = await startServer({ port: 0, db, config, context, logger: () => undefined });
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'bench-admin-pass', bearer: true }) });
      const { token } = (await login.json()) as { token: string };
      const headers = { authorization: `Bearer ${token}` };
      const q = (i: number) => queries[i % queries.length] as { around: string; amount: string };
      note(`http: ${SEARCHES} searches from ${CLIENTS} clients`);
      const http = await load(SEARCHES, CLIENTS, async (i) => {
        const res = await fetch(`${server.url}/api/v1/transactions?around=${encodeURIComponent(q(i).around)}&within=15m&amount=${q(i).amount}`, { headers });
        if (res.status !== 200) throw new Error(`search answered ${res.status}`);
        await res.arrayBuffer();
      });
      const settings = { ...opened.settings, now: Date.now() };
      const direct = await load(SEARCHES, 1, async (i) => {
        await opened.journal.find(searchFromRequest({ around: q(i).around, within: '15m', amount: q(i).amount }, settings));
      });
      const io = { stdout: () => undefined, stderr: () => undefined, stdoutBytes: () => undefined, writeFile: async () => undefined, readFileBytes: async () => new Uint8Array(), readStdin: async () => '', readFile: async () => '', env: context.env, cwd: dir, now: Date.now, randomBytes: () => new Uint8Array(), isTty: false, untilStopped: async () => undefined };
      const cli = await load(200, 1, async (i) => {
        const code = await main(['find', '--around', q(i).around, '--within', '15m', '--amount', q(i).amount, '--json', '--db', db], io);
        if (code !== 0) throw new Error(`reissue find exited ${code}`);
      });
      note(`http: ${REPRINTS} reprints from ${CLIENTS / 2} clients`);
      const reprints = await load(REPRINTS, CLIENTS / 2, async (i) => {
        const id = (all[i % all.length] as { id: string }).id;
        const res = await fetch(`${server.url}/api/v1/transactions/${id}/reprints`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', prefer: 'respond-async' },
          body: JSON.stringify({ reason: 'customer_request' }),
        });
        if (res.status !== 202 && res.status !== 201) throw new Error(`reprint answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      });
      return [
        { bench: `http: GET /api/v1/transactions?around&within=15m&amount (${CLIENTS} clients, ${SALES.toLocaleString('en')} sales)`, result: rate(http.perSecond), detail: `${lat(http.dist)} per request, bearer auth, JSON items` },
        { bench: 'http: same search through Journal.find in process (no HTTP)', result: rate(direct.perSecond), detail: `${lat(direct.dist)}; HTTP costs ${ms(http.dist.p50 - direct.dist.p50)} ms at p50` },
        { bench: 'http: same search as `reissue find --json` (CLI main, opens the journal per call)', result: rate(cli.perSecond), detail: `${lat(cli.dist)}, one call at a time; HTTP with 16 clients serves ${(http.perSecond / cli.perSecond).toFixed(2)}× its rate (client and server share this machine)` },
        { bench: `http: POST …/reprints (Prefer: respond-async, ${CLIENTS / 2} clients)`, result: rate(reprints.perSecond), detail: `${lat(reprints.dist)}; each journals the audit event and queues the duplicate` },
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
