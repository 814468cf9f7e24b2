import { openJournal, resolveDbTarget, type OpenOptions, type OpenedJournal } from '../../app.js';
import { stringOption, type OptionSpec, type ParsedArgs } from '../args.js';
import type { CommandContext } from '../command.js';

export const DB_OPTION: OptionSpec = { db: { type: 'string' } };

/** Opens the journal named by --db / REISSUE_DB for one command and always closes it. */
export async function withJournal<T>(values: ParsedArgs['values'], context: CommandContext, options: OpenOptions, work: (opened: OpenedJournal) => Promise<T>): Promise<T> {
  const target = resolveDbTarget(stringOption(values, 'db'), context.app);
  const opened = await openJournal(target, context.app, options);
  try {
    return await work(opened);
  } finally {
    await opened.journal.close();
  }
}
