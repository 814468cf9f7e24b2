import { InputError, parseDuration } from '../../core/index.js';
import { connectTcpPrinter } from '../../printer/index.js';
import { renderReceipt } from '../../render/index.js';
import { createFontLoader } from '../../receipt/index.js';
import { parseCommandArgs, requirePositional, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { DB_OPTION, withJournal } from './journal-options.js';

/** "HOST:PORT" or "HOST" (port 9100). */
export function parsePrinterAddress(text: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:\s]+)(?::(\d{1,5}))?$/.exec(text.trim());
  const port = match?.[2] === undefined ? 9100 : Number(match[2]);
  if (!match || port < 1 || port > 65535) {
    throw new InputError('BAD_PRINTER_ADDRESS', `"${text}" is not a printer address`, { hint: 'write HOST:PORT, e.g. 192.168.1.50:9100 or 127.0.0.1:9100' });
  }
  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port };
}

export const printCommand: Command = {
  name: 'print',
  summary: 'print a journaled sale on a network printer and wait until it has printed',
  help: `reissue print ID --printer HOST:PORT [--printer-model MODEL] [--copy merchant|cardholder]
               [--timeout 60s] [--db …]

Renders the receipt from the journal, sends it to the printer (port 9100) and waits for the
printer's completion answer (GS ( H), which comes only after the paper has passed. Exit 0
only when printed; a printer fault (paper out, cover open, offline) exits 1 naming it.`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      'print',
      args,
      { ...DB_OPTION, printer: { type: 'string' }, 'printer-model': { type: 'string' }, copy: { type: 'string' }, timeout: { type: 'string' } },
      1,
    );
    const id = requirePositional('print', positionals, 0, 'the transaction id');
    const target = stringOption(values, 'printer');
    if (target === undefined) throw new InputError('BAD_USAGE', 'print: --printer is required', { hint: 'e.g. --printer 127.0.0.1:9100' });
    const address = parsePrinterAddress(target);
    const timeoutMs = parseDuration(stringOption(values, 'timeout') ?? '60s');
    const copy = stringOption(values, 'copy');
    if (copy !== undefined && copy !== 'merchant' && copy !== 'cardholder') throw new InputError('BAD_USAGE', '--copy must be merchant or cardholder', { hint: 'e.g. --copy cardholder' });
    return withJournal(values, context, {}, async ({ journal, settings }) => {
      const { transaction } = await journal.get(id);
      const model = stringOption(values, 'printer-model');
      const rendered = renderReceipt(transaction, {
        format: 'escpos',
        timeZone: settings.timeZone,
        font: createFontLoader(),
        ...(model ? { printer: model } : {}),
        ...(copy ? { copy } : {}),
      });
      const printer = await connectTcpPrinter(address);
      try {
        await printer.send(rendered.body as Uint8Array);
        const jobId = (context.app.now() % 1_679_616).toString(36).padStart(4, '0').toUpperCase();
        await printer.waitPrinted(jobId, timeoutMs);
      } finally {
        await printer.close();
      }
      context.io.stdout(`printed ${id} on ${address.host}:${address.port}\n`);
      return 0;
    });
  },
};
