import { InputError, parseDuration } from '../../core/index.js';
import { loadConfig } from '../../app.js';
import { cardSlipOf } from '../../config/index.js';
import type { PrintJobRow } from '../../journal/index.js';
import { originalRequests } from '../../printer/index.js';
import { ReceiptCopies, ReceiptTemplates } from '../../receipt/index.js';
import { choiceOption, parseCommandArgs, requirePositional, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { ExitCodes } from '../exit-codes.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { CONFIG_OPTION, describeJobState, withSpooler } from './spooler-session.js';

/** "job 7 (bank slip, merchant copy)": which piece of paper a job is. */
function pieceName(job: PrintJobRow): string {
  const { template, copy } = JSON.parse(job.options) as { template?: string; copy?: string };
  const what = template === 'slip' ? 'bank slip' : template === 'retail' ? 'receipt' : undefined;
  return what ? `job ${job.id} (${what}${copy ? `, ${copy} copy` : ''})` : `job ${job.id}`;
}

export const printCommand: Command = {
  name: 'print',
  summary: 'print a sale through the spooler and wait until it has printed',
  help: `reissue print ID [--printer NAME|HOST:PORT] [--backup NAME|HOST:PORT]
               [--template slip|retail] [--copy merchant|cardholder]
               [--no-wait] [--timeout 60s] [--config FILE] [--db …]

Persists the job, then sends it and waits for the printer's completion answer (GS ( H),
which comes only after the paper has passed, showing each change ("held on front: paper
out" …). Exit 0 only when everything printed. The printer defaults to the configuration's
defaultPrinter. For a card sale the printer's "cardSlip" setting adds the bank slips
(签购单): "merchant" the merchant copy, "both" the merchant and cardholder copies — each
piece of paper is its own job, queued together. --template prints just that piece: the
bank slip (slip) or the shop receipt (retail). A piece whose original already printed, or
whose outcome is unknown, is refused: use \`reissue reprint\` for a marked duplicate.
--no-wait only queues the jobs (a running server or the next print sends them).`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      'print',
      args,
      { ...DB_OPTION, ...CONFIG_OPTION, printer: { type: 'string' }, backup: { type: 'string' }, template: { type: 'string' }, copy: { type: 'string' }, timeout: { type: 'string' }, 'no-wait': { type: 'boolean' } },
      1,
    );
    const id = requirePositional('print', positionals, 0, 'the transaction id');
    const config = loadConfig(stringOption(values, 'config'), context.app);
    const printer = stringOption(values, 'printer') ?? config.defaultPrinter;
    if (printer === undefined) throw new InputError('BAD_USAGE', 'print: which printer? give --printer NAME|HOST:PORT', { hint: 'or set "defaultPrinter" in the configuration file' });
    const timeoutMs = parseDuration(stringOption(values, 'timeout') ?? '60s');
    const template = choiceOption(values, 'template', ReceiptTemplates);
    const copy = choiceOption(values, 'copy', ReceiptCopies);
    return withJournal(values, context, {}, async (opened) => {
      const { transaction } = await opened.journal.get(id);
      return withSpooler(values, context, opened, async (spooler) => {
        const backup = stringOption(values, 'backup');
        const asked = { ...(template ? { template } : {}), ...(copy ? { copy } : {}) };
        const jobs = await spooler.enqueueAll(originalRequests(transaction, { transactionId: id, printer, ...(backup ? { backup } : {}) }, asked, cardSlipOf(config, printer)));
        for (const job of jobs) context.io.stderr(`${describeJobState(job)}\n`);
        if (values['no-wait']) {
          context.io.stdout(`queued ${jobs.map(pieceName).join(', ')} for ${id} on ${printer}\n`);
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
                if (j.state !== last) context.io.stderr(`${describeJobState(j)}\n`);
                last = j.state;
              },
            }),
          );
        }
        const failed = finals.filter((j) => j.state !== 'printed');
        if (failed.length === 0) {
          context.io.stdout(`printed ${id} on ${finals[0]?.printer ?? printer}: ${finals.map(pieceName).join(', ')}\n`);
          return ExitCodes.ok;
        }
        for (const job of failed) {
          context.io.stderr(`not printed: ${pieceName(job)}: ${describeJobState(job)}\n  hint: ${job.state === 'unknown' ? 'check the paper; if it did not print, use `reissue reprint` for a marked duplicate' : 'fix the printer and print again'}\n`);
        }
        return ExitCodes.unavailable;
      });
    });
  },
};
