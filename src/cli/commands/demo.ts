import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAuth, resolveDbTarget } from '../../app.js';
import { parseConfig } from '../../config/index.js';
import { InputError } from '../../core/index.js';
import { startVirtualPrinter } from '../../emulator/index.js';
import { startServer } from '../../server/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { seedCommand } from './seed.js';
import { publicUrlOption } from './start.js';

const DEMO_SALES = 2000;

/** Demo accounts, marked as such everywhere they are shown; change them before real use. */
const DEMO_USERS = [
  { name: 'admin', role: 'admin', password: 'demo-admin-pass', operatorNo: '99' },
  { name: 'supervisor', role: 'supervisor', password: 'demo-supervisor-pass', operatorNo: '90' },
  { name: 'cashier', role: 'cashier', password: 'demo-cashier-pass', operatorNo: '01' },
  { name: 'office', role: 'backoffice', password: 'demo-office-pass', operatorNo: '80' },
  { name: 'auditor', role: 'auditor', password: 'demo-auditor-pass' },
] as const;

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

function port(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InputError('BAD_USAGE', `--${flag} must be 0..65535`, { hint: `e.g. --${flag} ${fallback}` });
  return n;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the main job: server + SQLite journal + a virtual printer + demo data',
  help: `reissue demo [--port 8080] [--host 127.0.0.1] [--printer-port 9100] [--web DIR] [--public-url URL] [--db …]

On first run records ${DEMO_SALES} demo sales and creates demo users (their passwords are
shown, marked DEMO — change them with \`reissue user passwd\` before real use); then starts a
virtual receipt printer (jobs as pictures in data/virtual-printer/) and the back-office
server, and prints the URL and how to log in. E-receipt links point at --public-url (an
address customers' phones reach, e.g. http://192.168.1.20:8080 with --host 0.0.0.0), else
at this machine only. Ctrl-C stops both gracefully.`,
  async run(args, context) {
    const { values } = parseCommandArgs('demo', args, { ...DB_OPTION, port: { type: 'string' }, host: { type: 'string' }, 'printer-port': { type: 'string' }, web: { type: 'string' }, 'public-url': { type: 'string' } });
    const publicUrl = publicUrlOption(values);
    const io = context.io;
    const db = resolveDbTarget(stringOption(values, 'db'), context.app);
    const dbArgs = ['--db', db];
    const cashierTerminal = await withJournal(values, context, { create: true }, async (opened) => {
      if ((await opened.store.counts()).events === 0) {
        io.stderr(`first run: recording ${DEMO_SALES} demo sales\n`);
        await seedCommand.run(['--count', String(DEMO_SALES), '--seed', '1', '--days', '7', ...dbArgs], context);
      }
      const newest = (await opened.journal.find({ limit: 1, kind: 'sale' })).items[0];
      const { auth, close } = await openAuth(db, opened.journal, context.app);
      try {
        if (!(await auth.hasUsers())) {
          const [first, ...rest] = DEMO_USERS;
          await auth.bootstrapAdmin({ name: first.name, password: first.password, operatorNo: first.operatorNo });
          for (const user of rest) {
            await auth.addUser({ name: user.name, role: user.role, password: user.password, ...('operatorNo' in user ? { operatorNo: user.operatorNo } : {}), ...(user.role === 'cashier' && newest ? { terminal: newest.transaction.terminalId } : {}) }, first.name);
          }
        }
      } finally {
        await close();
      }
      return newest?.transaction.terminalId;
    });
    const jobsDir = join(dirname(db), 'virtual-printer');
    let printer;
    try {
      printer = await startVirtualPrinter({ port: port(stringOption(values, 'printer-port'), 9100, 'printer-port'), jobsDir, speedMmPerSecond: 150 });
    } catch {
      printer = await startVirtualPrinter({ port: 0, jobsDir, speedMmPerSecond: 150 });
    }
    const printerAt = printer.address;
    const config = parseConfig({ printers: [{ name: 'counter', address: `127.0.0.1:${printerAt?.port}` }], defaultPrinter: 'counter' }, 'demo configuration');
    const webRoot = stringOption(values, 'web') ?? join(PACKAGE_ROOT, 'dist', 'web');
    const server = await startServer({
      port: port(stringOption(values, 'port') ?? io.env.PORT, 8080, 'port'),
      host: stringOption(values, 'host') ?? '127.0.0.1',
      db,
      config,
      context: context.app,
      ...(publicUrl === undefined ? {} : { publicUrl }),
      ...(existsSync(join(webRoot, 'index.html')) ? { webRoot } : {}),
    }).catch(async (error: unknown) => {
      await printer.stop();
      throw error;
    });
    io.stdout(`
Reissue is running.

  Back office:      ${server.url}/
  API:              ${server.url}/api/v1  (OpenAPI: ${server.url}/api/v1/openapi.json)
  Virtual printer:  127.0.0.1:${printerAt?.port} as "counter"; every receipt it prints is kept in ${jobsDir}/ as .txt and .png
  Journal:          ${db}

DEMO logins (for trying Reissue only — change with \`reissue user passwd NAME --by admin\`):
${DEMO_USERS.map((u) => `  ${u.name.padEnd(11)} ${u.password.padEnd(22)} ${u.role}${u.name === 'cashier' && cashierTerminal ? ` at terminal ${cashierTerminal}` : ''}`).join('\n')}

Press Ctrl-C to stop.
`);
    await io.untilStopped();
    io.stderr('stopping…\n');
    await server.close();
    await printer.stop();
    io.stderr(`stopped; the virtual printer printed ${printer.jobs().length} job(s)\n`);
    return 0;
  },
};
