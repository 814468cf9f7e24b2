import { InputError, parseStoreList } from '../../core/index.js';
import { encodeEscPos } from '../../escpos/index.js';
import { ReceiptLanguages, createFontLoader, renderPng, type ReceiptLanguage } from '../../receipt/index.js';
import { resolvePrinter } from '../../render/index.js';
import { collectDay, localDate, reportCsv, reportDocument, reportText } from '../../reports/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import { ExitCodes } from '../exit-codes.js';
import { configOf, describeJobState, withSpooler } from './spooler-session.js';
import type { Command } from '../command.js';
import { READ_OPTIONS, STORE_OPTION, atStores, withReadJournal } from './journal-options.js';
import { emit } from './receipt.js';

const FORMATS = ['text', 'csv', 'escpos', 'png'] as const;

export const reportCommand: Command = {
  name: 'report',
  summary: { en: "the day's transaction list (交易明细) and totals (交易汇总)", zh: '当天的交易明细和交易汇总' },
  help: {
    usage: `reissue report [--date YYYY-MM-DD] [--terminal T] [--batch B] [--operator O] [--store ID[,ID…]]
                [--format text|csv|escpos|png] [--paper 58|80|80-180] [--printer MODEL]
                [--lang zh|en|bilingual] [--out FILE] [--print NAME|HOST:PORT] [--db …] [--read-replica URL]`,
    en: `The store-local day (default today): every transaction in time order, then counts and
amounts per terminal, batch and operator — sales, voids, refunds, pre-authorisations and
the net. At head office: every shop's, or those --store names. Text and PNG as the receipt printer prints it; ESC/POS bytes to print; CSV (UTF-8
with BOM, CRLF) for a spreadsheet. --print sends it through the spooler to that printer and waits until it has printed.`,
    zh: `门店当地的一天（默认今天）：按时间顺序列出每笔交易，然后按终端、批次和操作员汇总笔数和金额
——消费、撤销、退货、预授权和净额。在总部：所有门店的，或 --store 指定的门店的。文本和 PNG 是
小票打印机打出来的样子；ESC/POS 字节用来打印；CSV（UTF-8 带 BOM，CRLF）用于电子表格。
--print 通过打印队列发到那台打印机，并等到打印完成。`,
  },
  async run(args, context) {
    const { values } = parseCommandArgs('report', args, {
      ...READ_OPTIONS, ...STORE_OPTION, date: { type: 'string' }, terminal: { type: 'string' }, batch: { type: 'string' }, operator: { type: 'string' },
      format: { type: 'string' }, paper: { type: 'string' }, printer: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' },
      print: { type: 'string' }, config: { type: 'string' },
    });
    const format = stringOption(values, 'format') ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new InputError('BAD_FORMAT', `unknown report format "${format}"`, { hint: `use one of ${FORMATS.join(', ')}`, context: { value: format, allowed: FORMATS } });
    const language = stringOption(values, 'lang');
    if (language !== undefined && !(ReceiptLanguages as readonly string[]).includes(language)) {
      throw new InputError('BAD_USAGE', `--lang must be one of ${ReceiptLanguages.join(', ')}`, { hint: 'e.g. --lang bilingual', context: { rule: 'one-of', option: '--lang', allowed: ReceiptLanguages, value: language, example: 'bilingual' } });
    }
    const printer = resolvePrinter(stringOption(values, 'paper'), stringOption(values, 'printer'));
    return withReadJournal(values, context, async (opened, primary) => {
      const { journal, settings } = opened;
      const now = context.app.now();
      const filters = Object.fromEntries(
        (['terminal', 'batch', 'operator'] as const).flatMap((f) => (stringOption(values, f) === undefined ? [] : [[{ terminal: 'terminalId', batch: 'batchNo', operator: 'operatorId' }[f], stringOption(values, f)]])),
      ) as { terminalId?: string; batchNo?: string; operatorId?: string };
      const date = stringOption(values, 'date') ?? localDate(now, settings.timeZone);
      const toPrint = stringOption(values, 'print');
      if (toPrint !== undefined) {
        const printerName = toPrint || configOf(values, context).defaultPrinter;
        if (!printerName) throw new InputError('BAD_USAGE', 'report --print: which printer?', { hint: 'give --print NAME|HOST:PORT or set "defaultPrinter" in the configuration', context: { rule: 'which-printer', command: 'report' } });
        return withSpooler(values, context, primary, async (spooler) => {
          const store = stringOption(values, 'store');
          const stores = store === undefined ? {} : { stores: parseStoreList(store) };
          const job = await spooler.enqueue({ printer: printerName, kind: 'report', options: { report: { date, ...filters, ...stores }, ...(language ? { language: language as ReceiptLanguage } : {}) } });
          await spooler.start();
          const final = await spooler.waitFor(job.id, { timeoutMs: 120_000 });
          context.io.stdout(`${describeJobState(final, context.language)}\n`);
          return final.state === 'printed' ? ExitCodes.ok : ExitCodes.unavailable;
        });
      }
      const report = await collectDay(atStores(journal, values), { date, timeZone: settings.timeZone, clock: () => now, ...filters });
      const options = { paper: printer.paper, printedAt: now, ...(language ? { language: language as ReceiptLanguage } : {}) };
      const out = stringOption(values, 'out');
      if (format === 'csv') await emit(context, reportCsv(report), out);
      else if (format === 'text') await emit(context, reportText(report, options), out);
      else if (format === 'escpos') await emit(context, encodeEscPos(reportDocument(report, options), printer), out);
      else await emit(context, renderPng(reportDocument(report, options), { font: createFontLoader() }), out);
      return 0;
    });
  },
};
