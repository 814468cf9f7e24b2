import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { ExitCodes } from '../exit-codes.js';
import { progressReporter } from '../progress.js';
import { DB_OPTION, withJournal } from './journal-options.js';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'recompute the hash chain and check the search index',
  help: `reissue verify [--json] [--db …]

Recomputes every terminal's SHA-256 chain from the first event. Exit 0 with the count and
each terminal's head hash (write them down, or keep a backup, to detect truncation later);
exit 1 naming the first bad event and why: edited, missing, reordered, broken-link,
index-mismatch, orphan-index or guard-missing.`,
  async run(args, context) {
    const { values } = parseCommandArgs('verify', args, { ...DB_OPTION, json: { type: 'boolean' } });
    return withJournal(values, context, {}, async ({ journal }) => {
      const progress = progressReporter(context.io, 'verifying');
      const report = await journal.verify(progress);
      progress.finish();
      if (values.json) {
        context.io.stdout(`${JSON.stringify(report)}\n`);
      } else if (report.ok) {
        context.io.stdout(`ok: ${report.events} events (${report.transactions} transactions) on ${report.heads.length} terminal chain(s) verify\n`);
        for (const head of report.heads) context.io.stdout(`  terminal ${head.terminalId}  event ${head.seq}  head ${head.hash}\n`);
      } else {
        const f = report.failure;
        const where = f?.terminalId ? `terminal ${f.terminalId} event ${f.seq}${f.eventId ? ` (row ${f.eventId})` : ''}` : 'journal';
        context.io.stderr(`FAILED: ${where}: ${f?.problem}: ${f?.detail}\n  ${report.events} events verified before it\n  hint: restore from a backup that verifies (\`reissue restore FILE --force\`) and investigate who had access to the database\n`);
      }
      return report.ok ? ExitCodes.ok : ExitCodes.failure;
    });
  },
};
