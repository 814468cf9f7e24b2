import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { DB_OPTION, withJournal } from './journal-options.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'create a journal (SQLite file or PostgreSQL database)',
  help: `reissue init [--db FILE|postgres://…] [--tz ZONE] [--currency CUR] [--store ID]

Creates the journal if it does not exist and prints its settings. The store's time zone
(default: the machine's) is used to read and show local times; the currency (default CNY)
is used to read amounts in searches. --store ID sets the journal's store id (the shop head
office files its events under; set once, see \`reissue store\`). Running it again changes nothing.`,
  async run(args, context) {
    const { values } = parseCommandArgs('init', args, { ...DB_OPTION, tz: { type: 'string' }, currency: { type: 'string' }, store: { type: 'string' } });
    const options = { create: true, ...(stringOption(values, 'tz') ? { timeZone: stringOption(values, 'tz') } : {}), ...(stringOption(values, 'currency') ? { currency: stringOption(values, 'currency') } : {}) };
    return withJournal(values, context, options, async ({ journal, settings }) => {
      const storeText = stringOption(values, 'store');
      const storeId = storeText === undefined ? await journal.storeIdentity() : (await journal.identifyStore(storeText)).storeId;
      const { events } = await journal.counts();
      context.io.stdout(`journal   ${journal.info.location}\nstore     ${journal.info.kind}\nstore id  ${storeId ?? '(not set)'}\ntime zone ${settings.timeZone}\ncurrency  ${settings.currency}\nevents    ${events}\n`);
      if (settings.timeZone !== (options.timeZone ?? settings.timeZone)) {
        context.io.stderr(`note: this journal keeps time zone ${settings.timeZone}; --tz ${options.timeZone} was not applied to an existing journal\n`);
      }
      return 0;
    });
  },
};
