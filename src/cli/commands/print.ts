import { InputError, parseDuration } from '../../core/index.js';
import type { ReceiptJobOptions } from '../../app.js';
import { parseCommandArgs, requirePositional, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { cliText } from '../texts.js';
import { ExitCodes } from '../exit-codes.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { CONFIG_OPTION, configOf, describeJobState, withSpooler } from './spooler-session.js';

export const printCommand: Command = {
  name: 'print',
  summary: 'print a sale through the spooler and wait until it has printed',
  help: `reissue print ID [--printer NAME|HOST:PORT] [--backup NAME|HOST:PORT]
               [--copy merchant|cardholder] [--no-wait] [--timeout 60s] [--config FILE] [--db …]

Persists the job, then sends it and waits for the printer's completion answer (GS ( H),
which comes only after the paper has passed, showing each change ("held on front: paper
out" …). Exit 0 only when printed. The printer defaults to the configuration's
defaultPrinter. A sale whose original already printed, or whose outcome is unknown, is
refused: use \`reissue reprint\` for a marked duplicate. --no-wait only queues the job (a
running server or the next print sends it).`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      'print',
      args,
      { ...DB_OPTION, ...CONFIG_OPTION, printer: { type: 'string' }, backup: { type: 'string' }, copy: { type: 'string' }, timeout: { type: 'string' }, 'no-wait': { type: 'boolean' } },
      1,
    );
    const id = requirePositional('print', positionals, 0, 'the transaction id');
    const printer = stringOption(values, 'printer') ?? configOf(values, context).defaultPrinter;
    if (printer === undefined) throw new InputError('BAD_USAGE', 'print: which printer? give --printer NAME|HOST:PORT', { hint: 'or set "defaultPrinter" in the configuration file', context: { rule: 'which-printer', command: 'print' } });
    const timeoutMs = parseDuration(stringOption(values, 'timeout') ?? '60s');
    const copy = stringOption(values, 'copy');
    if (copy !== undefined && copy !== 'merchant' && copy !== 'cardholder') throw new InputError('BAD_USAGE', '--copy must be merchant or cardholder', { hint: 'e.g. --copy cardholder', context: { rule: 'one-of', option: '--copy', allowed: ['merchant', 'cardholder'], value: copy, example: 'cardholder' } });
    return withJournal(values, context, {}, async (opened) => {
      const { transaction } = await opened.journal.get(id);
      return withSpooler(values, context, opened, async (spooler) => {
        const options: ReceiptJobOptions = copy ? { copy } : {};
        const backup = stringOption(values, 'backup');
        const job = await spooler.enqueue({ transactionId: id, terminalId: transaction.terminalId, printer, ...(backup ? { backup } : {}), kind: 'original', options: { ...options } });
        const say = context.language;
        context.io.stderr(`${describeJobState(job, say)}\n`);
        if (values['no-wait']) {
          context.io.stdout(`${cliText(say, 'print.queued', { jobId: job.id, id, printer: job.printer })}\n`);
          return ExitCodes.ok;
        }
        await spooler.start();
        let last = job.state;
        const final = await spooler.waitFor(job.id, {
          timeoutMs,
          onChange: (j) => {
            if (j.state !== last) context.io.stderr(`${describeJobState(j, say)}\n`);
            last = j.state;
          },
        });
        if (final.state === 'printed') {
          context.io.stdout(`${cliText(say, 'print.printed', { id, printer: final.printer, jobId: final.id })}\n`);
          return ExitCodes.ok;
        }
        context.io.stderr(`${cliText(say, 'job.notPrinted', { job: describeJobState(final, say) })}\n${cliText(say, final.state === 'unknown' ? 'job.notPrintedUnknown' : 'job.notPrintedFix')}\n`);
        return ExitCodes.unavailable;
      });
    });
  },
};
