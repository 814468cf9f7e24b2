import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { cliText } from '../texts.js';
import { DB_OPTION, withJournal } from './journal-options.js';

export const initCommand: Command = {
  name: 'init',
  summary: { en: 'create a journal (SQLite file or PostgreSQL database)', zh: '创建日志（SQLite 文件或 PostgreSQL 数据库）' },
  help: {
    usage: `reissue init [--db FILE|postgres://…] [--tz ZONE] [--currency CUR] [--store ID]`,
    en: `Creates the journal if it does not exist and prints its settings. The store's time zone
(default: the machine's) is used to read and show local times; the currency (default CNY)
is used to read amounts in searches. --store ID sets the journal's store id (the shop head
office files its events under; set once, see \`reissue store\`). Running it again changes nothing.`,
    zh: `日志不存在时创建它，并显示它的设置。门店的时区（默认：本机的时区）用来读和显示当地时间；
币种（默认 CNY）用来读查询里的金额。--store ID 设置日志的门店编号（总部按它归档这家门店的
记录；只能设置一次，见 \`reissue store\`）。再运行一次不会改变任何东西。`,
  },
  async run(args, context) {
    const { values } = parseCommandArgs('init', args, { ...DB_OPTION, tz: { type: 'string' }, currency: { type: 'string' }, store: { type: 'string' } });
    const options = { create: true, ...(stringOption(values, 'tz') ? { timeZone: stringOption(values, 'tz') } : {}), ...(stringOption(values, 'currency') ? { currency: stringOption(values, 'currency') } : {}) };
    return withJournal(values, context, options, async ({ journal, settings }) => {
      const storeText = stringOption(values, 'store');
      const storeId = storeText === undefined ? await journal.storeIdentity() : (await journal.identifyStore(storeText)).storeId;
      const { events } = await journal.counts();
      const said = { location: journal.info.location, kind: journal.info.kind, storeId: storeId ?? cliText(context.language, 'init.storeNotSet'), timeZone: settings.timeZone, currency: settings.currency, events: String(events) };
      context.io.stdout(`${cliText(context.language, 'init.settings', said)}\n`);
      if (settings.timeZone !== (options.timeZone ?? settings.timeZone)) {
        context.io.stderr(`${cliText(context.language, 'init.timeZoneKept', { timeZone: settings.timeZone, asked: options.timeZone ?? '' })}\n`);
      }
      return 0;
    });
  },
};
