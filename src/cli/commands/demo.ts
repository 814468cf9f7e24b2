import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAuth, resolveDbTarget } from '../../app.js';
import { DEFAULT_CONFIG_FILE } from '../../config/index.js';
import { InputError } from '../../core/index.js';
import { startVirtualPrinter } from '../../emulator/index.js';
import { startServer } from '../../server/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { ROLE_WORDS } from '../../i18n/index.js';
import { chooseLogMode, LOG_FORMAT_OPTION, logFileFor, serverLogging } from '../server-console.js';
import { cliText, type CliTextKey } from '../texts.js';
import { DEMO_PRINTER, writeDemoConfig } from './demo-config.js';
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
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InputError('BAD_USAGE', `--${flag} must be 0..65535`, { hint: `e.g. --${flag} ${fallback}`, context: { rule: 'port', option: `--${flag}`, value: text, example: fallback } });
  return n;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the main job: server + SQLite journal + a virtual printer + demo data',
  help: `reissue demo [--port 8080] [--host 127.0.0.1] [--printer-port 9100] [--web DIR] [--public-url URL] [--log-format text|json] [--lang zh|en] [--db …]

On first run records ${DEMO_SALES} demo sales and creates demo users (their passwords are
shown, marked DEMO — change them with \`reissue user passwd\` before real use); then starts a
virtual receipt printer (jobs as pictures in data/virtual-printer/) and the back-office
server, and prints the URL and how to log in. E-receipt links point at --public-url (an
address customers' phones reach, e.g. http://192.168.1.20:8080 with --host 0.0.0.0), else
at this machine only. The virtual printer is written into the
configuration beside the journal (data/reissue.config.json) as "counter", the default printer,
so \`reissue reprint\`, \`print\` and \`printers\` know it. On a terminal only notable events
(printer faults and their clearing, reprints, refusals, sign-in lock-outs) are shown, in the
language of --lang / REISSUE_LANG / the locale, and the JSON request log goes to
data/reissue.log (rotated at 5 MiB, one old file kept as reissue.log.1); with --log-format
json, or when stderr is not a terminal, every JSON line goes to stderr. Ctrl-C stops both
gracefully.`,
  async run(args, context) {
    const { values } = parseCommandArgs('demo', args, { ...DB_OPTION, ...LOG_FORMAT_OPTION, port: { type: 'string' }, host: { type: 'string' }, 'printer-port': { type: 'string' }, web: { type: 'string' }, 'public-url': { type: 'string' } });
    const publicUrl = publicUrlOption(values);
    const io = context.io;
    const logMode = chooseLogMode(stringOption(values, 'log-format'), io.isTty);
    const db = resolveDbTarget(stringOption(values, 'db'), context.app);
    const dbArgs = ['--db', db];
    const cashierTerminal = await withJournal(values, context, { create: true }, async (opened) => {
      if ((await opened.journal.counts()).events === 0) {
        io.stderr(`${cliText(context.language, 'demo.firstRun', { count: DEMO_SALES })}\n`);
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
    const configFile = join(dirname(db), DEFAULT_CONFIG_FILE);
    const say = (key: CliTextKey, params: Record<string, unknown> = {}) => cliText(context.language, key, params);
    const logging = serverLogging(logMode, io, context.language, logFileFor(db, context.app.cwd));
    let server;
    try {
      const config = writeDemoConfig(configFile, `127.0.0.1:${printerAt?.port}`);
      const webRoot = stringOption(values, 'web') ?? join(PACKAGE_ROOT, 'dist', 'web');
      server = await startServer({
        port: port(stringOption(values, 'port') ?? io.env.PORT, 8080, 'port'),
        host: stringOption(values, 'host') ?? '127.0.0.1',
        db,
        config,
        context: context.app,
        logger: logging.sink,
        ...(publicUrl === undefined ? {} : { publicUrl }),
        ...(existsSync(join(webRoot, 'index.html')) ? { webRoot } : {}),
      });
    } catch (error) {
      await printer.stop();
      logging.close();
      throw error;
    }
    const logins = DEMO_USERS.map((u) => `  ${u.name.padEnd(11)} ${u.password.padEnd(22)} ${ROLE_WORDS[u.role]?.[context.language] ?? u.role}${u.name === 'cashier' && cashierTerminal ? say('demo.atTerminal', { terminal: cashierTerminal }) : ''}`);
    io.stdout(
      [
        '',
        say('demo.running'),
        '',
        say('demo.backOffice', { url: server.url }),
        say('demo.api', { url: server.url }),
        say('demo.printer', { port: printerAt?.port, name: DEMO_PRINTER, dir: jobsDir }),
        say('demo.config', { file: configFile }),
        say('demo.journal', { db }),
        ...(logging.file ? [say('demo.log', { file: logging.file })] : []),
        '',
        say('demo.logins'),
        ...logins,
        '',
        say('demo.stop'),
        '',
      ].join('\n'),
    );
    await io.untilStopped();
    io.stderr(`${say('demo.stopping')}\n`);
    await server.close();
    await printer.stop();
    logging.close();
    io.stderr(`${say('demo.stopped', { count: printer.jobs().length })}\n`);
    return 0;
  },
};
