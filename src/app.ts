/**
 * The composition root: the one place that picks adapters (better-sqlite3, pg) and wires
 * them to the modules. Everything else receives its dependencies.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import pg from 'pg';
import { Argon2idHasher, AuthService, PostgresUserStore, SqliteUserStore, cryptoRandom, type AuditEvent } from './auth/index.js';
import { DEFAULT_CONFIG_FILE, configFromText, defaultConfig, printerOutput, type ReissueConfig } from './config/index.js';
import { ConfigError, InputError, NotFoundError } from './core/index.js';
import { Spooler, printerDirectory, tcpConnector, type SpoolerEvent } from './printer/index.js';
import { ReprintService } from './reprint/index.js';
import { randomBytes } from 'node:crypto';
import { createFontLoader, type DuplicateInfo, type ReceiptCopy, type ReceiptLanguage, type ReceiptTemplate } from './receipt/index.js';
import { paperLengthMm, renderReceipt } from './render/index.js';
import { collectDay, reportDocument } from './reports/index.js';
import { encodeEscPos } from './escpos/index.js';
import {
  Journal,
  PostgresStore,
  SqliteStore,
  WorkerPreparer,
  inProcessPreparer,
  copyEvents,
  eventsAfterHeads,
  planRestore,
  verifyJournal,
  type JournalStore,
  type Preparer,
  type SqliteOpener,
  type TransferProgress,
  type VerifyReport,
} from './journal/index.js';

export const DEFAULT_DB = 'data/reissue.db';
export const DEFAULT_CURRENCY = 'CNY';

export interface AppContext {
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => number;
}

export interface StoreSettings {
  timeZone: string;
  currency: string;
}

export interface OpenedJournal {
  journal: Journal;
  store: JournalStore;
  settings: StoreSettings;
}

const openSqlite: SqliteOpener = (file, options) => new Database(file, options);
const isPostgres = (target: string) => /^postgres(ql)?:\/\//i.test(target);

/** `--db`, else REISSUE_DB, else ./data/reissue.db. */
export function resolveDbTarget(flag: string | undefined, context: AppContext): string {
  const target = flag ?? context.env.REISSUE_DB ?? DEFAULT_DB;
  if (isPostgres(target)) return target;
  return isAbsolute(target) ? target : resolve(context.cwd, target);
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
    const beside = named === undefined && journal !== undefined && !isPostgres(journal) ? resolve(context.cwd, dirname(journal), DEFAULT_CONFIG_FILE) : undefined;
    if (beside !== undefined && existsSync(beside)) return configFromText(readFileSync(beside, 'utf8'), beside);
    if (named === undefined) return defaultConfig();
    throw new NotFoundError('NO_CONFIG', `there is no configuration file at ${path}`, { hint: 'check the path given with --config or REISSUE_CONFIG', context: { file: path } });
  }
  return configFromText(readFileSync(path, 'utf8'), path);
}

export interface OpenOptions {
  /** Create the journal when it does not exist yet (record, seed, init). */
  create?: boolean;
  /** Time zone to set on a new journal. */
  timeZone?: string;
  currency?: string;
}

export async function openStore(target: string, options: OpenOptions = {}): Promise<JournalStore> {
  if (isPostgres(target)) {
    return PostgresStore.connect({ url: target, createPool: (config) => new pg.Pool(config) });
  }
  if (!existsSync(target)) {
    if (!options.create) {
      throw new NotFoundError('NO_JOURNAL', `there is no journal at ${target}`, { hint: 'create one with `reissue init` (or pass --db / set REISSUE_DB to an existing journal)', context: { file: target } });
    }
    mkdirSync(dirname(target), { recursive: true });
  }
  return new SqliteStore({ file: target, open: openSqlite });
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

/** Opens the journal and its store settings, writing defaults on first use. */
export async function openJournal(target: string, context: AppContext, options: OpenOptions = {}): Promise<OpenedJournal> {
  const store = await openStore(target, options);
  try {
    let timeZone = await store.getMeta('timeZone');
    let currency = await store.getMeta('currency');
    if (!timeZone) {
      timeZone = options.timeZone ?? systemTimeZone(context);
      new Intl.DateTimeFormat('en', { timeZone }); // throws RangeError on a bad zone before it is stored
      await store.setMeta('timeZone', timeZone);
      await store.setMeta('createdAt', new Date(context.now()).toISOString());
    }
    if (!currency) {
      currency = options.currency ?? DEFAULT_CURRENCY;
      await store.setMeta('currency', currency);
    }
    // The secret behind receipt verification codes, made once with the journal.
    if (!(await store.getMeta('verificationKey'))) await store.setMeta('verificationKey', randomBytes(32).toString('hex'));
    return { journal: new Journal({ store, clock: context.now }), store, settings: { timeZone, currency } };
  } catch (error) {
    await store.close();
    if (error instanceof RangeError) {
      throw new InputError('BAD_TIME_ZONE', `unknown time zone "${options.timeZone ?? ''}"`, { hint: 'use an IANA name such as Asia/Shanghai', context: { timeZone: options.timeZone } });
    }
    throw error;
  }
}

export interface BackupResult {
  file: string;
  report: VerifyReport;
}

/**
 * An online, consistent backup while writers go on: SQLite's backup API for a SQLite
 * journal, an event-by-event copy into a new SQLite file for PostgreSQL. The copy is
 * verified before it is reported good.
 */
export async function backupJournal(store: JournalStore, file: string, onProgress?: TransferProgress): Promise<BackupResult> {
  if (existsSync(file)) {
    throw new InputError('BACKUP_EXISTS', `${file} already exists; a backup never overwrites a file`, { hint: 'choose a new file name, e.g. one with today\'s date', context: { file } });
  }
  mkdirSync(dirname(resolve(file)), { recursive: true });
  if (store instanceof SqliteStore) {
    await store.snapshotTo(file, onProgress);
  } else {
    const target = new SqliteStore({ file, open: openSqlite });
    try {
      const { events } = await store.counts();
      await copyEvents(store.events(), target, events, onProgress);
      for (const key of ['timeZone', 'currency', 'createdAt']) {
        const value = await store.getMeta(key);
        if (value !== undefined) await target.setMeta(key, value);
      }
    } finally {
      await target.close();
    }
  }
  const copy = new SqliteStore({ file, open: openSqlite, readonly: true });
  try {
    const report = await verifyJournal(copy);
    if (!report.ok) throw new ConfigError('BACKUP_UNVERIFIED', `the backup written to ${file} does not verify: ${report.failure?.detail ?? ''}`, { hint: 'check the disk and try again', context: { file, problem: report.failure?.problem } });
    return { file, report };
  } finally {
    await copy.close();
  }
}

export interface RestoreOptions {
  force?: boolean;
  onProgress?: TransferProgress;
  now: () => number;
}

export interface RestoreResult {
  restored: number;
  report: VerifyReport;
  setAside?: string;
}

async function openBackup(file: string): Promise<SqliteStore> {
  if (!existsSync(file)) throw new NotFoundError('NO_BACKUP', `there is no backup at ${file}`, { hint: 'give the path of a file written by `reissue backup`', context: { file } });
  let store: SqliteStore;
  try {
    store = new SqliteStore({ file, open: openSqlite, readonly: true });
    await store.counts();
  } catch (error) {
    throw new InputError('NOT_A_BACKUP', `${file} is not a Reissue journal backup`, { hint: 'give the path of a file written by `reissue backup`', cause: error, context: { file } });
  }
  return store;
}

/**
 * Restores a verified backup. Events the journal lacks are added; a journal holding
 * anything the backup does not is refused unless `force`, which sets it aside first.
 */
export async function restoreJournal(file: string, target: string, options: RestoreOptions): Promise<RestoreResult> {
  const backup = await openBackup(file);
  try {
    let setAside: string | undefined;
    if (options.force && !isPostgres(target) && existsSync(target)) {
      setAside = `${target}.before-restore-${new Date(options.now()).toISOString().replace(/[:.]/g, '-')}`;
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, setAside + suffix);
    } else if (options.force && isPostgres(target)) {
      throw new InputError('FORCE_UNSUPPORTED', '--force cannot set a PostgreSQL journal aside', { hint: 'restore into a new, empty database instead' });
    }
    const store = await openStore(target, { create: true });
    try {
      const plan = await planRestore(backup, store);
      const restored = await copyEvents(eventsAfterHeads(backup, plan.targetHeads), store, plan.missing, options.onProgress);
      for (const key of ['timeZone', 'currency', 'createdAt']) {
        const value = await backup.getMeta(key);
        if (value !== undefined && (await store.getMeta(key)) === undefined) await store.setMeta(key, value);
      }
      const report = await verifyJournal(store);
      return setAside ? { restored, report, setAside } : { restored, report };
    } finally {
      await store.close();
    }
  } finally {
    await backup.close();
  }
}

/** Chain that holds who did what: reprints, refusals, approvals, user changes, sign-ins. */
export const AUDIT_CHAIN = 'audit';

/** Journals an auth audit event in the audit chain (the hook awaits it). */
export async function journalAudit(journal: Journal, type: string, payload: unknown): Promise<void> {
  await journal.store.write((writer) => journal.appendEvent(writer, AUDIT_CHAIN, type, payload));
}

export interface OpenedAuth {
  auth: AuthService;
  close: () => Promise<void>;
}

/**
 * Users live beside the journal (same SQLite file or PostgreSQL database) on their own
 * connection, so a sign-in never joins a journal write that might roll back.
 */
export async function openAuth(target: string, journal: Journal, context: AppContext): Promise<OpenedAuth> {
  const onAudit = (event: AuditEvent) => journalAudit(journal, event.type, event);
  const options = { hasher: new Argon2idHasher(), clock: context.now, random: cryptoRandom, onAudit };
  if (isPostgres(target)) {
    const pool = new pg.Pool({ connectionString: target, max: 4 });
    pool.on('error', () => undefined);
    try {
      const store = await PostgresUserStore.open(pool);
      return { auth: new AuthService({ ...options, store }), close: () => pool.end() };
    } catch (error) {
      await pool.end();
      throw error;
    }
  }
  const db = openSqlite(target, {});
  db.pragma('busy_timeout = 10000');
  db.pragma('synchronous = FULL');
  const store = new SqliteUserStore(db);
  return {
    auth: new AuthService({ ...options, store }),
    close: async () => {
      db.close();
    },
  };
}

/** Which day's report a report job prints. */
export interface ReportJobOptions {
  date: string;
  terminalId?: string;
  batchNo?: string;
  operatorId?: string;
}

/** What a print job asks of the renderer; kept in the job so a retry prints the same thing. */
export interface ReceiptJobOptions {
  /** Which piece of paper: the bank slip or the shop receipt (an original names it, see originalRequests). */
  template?: ReceiptTemplate;
  copy?: ReceiptCopy;
  language?: ReceiptLanguage;
  duplicate?: DuplicateInfo;
  verificationUrl?: string;
  /** Printed under the QR code of a duplicate. */
  verificationCode?: string;
}

/**
 * The spooler for the configured printers: TCP transport, receipts rendered from the
 * journal for whichever printer (and model) finally takes the job.
 */
export function createSpooler(opened: OpenedJournal, config: ReissueConfig, onEvent?: (event: SpoolerEvent) => void): Spooler {
  const { journal, settings } = opened;
  const font = createFontLoader();
  return new Spooler({
    journal,
    printers: printerDirectory(config.printers.map((p) => ({ name: p.name, host: p.host, port: p.port, model: p.model, ...(p.backup ? { backup: p.backup } : {}), ...(p.group ? { group: p.group } : {}) }))),
    connect: tcpConnector({ connectTimeoutMs: 3000, statusTimeoutMs: 2000 }),
    render: async (job, target) => {
      if (job.kind === 'report') {
        // A report is rendered from the journal when it prints, like a receipt.
        const { report: filters, language } = JSON.parse(job.options) as { report: ReportJobOptions; language?: ReceiptLanguage };
        const report = await collectDay(journal, { ...filters, timeZone: settings.timeZone, clock: () => job.createdAt });
        const doc = reportDocument(report, { paper: target.profile.paper, printedAt: job.createdAt, ...(language ? { language } : {}) });
        return { bytes: encodeEscPos(doc, target.profile), paperMm: paperLengthMm(doc, target.profile.paper.dpi) };
      }
      const { transaction } = await journal.get(job.transactionId);
      const options = JSON.parse(job.options) as ReceiptJobOptions;
      const rendered = renderReceipt(transaction, { format: 'escpos', ...printerOutput(config, target.name, target.profile.id), timeZone: settings.timeZone, font, ...options });
      return { bytes: rendered.body as Uint8Array, paperMm: paperLengthMm(rendered.doc, target.profile.paper.dpi) };
    },
    clock: Date.now,
    settings: config.spooler,
    ...(onEvent ? { onEvent } : {}),
  });
}

/** Reprints through the auth module (who may), the spooler (printing) and the audit chain. */
export function createReprintService(opened: OpenedJournal, auth: AuthService, spooler: Spooler, context: AppContext, verifyUrl?: string): ReprintService {
  const actor = (user: { name: string; role: string; terminal?: string; operatorNo?: string }) => ({ name: user.name, role: user.role, terminalId: user.terminal, operatorNo: user.operatorNo });
  return new ReprintService({
    journal: opened.journal,
    auth: {
      verify: async (name, password) => {
        const { token, user } = await auth.login({ name, password, client: 'cli' });
        await auth.logout(token);
        return actor(user);
      },
      approve: async (approver, password, forUser, action) => {
        const approval = await auth.approve({ approver, password, forUser, action });
        return actor(await auth.getUser(approval.approver));
      },
    },
    queue: spooler,
    audit: (type, payload) => journalAudit(opened.journal, type, payload),
    clock: context.now,
    context: opened.settings,
    ...(verifyUrl ? { verifyUrl } : {}),
  });
}
