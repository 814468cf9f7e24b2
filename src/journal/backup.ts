import { ConfigError, ConflictError, InputError, IntegrityError, NotFoundError, maskPans } from '../core/index.js';
import { eventContentRefusal, type CardInCaptureBytes } from './replicate.js';
import { carriedSettings, checkCarriedSettings, takeSettings } from './carried-settings.js';
import { headsFileOf } from './heads-file.js';
import { storeOf, type Journal } from './journal.js';
import type { JournalStore } from './store.js';
import { checkBackup, copyEvents, eventsAfterHeads, planRestore, type TransferProgress } from './transfer.js';
import { verifyJournal, type VerifyProgress, type VerifyReport } from './verify.js';

export { WITHDRAWN_LINKS_META } from './carried-settings.js';

/** The files a backup is written to and read from (the composition root gives node:fs and SQLite). */
export interface JournalFiles {
  exists(path: string): boolean;
  /** Creates `path` empty, readable by its owner only (its folder too if need be); throws if it exists. */
  createPrivate(path: string): void;
  /** Makes the written copy one file that reading leaves alone (no -wal or -shm beside it). */
  seal(path: string): void;
  rename(from: string, to: string): void;
  /** Removes a file if it is there (a backup's own copy that could not be finished). */
  remove(path: string): void;
  /** Whether another process (a running server) has this SQLite journal open. */
  inUse(path: string): boolean;
  /** A SQLite journal in a file: a new one to write ('create'), or an existing one to read ('read'). */
  openJournalFile(file: string, mode: 'create' | 'read'): Promise<JournalStore>;
}

export interface BackupResult {
  file: string;
  report: VerifyReport;
}

async function copyMeta(from: JournalStore, to: JournalStore, overwrite: boolean): Promise<void> {
  await takeSettings(to, await carriedSettings(from), overwrite);
}

/**
 * An online, consistent backup into a new SQLite file while writers go on: the engine's
 * own snapshot where it has one (SQLite), else an event-by-event copy (PostgreSQL). The
 * copy is verified before it is reported good; an existing file is never overwritten.
 */
export async function backupJournal(journal: Journal, file: string, files: JournalFiles, onProgress?: TransferProgress, onVerifyProgress?: VerifyProgress): Promise<BackupResult> {
  const exists = (taken = file) => new InputError('BACKUP_EXISTS', `${taken} already exists; a backup never overwrites a file`, { hint: "choose a new file name, e.g. one with today's date", context: { file: taken } });
  if (files.exists(file)) throw exists();
  // Its heads file goes beside it: an earlier backup's heads there are evidence kept, not a file to overwrite.
  if (files.exists(headsFileOf(file))) throw exists(headsFileOf(file));
  try {
    // The copy holds what the journal holds (password hashes, the signing key): owner only, from its first byte.
    files.createPrivate(file);
  } catch (error) {
    throw (error as { code?: unknown }).code === 'EEXIST' ? exists() : error;
  }
  try {
    const store = storeOf(journal);
    if (store.snapshotTo) {
      await store.snapshotTo(file, onProgress);
    } else {
      const target = await files.openJournalFile(file, 'create');
      try {
        await copyEvents(store.events(), target, (await store.counts()).events, onProgress);
        await copyMeta(store, target, true);
      } finally {
        await target.close();
      }
    }
    files.seal(file);
  } catch (error) {
    // A copy cut short (a full disk, a stick pulled out) is no backup: nothing is left to be taken for one, or to refuse the next try as "already exists".
    for (const suffix of ['', '-wal', '-shm', '-journal']) files.remove(file + suffix);
    throw error;
  }
  const copy = await files.openJournalFile(file, 'read');
  try {
    const report = await verifyJournal(copy, onVerifyProgress);
    if (!report.ok) throw new ConfigError('BACKUP_UNVERIFIED', `the backup written to ${file} does not verify: ${report.failure?.detail ?? ''}`, { hint: 'check the disk and try again', context: { file, problem: report.failure?.problem } });
    return { file, report };
  } finally {
    await copy.close();
  }
}

/** Where a backup is restored to. */
export interface RestoreTarget {
  /** The journal's file, which --force moves aside; none for a server database (PostgreSQL). */
  file?: string;
  /** Opens (creating if need be) the journal to restore into. */
  open(): Promise<Journal>;
}

export interface RestoreOptions {
  /** Move a journal holding what the backup lacks aside first (SQLite files only). */
  force?: boolean;
  /** Refuses a captured job whose bytes print a full card number (see CardInCaptureBytes). */
  cardInCapture?: CardInCaptureBytes;
  /** The backup checked before anything is moved: its chains verified, then every event read through the journal's door (counted twice over, one pass each). */
  onCheckProgress?: VerifyProgress;
  onProgress?: TransferProgress;
  /** Events checked by the verify that follows the copy (the long part of a large restore). */
  onVerifyProgress?: VerifyProgress;
  now: () => number;
}

export interface RestoreResult {
  restored: number;
  report: VerifyReport;
  setAside?: string;
}

async function openBackup(file: string, files: JournalFiles): Promise<JournalStore> {
  if (!files.exists(file)) throw new NotFoundError('NO_BACKUP', `there is no backup at ${file}`, { hint: 'give the path of a file written by `reissue backup`', context: { file } });
  let store: JournalStore | undefined;
  try {
    store = await files.openJournalFile(file, 'read');
    await store.counts();
    return store;
  } catch (error) {
    await store?.close().catch(() => undefined);
    throw new InputError('NOT_A_BACKUP', `${file} is not a Reissue journal backup`, { hint: 'give the path of a file written by `reissue backup`', cause: error, context: { file } });
  }
}

/**
 * Restores a verified backup. Events the journal lacks are added; a journal holding
 * anything the backup does not is refused unless `force`, which sets it aside first — only
 * once the backup is known to verify, and put back in its place if the restore then fails,
 * so a bad backup or a failed copy never leaves an empty or half-filled journal where the
 * shop's was.
 */
export async function restoreJournal(backupFile: string, target: RestoreTarget, files: JournalFiles, options: RestoreOptions): Promise<RestoreResult> {
  // A server still writing would go on writing into the journal set aside (--force), or race the copy for the same places in a chain.
  if (target.file !== undefined && files.exists(target.file) && files.inUse(target.file)) {
    throw new ConflictError('JOURNAL_IN_USE', `${target.file} is open in another process`, {
      hint: 'stop `reissue start` (and any `reissue tap`, `demo` or backup using this journal) first, then restore',
      context: { file: target.file },
    });
  }
  const backup = await openBackup(backupFile, files);
  try {
    const check = options.onCheckProgress;
    let total = 0;
    const backupReport = await checkBackup(
      backup,
      check &&
        ((done, events) => {
          total = events;
          check(done, 2 * events);
        }),
    );
    // A backup that verifies was still made by someone: what it holds passes the journal's door before anything is moved or written.
    await checkBackupContent(backup, options.cardInCapture, check && ((done) => check(total + done, 2 * total)));
    // Its settings are not hashed: edited, they could carry what its events may not.
    await checkCarriedSettings(await carriedSettings(backup), async (saleId) => (await backup.transactionsById(saleId, undefined, 1)).length > 0);
    let setAside: string | undefined;
    if (options.force) {
      if (target.file === undefined) throw new InputError('FORCE_UNSUPPORTED', '--force cannot set a PostgreSQL journal aside', { hint: 'restore into a new, empty database instead' });
      if (files.exists(target.file)) {
        setAside = `${target.file}.before-restore-${stamp(options.now)}`;
        moveJournalFile(files, target.file, setAside);
      }
    }
    try {
      const journal = await target.open();
      try {
        const store = storeOf(journal);
        const plan = await planRestore(backup, store, undefined, backupReport);
        const restored = await copyEvents(eventsAfterHeads(backup, plan.targetHeads), store, plan.missing, options.onProgress);
        await copyMeta(backup, store, false);
        const report = await verifyJournal(store, options.onVerifyProgress);
        return setAside ? { restored, report, setAside } : { restored, report };
      } finally {
        await journal.close();
      }
    } catch (error) {
      if (setAside !== undefined && target.file !== undefined) {
        // The half-restored journal is kept for a look, beside; the shop's goes back where it was.
        if (files.exists(target.file)) moveJournalFile(files, target.file, `${target.file}.failed-restore-${stamp(options.now)}`);
        moveJournalFile(files, setAside, target.file);
      }
      throw error;
    }
  } finally {
    await backup.close();
  }
}

/**
 * Every event of a backup checked as head office checks a shop's (no card number anywhere, a
 * readable payload, a type and time a journal writes): BACKUP_CONTENT_REFUSED names the first
 * that is not, never what it holds.
 */
async function checkBackupContent(backup: JournalStore, cardInCapture: CardInCaptureBytes | undefined, onProgress?: (done: number) => void): Promise<void> {
  let done = 0;
  for await (const event of backup.events()) {
    done += 1;
    if (onProgress && done % 1000 === 0) onProgress(done);
    const refusal = eventContentRefusal(event, event.storeId, cardInCapture);
    if (refusal === undefined) continue;
    throw new IntegrityError('BACKUP_CONTENT_REFUSED', `the backup's event ${event.seq} of chain ${maskPans(event.terminalId)} cannot be restored: ${refusal}; nothing was restored`, {
      hint: 'restore from another backup: this one was not written by Reissue as it is',
      context: { chain: maskPans(event.terminalId), seq: event.seq, why: refusal },
    });
  }
  onProgress?.(done);
}

const stamp = (now: () => number) => new Date(now()).toISOString().replace(/[:.]/g, '-');

/** Moves a SQLite journal file with its -wal and -shm. */
function moveJournalFile(files: JournalFiles, from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) if (files.exists(from + suffix)) files.rename(from + suffix, to + suffix);
}
