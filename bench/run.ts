import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runEscposBench } from './escpos-bench.js';
import { findBenches } from './find-bench.js';
import { runHttpBench } from './http-bench.js';
import { runSpoolerBench } from './spooler-bench.js';
import { runTapBench } from './tap-bench.js';
import { appendBenches } from './journal-bench.js';
import { note } from './measure.js';
import type { BenchOptions, Row } from './setup.js';

const USAGE = `usage: node dist/bench/run.js [--count N] [--seed S] [--quick] [--only append|find|escpos|spooler|tap|http] [--append N] [--batch N] [--fresh] [--results FILE]
  --count N      sales in the journal searched by the find benches (default 1000000)
  --quick        a smoke run: 20000 sales, fewer queries
  --only         run only one section: append, find, escpos, spooler, tap (the capture tap against the bare socket) or http
  --append N     sales appended by the append benches (default min(count, 100000))
  --fresh        seed the find journal again even if a cached one exists
  --results FILE also write the table as Markdown with the machine's details`;

function options(): { bench: BenchOptions; only: string | undefined; results: string | undefined } {
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
  if (values.only !== undefined && !['append', 'find', 'escpos', 'spooler', 'tap', 'http'].includes(values.only)) throw new Error(`--only takes append, find, escpos, spooler, tap or http\n${USAGE}`);
  const quick = values.quick;
  const count = whole(values.count, quick ? 20_000 : 1_000_000, 'count');
  return {
    only: values.only,
    results: values.results,
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
  const cells = [['benchmark', 'result', 'detail'], ...rows.map((r) => [r.bench, r.result, r.detail])];
  const lines = cells.map((c) => `| ${c.join(' | ')} |`);
  lines.splice(1, 0, '|---|---|---|');
  return `${lines.join('\n')}\n`;
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const load = loadavg().map((n) => n.toFixed(1)).join(' ');
  return `${new Date().toISOString().slice(0, 10)} · nproc ${availableParallelism()} (${cpu}) · Node ${process.version} · ${process.platform}/${process.arch} · load average ${load}`;
}

async function main(): Promise<void> {
  const { bench, only, results } = options();
  const started = machine();
  note(`bench: ${machine()} (other processes on the machine skew the figures)`);
  note(`bench: find over ${bench.count.toLocaleString('en')} sales (seed ${bench.seed}), append ${bench.appendCount.toLocaleString('en')} in batches of ${bench.batchSize}; files in ${bench.cacheDir}`);
  const rows: Row[] = [];
  if (only === undefined || only === 'append') rows.push(...(await appendBenches(bench)));
  if (only === undefined || only === 'find') rows.push(...(await findBenches(bench)));
  if (only === undefined || only === 'escpos') rows.push(...(await runEscposBench(bench.cacheDir)));
  if (only === undefined || only === 'spooler') rows.push(...(await runSpoolerBench()));
  if (only === undefined || only === 'tap') rows.push(...(await runTapBench()));
  if (only === undefined || only === 'http') rows.push(...(await runHttpBench()));
  const text = table(rows);
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
