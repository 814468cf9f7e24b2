import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runEscposBench } from './escpos-bench.js';
import { findBenches } from './find-bench.js';
import { runGateBench } from './gate-bench.js';
import { QUICK_HTTP, runHttpBench } from './http-bench.js';
import { runMemoryBench } from './memory-bench.js';
import { runSpoolerBench } from './spooler-bench.js';
import { runTapBench } from './tap-bench.js';
import { appendBenches } from './journal-bench.js';
import { scaleBenches } from './scale-bench.js';
import { headOfficeBenches } from './head-office-bench.js';
import { note } from './measure.js';
import type { BenchOptions, Row } from './setup.js';

const USAGE = `usage: node dist/bench/run.js [--count N] [--seed S] [--quick] [--only append|find|memory|escpos|gate|spooler|tap|http|scale|hq] [--scale N] [--scale-postgres N] [--hq N] [--append N] [--batch N] [--fresh] [--results FILE]
  --count N      sales in the journal searched by the find benches (default 1000000)
  --quick        a smoke run: 20000 sales, fewer queries, jobs and requests (checks the benches work; no figures to report)
  --only         run only one group: append, find, memory (\`reissue start\` over the find journal), escpos, gate (the input gate's cost per character on the costliest text), spooler, tap (the capture tap against the bare socket) or http (autocannon in its own process)
  --append N     sales appended by the append benches (default min(count, 100000))
  --scale N      also the large-journal rows (issue 15): seed N sales (e.g. 1m, 10m; cached) into SQLite
                 and PostgreSQL, rate per tenth, appends into the full journal vs an empty one, bytes per sale,
                 find ±15 min + amount over each (issue 14)
  --scale-postgres N  sales in the PostgreSQL journal of the scale rows (default: as --scale; 0 leaves it out)
  --hq N         sales in head office's PostgreSQL journal, from 1,000 shops (issue 13: ingest rate, search
                 ±15 min + amount with and without a store; cached): default as --scale, else 200000 (--quick 20000)
  --fresh        seed the find journal (and head office's, and the --scale journals) again even if a cached one exists
  --results FILE also write the table as Markdown with the machine's details`;

/** `--scale`: a whole number, or one with k or m (10m = 10,000,000). */
function sizeOption(text: string | undefined, name = 'scale'): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)([km]?)$/i.exec(text.trim());
  const n = match ? Number(match[1]) * ({ '': 1, k: 1e3, m: 1e6 } as Record<string, number>)[(match[2] ?? '').toLowerCase()]! : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1000) throw new Error(`--${name} takes a count of at least 1000, e.g. 1m or 10m (got "${text}")\n${USAGE}`);
  return n;
}

function options(): { bench: BenchOptions; quick: boolean; only: string | undefined; results: string | undefined; scale: { scale: number; postgresScale: number } | undefined; hq: number } {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      seed: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      append: { type: 'string' },
      batch: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      results: { type: 'string' },
      scale: { type: 'string' },
      'scale-postgres': { type: 'string' },
      hq: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const whole = (text: string | undefined, fallback: number, name: string) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1\n${USAGE}`);
    return n;
  };
  if (values.only !== undefined && !['append', 'find', 'memory', 'escpos', 'gate', 'spooler', 'tap', 'http', 'scale', 'hq'].includes(values.only)) throw new Error(`--only takes append, find, memory, escpos, gate, spooler, tap, http, scale or hq\n${USAGE}`);
  const scale = sizeOption(values.scale);
  const postgresScale = values['scale-postgres'] === '0' ? 0 : (sizeOption(values['scale-postgres'], 'scale-postgres') ?? scale ?? 0);
  if (values.only === 'scale' && scale === undefined) throw new Error(`--only scale needs --scale N\n${USAGE}`);
  const quick = values.quick;
  const count = whole(values.count, quick ? 20_000 : 1_000_000, 'count');
  return {
    quick,
    only: values.only,
    results: values.results,
    hq: sizeOption(values.hq, 'hq') ?? scale ?? (quick ? 20_000 : 200_000),
    scale: scale === undefined ? undefined : { scale, postgresScale },
    bench: {
      count,
      seed: whole(values.seed, 1, 'seed'),
      appendCount: whole(values.append, Math.min(count, quick ? 5_000 : 100_000), 'append'),
      singleCount: quick ? 300 : 2_000,
      batchSize: whole(values.batch, 1000, 'batch'),
      queries: quick ? 200 : 1_000,
      scans: quick ? 5 : 20,
      fresh: values.fresh,
      // dist/bench/run.js → bench/.cache, on the project's disk (os.tmpdir may be RAM, which would flatter fsync).
      cacheDir: fileURLToPath(new URL('../../bench/.cache/', import.meta.url)),
    },
  };
}

function table(rows: readonly Row[]): string {
  const cells = [['benchmark', 'result', 'ratio', 'detail'], ...rows.map((r) => [r.bench, r.result, r.ratio ?? '', r.detail])];
  const lines = cells.map((c) => `| ${c.join(' | ')} |`);
  lines.splice(1, 0, '|---|---|---|---|');
  return `${lines.join('\n')}\n`;
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const load = loadavg().map((n) => n.toFixed(1)).join(' ');
  return `${new Date().toISOString().slice(0, 10)} · nproc ${availableParallelism()} (${cpu}) · Node ${process.version} · ${process.platform}/${process.arch} · load average ${load}`;
}

async function main(): Promise<void> {
  const { bench, quick, only, results, scale, hq } = options();
  const started = machine();
  note(`bench: ${machine()} (other processes on the machine skew the figures)`);
  note(`bench: find over ${bench.count.toLocaleString('en')} sales (seed ${bench.seed}), append ${bench.appendCount.toLocaleString('en')} in batches of ${bench.batchSize}; files in ${bench.cacheDir}`);
  const rows: Row[] = [];
  if (only === undefined || only === 'append') rows.push(...(await appendBenches(bench)));
  if (only === undefined || only === 'find') rows.push(...(await findBenches(bench)));
  if (only === undefined || only === 'memory') rows.push(...(await runMemoryBench(bench)));
  if (only === undefined || only === 'escpos') rows.push(...(await runEscposBench(bench.cacheDir)));
  if (only === undefined || only === 'gate') rows.push(...(await runGateBench()));
  if (only === undefined || only === 'spooler') rows.push(...(await runSpoolerBench(quick ? { jobs: 100, latencyJobs: 50 } : {})));
  if (only === undefined || only === 'tap') rows.push(...(await runTapBench()));
  if (only === undefined || only === 'http') rows.push(...(await runHttpBench(quick ? QUICK_HTTP : {})));
  if (scale !== undefined && (only === undefined || only === 'scale')) rows.push(...(await scaleBenches({ ...bench, ...scale })));
  if (only === undefined || only === 'hq') rows.push(...(await headOfficeBenches({ ...bench, sales: hq })));
  const text = `${table(rows)}\nload average when the table was printed: ${loadavg().map((n) => n.toFixed(1)).join(' ')} (1, 5, 15 min; ${availableParallelism()} cores)\n`;
  process.stdout.write(`\n${text}`);
  if (results) {
    const command = `node dist/bench/run.js ${process.argv.slice(2).join(' ')}`.trim();
    writeFileSync(results, `# Benchmark results\n\n- started: ${started}\n- ended: ${machine()}\n\nCommand: \`${command}\` (SQLite WAL, synchronous=FULL, files on the project's disk).\n\n${text}`);
    note(`bench: results written to ${results}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
