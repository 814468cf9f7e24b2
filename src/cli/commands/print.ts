import { InputError, parseDuration } from '../../core/index.js';
import { cardSlipOf } from '../../config/index.js';
import { AUDIT_CHAIN, type PrintJobRow } from '../../journal/index.js';
import { originalRequests, receiptOptionsOf } from '../../printer/index.js';
import { ReceiptCopies, ReceiptTemplates } from '../../receipt/index.js';
import { choiceOption, parseCommandArgs, requirePositional, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { ExitCodes } from '../exit-codes.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { CONFIG_OPTION, configOf, describeJobState, withSpooler } from './spooler-session.js';
import { COPY_WORDS, type Language } from '../../i18n/index.js';
import { cliText } from '../texts.js';
import { cliRecorder } from './record.js';

/** "job 7 (bank slip, merchant copy)" / "任务 7（签购单，商户存根）": which piece of paper a job is. */
function pieceName(job: PrintJobRow, language: Language): string {
  const { template, copy } = receiptOptionsOf(job);
  const what = template === 'slip' ? cliText(language, 'piece.slip') : template === 'retail' ? cliText(language, 'piece.receipt') : undefined;
  const copyWords = copy ? (COPY_WORDS[copy]?.[language] ?? copy) : undefined;
  if (!what) return cliText(language, 'piece.job', { jobId: job.id });
  return cliText(language, 'piece.named', { jobId: job.id, what: copyWords ? cliText(language, 'piece.withCopy', { what, copy: copyWords }) : what });
}

export const printCommand: Command = {
  name: 'print',
  summary: { en: 'print a sale through the spooler and wait until it has printed', zh: '通过打印队列打印一笔交易，并等到打印完成' },
  help: {
    usage: `reissue print ID [--printer NAME|HOST:PORT] [--backup NAME|HOST:PORT]
               [--template slip|retail] [--copy merchant|cardholder] [--by NAME]
               [--no-wait] [--timeout 60s] [--config FILE] [--db …]`,
    en: `Persists the job, then sends it and waits for the printer's completion answer (GS ( H),
which comes only after the paper has passed, showing each change ("held on front: paper
out" …). Exit 0 only when everything printed. The printer defaults to the configuration's
defaultPrinter. For a card sale the printer's "cardSlip" setting adds the bank slips
(签购单): "merchant" the merchant copy, "both" the merchant and cardholder copies — each
piece of paper is its own job, queued together. --template prints just that piece: the
bank slip (slip) or the shop receipt (retail). A piece whose original already printed, or
whose outcome is unknown, is refused: use \`reissue reprint\` for a marked duplicate.
--no-wait only queues the jobs (a running server or the next print sends them).
Who asked is journaled as print.original in the write that queues the jobs: --by NAME (a
user name), else the operating-system user (the command line has the journal file, not a
sign-in; over HTTP the reprint policy decides who may).`,
    zh: `先保存打印任务，再发送，并等待打印机的完成应答（GS ( H，纸走完之后才会来），途中显示每次变化
（“front 上暂停：缺纸”……）。全部打印完才以退出码 0 结束。打印机默认是配置里的 defaultPrinter。
刷卡交易按打印机的 "cardSlip" 设置加打签购单："merchant" 打商户存根，"both" 打商户和持卡人存根
——每张纸是一个任务，一起排队。--template 只打其中一张：签购单（slip）或门店小票（retail）。
原件已经打印过、或结果未知的那一张会被拒绝：请用 \`reissue reprint\` 补打带标记的重印凭证。
--no-wait 只排队（运行中的服务或下一次打印会发送它们）。谁要求打印，会在排队的同一次写入中
记为 print.original：--by NAME（用户名），否则是操作系统用户（命令行拿的是日志文件，没有登录；
通过 HTTP 时由补打规定决定谁可以打印）。`,
  },
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      'print',
      args,
      { ...DB_OPTION, ...CONFIG_OPTION, by: { type: 'string' }, printer: { type: 'string' }, backup: { type: 'string' }, template: { type: 'string' }, copy: { type: 'string' }, timeout: { type: 'string' }, 'no-wait': { type: 'boolean' } },
      1,
      1,
    );
    const id = requirePositional('print', positionals, 0, 'the transaction id');
    const config = configOf(values, context);
    const printer = stringOption(values, 'printer') ?? config.defaultPrinter;
    if (printer === undefined) throw new InputError('BAD_USAGE', 'print: which printer? give --printer NAME|HOST:PORT', { hint: 'or set "defaultPrinter" in the configuration file', context: { rule: 'which-printer', command: 'print' } });
    const timeoutMs = parseDuration(stringOption(values, 'timeout') ?? '60s');
    const template = choiceOption(values, 'template', ReceiptTemplates);
    const copy = choiceOption(values, 'copy', ReceiptCopies);
    const by = cliRecorder(stringOption(values, 'by'), context.app.env);
    return withJournal(values, context, {}, async (opened) => {
      const found = await opened.journal.get(id);
      await opened.journal.refuseOtherShops(found);
      const { transaction } = found;
      return withSpooler(values, context, opened, async (spooler) => {
        const backup = stringOption(values, 'backup');
        const asked = { ...(template ? { template } : {}), ...(copy ? { copy } : {}) };
        // Who asked is journaled in the write that queues the jobs, as the HTTP route does: no original prints without its trace.
        const jobs = await spooler.enqueueAll(originalRequests(transaction, { transactionId: id, printer, ...(backup ? { backup } : {}) }, asked, cardSlipOf(config, printer)), async (queued, writer) => {
          await writer.append(AUDIT_CHAIN, 'print.original', { saleId: id, user: by.user, via: by.via, approver: null, basis: 'command-line', printer, jobIds: queued.map((j) => j.id), at: new Date(context.app.now()).toISOString() });
        });
        const say = context.language;
        const pieces = (list: readonly PrintJobRow[]) => list.map((j) => pieceName(j, say)).join(say === 'zh' ? '、' : ', ');
        for (const job of jobs) context.io.stderr(`${describeJobState(job, say)}\n`);
        if (values['no-wait']) {
          context.io.stdout(`${cliText(say, 'print.queued', { pieces: pieces(jobs), id, printer })}\n`);
          return ExitCodes.ok;
        }
        await spooler.start();
        const deadline = context.app.now() + timeoutMs;
        const finals: PrintJobRow[] = [];
        for (const job of jobs) {
          let last = job.state;
          finals.push(
            await spooler.waitFor(job.id, {
              timeoutMs: Math.max(1, deadline - context.app.now()),
              onChange: (j) => {
                if (j.state !== last) context.io.stderr(`${describeJobState(j, say)}\n`);
                last = j.state;
              },
            }),
          );
        }
        const failed = finals.filter((j) => j.state !== 'printed');
        if (failed.length === 0) {
          context.io.stdout(`${cliText(say, 'print.printed', { id, printer: finals[0]?.printer ?? printer, pieces: pieces(finals) })}\n`);
          return ExitCodes.ok;
        }
        for (const job of failed) {
          context.io.stderr(`${cliText(say, 'job.notPrinted', { job: `${pieceName(job, say)}: ${describeJobState(job, say)}` })}\n${cliText(say, job.state === 'unknown' ? 'job.notPrintedUnknown' : 'job.notPrintedFix')}\n`);
        }
        return ExitCodes.unavailable;
      });
    });
  },
};
