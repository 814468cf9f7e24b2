import { createPreparer } from '../../app.js';
import { InputError, zonedLocalToUtc } from '../../core/index.js';
import { inProcessPreparer } from '../../journal/index.js';
import { generateSales } from '../../seed/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { progressReporter } from '../progress.js';
import { DB_OPTION, withJournal } from './journal-options.js';

const BATCH = 2000;

function positiveInt(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1) {
    throw new InputError('BAD_USAGE', `seed: --${name} must be a whole number above zero`, { hint: `e.g. reissue seed --${name} ${name === 'count' ? 1000 : 30}`, context: { rule: 'whole-number', option: `--${name}`, example: `--${name} ${name === 'count' ? 1000 : 30}` } });
  }
  return n;
}

export const seedCommand: Command = {
  name: 'seed',
  summary: 'record realistic demo sales (Chinese and English merchants)',
  help: `reissue seed --count N [--seed S] [--days D] [--until DATE] [--db …]

Records N realistic sales — bank-card slips and retail receipts from Chinese and English
merchants, with a few voids and refunds — spread over D days (default 30) up to DATE
(default: now), store-local. The same --seed and --until give the same sales, so running
it twice records nothing new.`,
  async run(args, context) {
    const { values } = parseCommandArgs('seed', args, { ...DB_OPTION, count: { type: 'string' }, seed: { type: 'string' }, days: { type: 'string' }, until: { type: 'string' } });
    const count = positiveInt(stringOption(values, 'count'), 'count');
    const days = positiveInt(stringOption(values, 'days'), 'days', 30);
    const seed = stringOption(values, 'seed') ?? '1';
    return withJournal(values, context, { create: true }, async ({ journal, settings }) => {
      const untilText = stringOption(values, 'until');
      const until = untilText ? zonedLocalToUtc(untilText, settings.timeZone, context.app.now()) : context.app.now();
      const progress = progressReporter(context.io, 'seeding');
      let done = 0;
      let created = 0;
      // A batch is written while the next ones are validated and encoded on the other core.
      const preparer = count > BATCH ? createPreparer() : inProcessPreparer;
      try {
        await journal.recordBatches(batches(generateSales({ count, seed, until, timeZone: settings.timeZone, days }), BATCH), {
          preparer,
          onBatch: (outcomes) => {
            created += outcomes.filter((o) => o.created).length;
            done += outcomes.length;
            progress(done, count);
          },
        });
      } finally {
        await preparer.close();
      }
      progress.finish();
      context.io.stdout(`seeded ${done} sales (${created} new, ${done - created} already on record) with seed ${seed}\n`);
      return 0;
    });
  },
};

function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
