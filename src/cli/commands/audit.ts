import { formatInZone, zonedLocalToUtc } from '../../core/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { table } from '../format.js';
import { READ_OPTIONS, withReadJournal } from './journal-options.js';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'who reprinted, approved, was refused, or changed users — from the journal',
  help: `reissue audit [--from TIME] [--to TIME] [--user NAME] [--type TYPE] [--json] [--db …] [--read-replica URL]

Lists the audit chain newest first: reprint.issued, reprint.refused, approval.granted,
approval.refused, login.failed, login.throttled, user.added, … Each entry is a hash-chained
journal event (\`reissue verify\` checks them). Times are store-local.`,
  async run(args, context) {
    const { values } = parseCommandArgs('audit', args, { ...READ_OPTIONS, from: { type: 'string' }, to: { type: 'string' }, user: { type: 'string' }, type: { type: 'string' }, json: { type: 'boolean' } });
    return withReadJournal(values, context, async ({ journal, settings }) => {
      const now = context.app.now();
      const from = stringOption(values, 'from');
      const to = stringOption(values, 'to');
      const user = stringOption(values, 'user');
      const type = stringOption(values, 'type');
      const chosen = await journal.auditTrail({
        ...(from !== undefined ? { from: zonedLocalToUtc(from, settings.timeZone, now) } : {}),
        ...(to !== undefined ? { to: zonedLocalToUtc(to, settings.timeZone, now) } : {}),
        ...(user !== undefined ? { user } : {}),
        ...(type !== undefined ? { type } : {}),
      });
      if (values.json) {
        context.io.stdout(`${JSON.stringify(chosen.map((e) => ({ seq: e.seq, type: e.type, recordedAt: e.recordedAt, ...e.data })))}\n`);
        return 0;
      }
      if (chosen.length === 0) {
        context.io.stdout('no audit entries match\n');
        return 0;
      }
      const detail = (d: Record<string, unknown>) =>
        [d.saleId && `sale ${String(d.saleId)}`, d.copy !== undefined && d.copy !== null && `copy ${String(d.copy)}`, d.reason && `reason ${String(d.reason)}`, d.printer && `on ${String(d.printer)}`, d.code && String(d.code), d.message && String(d.message)]
          .filter(Boolean)
          .join(', ');
      context.io.stdout(table(['#', 'TIME', 'EVENT', 'USER', 'APPROVER', 'DETAIL'], chosen.map((e) => [String(e.seq), formatInZone(Date.parse(e.recordedAt), settings.timeZone), e.type, String(e.data.user ?? ''), String(e.data.approver ?? e.data.by ?? ''), detail(e.data)])));
      return 0;
    });
  },
};
