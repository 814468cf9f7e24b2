import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { cliText } from '../texts.js';
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
      const said = { location: journal.info.location, kind: journal.info.kind, storeId: storeId ?? cliText(context.language, 'init.storeNotSet'), timeZone: settings.timeZone, currency: settings.currency, events: String(events) };
      context.io.stdout(`${cliText(context.language, 'init.settings', said)}\n`);
      if (settings.timeZone !== (options.timeZone ?? settings.timeZone)) {
        context.io.stderr(`${cliText(context.language, 'init.timeZoneKept', { timeZone: settings.timeZone, asked: options.timeZone ?? '' })}\n`);
      }
      return 0;
    });
  },
};
