import { join } from 'node:path';
import { createReprintService, createSpooler, openAuth, openJournal, type AppContext, type OpenedJournal } from '../../src/app.js';
import type { AuthService } from '../../src/auth/index.js';
import { parseConfig, type ReissueConfig } from '../../src/config/index.js';
import { startVirtualPrinter, type VirtualPrinter } from '../../src/emulator/index.js';
import type { Spooler } from '../../src/printer/index.js';
import { createApp, type ServerDeps, type ServerOptions } from '../../src/server/index.js';
import { tempDir } from './cli.js';
import { sqliteEngine, type Engine } from './engines.js';
import { sale } from './fixtures.js';

/** The sale 90 minutes before NOW, and the last sale of terminal 10023456 (2 minutes before NOW). */
export const OLD = '10023456-000128-000457';
export const RECENT = '10023456-000128-000500';
export const START = Date.parse('2026-11-27T08:00:00Z');

/** Users made for every server test; each one's password is "NAME-password". */
export const USERS = [
  { name: 'li', role: 'cashier', operatorNo: '07', terminal: '10023456' },
  { name: 'wang', role: 'supervisor', operatorNo: '90' },
  { name: 'zhao', role: 'auditor' },
  { name: 'bo', role: 'backoffice', operatorNo: '55' },
  { name: 'pos', role: 'cashier', operatorNo: '31' },
  { name: 'locked', role: 'cashier' },
  { name: 'leaver', role: 'cashier' },
] as const;

export interface Harness {
  dir: ReturnType<typeof tempDir>;
  db: string;
  printer: VirtualPrinter;
  opened: OpenedJournal;
  auth: AuthService;
  spooler: Spooler;
  config: ReissueConfig;
  deps: ServerDeps;
  logs: string[];
  /** The test clock (auth, journal, policy, links); the spooler runs on real time. */
  clock: { now: number };
  context: AppContext;
  close(): Promise<void>;
}

/**
 * A real journal (a temp SQLite file, a new PostgreSQL database with `engine`, or the journal
 * `where.journal` names), the real AuthService (argon2id) with USERS and an admin
 * "root", a spooler pointed at a virtual printer ("front", the default) and at a port
 * nobody listens on ("dead"), two sales on record.
 */
export async function serverHarness(options: ServerOptions = {}, where: Engine | { journal?: string } = sqliteEngine): Promise<Harness> {
  const dir = tempDir('reissue-server-');
  const db = 'newTarget' in where ? await where.newTarget(dir.path) : (where.journal ?? join(dir.path, 'journal.db'));
  const clock = { now: START };
  const context: AppContext = { env: { REISSUE_TZ: 'Asia/Shanghai' }, cwd: dir.path, now: () => clock.now };
  const printer = await startVirtualPrinter({ port: 0, speedMmPerSecond: 5000 });
  const config = parseConfig(
    {
      printers: [
        { name: 'front', address: `127.0.0.1:${printer.address?.port}` },
        { name: 'dead', address: '127.0.0.1:9' },
      ],
      defaultPrinter: 'front',
      spooler: { retryInitial: '5s', retryMax: '5s' },
    },
    'test',
  );
  const opened = await openJournal(db, context, { create: true, timeZone: 'Asia/Shanghai' });
  await opened.journal.recordMany([sale(), sale({ voucherNo: '000500', referenceNo: '133041825600', occurredAt: '2026-11-27T15:58:00+08:00', amount: '66.00' })]);
  const { auth, close: closeAuth } = await openAuth(db, opened.journal, context);
  await auth.bootstrapAdmin({ name: 'root', password: 'root-password', operatorNo: '99' });
  for (const u of USERS) await auth.addUser({ ...u, password: `${u.name}-password` }, 'root');
  // The spooler runs on real time: its retries and expiry must pass while the test clock stands still.
  const spooler = createSpooler(opened, config, { ...context, now: Date.now });
  await spooler.start();
  const reprint = createReprintService(opened, auth, spooler, context);
  const logs: string[] = [];
  const deps: ServerDeps = {
    journal: opened.journal,
    settings: opened.settings,
    auth,
    spooler,
    reprint,
    config,
    clock: () => clock.now,
    logger: (line) => logs.push(line),
    audit: (type, payload) => opened.journal.appendAudit(type, payload),
    options,
  };
  return {
    dir,
    db,
    printer,
    opened,
    auth,
    spooler,
    config,
    deps,
    logs,
    clock,
    context,
    async close() {
      await spooler.stop();
      await closeAuth();
      await opened.journal.close();
      await printer.stop();
      dir.remove();
    },
  };
}

export { createApp };
