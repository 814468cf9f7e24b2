/**
 * Child process for test/crash.test.ts and test/backup-online.test.ts: appends sales to a
 * journal (a SQLite file or a PostgreSQL URL) as fast as it can until it is killed or its
 * database goes away. An id is printed only after the call that committed it has returned,
 * so every printed id is a sale the journal acknowledged.
 *
 * usage: node dist/test/support/crash-writer.js FILE|URL START_VOUCHER SEED
 */
import { Journal } from '../../src/journal/index.js';
import { openChildStore } from './child-store.js';
import { nthSale } from './fixtures.js';
import { mulberry32 } from './random.js';

/** Vouchers a run may use from its start, so that runs never reuse each other's numbers. */
const VOUCHERS_PER_RUN = 30_000;
const BATCH = 10;


async function run(): Promise<void> {
  const [file, startText, seedText] = process.argv.slice(2);
  const start = Number(startText);
  if (!file || !Number.isSafeInteger(start) || start < 1 || start + VOUCHERS_PER_RUN - 1 > 999_999) {
    process.stderr.write('usage: crash-writer FILE|URL START_VOUCHER SEED (START_VOUCHER + 29999 ≤ 999999)\n');
    process.exit(64);
  }
  const random = mulberry32(Number(seedText ?? '1'));
  const store = await openChildStore(file);
  const journal = new Journal({ store });
  const end = start + VOUCHERS_PER_RUN;
  let n = start;
  while (n < end) {
    if (random() < 0.5 || end - n < BATCH) {
      const outcome = await journal.record(nthSale(n));
      process.stdout.write(`${outcome.id}\n`);
      n += 1;
    } else {
      const outcomes = await journal.recordMany(Array.from({ length: BATCH }, (_, i) => nthSale(n + i)));
      process.stdout.write(outcomes.map((o) => `${o.id}\n`).join(''));
      n += BATCH;
    }
  }
  await journal.close();
}

run().catch((error: unknown) => {
  process.stderr.write(`crash-writer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
