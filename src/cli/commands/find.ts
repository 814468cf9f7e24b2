import { searchFromRequest, type SearchRequest } from '../../journal/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { receiptRow, showsStores, summaryHeaders, table, withStoreColumn } from '../format.js';
import { cliText } from '../texts.js';
import { READ_OPTIONS, withReadJournal } from './journal-options.js';

const FILTERS = ['from', 'to', 'around', 'within', 'amount', 'currency', 'voucher', 'batch', 'terminal', 'ref', 'last4', 'operator', 'kind', 'merchant', 'text', 'source', 'origin', 'store', 'limit', 'cursor'] as const;

export const findCommand: Command = {
  name: 'find',
  summary: { en: 'find sales and captured receipts by time and amount, voucher, reference, card last-4, text …', zh: '按时间和金额、凭证号、参考号、卡号后四位、文字……查找交易和采集的小票' },
  help: {
    usage: `reissue find [filters] [--json] [--db …] [--read-replica URL]`,
    en: `  --around TIME --within 15m   a time the customer remembers, ± a window (default 15m)
  --from TIME --to TIME        a window instead; TIME is store-local: "2026-11-27 14:30",
                               "14:30" (today) or "2026-11-27" (a whole day for --to)
  --amount 128.50 | 100..200   exact amount or a range (store currency unless --currency)
  --voucher N [--batch B] [--terminal T]   voucher no. (keyed by terminal + batch + voucher)
  --ref R   --last4 D   --operator O   --terminal T   --kind sale|void|refund|auth|auth-complete
  --text WORDS   words printed on a captured receipt (Chinese too), e.g. --text "拿铁 LATTE"
  --source NAME  a tap's source (captured receipts only)   --origin sale|capture
  --store ID[,ID…]             head office: these shops only (every shop by default)
  --limit N (default 20, max 500)   --cursor C (from the previous page)

Sales and receipts captured by \`reissue tap\` together, newest first; a captured receipt is
found by the time printed on it (else when it was captured) and what was read off it. With --json prints {"items": [...], "next": cursor}. At head office,
--read-replica URL (or REISSUE_READ_REPLICA) searches a hot standby of the database; when
it has not replayed all the primary has written, a note on stderr says so.`,
    zh: `  --around TIME --within 15m   顾客记得的时间，前后多少分钟（默认 15m）
  --from TIME --to TIME        或者一个时间段；TIME 是门店当地时间："2026-11-27 14:30"、
                               "14:30"（今天）或 "2026-11-27"（用于 --to 时表示整天）
  --amount 128.50 | 100..200   准确金额或金额范围（门店币种，除非给了 --currency）
  --voucher N [--batch B] [--terminal T]   凭证号（一笔交易由终端号 + 批次号 + 凭证号确定）
  --ref R 参考号   --last4 D 卡号后四位   --operator O 操作员   --terminal T 终端号
  --kind sale|void|refund|auth|auth-complete   交易类型（消费、撤销、退货、预授权、预授权完成）
  --text WORDS   采集的小票上印的文字（也可以是中文），例如 --text "拿铁 LATTE"
  --source NAME  小票采集的来源（只查采集的小票）   --origin sale|capture
  --store ID[,ID…]             总部：只查这些门店（默认查所有门店）
  --limit N（默认 20，最多 500）   --cursor C（上一页给出的）

交易和 \`reissue tap\` 采集的小票一起列出，最新的在前；采集的小票按小票上印的时间（没有则按采集
时间）和从小票上读出的内容查找。加 --json 输出 {"items": [...], "next": cursor}。在总部，
--read-replica URL（或 REISSUE_READ_REPLICA）查数据库的热备只读副本；副本还没追上主库时，
stderr 上会有提示。`,
  },
  async run(args, context) {
    const options = Object.fromEntries(FILTERS.map((f) => [f, { type: 'string' as const }]));
    const { values } = parseCommandArgs('find', args, { ...READ_OPTIONS, ...options, json: { type: 'boolean' } });
    const request: SearchRequest = {};
    for (const f of FILTERS) {
      const v = stringOption(values, f);
      if (v !== undefined) request[f] = v;
    }
    return withReadJournal(values, context, async ({ journal, settings }) => {
      const query = searchFromRequest(request, { ...settings, now: context.app.now() });
      const page = await journal.findReceipts(query);
      const statuses = await journal.statusesOf(page.items.filter((i) => i.origin === 'sale'));
      // Asked after the search: what the replica had not replayed then may be missing from it.
      const lag = await journal.replicaLag();
      if (lag !== undefined && lag.bytes > 0) context.io.stderr(`${cliText(context.language, 'find.replicaBehind', { bytes: lag.bytes })}\n`);
      if (values.json) {
        const items = page.items.map((item) => (statuses.has(item.id) ? { ...item, status: statuses.get(item.id) } : item));
        context.io.stdout(`${JSON.stringify({ items, next: page.next ?? null })}\n`);
        return 0;
      }
      if (page.items.length === 0) {
        context.io.stdout(`${cliText(context.language, 'find.none')}\n`);
        context.io.stderr(`${cliText(context.language, 'find.noneHint')}\n`);
        return 0;
      }
      const stores = showsStores(page.items, await journal.storeIdentity());
      const rows = page.items.map((i) => receiptRow(i, settings.timeZone, context.language, statuses.get(i.id)));
      context.io.stdout(table(...withStoreColumn(summaryHeaders(context.language), rows, page.items.map((i) => i.storeId), stores, context.language)));
      if (page.next) context.io.stdout(`${cliText(context.language, 'find.more', { cursor: page.next })}\n`);
      return 0;
    });
  },
};
