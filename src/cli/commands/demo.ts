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
import { DEMO_USERS, demoLogins, isLoopbackHost, saveDemoLogins, savedDemoLogins, type DemoLogin } from './demo-logins.js';
import { seedCommand } from './seed.js';
import { publicUrlOption } from './start.js';

const DEMO_SALES = 2000;

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

function port(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InputError('BAD_USAGE', `--${flag} must be 0..65535`, { hint: `e.g. --${flag} ${fallback}`, context: { rule: 'port', option: `--${flag}`, value: text, example: fallback } });
  return n;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: { en: 'the main job: server + SQLite journal + a virtual printer + demo data', zh: '主要用法：服务 + SQLite 日志 + 一台虚拟打印机 + 演示数据' },
  help: {
    usage: `reissue demo [--port 8080] [--host 127.0.0.1] [--printer-port 9100] [--web DIR] [--public-url URL] [--log-format text|json] [--lang zh|en] [--db …]`,
    en: `On first run records ${DEMO_SALES} demo sales and creates demo users with passwords made for
this install: they are shown once, marked DEMO, and kept in data/${'demo-logins.txt'} beside the
journal, readable by this account only; later starts show the user names and where that file
is, never the passwords again (change them with \`reissue user passwd NAME --by admin\`).
Then starts a virtual receipt printer (jobs as pictures in data/virtual-printer/) and the
back-office server, and prints the URL and how to log in. The demo serves this computer
only: --host must be a loopback address (127.0.0.1, ::1, localhost); for the shop's
network run \`reissue start\` with real users. E-receipt links point at --public-url, else at
this computer. The virtual printer is written into the
configuration beside the journal (data/reissue.config.json) as "counter", the default printer,
so \`reissue reprint\`, \`print\` and \`printers\` know it. On a terminal only notable events
(printer faults and their clearing, reprints, refusals, sign-in lock-outs) are shown, in the
language of --lang / REISSUE_LANG / the locale, and the JSON request log goes to
data/reissue.log (rotated at 5 MiB, one old file kept as reissue.log.1); with --log-format
json, or when stderr is not a terminal, every JSON line goes to stderr. Ctrl-C stops both
gracefully.`,
    zh: `第一次运行时记录 2000 笔演示交易，并创建演示用户，密码为这次安装生成：只显示一次，标为 DEMO，
保存在日志旁边的 data/demo-logins.txt（只有本账户能读）；以后启动只显示用户名和这个文件的位置，
不再显示密码（用 \`reissue user passwd NAME --by admin\` 修改）。然后启动一台虚拟小票打印机
（任务以图片保存在 data/virtual-printer/）和后台服务，并显示网址和登录方法。演示只服务本机：
--host 必须是回环地址（127.0.0.1、::1、localhost）；要服务门店网络，请用真实用户运行 \`reissue start\`。
电子小票链接指向 --public-url，否则指向本机。虚拟打印机以 "counter" 的名称写进日志旁边的配置
（data/reissue.config.json），并设为默认打印机，所以 \`reissue reprint\`、\`print\` 和 \`printers\` 都认得它。
在终端上只显示值得注意的事件（打印机故障及恢复、补打、拒绝、登录锁定），语言按 --lang /
REISSUE_LANG / 系统语言；JSON 请求日志写到 data/reissue.log（5 MiB 轮换，旧文件保留为
reissue.log.1）；用 --log-format json，或 stderr 不是终端时，每行 JSON 都写到 stderr。
按 Ctrl-C 两者都会正常停止。`,
  },
  async run(args, context) {
    const { values } = parseCommandArgs('demo', args, { ...DB_OPTION, ...LOG_FORMAT_OPTION, port: { type: 'string' }, host: { type: 'string' }, 'printer-port': { type: 'string' }, web: { type: 'string' }, 'public-url': { type: 'string' } });
    const publicUrl = publicUrlOption(values);
    const host = stringOption(values, 'host') ?? '127.0.0.1';
    // Demo logins are shown on screen and kept in a file: never offered to a network.
    if (!isLoopbackHost(host)) {
      throw new InputError('DEMO_HOST_NOT_LOOPBACK', `demo listens on this computer only (127.0.0.1, ::1, localhost), not on "${host}"`, {
        hint: `to serve the shop's network, run \`reissue start --host ${host}\` with real users (\`reissue user add\`)`,
        context: { host },
      });
    }
    const io = context.io;
    const logMode = chooseLogMode(stringOption(values, 'log-format'), io.isTty);
    const db = resolveDbTarget(stringOption(values, 'db'), context.app);
    const dbArgs = ['--db', db];
    let madeLogins: DemoLogin[] | undefined;
    let loginsFile: string | undefined;
    const cashierTerminal = await withJournal(values, context, { create: true }, async (opened) => {
      if ((await opened.journal.counts()).events === 0) {
        io.stderr(`${cliText(context.language, 'demo.firstRun', { count: DEMO_SALES })}\n`);
        await seedCommand.run(['--count', String(DEMO_SALES), '--seed', '1', '--days', '7', ...dbArgs], context);
      }
      const newest = (await opened.journal.find({ limit: 1, kind: 'sale' })).items[0];
      const { auth, close } = await openAuth(db, opened.journal, context.app);
      try {
        if (!(await auth.hasUsers())) {
          const [first, ...rest] = demoLogins(io.randomBytes);
          if (!first) throw new Error('the demo has no users to make');
          await auth.bootstrapAdmin({ name: first.name, password: first.password, ...(first.operatorNo ? { operatorNo: first.operatorNo } : {}) });
          for (const user of rest) {
            await auth.addUser({ name: user.name, role: user.role, password: user.password, ...(user.operatorNo ? { operatorNo: user.operatorNo } : {}), ...(user.role === 'cashier' && newest ? { terminal: newest.transaction.terminalId } : {}) }, first.name);
          }
          madeLogins = [first, ...rest];
          loginsFile = saveDemoLogins(dirname(db), madeLogins, cliText(context.language, 'demo.loginsFileHeader'));
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
        host,
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
    const role = (u: { name: string; role: string }) => `${ROLE_WORDS[u.role]?.[context.language] ?? u.role}${u.name === 'cashier' && cashierTerminal ? say('demo.atTerminal', { terminal: cashierTerminal }) : ''}`;
    // The passwords are shown once, when they are made; later starts say where they are kept.
    const kept = loginsFile ?? savedDemoLogins(dirname(db));
    const logins = madeLogins
      ? [say('demo.logins'), ...madeLogins.map((u) => `  ${u.name.padEnd(11)} ${u.password.padEnd(15)} ${role(u)}`), say('demo.loginsOnce', { file: kept })]
      : [say('demo.loginsLater'), ...DEMO_USERS.map((u) => `  ${u.name.padEnd(11)} ${role(u)}`), kept ? say('demo.loginsKept', { file: kept }) : say('demo.loginsGone', { file: join(dirname(db), 'demo-logins.txt') })];
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
