import { renderCapturedReceipt } from '../../capture/index.js';
import { InputError } from '../../core/index.js';
import { isCaptureId } from '../../journal/index.js';
import { parseReceiptFormat, renderReceipt } from '../../render/index.js';
import { ReceiptCopies, ReceiptLanguages, ReceiptTemplates, createFontLoader } from '../../receipt/index.js';
import { choiceOption, parseCommandArgs, requirePositional, stringOption } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { writeOutputFile } from '../output-file.js';
import { READ_OPTIONS, STORE_OPTION, atStores, withReadJournal } from './journal-options.js';

/** Text goes to stdout as text; bytes go to --out, or raw to stdout when it is piped. */
export async function emit(context: CommandContext, body: Uint8Array | string, out: string | undefined): Promise<void> {
  if (out !== undefined) {
    await writeOutputFile(context.io, out, body);
    context.io.stderr(`wrote ${out} (${typeof body === 'string' ? Buffer.byteLength(body) : body.length} bytes)\n`);
  } else if (typeof body === 'string') {
    context.io.stdout(body.endsWith('\n') ? body : `${body}\n`);
  } else {
    context.io.stdoutBytes(body);
  }
}

export const receiptCommand: Command = {
  name: 'receipt',
  summary: { en: 'preview a journaled sale (marked, not a receipt): text, PNG, PDF, ESC/POS bytes or HTML', zh: '预览日志里的一笔交易（有“仅供查看”标记，不是凭证）：文本、PNG、PDF、ESC/POS 字节或 HTML' },
  help: {
    usage: `reissue receipt ID [--format text|png|pdf|escpos|html] [--paper 58|80|80-180]
                 [--printer MODEL] [--template slip|retail] [--copy merchant|cardholder]
                 [--lang zh|en|bilingual] [--out FILE] [--store ID] [--db …] [--read-replica URL]`,
    en: `Renders the receipt as it prints, from the journaled transaction (never from today's
settings), marked across the paper 仅供查看 · PREVIEW — NOT A RECEIPT in every format: a
file can be printed and handed over, so the only copy for a customer is a duplicate
issued by \`reissue reprint\` (numbered, journaled) or an e-receipt. A voided or refunded
sale carries its mark (已撤销 VOIDED …). --template slip: the bank-card slip (签购单) of a
card sale; retail: the shop receipt (小票), whose payment block shows the card, reference no. and voucher;
default: the slip for a card sale with no items, else the shop receipt. --copy: the slip
is the merchant copy unless told, the shop receipt the cardholder's. MODEL: generic-80,
generic-58, epson-tm-t88 (80 mm, 180 dpi, GBK), xprinter-xp58 (58 mm, GBK). PNG, PDF and
ESC/POS go to --out, or to stdout when piped. A captured receipt (cap-…) renders as its POS
printed it (its own bytes, card numbers masked); layout options do not apply to it. At head
office two shops may hold the same id: --store names the shop.`,
    zh: `按打印出来的样子、用日志里记录的交易（绝不用今天的设置）生成小票，每种格式都在纸面上印着
“仅供查看 · PREVIEW — NOT A RECEIPT”：文件可以被打印出来交给顾客，所以给顾客的只能是
\`reissue reprint\` 补打的重印凭证（有编号，记入日志）或电子小票。已撤销或已退货的交易带有相应标记
（已撤销 VOIDED ……）。--template slip：刷卡交易的签购单；retail：门店小票，它的付款部分显示卡号、
参考号和凭证号；默认：没有商品明细的刷卡交易用签购单，其余用门店小票。--copy：签购单默认是
商户存根，门店小票默认是持卡人的。MODEL：generic-80、generic-58、epson-tm-t88（80 mm，180 dpi，
GBK）、xprinter-xp58（58 mm，GBK）。PNG、PDF 和 ESC/POS 写到 --out，或在管道中写到标准输出。
采集的小票（cap-…）按收银机打印的样子生成（它自己的字节，卡号已遮盖）；版式选项对它无效。
在总部，两家门店可能有相同的编号：用 --store 指定门店。`,
  },
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      'receipt',
      args,
      { ...READ_OPTIONS, ...STORE_OPTION, format: { type: 'string' }, paper: { type: 'string' }, printer: { type: 'string' }, template: { type: 'string' }, copy: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } },
      1,
      1,
    );
    const id = requirePositional('receipt', positionals, 0, 'the transaction id');
    const format = parseReceiptFormat(stringOption(values, 'format') ?? 'text');
    const template = choiceOption(values, 'template', ReceiptTemplates);
    const copy = choiceOption(values, 'copy', ReceiptCopies);
    const language = choiceOption(values, 'lang', ReceiptLanguages);
    const out = stringOption(values, 'out');
    if (out === undefined && (format === 'png' || format === 'escpos' || format === 'pdf') && context.io.isTty) {
      throw new InputError('BINARY_TO_TERMINAL', `${format} is binary and would garble the terminal`, { hint: `add --out receipt.${format === 'escpos' ? 'bin' : format}`, context: { format, extension: format === 'escpos' ? 'bin' : format } });
    }
    return withReadJournal(values, context, async ({ journal, settings }) => {
      if (isCaptureId(id)) {
        // A captured receipt renders as its POS printed it (its own bytes, read back), marked as a preview like a sale's.
        const { capture } = await atStores(journal, values).getCapture(id);
        const rendered = renderCapturedReceipt(capture, { format, preview: true, timeZone: settings.timeZone, font: createFontLoader(), title: `Receipt ${id}` });
        await emit(context, rendered.body, out);
        return 0;
      }
      const found = await atStores(journal, values).get(id);
      const status = await journal.statusOf(found);
      const rendered = renderReceipt(found.transaction, {
        format,
        // A file can be printed and handed over: only `reprint` issues a copy (numbered, journaled).
        preview: true,
        ...(status ? { status } : {}),
        timeZone: settings.timeZone,
        font: createFontLoader(),
        title: `Receipt ${id}`,
        ...(stringOption(values, 'paper') ? { paper: stringOption(values, 'paper') } : {}),
        ...(stringOption(values, 'printer') ? { printer: stringOption(values, 'printer') } : {}),
        ...(template ? { template } : {}),
        ...(copy ? { copy } : {}),
        ...(language ? { language } : {}),
      });
      await emit(context, rendered.body, out);
      return 0;
    });
  },
};
