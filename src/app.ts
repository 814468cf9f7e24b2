/**
 * The composition root: the one place that picks adapters (better-sqlite3 or pg, node:fs,
 * TCP printers) and wires them to the modules. Everything else receives its dependencies.
 */
import Database from 'better-sqlite3';
import { createHmac, randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import pg from 'pg';
import { Argon2idHasher, AuthService, SqlUserStore, cryptoRandom, userRecordFault, type UserRecord } from './auth/index.js';
import { DEFAULT_CONFIG_FILE, configFromText, defaultConfig, printerOutput, type ReissueConfig, type SyncConfig } from './config/index.js';
import { ConfigError, InputError, NotFoundError, ReissueError } from './core/index.js';
import { encodeEscPos } from './escpos/index.js';
import { DEFAULT_ACCEPT_WINDOW, JOURNAL_SCHEMA_VERSION, Journal, WorkerPreparer, inProcessPreparer, isCaptureId, storeSettings, type AcceptWindow, type CaptureBytesCheck, type CardInCaptureBytes, type JournalFiles, type JournalStore, type Preparer, type RestoreTarget, type StoreSettings } from './journal/index.js';
import { SqlJournalStore } from './journal/adapters/index.js';
import { Spooler, parsePrinterAddress, printerConnector, printerDirectory, receiptOptionsOf, reportOptionsOf, systemPrinterTimers, type PrinterAddress, type SpoolerEvent } from './printer/index.js';
import { Tap, captureBytesHoldCard, captureJobMarks, fairTurns, captureRulesFromText, journalThreadEntry, threadCaptureJournal, threadCaptureReader, readerThreadEntry, readerUnavailable, fallbackFile, journaledCaptures, type CaptureReader, renderCapturedReceipt, tapLinkOpener, type CaptureJournal, type CaptureRules, type TapOptions } from './capture/index.js';
import { createFontLoader } from './receipt/index.js';
import { paperLengthMm, renderReceipt } from './render/index.js';
import { collectDay, reportDocument } from './reports/index.js';
import { ReprintService, actorOf, type PrinterChoice } from './reprint/index.js';
import { PLANNED_READS_SETTINGS, PostgresDialect, redactUrl, createPrivateFile, filesOpenToOthers, filesTooOpenWarning, openSqliteFile, sealSqliteFile, sqliteFileInUse, type SqlDialect, type SqliteOpener } from './sql/index.js';
import { HeadOffice, HttpHeadOfficeLink, Outbox, SqlShopRegistry, runSyncLoop, type RoundResult } from './sync/index.js';

export const DEFAULT_DB = 'data/reissue.db';
export const DEFAULT_CURRENCY = 'CNY';

export interface AppContext {
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => number;
  /** Told of what is wrong but does not stop the work (a journal others may read); the CLI prints it. */
  warn?: (warning: ReissueError) => void;
  /** Told how far an upgrade of the journal on open got, in its long steps (schema 8 copies every sale's key); the CLI shows it. */
  upgrading?: (step: string, done: number, total: number) => void;
}

export type { StoreSettings } from './journal/index.js';

export interface OpenedJournal {
  journal: Journal;
  settings: StoreSettings;
}

const openSqlite: SqliteOpener = (file, options) => new Database(file, options);

/** The database a --db target names: a SQLite file, or (a postgres:// URL) a PostgreSQL database, which has no file. */
interface DbTarget {
  file: string | undefined;
  /** `warn`: told when the journal's files are open to others (once per open, so only the journal's own connection passes it). */
  connect(options?: { maxConnections?: number; warn?: AppContext['warn'] }): SqlDialect;
}

/**
 * Connections of the planned-reads pool (searches): each plans a text on its first use of it,
 * so few; two run ~6,000 searches/s at ~0.3 ms each.
 */
const PLANNED_READS_CONNECTIONS = 2;

/** How long the connection held for LISTEN may take to open (an outage must not hold a closing server longer). */
const LISTEN_CONNECT_MS = 5000;

/**
 * A PostgreSQL journal's connections: the main pool, a small one whose connections reuse
 * the searches' plans (PostgresDialectOptions.plannedReads), and one held for LISTEN once
 * something watches (PostgresDialectOptions.listening).
 */
export function postgresDialect(url: string, options: { maxConnections?: number; readonly?: boolean; applicationName?: string } = {}): PostgresDialect {
  // TCP keepalive: a connection a firewall or a failover dropped without a word (the one held for LISTEN above all) is found out.
  const common = { connectionString: url, keepAlive: true, ...(options.applicationName ? { application_name: options.applicationName } : {}) };
  return new PostgresDialect(new pg.Pool({ ...common, ...(options.maxConnections ? { max: options.maxConnections } : {}) }), {
    url,
    ...(options.readonly ? { readonly: true } : {}),
    plannedReads: plannedReadsPool(common.connectionString, common.application_name),
    listening: new pg.Pool({ ...common, max: 1, connectionTimeoutMillis: LISTEN_CONNECT_MS }),
  });
}

/**
 * The searches' pool: the operator's server options (from the URL's `options`, else PGOPTIONS,
 * as pg takes them for the main pool) with the plan settings after them, so they win. pg
 * reads PGOPTIONS only for a pool given no options of its own, and an `options` in the URL
 * replaces a pool's own: either way the searches would run under other settings than the
 * writes (another search_path: other tables) or without their plan settings.
 */
function plannedReadsPool(url: string, applicationName: string | undefined): pg.Pool {
  const at = url.indexOf('?');
  const query = new URLSearchParams(at < 0 ? '' : url.slice(at + 1));
  const given = query.get('options') ?? process.env.PGOPTIONS;
  query.delete('options');
  const rest = query.toString();
  const connectionString = (at < 0 ? url : url.slice(0, at)) + (rest ? `?${rest}` : '');
  const options = [given, PLANNED_READS_SETTINGS].filter(Boolean).join(' ');
  return new pg.Pool({ connectionString, ...(applicationName ? { application_name: applicationName } : {}), max: PLANNED_READS_CONNECTIONS, options });
}

/** The one choice of engine. */
function database(target: string): DbTarget {
  if (/^postgres(ql)?:\/\//i.test(target)) {
    return { file: undefined, connect: (options = {}) => postgresDialect(target, options.maxConnections ? { maxConnections: options.maxConnections } : {}) };
  }
  return {
    file: target,
    connect: ({ warn } = {}) => openSqliteFile({ file: target, open: openSqlite, ...(warn ? { onOpenToOthers: (found) => warn(filesTooOpenWarning(found)) } : {}) }),
  };
}

/** `--db`, else REISSUE_DB, else ./data/reissue.db. */
export function resolveDbTarget(flag: string | undefined, context: AppContext): string {
  const target = flag ?? context.env.REISSUE_DB ?? DEFAULT_DB;
  // An address of another kind (a mistyped postgres://) would otherwise become a path, and a new SQLite journal under "postgress:/…".
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1];
  if (scheme !== undefined && database(target).file !== undefined) {
    throw new InputError('BAD_DB_TARGET', `--db names a "${scheme}://" address, which is neither a postgres:// URL nor a journal file`, {
      hint: 'a PostgreSQL journal is postgres://USER@HOST/DATABASE (or postgresql://); a SQLite journal is a file path such as data/reissue.db',
      context: { scheme },
    });
  }
  if (database(target).file === undefined || isAbsolute(target)) return target;
  return resolve(context.cwd, target);
}

/** `--read-replica`, else REISSUE_READ_REPLICA, else the configuration's `readReplica`; undefined: every read goes to the journal's database. */
export function resolveReadReplica(flag: string | undefined, context: AppContext, config?: Pick<ReissueConfig, 'readReplica'>): string | undefined {
  const url = flag ?? context.env.REISSUE_READ_REPLICA ?? config?.readReplica;
  return url === undefined || url.trim() === '' ? undefined : url.trim();
}

/**
 * `--config`, else REISSUE_CONFIG, else ./reissue.config.json when it exists, else the one
 * beside the SQLite journal (the demo writes its virtual printer there: data/reissue.config.json),
 * else the built-in defaults. A file that was named but is missing is an error, not a silent default.
 */
export function loadConfig(flag: string | undefined, context: AppContext, journal?: string): ReissueConfig {
  const named = flag ?? context.env.REISSUE_CONFIG;
  const path = resolve(context.cwd, named ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
    const journalFile = journal === undefined ? undefined : database(journal).file;
    const beside = named === undefined && journalFile !== undefined ? resolve(context.cwd, dirname(journalFile), DEFAULT_CONFIG_FILE) : undefined;
    if (beside !== undefined && existsSync(beside)) return configFromText(readSettingsFile(beside), beside);
    if (named === undefined) return defaultConfig();
    throw new NotFoundError('NO_CONFIG', `there is no configuration file at ${path}`, { hint: 'check the path given with --config or REISSUE_CONFIG', context: { file: path } });
  }
  return configFromText(readSettingsFile(path), path);
}

/**
 * A configuration or rules file's text. One that cannot be read (a folder, a file of another
 * operating-system user) is said as such, not as an unexpected error.
 */
function readSettingsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('CONFIG_UNREADABLE', `cannot read ${path}`, {
      hint: 'check that the path names the file, not a folder, and that this operating-system user may read it',
      cause: error,
      context: { file: path },
    });
  }
}

export interface OpenOptions {
  /** Create the journal when it does not exist yet (record, seed, init). */
  create?: boolean;
  /** Time zone to set on a new journal. */
  timeZone?: string;
  currency?: string;
  /** The sale times accepted (the configuration's `sales`); 5 minutes ahead, 10 years back unless given. */
  acceptWindow?: AcceptWindow;
  /**
   * A postgres:// URL of a hot standby of the journal's database: the journal's onReplica()
   * view reads searches, receipts and reports there (see Journal.onReplica).
   */
  readReplica?: string;
  /**
   * Change nothing: a SQLite file is opened read-only (no upgrade, no settings written, the
   * file's bytes stay as they were: a backup stays the evidence it was), so it must hold this
   * version's journal schema. A PostgreSQL journal opens as usual.
   */
  readOnly?: boolean;
}

/** How a read-replica connection names itself on the standby (pg_stat_activity.application_name). */
export const READ_REPLICA_APPLICATION = 'reissue-read-replica';

/**
 * The journal's tables on a hot standby, opened read-only (nothing is created or migrated
 * there) and checked to hold the same journal schema as the primary.
 */
async function openReplica(url: string, target: string, primary: JournalStore): Promise<JournalStore> {
  if (isPostgresTarget(target) === false) {
    throw new ConfigError('READ_REPLICA_NEEDS_POSTGRES', 'a read replica serves a PostgreSQL journal (head office); this journal is a SQLite file', {
      hint: 'leave out --read-replica (and readReplica in the configuration), or give --db the primary\'s postgres:// URL',
      context: { file: target },
    });
  }
  if (!isPostgresTarget(url)) {
    throw new InputError('BAD_READ_REPLICA', 'the read replica must be a postgres:// URL', {
      hint: 'give the hot standby of the journal\'s database, e.g. --read-replica postgres://reissue@db-standby.hq/reissue',
      context: { value: redactUrl(url) },
    });
  }
  const dialect = postgresDialect(url, { readonly: true, applicationName: READ_REPLICA_APPLICATION });
  const store = await SqlJournalStore.open(dialect);
  try {
    const unreachable = (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      return new ReissueError('unavailable', 'READ_REPLICA_UNAVAILABLE', `cannot reach the read replica at ${dialect.location}: ${reason}`, {
        hint: 'check that the standby is running and reachable, or leave out --read-replica to read the primary',
        cause: error,
        context: { location: dialect.location, reason },
      });
    };
    // 42P01 undefined_table: a database without a journal, reached.
    const heldVersion = store.getMeta('schemaVersion').catch((error: unknown) => ((error as { code?: unknown }).code === '42P01' ? undefined : Promise.reject(unreachable(error))));
    const [held, wanted] = await Promise.all([heldVersion, primary.getMeta('schemaVersion')]);
    if (held !== wanted) {
      throw new ConfigError('READ_REPLICA_NOT_JOURNAL', `the read replica at ${dialect.location} does not hold this journal (schema ${held ?? 'none'}, the primary's is ${wanted ?? 'none'})`, {
        hint: 'give the hot standby that streams from the journal\'s own database (same database name), and let it catch up',
        context: { location: dialect.location, held: held ?? 'none', wanted: wanted ?? 'none' },
      });
    }
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** Opens the journal's store; a new SQLite journal is created 0600 (its folder 0700), and one others may open is warned of. */
export async function openStore(target: string, options: OpenOptions = {}, warn?: AppContext['warn'], upgrading?: AppContext['upgrading']): Promise<JournalStore> {
  const { file, connect } = database(target);
  if (file !== undefined && !existsSync(file) && !options.create) {
    throw new NotFoundError('NO_JOURNAL', `there is no journal at ${file}`, { hint: 'create one with `reissue init` (or pass --db / set REISSUE_DB to an existing journal)', context: { file } });
  }
  if (options.readOnly && file !== undefined) return openUnchanged(file, warn);
  return SqlJournalStore.open(connect(warn ? { warn } : {}), upgrading ? { onProgress: upgrading } : {});
}

/** A SQLite journal read as it is: refused, saying what to do, when its schema is not this version's. */
async function openUnchanged(file: string, warn: AppContext['warn']): Promise<JournalStore> {
  const store = await SqlJournalStore.open(openSqliteFile({ file, open: openSqlite, readonly: true }));
  try {
    // A SQLite file without the meta table is no journal of any version.
    const held = await store.getMeta('schemaVersion').catch(() => undefined);
    // Looked at after the first read: a read-only connection makes the -shm only then.
    const open = warn ? filesOpenToOthers(file) : [];
    if (open.length > 0) warn?.(filesTooOpenWarning(open));
    if (held === JOURNAL_SCHEMA_VERSION) return store;
    if (held === undefined) throw new InputError('NOT_A_JOURNAL', `${file} is not a Reissue journal`, { hint: 'check the path (--db or REISSUE_DB)', context: { file } });
    if (Number(held) > Number(JOURNAL_SCHEMA_VERSION)) {
      throw new ConfigError('JOURNAL_SCHEMA_NEWER', `${file} holds journal schema ${held}, newer than this version's ${JOURNAL_SCHEMA_VERSION}`, { hint: 'use the newer Reissue that wrote it', context: { file, held, wanted: JOURNAL_SCHEMA_VERSION } });
    }
    throw new ConfigError('JOURNAL_SCHEMA_OLDER', `${file} holds journal schema ${held}; this version reads schema ${JOURNAL_SCHEMA_VERSION} without changing the file`, {
      hint: `verify it as it is with the Reissue version that wrote it, or let this one upgrade it in place first (events and hashes stay as they are): reissue verify --upgrade --db ${file}`,
      context: { file, held, wanted: JOURNAL_SCHEMA_VERSION },
    });
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * Where large imports validate and encode their batches: on a worker thread when the
 * machine has a core to spare, so the writing thread only writes; in-process otherwise.
 * The caller closes it.
 */
export function createPreparer(): Preparer {
  return availableParallelism() > 1 ? new WorkerPreparer() : inProcessPreparer;
}

function systemTimeZone(context: AppContext): string {
  return context.env.REISSUE_TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/** Whether a captured job's bytes print a full card number, read as the tap reads them when it masks them. */
export const cardInCaptureBytes: CardInCaptureBytes = (capture) => captureBytesHoldCard(Buffer.from(capture.bytes, 'base64'), { kanji: capture.kanji, paper: capture.paper });

/** Base64 characters of pushed captures that may wait for the reader thread at once (~24 MiB of bytes: a dozen of the largest pushes). */
export const MAX_WAITING_CAPTURE_CHARS = 32 * 1024 * 1024;
/** Of those, what one shop's pushes may hold: a shop that fills its share is refused as busy, the others are not. */
export const SHOP_SHARE_OF_WAITING = 1 / 4;
/** Captures handed to the reader thread at once: one read while the next is already there (the thread reads one at a time). */
const CAPTURES_AT_THE_THREAD = 2;

/**
 * The same for shops' pushed captures, on a reader thread (made and started on the first
 * one): head office keeps answering meanwhile. Shops take turns at the thread, a capture each
 * (fairTurns): a shop pushing the costliest bytes (seconds each) delays another's by a capture
 * or two, not by its whole pile. A check the thread could not make (it stopped, or is closed)
 * refuses the batch as unavailable (503, the shop sends it again), never as the shop's fault;
 * one that threw on the bytes says they cannot be read.
 */
export function threadCaptureBytesCheck(warn?: AppContext['warn'], maxWaiting = MAX_WAITING_CAPTURE_CHARS): CaptureBytesCheck {
  let reader: ReturnType<typeof threadCaptureReader> | undefined;
  const unavailable = (cause: unknown) =>
    new ReissueError('unavailable', 'CAPTURE_CHECK_UNAVAILABLE', `head office could not check a captured receipt's bytes for card numbers: ${(cause as Error).message}`, {
      hint: 'nothing was stored; the shop sends the batch again by itself — if this repeats, look at head office\'s log',
      cause,
      context: { reason: (cause as Error).message },
    });
  const turns = fairTurns(CAPTURES_AT_THE_THREAD);
  // What waits for the thread, all shops together and each shop's: past either a push is refused as busy, not held in memory.
  let waiting = 0;
  const byShop = new Map<string, number>();
  const shopShare = Math.floor(maxWaiting * SHOP_SHARE_OF_WAITING);
  return {
    holdCard: async (captures, shop) => {
      const size = captures.reduce((n, c) => n + c.bytes.length, 0);
      const ownWaiting = byShop.get(shop) ?? 0;
      // One push larger than a bound is taken when nothing waits (a bound caps the pile, not the push the shop may send).
      // Refused as busy (503, the shop sends again): the shop's own share is full, or all shops' room.
      if (ownWaiting > 0 && ownWaiting + size > shopShare) {
        throw new ReissueError('unavailable', 'CAPTURE_CHECK_SHOP_BUSY', `${ownWaiting.toLocaleString('en')} characters of this shop's captured receipts already wait to be checked; this batch is taken later`, {
          hint: 'nothing was stored; the shop sends the batch again by itself',
          context: { waiting: ownWaiting.toLocaleString('en') },
        });
      }
      if (waiting > 0 && waiting + size > maxWaiting) {
        throw new ReissueError('unavailable', 'CAPTURE_CHECK_BUSY', `${waiting.toLocaleString('en')} characters of captured receipts from all shops already wait to be checked; this batch is taken later`, {
          hint: 'nothing was stored; the shop sends the batch again by itself',
          context: { waiting: waiting.toLocaleString('en') },
        });
      }
      reader ??= threadCaptureReader(readerThreadEntry(), undefined, {
        onBroken: (cause) => {
          const { code, message, hint, context } = readerUnavailable(cause);
          warn?.(new ReissueError('unavailable', code, message, { hint, context }));
        },
      });
      const thread = reader;
      waiting += size;
      byShop.set(shop, ownWaiting + size);
      try {
        // Every capture of the batch settled before its bytes stop counting as waiting.
        const settled = await Promise.allSettled(captures.map((capture) => turns.run(shop, () => thread.holdsCard(capture))));
        return settled.map((answer) => {
          if (answer.status === 'fulfilled') return answer.value;
          // The check threw on these bytes (its code only): a verdict on the capture.
          if ((answer.reason as { unreadable?: unknown } | null)?.unreadable === true) return undefined;
          throw unavailable(answer.reason);
        });
      } finally {
        waiting -= size;
        const left = (byShop.get(shop) ?? 0) - size;
        if (left > 0) byShop.set(shop, left);
        else byShop.delete(shop);
      }
    },
    close: async () => reader?.close(),
  };
}

/** Opens the journal and its store settings, writing defaults on first use. */
export async function openJournal(target: string, context: AppContext, options: OpenOptions = {}): Promise<OpenedJournal> {
  const store = await openStore(target, options, context.warn, context.upgrading);
  let replica: JournalStore | undefined;
  try {
    if (options.readReplica !== undefined) replica = await openReplica(options.readReplica, target, store);
  } catch (error) {
    await store.close();
    throw error;
  }
  const journal = new Journal({ store, clock: context.now, acceptWindow: options.acceptWindow ?? DEFAULT_ACCEPT_WINDOW, cardInCaptureBytes, captureBytesCheck: threadCaptureBytesCheck(context.warn), ...(replica ? { replica } : {}) });
  try {
    const settings = await storeSettings(journal, { timeZone: options.timeZone ?? systemTimeZone(context), currency: options.currency ?? DEFAULT_CURRENCY, now: context.now() }, { write: !options.readOnly });
    return { journal, settings };
  } catch (error) {
    await journal.close();
    throw error;
  }
}

/** Backups are SQLite files on this machine's disk, made 0600 like the journal. */
export const journalFiles: JournalFiles = {
  exists: existsSync,
  createPrivate: (path) => createPrivateFile(resolve(path)),
  seal: (path) => sealSqliteFile(path, openSqlite),
  rename: renameSync,
  remove: (path) => rmSync(path, { force: true }),
  inUse: (path) => sqliteFileInUse(path, openSqlite),
  openJournalFile: (file, mode) => SqlJournalStore.open(openSqliteFile({ file, open: openSqlite, readonly: mode === 'read' })),
};

/**
 * A backup's users — names, roles, stores and password hashes; no sessions — read and checked
 * before anything is restored: one that is not as Reissue writes users (a name holding a card
 * number, a role it does not know, a hash that is no argon2id hash) refuses the backup
 * (BACKUP_USERS_REFUSED). A users table of an earlier layout cannot be read: 'unreadable', and
 * the journal is restored without them.
 */
export async function backupUsers(backupFile: string): Promise<UserRecord[] | 'unreadable'> {
  const from = openSqliteFile({ file: backupFile, open: openSqlite, readonly: true });
  try {
    let users: UserRecord[];
    try {
      users = await SqlUserStore.usersIn(from);
    } catch {
      return 'unreadable';
    }
    for (const [i, user] of users.entries()) {
      const field = userRecordFault(user);
      if (field === undefined) continue;
      throw new InputError('BACKUP_USERS_REFUSED', `user ${i + 1} of the backup is not one Reissue writes (its ${field}); nothing was restored`, {
        hint: 'restore from another backup: this one was not written by Reissue as it is',
        context: { user: i + 1, field },
      });
    }
    return users;
  } finally {
    await from.close();
  }
}

/**
 * After a restore: the backup's users (see backupUsers) into a journal that has none, so the
 * shop signs in as before. A journal with users keeps its own. Returns how many were carried.
 */
export async function carryUsers(users: readonly UserRecord[], target: string): Promise<number> {
  if (users.length === 0) return 0;
  const db = database(target).connect({});
  try {
    const store = await SqlUserStore.open(db);
    if (await store.hasUsers()) return 0;
    let carried = 0;
    for (const user of users) if ((await store.insertUser(user)) === 'created') carried += 1;
    return carried;
  } finally {
    await db.close();
  }
}

/** The journal at `target` as a restore fills it: created if need be, its settings left for the backup's. */
export function restoreTarget(target: string, context: AppContext): RestoreTarget {
  const { file } = database(target);
  const open = async () => new Journal({ store: await openStore(target, { create: true }, context.warn), clock: context.now });
  return file === undefined ? { open } : { file, open };
}

export interface OpenedAuth {
  auth: AuthService;
  close: () => Promise<void>;
}

/**
 * Users live beside the journal (same SQLite file or PostgreSQL database) on their own
 * connection, so a sign-in never joins a journal write that might roll back. Audit events
 * go to the journal's audit chain.
 */
export async function openAuth(target: string, journal: Journal, context: AppContext): Promise<OpenedAuth> {
  const db = database(target).connect({ maxConnections: 4 });
  try {
    const store = await SqlUserStore.open(db);
    // Throttle keys are stored as a keyed hash; every process on this database derives the same key from the journal's secret.
    const journalKey = await journal.metaOnce('verificationKey', () => randomBytes(32).toString('hex'));
    const throttleKey = createHmac('sha256', journalKey).update('reissue login throttle keys').digest();
    const auth = new AuthService({ store, hasher: new Argon2idHasher(), clock: context.now, random: cryptoRandom, onAudit: (event) => journal.appendAudit(event.type, event), throttleKey });
    return { auth, close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * The spooler for the configured printers: TCP transport, receipts rendered from the
 * journal for whichever printer (and model) finally takes the job.
 */
export function createSpooler(opened: OpenedJournal, config: ReissueConfig, context: AppContext, onEvent?: (event: SpoolerEvent) => void): Spooler {
  const { journal, settings } = opened;
  const font = createFontLoader();
  return new Spooler({
    journal,
    printers: printerDirectory(config.printers.map((p) => ({ name: p.name, host: p.host, port: p.port, ...(p.device ? { device: p.device } : {}), model: p.model, ...(p.backup ? { backup: p.backup } : {}), ...(p.group ? { group: p.group } : {}) }))),
    connect: printerConnector({ connectTimeoutMs: 3000, statusTimeoutMs: 2000 }),
    render: async (job, target, handedOver, sale) => {
      // At print time, not only when queued: the job must be what its events say (a job handed over in the write
      // that queued it is the row its events were made from), and the sale what its chain says (checked in that write for a job handed over, else by get()).
      if (!handedOver) await journal.checkJob(job);
      if (job.kind === 'report') {
        // A report is rendered from the journal when it prints, like a receipt.
        const { report: { stores, ...filters }, language } = reportOptionsOf(job);
        // A report printed for some shops (head office, `report --store`) covers those only.
        const report = await collectDay(stores === undefined ? journal : journal.within(stores), { ...filters, timeZone: settings.timeZone, clock: () => job.createdAt });
        const doc = reportDocument(report, { paper: target.profile.paper, printedAt: job.createdAt, ...(language ? { language } : {}) });
        return { bytes: encodeEscPos(doc, target.profile), paperMm: paperLengthMm(doc, target.profile.paper.dpi) };
      }
      const options = receiptOptionsOf(job);
      if (isCaptureId(job.transactionId)) {
        // The POS's own (masked) bytes: as they were (an original the tap handed over), or with the mark, reprint line and QR added.
        const { capture } = await journal.getCapture(job.transactionId);
        const rendered = renderCapturedReceipt(capture, { format: 'escpos', timeZone: settings.timeZone, font, printer: target.profile, ...captureJobMarks(job) });
        return { bytes: rendered.body as Uint8Array, paperMm: rendered.paperMm };
      }
      // The journal's own sale: jobs print nothing else, and at head office shops may hold sales under the same id.
      const found = sale ?? (await journal.within(['']).get(job.transactionId));
      // A duplicate carries the mark that is true when it prints, not when it was queued: one that waited (paper out,
      // a retry, a backup) for a void to be recorded must not pass for a paid sale. The mark read is journaled with its
      // sending. One handed over in the write that queued it prints the mark read just before that write.
      const atPrint = job.kind === 'duplicate' && !handedOver ? { status: (await journal.statusOf(found)) ?? null } : undefined;
      const { status: queuedWith, ...rest } = options;
      const status = atPrint ? (atPrint.status ?? undefined) : queuedWith;
      const rendered = renderReceipt(found.transaction, { format: 'escpos', ...printerOutput(config, target.name, target.profile.id), timeZone: settings.timeZone, font, ...rest, ...(status ? { status } : {}) });
      return { bytes: rendered.body as Uint8Array, paperMm: paperLengthMm(rendered.doc, target.profile.paper.dpi), ...(atPrint ? { printedWith: atPrint } : {}) };
    },
    clock: context.now,
    settings: config.spooler,
    ...(onEvent ? { onEvent } : {}),
  });
}

/** Reprints through the auth module (who may), the spooler (printing) and the audit chain. */
export function createReprintService(opened: OpenedJournal, auth: AuthService, spooler: Spooler, context: AppContext, verifyUrl?: string): ReprintService {
  return new ReprintService({
    journal: opened.journal,
    auth: {
      verify: async (name, password) => actorOf(await auth.checkPassword({ name, password, client: 'cli' })),
      approve: async (approver, password, forUser, action) => {
        const approval = await auth.approve({ approver, password, forUser, action });
        return actorOf(await auth.getUser(approval.approver));
      },
    },
    queue: spooler,
    audit: (type, payload) => opened.journal.appendAudit(type, payload),
    clock: context.now,
    context: opened.settings,
    random: cryptoRandom,
    ...(verifyUrl ? { verifyUrl } : {}),
  });
}

/**
 * A printer the tap forwards to: a configured printer's name, or an address (HOST:PORT,
 * /dev/usb/lp0, serial:/dev/ttyUSB0:9600).
 */
export function tapPrinterAddress(config: ReissueConfig, nameOrAddress: string): PrinterAddress {
  const named = config.printers.find((p) => p.name === nameOrAddress.trim());
  if (named) return named.device ?? { kind: 'tcp', host: named.host, port: named.port };
  return parsePrinterAddress(nameOrAddress);
}

/**
 * How a reprint that names no printer chooses one: a captured receipt goes back to the printer
 * of the tap that captured it (its source's entry in the configuration's taps), whichever way
 * staff reached it; anything else, and a source no tap names, to `otherwise()` (the default
 * printer, or the edge's "which printer?").
 */
export function tapPrinterFirst(config: Pick<ReissueConfig, 'taps'>, otherwise: () => string): PrinterChoice {
  return (found) => (found.origin === 'capture' ? config.taps.find((tap) => tap.source === found.source)?.printer : undefined) ?? otherwise();
}

/** A rules file: `file` relative to the working directory (--rules), or an absolute path (a tap of the configuration, see configRelativePath). */
export function loadCaptureRules(file: string, context: AppContext, given?: string): CaptureRules {
  const path = resolve(context.cwd, file);
  if (!existsSync(path)) {
    throw new NotFoundError('NO_RULES_FILE', `there is no rules file at ${path}`, {
      hint: given === undefined ? 'check the path given with --rules' : `check the path given with ${given} (relative to the configuration file's folder)`,
      context: { file: path, ...(given === undefined ? {} : { given }) },
    });
  }
  return captureRulesFromText(readSettingsFile(path), path);
}

/**
 * Where a tap keeps captured jobs while the journal cannot take them: beside the SQLite
 * journal (data/tap-SOURCE.jsonl), or in ./data for a PostgreSQL journal.
 */
export function tapFallbackPath(target: string, source: string, context: AppContext): string {
  const { file } = database(target);
  return resolve(file === undefined ? resolve(context.cwd, 'data') : dirname(file), `tap-${source}.jsonl`);
}

/**
 * A file the configuration names (a tap's rules and fallback file, sync's token file): relative to the
 * configuration file's folder, as the shop wrote it beside the file; the built-in defaults
 * (no file) read it from the working directory.
 */
export function configRelativePath(config: Pick<ReissueConfig, 'source'>, file: string, context: AppContext): string {
  const folder = config.source !== undefined && isAbsolute(config.source) ? dirname(config.source) : context.cwd;
  return resolve(folder, file);
}

/** Where each tap of the configuration keeps its fallback file: the file it names, else beside the journal. */
export function configTapFallbackPath(config: ReissueConfig, entry: ReissueConfig['taps'][number], target: string, context: AppContext): string {
  return entry.fallback === undefined ? tapFallbackPath(target, entry.source, context) : configRelativePath(config, entry.fallback, context);
}

export interface TapBacklog {
  source: string;
  file: string;
  /** Captured jobs in the file not yet in the journal; undefined when the file could not be read. */
  backlog: number | undefined;
  /** Why the file could not be read. */
  error?: string;
}

/**
 * The taps' backlog as their fallback files hold it, read from outside the process running
 * them (`reissue printers`): the configuration's taps, and any tap-SOURCE.jsonl beside the
 * journal (a `reissue tap` with the default --fallback). A file that is not there holds none.
 */
export async function tapBacklogs(config: ReissueConfig, target: string, context: AppContext): Promise<TapBacklog[]> {
  const files = new Map<string, string>(config.taps.map((entry) => [configTapFallbackPath(config, entry, target, context), entry.source]));
  const folder = dirname(tapFallbackPath(target, 'x', context));
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const name of names.sort()) {
    const match = /^tap-(.+)\.jsonl$/.exec(name);
    const file = resolve(folder, name);
    if (match?.[1] !== undefined && !files.has(file)) files.set(file, match[1]);
  }
  return Promise.all(
    [...files].map(async ([file, source]) => {
      try {
        return { source, file, backlog: (await fallbackFile(file).open()).pending.length };
      } catch (error) {
        return { source, file, backlog: undefined, error: (error as Error).message };
      }
    }),
  );
}

export type TapSetup = Pick<TapOptions, 'source' | 'listen' | 'lpd' | 'printer' | 'backup' | 'rules' | 'kanji' | 'paper' | 'idleGapMs' | 'onEvent' | 'handOver' | 'offlineStatus'> & {
  fallbackPath: string;
  /** A reader several taps share (the server's): its owner closes it. Default: a reader thread of the tap's own. */
  reader?: CaptureReader;
  /** The journal's target: a SQLite journal is written from a thread of its own (its commits block the thread they run on). */
  target?: string;
};

/**
 * The fallback file keeps captured receipts while the journal cannot take them: a path that
 * could never be written (under a file, a folder itself, a folder this user may not write)
 * is refused when the tap starts, not found out when a receipt needs it.
 */
function checkFallbackPath(path: string): void {
  const unusable = (reason: string, error?: unknown) =>
    new ConfigError('FALLBACK_UNUSABLE', `the tap's fallback file ${path} cannot be written: ${reason}`, {
      hint: 'give --fallback (or the tap\'s "fallback" in the configuration) a file, not a folder, in a folder this operating-system user may write to',
      ...(error === undefined ? {} : { cause: error }),
      context: { file: path, reason },
    });
  try {
    // It holds receipts (card numbers masked): its folder is private, like the journal's.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    accessSync(dirname(path), fsConstants.W_OK);
  } catch (error) {
    throw unusable((error as NodeJS.ErrnoException).code ?? 'error', error);
  }
  if (existsSync(path) && !statSync(path).isFile()) throw unusable('EISDIR');
}

/**
 * A tap that journals into the shop's journal (SQLite or PostgreSQL): each captured job a
 * capture.recorded event in the chain capture:SOURCE, kept in an fsync'd fallback file
 * while the journal cannot take it.
 */
export function createTap(opened: OpenedJournal, setup: TapSetup, context: AppContext): Tap {
  const { fallbackPath, target, reader: shared, ...options } = setup;
  checkFallbackPath(fallbackPath);
  const journal: CaptureJournal =
    target !== undefined && database(target).file !== undefined
      ? threadCaptureJournal({ target, cwd: context.cwd, env: { ...context.env } }, journalThreadEntry(), { onRestart: (warning) => options.onEvent?.(warning) })
      : journaledCaptures(opened.journal, opened.settings);
  try {
    // Jobs are read on a thread of their own: a big one never holds up the bytes of the others.
    // A shared reader is handed without its close: the tap's stop leaves it to its owner.
    const reader: CaptureReader = shared ? { read: (raw, meta, o) => shared.read(raw, meta, o) } : threadCaptureReader(readerThreadEntry(), undefined, { onBroken: (cause) => options.onEvent?.(readerUnavailable(cause)) });
    return new Tap({ ...options, journal, reader, fallback: fallbackFile(fallbackPath), openLink: tapLinkOpener(systemPrinterTimers), now: context.now });
  } catch (error) {
    // Refused (a bad source name): the thread just started for it is let go.
    void journal.close?.();
    throw error;
  }
}

/** True when `target` is a PostgreSQL database (head office), not a SQLite file. */
export function isPostgresTarget(target: string): boolean {
  return database(target).file === undefined;
}

export interface OpenedHeadOffice {
  office: HeadOffice;
  close: () => Promise<void>;
}

/** Head office's register of shops beside the journal (same database, own connection). */
export async function openHeadOffice(target: string, journal: Journal, context: AppContext): Promise<OpenedHeadOffice> {
  const shops = await SqlShopRegistry.open(database(target).connect({ maxConnections: 4 }));
  return { office: new HeadOffice({ journal, shops, clock: context.now, random: cryptoRandom }), close: () => shops.close() };
}

/** Head office at `url`, reached over HTTP(S) with the shop's token from `tokenFile` (the one `hq store add --token-file` wrote). */
export function headOfficeLink(url: string, tokenFile: string, context: AppContext): HttpHeadOfficeLink {
  const file = resolve(context.cwd, tokenFile);
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new NotFoundError('NO_TOKEN_FILE', `cannot read the token file ${file}`, { hint: 'give the file head office made with `reissue hq store add ID --name NAME --token-file FILE`', context: { file }, cause: error });
  }
  // A warning, as for the journal's own files: the token reads back no more than the journal beside it holds.
  const [open] = filesOpenToOthers(file);
  if (open) {
    const mode = `0${open.mode.toString(8)}`;
    context.warn?.(new ConfigError('TOKEN_FILE_TOO_OPEN', `others than its owner may read the token file ${file} (${mode})`, { hint: `the token pushes this shop's events and reads them back; let only its owner read it: chmod 600 ${file}`, context: { file, mode } }));
  }
  return new HttpHeadOfficeLink({ url, token });
}

export interface SyncReporter {
  round(result: RoundResult): void;
  error(error: unknown, retryInMs: number): void;
}

/**
 * A shop's background sync (the configuration's `sync`): rounds beside the sales until the
 * returned stop() is called; the shop never waits on it. The token file is read once, here.
 */
export function startBackgroundSync(journal: Journal, sync: SyncConfig, context: AppContext, report: SyncReporter): () => Promise<void> {
  const outbox = new Outbox({ journal, link: headOfficeLink(sync.to, sync.tokenFile, context), clock: context.now });
  const stop = new AbortController();
  const running = runSyncLoop(outbox, stop.signal, {
    everyMs: sync.everyMs,
    random: Math.random,
    sleep: (ms, signal) =>
      new Promise((done) => {
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
      }),
    onRound: (result) => report.round(result),
    onError: (error, retryInMs) => report.error(error, retryInMs),
  });
  return async () => {
    stop.abort();
    await running;
  };
}
