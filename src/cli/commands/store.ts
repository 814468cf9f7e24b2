import { InputError } from '../../core/index.js';
import { parseCommandArgs, requirePositional } from '../args.js';
import type { Command } from '../command.js';
import { DB_OPTION, withJournal } from './journal-options.js';

export const storeCommand: Command = {
  name: 'store',
  summary: "this journal's store id (the shop head office files it under)",
  help: `reissue store [--db …]
reissue store set-id ID [--db …]

Shows the journal's store id, or sets it once (1–32 letters, digits, "-" or "_"). It is
journaled as a hashed event, so a backup, a verify and head office all see it; setting the
same id again changes nothing, another id is refused (exit 4). New journals can take it
with \`reissue init --store ID\`.`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('store', args, DB_OPTION, 2);
    const action = positionals[0];
    if (action !== undefined && action !== 'set-id') {
      throw new InputError('BAD_USAGE', `store: unknown action "${action}"`, { hint: 'use set-id', context: { command: 'store', rule: 'unknown-action', value: action, allowed: ['set-id'] } });
    }
    return withJournal(values, context, { create: action === 'set-id' }, async ({ journal }) => {
      if (action === undefined) {
        const id = await journal.storeIdentity();
        context.io.stdout(id === undefined ? 'store id  (not set: `reissue store set-id ID`)\n' : `store id  ${id}\n`);
        return 0;
      }
      const { storeId, created } = await journal.identifyStore(requirePositional('store', positionals, 1, 'the store id'));
      context.io.stdout(created ? `store id  ${storeId} (set)\n` : `store id  ${storeId} (already set)\n`);
      return 0;
    });
  },
};
