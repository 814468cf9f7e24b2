/**
 * Two builds' HTTP servers side by side: this checkout's and another's (a `git worktree` of
 * the commit before a change, built with tsc), each in a process of its own over a copy of
 * one journal, with autocannon (its own process) alternating short runs between them. On
 * this kind of machine the same build's rate moves by a third within minutes; two runs of a
 * build minutes apart cannot tell a 5 % change from the neighbours' load, but runs taken in
 * turn, round after round, put the drift on both. Prints each server's rate and CPU a
 * request, their ratio, and in how many rounds the change was the cheaper.
 *
 *   git worktree add /tmp/before HEAD~1 && (cd /tmp/before && npm ci && npx tsc -p tsconfig.json)
 *   npm run bench:compare -- --other /tmp/before/dist [--path search|health|reprint] [--rounds 10] [--each 4000]
 *
 * `--path reprint` posts reprints (Prefer: respond-async) of 40 sales from 50 connections, as
 * the bench's reprint row does; each server prints its duplicates to the one virtual printer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_PASSWORD, REPRINTED_SALES, REPRINT_CONNECTIONS, autocannon, reprintPlan, searchPath, seedSearched } from './http-bench.js';
import { note } from './measure.js';
import { printerProcess } from './printer-child.js';
import { TIME_ZONE } from './setup.js';
import { addRound, emptySide, sideBySide, type Side } from './side-by-side.js';

const USAGE = 'usage: node dist/bench/compare-builds.js --other DIST [--path search|health|reprint] [--rounds N] [--each N] [--sales N]';
const CONNECTIONS = 16;

interface BuildServer {
  url: string;
  token: string;
  cpuUs: () => Promise<number>;
  stop: () => void;
}

/** A build's server (build-server.ts) in its own process. */
function startBuild(dist: string, env: Record<string, string>): Promise<BuildServer> {
  const script = fileURLToPath(new URL('./build-server.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [script, dist], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolveStart, reject) => {
    const asked: ((us: number) => void)[] = [];
    child.once('exit', (code) => reject(new Error(`the server of ${dist} exited ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const message = JSON.parse(line) as { url?: string; token?: string; cpuUs?: number };
      if (message.url && message.token) {
        resolveStart({
          url: message.url,
          token: message.token,
          cpuUs: () => new Promise((answer) => (asked.push(answer), child.stdin?.write('cpu\n'))),
          stop: () => child.stdin?.write('stop\n'),
        });
      } else if (message.cpuUs !== undefined) asked.shift()?.(message.cpuUs);
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { other: { type: 'string' }, path: { type: 'string' }, rounds: { type: 'string' }, each: { type: 'string' }, sales: { type: 'string' } } });
  const other = values.other === undefined ? undefined : resolve(values.other);
  if (!other || !existsSync(join(other, 'src/server/index.js'))) throw new Error(`--other must name another build's dist/ folder (with src/server/index.js)\n${USAGE}`);
  const what = values.path ?? 'search';
  if (what !== 'search' && what !== 'health' && what !== 'reprint') throw new Error(`--path takes search, health or reprint\n${USAGE}`);
  const rounds = Number(values.rounds ?? 10);
  const each = Number(values.each ?? 4000);
  const count = Number(values.sales ?? 20_000);
  if (![rounds, each, count].every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--rounds, --each and --sales take whole numbers above 0\n${USAGE}`);

  const dir = mkdtempSync(join(tmpdir(), 'reissue-compare-'));
  const printer = await printerProcess({ speedMmPerSecond: 1_000_000, keepJobs: 1 });
  const servers: BuildServer[] = [];
  try {
    note(`compare: seeding ${count.toLocaleString('en')} sales`);
    const file = join(dir, 'this.db');
    const { opened, queries, all } = await seedSearched(file, { env: { REISSUE_TZ: TIME_ZONE }, cwd: dir, now: Date.now }, count);
    await opened.journal.close();
    copyFileSync(file, join(dir, 'other.db'));
    const reprinted = all.slice(0, REPRINTED_SALES).map((sale) => sale.id);
    const paths = what === 'health' ? ['/health'] : queries.map(searchPath);
    const env = (db: string) => ({ REISSUE_BENCH_DB: join(dir, db), REISSUE_BENCH_DIR: dir, REISSUE_BENCH_PRINTER: String(printer.port), REISSUE_BENCH_PASSWORD: BENCH_PASSWORD, REISSUE_TZ: TIME_ZONE });
    const self = fileURLToPath(new URL('..', import.meta.url));
    const builds = { this: await startBuild(self, env('this.db')), other: await startBuild(other, env('other.db')) };
    servers.push(builds.this, builds.other);
    const run = (server: BuildServer, amount: number) =>
      autocannon(what === 'reprint' ? reprintPlan(server.url, server.token, reprinted, amount) : { url: server.url, paths, headers: { authorization: `Bearer ${server.token}` }, connections: CONNECTIONS, amount });
    const answered = (statuses: Record<string, number>) => (statuses[200] ?? 0) + (what === 'reprint' ? (statuses[201] ?? 0) + (statuses[202] ?? 0) : 0);
    // Warm both (JIT, statement caches) before anything counts.
    for (const server of servers) await run(server, each);
    note(`compare: ${what}, ${rounds} rounds of ${each.toLocaleString('en')} requests a server, taken in turn (${what === 'reprint' ? REPRINT_CONNECTIONS : CONNECTIONS} connections)`);
    const sides: Record<'this' | 'other', Side> = { this: emptySide(), other: emptySide() };
    for (let round = 0; round < rounds; round++) {
      for (const name of round % 2 === 0 ? (['other', 'this'] as const) : (['this', 'other'] as const)) {
        const server = builds[name];
        const before = await server.cpuUs();
        const result = await run(server, each);
        const used = (await server.cpuUs()) - before;
        if (answered(result.statuses) !== result.requests) throw new Error(`${name}: answers ${JSON.stringify(result.statuses)}`);
        addRound(sides[name], result.requests, result.seconds, used);
      }
    }
    process.stdout.write(sideBySide('served', 'request', other, sides));
  } finally {
    for (const server of servers) server.stop();
    await printer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
