import { InputError } from '../../core/index.js';
import { parseCommandArgs, requirePositional } from '../args.js';
import type { Command } from '../command.js';
import { DB_OPTION, withJournal } from './journal-options.js';

export const storeCommand: Command = {
  name: 'store',
  summary: { en: "this journal's store id (the shop head office files it under)", zh: '这个日志的门店编号（总部按它归档这家门店）' },
  help: {
    usage: `reissue store [--db …]
reissue store set-id ID [--db …]`,
    en: `Shows the journal's store id, or sets it once (1–32 letters, digits, "-" or "_"). It is
journaled as a hashed event, so a backup, a verify and head office all see it; setting the
same id again changes nothing, another id is refused (exit 4). New journals can take it
with \`reissue init --store ID\`.`,
    zh: `显示日志的门店编号，或设置一次（1–32 个字母、数字、"-" 或 "_"）。它作为一条带哈希的记录写入日志，
所以备份、校验和总部都能看到；再设置相同的编号不会改变任何东西，设置别的编号会被拒绝（退出码 4）。
新日志可以用 \`reissue init --store ID\` 直接设置。`,
  },
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
