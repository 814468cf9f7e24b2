import { parseCommandArgs, requirePositional } from '../args.js';
import type { Command } from '../command.js';
import { isCaptureId } from '../../journal/index.js';
import { captureDetails, transactionDetails } from '../format.js';
import { READ_OPTIONS, STORE_OPTION, atStores, withReadJournal } from './journal-options.js';

export const showCommand: Command = {
  name: 'show',
  summary: { en: 'show one transaction as journaled', zh: '显示日志里记录的一笔交易' },
  help: {
    usage: `reissue show ID [--store ID] [--json] [--db …] [--read-replica URL]`,
    en: `ID is terminal-batch-voucher, e.g. 10023456-000128-000457 (as printed by record and find),
or a captured receipt's cap-… id. At head office two shops may hold the same id: --store
names the shop.`,
    zh: `ID 是 终端号-批次号-凭证号，例如 10023456-000128-000457（record 和 find 显示的就是它），
或采集小票的 cap-… 编号。在总部，两家门店可能有相同的编号：用 --store 指定门店。`,
  },
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('show', args, { ...READ_OPTIONS, ...STORE_OPTION, json: { type: 'boolean' } }, 1, 1);
    const id = requirePositional('show', positionals, 0, 'the transaction id');
    return withReadJournal(values, context, async ({ journal, settings }) => {
      if (isCaptureId(id)) {
        const item = await atStores(journal, values).getCapture(id);
        context.io.stdout(values.json ? `${JSON.stringify({ origin: 'capture', ...item }, null, 2)}\n` : captureDetails(item, settings.timeZone));
        return 0;
      }
      const item = await atStores(journal, values).get(id);
      const status = await journal.statusOf(item);
      context.io.stdout(values.json ? `${JSON.stringify(status ? { ...item, status } : item, null, 2)}\n` : transactionDetails(item, settings.timeZone, status));
      return 0;
    });
  },
};
