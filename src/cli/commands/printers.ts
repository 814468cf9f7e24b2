import { loadConfig, resolveDbTarget, tapBacklogs, type TapBacklog } from '../../app.js';
import { InputError } from '../../core/index.js';
import type { Language } from '../../i18n/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { conditionText } from '../../i18n/index.js';
import { cliText } from '../texts.js';
import { ExitCodes } from '../exit-codes.js';
import { table } from '../format.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { cliRecorder } from './record.js';
import { CONFIG_OPTION, describeJobState, withSpooler } from './spooler-session.js';


export const printersCommand: Command = {
  name: 'printers',
  summary: { en: 'printers with live status, queue, paper used and cleaning; test page', zh: '打印机的实时状态、队列、用纸和清洁；打印测试页' },
  help: {
    usage: `reissue printers [--json] [--config FILE] [--db …]
reissue printers --test-page NAME
reissue printers --cleaned NAME [--by WHO]
reissue printers --cancel JOB [--by WHO]`,
    en: `Lists every configured printer (and any printer jobs named) with its status read now
(ready, paper out, cover open, offline, unreachable, not a printer at that address), jobs
queued and in flight, paper printed, and whether the print head is due for cleaning; then
each tap (configured, or a tap-SOURCE.jsonl beside the journal) with the receipts it
captured that wait in its fallback file for the journal. With --json each printer carries
the taps that print to it.
--test-page prints a test page and waits for it; --cleaned records that the head was cleaned.
--cancel ends a job still waiting to be sent (its printer busy, faulted, unreachable, or a
mistyped address) as failed, journaled with who cancelled it (--by, else the system user):
nothing of it prints, and the receipt can be printed again. A job being sent or ended is
refused (exit 4): its outcome is the printer's.`,
    zh: `列出每台配置的打印机（以及打印任务用到的打印机）：现在读到的状态（就绪、缺纸、上盖打开、离线、
连不上、该地址不是打印机）、排队和正在打印的任务、已打印的纸长、打印头是否该清洁了；然后是
每个小票采集（配置里的，或日志旁边的 tap-SOURCE.jsonl）在备用文件里等待写入日志的小票。
加 --json 时每台打印机带有打印到它的小票采集。
--test-page 打印测试页并等待完成；--cleaned 记录打印头已清洁。
--cancel 把还在等待发送的任务（打印机忙、故障、连不上，或地址写错）结束为失败，并记下是谁取消的
（--by，否则是操作系统用户）：它一点也不会打印，这张小票可以重新打印。正在发送或已结束的任务
会被拒绝（退出码 4）：它的结果由打印机决定。`,
  },
  async run(args, context) {
    const { values } = parseCommandArgs('printers', args, { ...DB_OPTION, ...CONFIG_OPTION, json: { type: 'boolean' }, 'test-page': { type: 'string' }, cleaned: { type: 'string' }, cancel: { type: 'string' }, by: { type: 'string' } });
    const actions = (['test-page', 'cleaned', 'cancel'] as const).filter((a) => values[a] !== undefined);
    if (actions.length > 1) throw new InputError('BAD_USAGE', `use --${actions[0]} or --${actions[1]}, not both`, { hint: 'run them one after the other', context: { rule: 'exclusive', first: `--${actions[0]}`, second: `--${actions[1]}` } });
    const cancel = stringOption(values, 'cancel');
    if (cancel !== undefined && !/^\d{1,12}$/.test(cancel)) throw new InputError('BAD_JOB_ID', `"${cancel.slice(0, 20)}" is not a print job number`, { hint: 'use the job number `reissue print` or `reissue show ID` names', context: { value: cancel.slice(0, 20) } });
    return withJournal(values, context, { create: true }, (opened) =>
      withSpooler(values, context, opened, async (spooler) => {
        const testPage = stringOption(values, 'test-page');
        const cleaned = stringOption(values, 'cleaned');
        if (testPage !== undefined) {
          const job = await spooler.testPage(testPage);
          await spooler.start();
          const final = await spooler.waitFor(job.id, { timeoutMs: 60_000 });
          context.io.stdout(`${describeJobState(final, context.language)}\n`);
          return final.state === 'printed' ? ExitCodes.ok : ExitCodes.unavailable;
        }
        if (cancel !== undefined) {
          const job = await spooler.cancel(Number(cancel), cliRecorder(stringOption(values, 'by'), context.app.env).user);
          context.io.stdout(`${describeJobState(job, context.language)}\n`);
          return ExitCodes.ok;
        }
        if (cleaned !== undefined) {
          // Who cleaned it, as who cancels a job: --by NAME or the operating-system user, a name (never read as a sale id).
          const { paperMm } = await spooler.markCleaned(cleaned, cliRecorder(stringOption(values, 'by'), context.app.env).user);
          context.io.stdout(`${cliText(context.language, 'printers.cleaned', { printer: cleaned, mm: paperMm })}\n`);
          return ExitCodes.ok;
        }
        const printers = await spooler.printers({ probe: true });
        const db = resolveDbTarget(stringOption(values, 'db'), context.app);
        const config = loadConfig(stringOption(values, 'config'), context.app, db);
        const backlogs = await tapBacklogs(config, db, context.app);
        if (values.json) {
          // A tap is listed under the printer it prints to (by name or address).
          const printsTo = new Map(config.taps.map((t) => [t.source, t.printer]));
          const tapsOf = (p: { name: string; address?: string | null }) =>
            backlogs.filter((b) => [p.name, p.address].includes(printsTo.get(b.source))).map(({ source, backlog, file, error }) => ({ source, backlog: backlog ?? null, file, ...(error ? { error } : {}) }));
          context.io.stdout(`${JSON.stringify(printers.map((p) => ({ ...p, taps: tapsOf(p) })))}\n`);
          return ExitCodes.ok;
        }
        if (printers.length === 0) {
          context.io.stdout(`${cliText(context.language, 'printers.none')}\n`);
          context.io.stderr(`${cliText(context.language, 'printers.noneHint')}\n`);
          if (backlogs.length > 0) context.io.stdout(`\n${tapTable(backlogs, context.language)}`);
          return ExitCodes.ok;
        }
        const say = context.language;
        const headers = (['col.name', 'col.address', 'col.model', 'col.status', 'col.queue', 'col.paper', 'col.cleaning', 'col.backup'] as const).map((k) => cliText(say, k));
        context.io.stdout(
          table(
            headers,
            printers.map((p) => [
              p.name, p.address ?? '', p.model ?? '', p.held ? cliText(say, 'printers.held', { reason: p.held }) : conditionText([p.status, ...p.warnings], say),
              p.inFlight ? cliText(say, 'printers.printing', { queued: p.queued, inFlight: p.inFlight }) : String(p.queued),
              cliText(say, 'printers.metres', { mm: p.paperUsedMm }), p.cleaningDue ? cliText(say, 'printers.cleaningDue') : cliText(say, 'printers.sinceClean', { mm: p.paperSinceCleanMm }), p.backup ?? '',
            ]),
          ),
        );
        if (backlogs.length > 0) context.io.stdout(`\n${tapTable(backlogs, context.language)}`);
        return ExitCodes.ok;
      }),
    );
  },
};

/** The taps' receipts that wait in their fallback files for the journal. */
function tapTable(backlogs: readonly TapBacklog[], say: Language): string {
  const waiting = (b: TapBacklog) =>
    b.backlog === undefined ? cliText(say, 'printers.tapUnreadable', { reason: b.error ?? '?' }) : b.backlog === 0 ? cliText(say, 'printers.tapAllIn') : cliText(say, 'printers.tapWaiting', { n: b.backlog });
  return table((['col.tap', 'col.tapBacklog', 'col.fallbackFile'] as const).map((k) => cliText(say, k)), backlogs.map((b) => [b.source, waiting(b), b.file]));
}
