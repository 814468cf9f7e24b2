import { journalFiles, resolveDbTarget, restoreTarget } from '../../app.js';
import { backupJournal, restoreJournal } from '../../journal/index.js';
import { parseCommandArgs, requirePositional, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { progressReporter } from '../progress.js';
import { DB_OPTION, withJournal } from './journal-options.js';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'write a consistent, verified copy of the journal while it is in use',
  help: `reissue backup FILE [--db …]

Writes a SQLite journal file that verifies on its own. Safe while sales are being recorded
(SQLite online backup; a PostgreSQL journal is copied event by event). Never overwrites.`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('backup', args, DB_OPTION, 1);
    const file = requirePositional('backup', positionals, 0, 'the backup file');
    return withJournal(values, context, {}, async ({ journal }) => {
      const progress = progressReporter(context.io, 'backing up');
      const { report } = await backupJournal(journal, file, journalFiles, progress);
      progress.finish();
      context.io.stdout(`backup written to ${file}: ${report.events} events verify\n`);
      for (const head of report.heads) context.io.stdout(`  terminal ${head.terminalId}  event ${head.seq}  head ${head.hash}\n`);
      return 0;
    });
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore a backup that verifies (never silently over a newer journal)',
  help: `reissue restore FILE [--force] [--db …]

Checks that FILE verifies, then adds every event the journal lacks. If the journal holds
events the backup does not have, it refuses (exit 4); --force first moves the journal aside
(FILE.before-restore-TIME, SQLite only) and restores the backup in its place. Stop the
server while restoring.`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('restore', args, { ...DB_OPTION, force: { type: 'boolean' } }, 1);
    const file = requirePositional('restore', positionals, 0, 'the backup file');
    const target = resolveDbTarget(stringOption(values, 'db'), context.app);
    const progress = progressReporter(context.io, 'restoring');
    const result = await restoreJournal(file, restoreTarget(target, context.app), journalFiles, { force: values.force === true, onProgress: progress, now: context.app.now });
    progress.finish();
    if (result.setAside) context.io.stdout(`the previous journal was moved to ${result.setAside}\n`);
    context.io.stdout(`restored ${result.restored} events into ${target}; ${result.report.events} events verify\n`);
    return 0;
  },
};
