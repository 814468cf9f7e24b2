import { createPreparer } from '../../app.js';
import { ConflictError, InputError, zonedLocalToUtc } from '../../core/index.js';
import { inProcessPreparer } from '../../journal/index.js';
import { generateSales } from '../../seed/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import { cliText } from '../texts.js';
import type { Command } from '../command.js';
import { progressReporter } from '../progress.js';
import { DB_OPTION, withJournal } from './journal-options.js';

const BATCH = 2000;

/** The journal's mark that seed wrote its sales: seeding it again adds to demo data, never to a shop's. */
const SEEDED = 'seededDemo';

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
  summary: { en: 'record realistic demo sales (Chinese and English merchants)', zh: '记录逼真的演示交易（中文和英文商户）' },
  help: {
    usage: `reissue seed --count N [--seed S] [--days D] [--until DATE] [--db …]`,
    en: `Records N realistic sales — bank-card slips and retail receipts from Chinese and English
merchants, with a few voids and refunds — spread over D days (default 30) up to DATE
(default: now), store-local. The same --seed and --until give the same sales, so running
it twice records nothing new.`,
    zh: `记录 N 笔逼真的交易——中文和英文商户的签购单和零售小票，其中有少量撤销和退货——
分布在截止到 DATE（默认：现在，门店当地时间）的 D 天里（默认 30 天）。相同的 --seed 和 --until
生成相同的交易，所以运行两次不会多记录。`,
  },
  async run(args, context) {
    const { values } = parseCommandArgs('seed', args, { ...DB_OPTION, count: { type: 'string' }, seed: { type: 'string' }, days: { type: 'string' }, until: { type: 'string' } });
    const count = positiveInt(stringOption(values, 'count'), 'count');
    const days = positiveInt(stringOption(values, 'days'), 'days', 30);
    const seed = stringOption(values, 'seed') ?? '1';
    return withJournal(values, context, { create: true }, async ({ journal, settings }) => {
      // Demo sales belong in a demo journal: among a shop's real sales they would stay for ever (nothing is ever taken out).
      const { transactions } = await journal.counts();
      if (transactions > 0 && (await journal.meta(SEEDED)) === undefined) {
        throw new ConflictError('SEED_REAL_JOURNAL', `this journal already holds ${transactions} sales that seed did not write; demo sales added to it could never be taken out`, {
          hint: 'seed a journal of its own, e.g. --db data/demo.db',
          context: { transactions },
        });
      }
      await journal.setMeta(SEEDED, 'yes');
      const untilText = stringOption(values, 'until');
      const until = untilText ? zonedLocalToUtc(untilText, settings.timeZone, context.app.now()) : context.app.now();
      const progress = progressReporter(context.io, 'seeding', context.language);
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
      context.io.stdout(`${cliText(context.language, 'seed.done', { done: String(done), created: String(created), already: String(done - created), seed: String(seed) })}\n`);
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
