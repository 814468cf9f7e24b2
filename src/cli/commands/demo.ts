import { formatInZone, parseOccurredAt } from '../../core/index.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { seedCommand } from './seed.js';

const DEMO_SALES = 2000;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'open the journal with demo data on first run and show how to use it',
  help: `reissue demo [--db …]

On an empty journal, records ${DEMO_SALES} demo sales (seed 1, the last 30 days), then shows
one of them and the commands to find, show and verify it.`,
  async run(args, context) {
    const { values } = parseCommandArgs('demo', args, DB_OPTION);
    const db = typeof values.db === 'string' ? ['--db', values.db] : [];
    const { events } = await withJournal(values, context, { create: true }, ({ store }) => store.counts());
    if (events === 0) {
      context.io.stderr(`first run: recording ${DEMO_SALES} demo sales\n`);
      await seedCommand.run(['--count', String(DEMO_SALES), '--seed', '1', ...db], context);
    }
    return withJournal(values, context, {}, async ({ journal, store, settings }) => {
      const { items } = await journal.find({ limit: 1, kind: 'sale' });
      const { events: total } = await store.counts();
      const io = context.io;
      io.stdout(`Reissue journal: ${store.info.location} (${total} events, time zone ${settings.timeZone})\n\n`);
      const example = items[0];
      if (example) {
        const tx = example.transaction;
        const local = formatInZone(parseOccurredAt(tx.occurredAt), settings.timeZone);
        io.stdout(`The newest sale: ${example.id}, ${tx.currency} ${tx.amount} at ${local}, ${tx.merchant.name}\n\nTry:\n`);
        io.stdout(`  node dist/src/cli/bin.js find --around "${local.slice(0, 16)}" --within 15m --amount ${tx.amount}\n`);
        if (tx.card) io.stdout(`  node dist/src/cli/bin.js find --last4 ${tx.card.last4} --limit 5\n`);
        io.stdout(`  node dist/src/cli/bin.js show ${example.id}\n`);
      }
      io.stdout(`  node dist/src/cli/bin.js verify\n  node dist/src/cli/bin.js backup data/backup-$(date +%F).db\n  node dist/src/cli/bin.js --help\n`);
      return 0;
    });
  },
};
