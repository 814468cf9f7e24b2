import { InputError } from '../../core/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { ExitCodes } from '../exit-codes.js';
import { table } from '../format.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { CONFIG_OPTION, describeJobState, withSpooler } from './spooler-session.js';

const metres = (mm: number) => `${(mm / 1000).toFixed(1)} m`;

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
    if (values['test-page'] !== undefined && values.cleaned !== undefined) throw new InputError('BAD_USAGE', 'use --test-page or --cleaned, not both', { hint: 'run them one after the other' });
    return withJournal(values, context, { create: true }, (opened) =>
      withSpooler(values, context, opened, async (spooler) => {
        const testPage = stringOption(values, 'test-page');
        const cleaned = stringOption(values, 'cleaned');
        if (testPage !== undefined) {
          const job = await spooler.testPage(testPage);
          await spooler.start();
          const final = await spooler.waitFor(job.id, { timeoutMs: 60_000 });
          context.io.stdout(`${describeJobState(final)}\n`);
          return final.state === 'printed' ? ExitCodes.ok : ExitCodes.unavailable;
        }
        if (cleaned !== undefined) {
          const { paperMm } = await spooler.markCleaned(cleaned, stringOption(values, 'by'));
          context.io.stdout(`${cleaned}: print head cleaning recorded after ${metres(paperMm)} of paper\n`);
          return ExitCodes.ok;
        }
        const printers = await spooler.printers({ probe: true });
        if (values.json) {
          context.io.stdout(`${JSON.stringify(printers)}\n`);
          return ExitCodes.ok;
        }
        if (printers.length === 0) {
          context.io.stdout('no printers configured\n');
          context.io.stderr('hint: add them to reissue.config.json (see README "Configuration")\n');
          return ExitCodes.ok;
        }
        context.io.stdout(
          table(
            ['NAME', 'ADDRESS', 'MODEL', 'STATUS', 'QUEUE', 'PAPER', 'CLEANING', 'BACKUP'],
            printers.map((p) => [
              p.name, p.address ?? '', p.model ?? '', p.held ? `held: ${p.held}` : [p.status, ...p.warnings].join(', '),
              `${p.queued}${p.inFlight ? ` +${p.inFlight} printing` : ''}`, metres(p.paperUsedMm), p.cleaningDue ? 'DUE' : `${metres(p.paperSinceCleanMm)} since`, p.backup ?? '',
            ]),
          ),
        );
        return ExitCodes.ok;
      }),
    );
  },
};
