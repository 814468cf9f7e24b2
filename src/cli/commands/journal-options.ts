import { openAuth, openJournal, resolveDbTarget, resolveReadReplica, type OpenOptions, type OpenedJournal } from '../../app.js';
import type { AuthService } from '../../auth/index.js';
import { parseStoreList } from '../../core/index.js';
import type { Journal } from '../../journal/index.js';
import { stringOption, type OptionSpec, type ParsedArgs } from '../args.js';
import type { CommandContext } from '../command.js';

export const DB_OPTION: OptionSpec = { db: { type: 'string' } };
/** --store ID[,ID…]: head office, these shops only. */
export const STORE_OPTION: OptionSpec = { store: { type: 'string' } };

/** The journal narrowed to the shops --store names (every shop without it). */
export function atStores(journal: Journal, values: ParsedArgs['values']): Journal {
  const store = stringOption(values, 'store');
  return store === undefined ? journal : journal.atStores(parseStoreList(store));
}

/** --db, and for commands that only read: --read-replica (head office's hot standby). */
export const READ_OPTIONS: OptionSpec = { ...DB_OPTION, 'read-replica': { type: 'string' } };

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

/** Opens the journal and the users beside it for one command. */
export async function withAuth<T>(values: ParsedArgs['values'], context: CommandContext, options: OpenOptions, work: (opened: OpenedJournal & { auth: AuthService }) => Promise<T>): Promise<T> {
  const target = resolveDbTarget(stringOption(values, 'db'), context.app);
  return withJournal(values, context, options, async (opened) => {
    const { auth, close } = await openAuth(target, opened.journal, context.app);
    try {
      return await work({ ...opened, auth });
    } finally {
      await close();
    }
  });
}

/**
 * Opens the journal for a command that only reads: searches, receipts and reports come from
 * the read replica when one is named (--read-replica, REISSUE_READ_REPLICA), the rest from
 * the journal's database. `opened.journal` is that view.
 */
export async function withReadJournal<T>(values: ParsedArgs['values'], context: CommandContext, work: (opened: OpenedJournal, primary: OpenedJournal) => Promise<T>): Promise<T> {
  const readReplica = resolveReadReplica(stringOption(values, 'read-replica'), context.app);
  return withJournal(values, context, readReplica === undefined ? {} : { readReplica }, (opened) => work({ ...opened, journal: opened.journal.onReplica() }, opened));
}
