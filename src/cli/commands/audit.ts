import { formatInZone, zonedLocalToUtc } from '../../core/index.js';
import { auditWhy, type Params } from '../../i18n/index.js';
import { flatAuditEntry } from '../../journal/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { table, withStoreColumn } from '../format.js';
import { cliText, type CliTextKey } from '../texts.js';
import { READ_OPTIONS, STORE_OPTION, atStores, withReadJournal } from './journal-options.js';

export const auditCommand: Command = {
  name: 'audit',
  summary: { en: 'who reprinted, approved, was refused, or changed users — from the journal', zh: '谁补打了、授权了、被拒了，或改动了用户——来自日志' },
  help: {
    usage: `reissue audit [--from TIME] [--to TIME] [--user NAME] [--type TYPE] [--store ID[,ID…]] [--json] [--db …] [--read-replica URL]`,
    en: `Lists the audit chain newest first: reprint.issued, reprint.refused, approval.granted,
approval.refused, login.failed, login.throttled, user.added, … Each entry is a hash-chained
journal event (\`reissue verify\` checks them). Times are store-local. At head office every
shop's audit is listed beside head office's own, each entry with its store; --store lists
those shops only.`,
    zh: `从新到旧列出审计链：reprint.issued（补打）、reprint.refused（补打被拒）、approval.granted（授权）、
approval.refused（授权被拒）、login.failed（登录失败）、login.throttled（登录被限制）、
user.added（添加用户）…… 每一条都是哈希链上的日志记录（\`reissue verify\` 会检查它们）。
时间是门店当地时间。在总部，每家门店的审计和总部自己的列在一起，每条都标明门店；--store 只列那些门店。`,
  },
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
      const say = (key: CliTextKey, params: Params = {}) => cliText(context.language, key, params);
      if (chosen.length === 0) {
        context.io.stdout(`${say('audit.none')}\n`);
        return 0;
      }
      const detail = (type: string, d: Record<string, unknown>) => {
        const why = auditWhy(d, context.language) ?? (typeof d.message === 'string' ? d.message : undefined);
        return [
          d.saleId && say('audit.sale', { id: String(d.saleId) }),
          d.copy !== undefined && d.copy !== null && say('audit.copy', { copy: String(d.copy) }),
          d.reason && say('audit.reason', { reason: String(d.reason) }),
          typeof d.reasonText === 'string' && d.reasonText !== '' && say('audit.reasonText', { text: d.reasonText }),
          d.printer && say('audit.printer', { printer: String(d.printer) }),
          why && say(type === 'integrity.alert' ? 'audit.found' : 'audit.why', { why }),
        ]
          .filter(Boolean)
          .join(context.language === 'zh' ? '，' : ', ');
      };
      const rows = chosen.map((e) => [String(e.seq), formatInZone(Date.parse(e.recordedAt), settings.timeZone), say('audit.event', { type: e.type }), String(e.data.user ?? ''), String(e.data.approver ?? e.data.by ?? ''), detail(e.type, e.data)]);
      // Head office's own entries carry no store; a shop's do.
      const stores = chosen.map((e) => e.storeId ?? '');
      const headers = ['#', say('col.time'), say('col.event'), say('col.user'), say('col.approver'), say('col.detail')];
      context.io.stdout(table(...withStoreColumn(headers, rows, stores, stores.some((s) => s !== ''), context.language)));
      return 0;
    });
  },
};
