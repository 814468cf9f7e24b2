import { configRelativePath, createTap, loadConfig, loadCaptureRules, resolveDbTarget, startBackgroundSync, tapFallbackPath, tapPrinterAddress } from '../../app.js';
import { spoolerHandOver, type HostPort, type TapEvent } from '../../capture/index.js';
import { InputError, formatMoney } from '../../core/index.js';
import { localiseError } from '../../i18n/index.js';
import type { SpoolerEvent } from '../../printer/index.js';
import { paperProfile } from '../../receipt/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { ExitCodes } from '../exit-codes.js';
import { cliText } from '../texts.js';
import { withJournal } from './journal-options.js';
import { CONFIG_OPTION, withSpooler } from './spooler-session.js';
import { cliSyncReporter } from './sync.js';

function hostPort(option: string, text: string | undefined, example: string): HostPort | undefined {
  if (text === undefined) return undefined;
  // Port 0 picks a free port (tests, a second tap on one machine).
  const match = /^(\[[^\]]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(text.trim());
  const at = match && Number(match[2]) <= 65535 ? { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port: Number(match[2]) } : undefined;
  if (!at) throw new InputError('BAD_USAGE', `${option} must be HOST:PORT, not "${text}"`, { hint: `e.g. ${option} ${example}`, context: { rule: 'host-port', option, value: text, example } });
  return at;
}

/** One line for the events a person at the till wants to see; the rest stay quiet. */
function eventLine(event: TapEvent, context: CommandContext): string | undefined {
  const say = context.language;
  switch (event.type) {
    case 'job-captured': {
      const amount = event.fields.amount ? `${event.fields.amount.currency} ${formatMoney(event.fields.amount)}` : '—';
      return cliText(say, event.maskedNumbers > 0 ? 'tap.capturedMasked' : 'tap.captured', { id: event.id, amount, bytes: event.bytes, masked: event.maskedNumbers });
    }
    case 'job-kept':
      return event.where === 'fallback' ? cliText(say, 'tap.fallback', { id: event.id, backlog: event.backlog }) : undefined;
    case 'journal-up':
      return cliText(say, 'tap.journalUp', { backlog: event.backlog });
    case 'printer-lost':
      return cliText(say, 'tap.printerLost', { printer: event.printer, reason: localiseError({ code: event.code, message: event.message }, say).title });
    case 'job-delivered':
      return event.outcome === 'sent' ? undefined : cliText(say, 'tap.notDelivered', { id: event.id ?? '?', outcome: event.outcome });
    case 'job-handed-over':
      return cliText(say, event.outcome === 'not-sent' ? 'tap.queued' : 'tap.outcomeUnknown', { id: event.id });
    case 'warning': {
      const text = localiseError({ code: event.code, message: event.message, hint: event.hint, ...(event.context ? { context: event.context } : {}) }, say);
      return cliText(say, 'tap.warning', { detail: text.detail, code: event.code });
    }
    default:
      return undefined;
  }
}

export const tapCommand: Command = {
  name: 'tap',
  summary: { en: 'journal every receipt a POS prints: sit between the POS and its printer', zh: '记录收银机打印的每张小票：接在收银机和它的打印机之间' },
  help: {
    usage: `reissue tap --listen HOST:PORT --printer NAME|HOST:PORT [--backup NAME|HOST:PORT]
            [--source NAME] [--rules FILE] [--lpd HOST:PORT] [--paper 80|58]
            [--code-page 437] [--idle-gap 2s] [--fallback FILE] [--config FILE] [--db …]`,
    en: `Point the POS at --listen instead of its printer: every byte goes on to --printer unchanged
(and the printer's answers back to the POS), and each job — ended by a cut, a 2-second pause
or the POS closing the connection — is journaled with its text and what was recognised on
it (amount, printed time, card last-4, reference, voucher, terminal …), card numbers masked,
in the chain capture:SOURCE. Find them with \`reissue find\`, reprint them with
\`reissue reprint ID\`. --printer / --backup take a configured printer's name, HOST:PORT,
a USB device file (/dev/usb/lp0) or serial:DEVICE:BAUD. --source names the till (default
"pos"). --rules is a rules file with per-source recognition rules. --lpd also takes LPD jobs
(port 515). --code-page 437 reads jobs as code page 437 (the default is GB18030 with Kanji
mode, as Chinese printers do). While the journal cannot be written, jobs wait in --fallback
(default data/tap-SOURCE.jsonl beside the journal) and printing goes on. Stops on Ctrl-C or
SIGTERM, after open jobs end.`,
    zh: `把收银机的打印地址改成 --listen：每个字节都原样转发到 --printer（打印机的应答也原样传回收银机），
每个任务——以切纸、2 秒停顿或收银机断开连接为界——连同它的文字和从中认出的内容（金额、打印的时间、
卡号后四位、参考号、凭证号、终端号……）记入日志，卡号已遮盖，在 capture:SOURCE 链上。用
\`reissue find\` 查找，用 \`reissue reprint ID\` 补打。--printer / --backup 可以是配置的打印机名称、
HOST:PORT、USB 设备文件（/dev/usb/lp0）或 serial:设备:波特率。--source 给这台收银机起名（默认 "pos"）。
--rules 是按来源设置识别规则的文件。--lpd 也接收 LPD 任务（515 端口）。--code-page 437 按代码页 437
读取任务（默认是 GB18030 加汉字模式，和中文打印机一样）。日志暂时无法写入时，任务先存在 --fallback
（默认是日志旁边的 data/tap-SOURCE.jsonl），打印照常进行。按 Ctrl-C 或收到 SIGTERM 时，等未结束的
任务结束后停止。`,
  },
  async run(args, context) {
    const { values } = parseCommandArgs('tap', args, {
      db: { type: 'string' }, ...CONFIG_OPTION,
      listen: { type: 'string' }, printer: { type: 'string' }, backup: { type: 'string' }, source: { type: 'string' }, rules: { type: 'string' },
      lpd: { type: 'string' }, paper: { type: 'string' }, 'code-page': { type: 'string' }, 'idle-gap': { type: 'string' }, fallback: { type: 'string' },
    });
    const listen = hostPort('--listen', stringOption(values, 'listen'), '0.0.0.0:9100');
    const lpd = hostPort('--lpd', stringOption(values, 'lpd'), '0.0.0.0:515');
    if (!listen && !lpd) throw new InputError('BAD_USAGE', '--listen is required', { hint: 'e.g. --listen 0.0.0.0:9100', context: { rule: 'required', command: 'tap', option: '--listen', example: '--listen 0.0.0.0:9100' } });
    const printerText = stringOption(values, 'printer');
    if (printerText === undefined) throw new InputError('BAD_USAGE', '--printer is required', { hint: 'e.g. --printer 192.168.1.50:9100', context: { rule: 'required', command: 'tap', option: '--printer', example: '--printer 192.168.1.50:9100' } });
    const codePage = stringOption(values, 'code-page');
    if (codePage !== undefined && codePage !== '437' && codePage !== 'gb18030') {
      throw new InputError('BAD_USAGE', `--code-page must be 437 or gb18030, not "${codePage}"`, { hint: 'e.g. --code-page 437', context: { rule: 'one-of', option: '--code-page', allowed: ['gb18030', '437'], value: codePage, example: '437' } });
    }
    const idleGap = stringOption(values, 'idle-gap');
    const idleGapMs = idleGap === undefined ? undefined : parseIdleGap(idleGap);
    const paper = paperProfile(stringOption(values, 'paper') ?? '80').id;
    const db = resolveDbTarget(stringOption(values, 'db'), context.app);
    const config = loadConfig(stringOption(values, 'config'), context.app, db);
    const printer = tapPrinterAddress(config, printerText);
    const backupText = stringOption(values, 'backup');
    const backup = backupText === undefined ? undefined : tapPrinterAddress(config, backupText);
    const source = stringOption(values, 'source') ?? 'pos';
    const rulesFile = stringOption(values, 'rules');
    const rules = rulesFile === undefined ? undefined : loadCaptureRules(rulesFile, context.app);
    const fallbackPath = stringOption(values, 'fallback') ?? tapFallbackPath(db, source, context.app);
    const say = (line: string | undefined) => line !== undefined && context.io.stdout(`${line}\n`);
    // A shop that installs the tap first has no journal yet: it is made, as `record` makes it.
    // The spooler's view of the printer (paper out …) for the tap's answers to the POS.
    let observe: ((event: SpoolerEvent) => void) | undefined;
    return withJournal(values, context, { create: true }, async (opened) =>
      // Jobs the printer does not take go to the spooler, which prints them by its rules.
      withSpooler(values, context, opened, async (spooler) => {
        await spooler.start();
        const bridge = spoolerHandOver(spooler, { printer: printerText, ...(backupText !== undefined ? { backup: backupText } : {}) });
        observe = (event) => bridge.observe(event);
        const tap = createTap(opened, {
          source, printer, fallbackPath, paper, target: db,
          ...(listen ? { listen } : {}), ...(lpd ? { lpd } : {}), ...(backup ? { backup } : {}), ...(rules ? { rules } : {}),
          ...(codePage === '437' ? { kanji: false } : {}), ...(idleGapMs !== undefined ? { idleGapMs } : {}),
          handOver: (job) => bridge.handOver(job),
          offlineStatus: () => bridge.offlineStatus(),
          onEvent: (event) => say(eventLine(event, context)),
        }, context.app);
        // A shop that runs only the tap still ships its journal to head office (the configuration's
        // `sync`); a token file it cannot read stops the tap before it listens.
        const stopSync = config.sync
          ? startBackgroundSync(opened.journal, { ...config.sync, tokenFile: configRelativePath(config, config.sync.tokenFile, context.app) }, context.app, cliSyncReporter(context))
          : undefined;
        try {
          // One that cannot start (its port taken) lets go of its journal thread and fallback file.
          const at = await tap.start().catch(async (error: unknown) => {
            await tap.stop();
            throw error;
          });
          const status = tap.status();
          say(cliText(context.language, 'tap.listening', { source, tcp: at.tcp ? `${at.tcp.host}:${at.tcp.port}` : '—', lpd: at.lpd ? `${at.lpd.host}:${at.lpd.port}` : '—', printer: status.printer, backup: status.backup ?? '—' }));
          await context.io.untilStopped();
          say(cliText(context.language, 'tap.stopping'));
          const { unsaved } = await tap.stop();
          const end = tap.status();
          say(cliText(context.language, 'tap.stopped', { captured: end.captured, backlog: end.backlog, unsaved }));
          return unsaved > 0 ? ExitCodes.failure : ExitCodes.ok;
        } finally {
          await stopSync?.();
        }
      }, (event) => observe?.(event)),
    );
  },
};

function parseIdleGap(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (!match) throw new InputError('BAD_USAGE', `--idle-gap must be a pause like 2s or 500ms, not "${text}"`, { hint: 'e.g. --idle-gap 2s (0 turns it off)', context: { rule: 'positive-number', option: '--idle-gap', value: text, example: '--idle-gap 2s' } });
  return Math.round(Number(match[1]) * (match[2] === 'ms' ? 1 : 1000));
}
