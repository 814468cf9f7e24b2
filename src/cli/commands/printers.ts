import { InputError } from '../../core/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { conditionText } from '../../i18n/index.js';
import { cliText } from '../texts.js';
import { ExitCodes } from '../exit-codes.js';
import { table } from '../format.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { CONFIG_OPTION, describeJobState, withSpooler } from './spooler-session.js';


export const printersCommand: Command = {
  name: 'printers',
  summary: 'printers with live status, queue, paper used and cleaning; test page',
  help: `reissue printers [--json] [--config FILE] [--db …]
reissue printers --test-page NAME
reissue printers --cleaned NAME [--by WHO]

Lists every configured printer (and any printer jobs named) with its status read now
(ready, paper out, cover open, offline, unreachable), jobs queued and in flight, paper
printed, and whether the print head is due for cleaning. --test-page prints a test page
and waits for it; --cleaned records that the head was cleaned.`,
  async run(args, context) {
    const { values } = parseCommandArgs('printers', args, { ...DB_OPTION, ...CONFIG_OPTION, json: { type: 'boolean' }, 'test-page': { type: 'string' }, cleaned: { type: 'string' }, by: { type: 'string' } });
    if (values['test-page'] !== undefined && values.cleaned !== undefined) throw new InputError('BAD_USAGE', 'use --test-page or --cleaned, not both', { hint: 'run them one after the other', context: { rule: 'exclusive', first: '--test-page', second: '--cleaned' } });
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
        if (cleaned !== undefined) {
          const { paperMm } = await spooler.markCleaned(cleaned, stringOption(values, 'by'));
          context.io.stdout(`${cliText(context.language, 'printers.cleaned', { printer: cleaned, mm: paperMm })}\n`);
          return ExitCodes.ok;
        }
        const printers = await spooler.printers({ probe: true });
        if (values.json) {
          context.io.stdout(`${JSON.stringify(printers)}\n`);
          return ExitCodes.ok;
        }
        if (printers.length === 0) {
          context.io.stdout(`${cliText(context.language, 'printers.none')}\n`);
          context.io.stderr(`${cliText(context.language, 'printers.noneHint')}\n`);
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
        return ExitCodes.ok;
      }),
    );
  },
};
