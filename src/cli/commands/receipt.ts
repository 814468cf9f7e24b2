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
  summary: 'preview a journaled sale (marked, not a receipt): text, PNG, PDF, ESC/POS bytes or HTML',
  help: `reissue receipt ID [--format text|png|pdf|escpos|html] [--paper 58|80|80-180]
                 [--printer MODEL] [--template slip|retail] [--copy merchant|cardholder]
                 [--lang zh|en|bilingual] [--out FILE] [--store ID] [--db …] [--read-replica URL]

Renders the receipt as it prints, from the journaled transaction (never from today's
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
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      'receipt',
      args,
      { ...READ_OPTIONS, ...STORE_OPTION, format: { type: 'string' }, paper: { type: 'string' }, printer: { type: 'string' }, template: { type: 'string' }, copy: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } },
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
