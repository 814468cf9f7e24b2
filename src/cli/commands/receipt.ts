import { InputError } from '../../core/index.js';
import { parseReceiptFormat, renderReceipt } from '../../render/index.js';
import { ReceiptCopies, ReceiptLanguages, createFontLoader, type ReceiptCopy, type ReceiptLanguage } from '../../receipt/index.js';
import { parseCommandArgs, requirePositional, stringOption } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { DB_OPTION, withJournal } from './journal-options.js';

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError('BAD_USAGE', `--${flag} must be one of ${allowed.join(', ')}, not "${value}"`, { hint: `e.g. --${flag} ${allowed[0]}`, context: { rule: 'one-of', option: `--${flag}`, allowed, value, example: allowed[0] } });
  }
  return value as T;
}

/** Text goes to stdout as text; bytes go to --out, or raw to stdout when it is piped. */
export async function emit(context: CommandContext, body: Uint8Array | string, out: string | undefined): Promise<void> {
  if (out !== undefined) {
    await context.io.writeFile(out, body);
    context.io.stderr(`wrote ${out} (${typeof body === 'string' ? Buffer.byteLength(body) : body.length} bytes)\n`);
  } else if (typeof body === 'string') {
    context.io.stdout(body.endsWith('\n') ? body : `${body}\n`);
  } else {
    context.io.stdoutBytes(body);
  }
}

export const receiptCommand: Command = {
  name: 'receipt',
  summary: 'render a journaled sale: text, PNG, ESC/POS bytes or HTML',
  help: `reissue receipt ID [--format text|png|escpos|html] [--paper 58|80|80-180]
                 [--printer MODEL] [--copy merchant|cardholder] [--lang zh|en|bilingual]
                 [--out FILE] [--db …]

Renders the receipt exactly as it prints, from the journaled transaction (never from
today's settings). MODEL: generic-80, generic-58, epson-tm-t88 (80 mm, 180 dpi, GBK),
xprinter-xp58 (58 mm, GBK). PNG and ESC/POS go to --out, or to stdout when piped.`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      'receipt',
      args,
      { ...DB_OPTION, format: { type: 'string' }, paper: { type: 'string' }, printer: { type: 'string' }, copy: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } },
      1,
    );
    const id = requirePositional('receipt', positionals, 0, 'the transaction id');
    const format = parseReceiptFormat(stringOption(values, 'format') ?? 'text');
    const copy = oneOf<ReceiptCopy>(stringOption(values, 'copy'), ReceiptCopies, 'copy');
    const language = oneOf<ReceiptLanguage>(stringOption(values, 'lang'), ReceiptLanguages, 'lang');
    const out = stringOption(values, 'out');
    if (out === undefined && (format === 'png' || format === 'escpos') && context.io.isTty) {
      throw new InputError('BINARY_TO_TERMINAL', `${format} is binary and would garble the terminal`, { hint: `add --out receipt.${format === 'png' ? 'png' : 'bin'}`, context: { format, extension: format === 'png' ? 'png' : 'bin' } });
    }
    return withJournal(values, context, {}, async ({ journal, settings }) => {
      const { transaction } = await journal.get(id);
      const rendered = renderReceipt(transaction, {
        format,
        timeZone: settings.timeZone,
        font: createFontLoader(),
        ...(stringOption(values, 'paper') ? { paper: stringOption(values, 'paper') } : {}),
        ...(stringOption(values, 'printer') ? { printer: stringOption(values, 'printer') } : {}),
        ...(copy ? { copy } : {}),
        ...(language ? { language } : {}),
      });
      await emit(context, rendered.body, out);
      return 0;
    });
  },
};
