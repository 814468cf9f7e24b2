/**
 * Two builds' appends side by side, in turn: this checkout's Journal.recordMany and another
 * build's (a `git worktree` of the commit before a change, built with tsc), each writing the
 * same sales into a fresh journal file of its own in one process, a few batches each in turn
 * for many rounds. The same build's append rate moves by a third between two runs minutes
 * apart on this kind of machine; taken in turn, the drift falls on both. Prints each one's
 * rate and CPU a sale, their ratio, and in how many rounds this build was the cheaper.
 *
 *   git worktree add /tmp/before HEAD~1 && (cd /tmp/before && npm ci && npx tsc -p tsconfig.json)
 *   npm run bench:compare-append -- --other /tmp/before/dist [--rounds 10] [--batches 5] [--batch 1000]
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { TransactionInput } from '../src/core/index.js';
import { Journal } from '../src/journal/index.js';
import { Progress, note } from './measure.js';
import { openStore, sales } from './setup.js';
import { addRound, emptySide, sideBySide, type Side } from './side-by-side.js';

const USAGE = 'usage: node dist/bench/compare-append.js --other DIST [--rounds N] [--batches N] [--batch N]';

/** What is used of a build: its Journal over a store of its own making. */
interface Appender {
  recordMany(inputs: readonly unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

async function otherAppender(dist: string, file: string): Promise<Appender> {
  const journalModule = (await import(pathToFileURL(join(dist, 'src/journal/index.js')).href)) as { Journal: new (options: { store: unknown }) => Appender };
  const setup = (await import(pathToFileURL(join(dist, 'bench/setup.js')).href)) as { openStore: (file: string) => Promise<unknown> };
  return new journalModule.Journal({ store: await setup.openStore(file) });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { other: { type: 'string' }, rounds: { type: 'string' }, batches: { type: 'string' }, batch: { type: 'string' }, seed: { type: 'string' } } });
  const other = values.other === undefined ? undefined : resolve(values.other);
  if (!other || !existsSync(join(other, 'src/journal/index.js')) || !existsSync(join(other, 'bench/setup.js'))) {
    throw new Error(`--other must name another build's dist/ folder (with src/journal/index.js and bench/setup.js)\n${USAGE}`);
  }
  const rounds = Number(values.rounds ?? 10);
  const batches = Number(values.batches ?? 5);
  const batchSize = Number(values.batch ?? 1000);
  const seed = Number(values.seed ?? 1);
  if (![rounds, batches, batchSize, seed].every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--rounds, --batches, --batch and --seed take whole numbers above 0\n${USAGE}`);

  // One warm-up round, then the timed ones; every batch is new sales to both journals.
  const total = (rounds + 1) * batches * batchSize;
  const generating = new Progress('compare-append: generating sales', total);
  const inputs: TransactionInput[] = [];
  for (const tx of sales(total, seed)) if (inputs.push(tx) % 10_000 === 0) generating.tick(inputs.length);
  generating.end();

  // On the project's disk, as the bench's own files (os.tmpdir may be RAM, which would flatter fsync).
  const cache = fileURLToPath(new URL('../../bench/.cache/', import.meta.url));
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'compare-append-'));
  const builds: Record<'this' | 'other', Appender> = {
    this: new Journal({ store: await openStore(join(dir, 'this.db')) }),
    other: await otherAppender(other, join(dir, 'other.db')),
  };
  try {
    const sides: Record<'this' | 'other', Side> = { this: emptySide(), other: emptySide() };
    note(`compare-append: recordMany ×${batchSize}, ${rounds} rounds of ${batches} batches a build, taken in turn (journal files in ${dir})`);
    const progress = new Progress('compare-append: rounds', rounds);
    let next = 0;
    for (let round = 0; round <= rounds; round++) {
      const start = next;
      for (const name of round % 2 === 0 ? (['other', 'this'] as const) : (['this', 'other'] as const)) {
        next = start;
        const cpu = process.cpuUsage();
        const began = performance.now();
        for (let b = 0; b < batches; b++, next += batchSize) await builds[name].recordMany(inputs.slice(next, next + batchSize));
        const ms = performance.now() - began;
        const used = process.cpuUsage(cpu);
        if (round === 0) continue;
        addRound(sides[name], batches * batchSize, ms / 1000, used.user + used.system);
      }
      if (round > 0) progress.tick(round);
    }
    progress.end();
    process.stdout.write(sideBySide('recordMany', 'sale', other, sides));
  } finally {
    await builds.this.close();
    await builds.other.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
