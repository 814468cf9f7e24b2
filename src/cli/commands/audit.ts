import { formatInZone, zonedLocalToUtc } from '../../core/index.js';
import { flatAuditEntry } from '../../journal/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { table, withStoreColumn } from '../format.js';
import { READ_OPTIONS, STORE_OPTION, atStores, withReadJournal } from './journal-options.js';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'who reprinted, approved, was refused, or changed users — from the journal',
  help: `reissue audit [--from TIME] [--to TIME] [--user NAME] [--type TYPE] [--store ID[,ID…]] [--json] [--db …] [--read-replica URL]

Lists the audit chain newest first: reprint.issued, reprint.refused, approval.granted,
approval.refused, login.failed, login.throttled, user.added, … Each entry is a hash-chained
journal event (\`reissue verify\` checks them). Times are store-local. At head office every
shop's audit is listed beside head office's own, each entry with its store; --store lists
those shops only.`,
  async run(args, context) {
    const { values } = parseCommandArgs('audit', args, { ...READ_OPTIONS, ...STORE_OPTION, from: { type: 'string' }, to: { type: 'string' }, user: { type: 'string' }, type: { type: 'string' }, json: { type: 'boolean' } });
    return withReadJournal(values, context, async ({ journal, settings }) => {
      const now = context.app.now();
      const from = stringOption(values, 'from');
      const to = stringOption(values, 'to');
      const user = stringOption(values, 'user');
      const type = stringOption(values, 'type');
      const chosen = await atStores(journal, values).auditTrail({
        ...(from !== undefined ? { from: zonedLocalToUtc(from, settings.timeZone, now) } : {}),
        ...(to !== undefined ? { to: zonedLocalToUtc(to, settings.timeZone, now) } : {}),
        ...(user !== undefined ? { user } : {}),
        ...(type !== undefined ? { type } : {}),
      });
      if (values.json) {
        context.io.stdout(`${JSON.stringify(chosen.map(flatAuditEntry))}\n`);
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
      const rows = chosen.map((e) => [String(e.seq), formatInZone(Date.parse(e.recordedAt), settings.timeZone), e.type, String(e.data.user ?? ''), String(e.data.approver ?? e.data.by ?? ''), detail(e.data)]);
      // Head office's own entries carry no store; a shop's do.
      const stores = chosen.map((e) => e.storeId ?? '');
      context.io.stdout(table(...withStoreColumn(['#', 'TIME', 'EVENT', 'USER', 'APPROVER', 'DETAIL'], rows, stores, stores.some((s) => s !== ''), context.language)));
      return 0;
    });
  },
};
