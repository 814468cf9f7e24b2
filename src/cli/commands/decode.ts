import { maskEveryDigit, maskJobBytes } from '../../capture/index.js';
import { InputError, containsPan, maskPans } from '../../core/index.js';
import { MAX_DOCUMENT_CELLS, parseToDocument } from '../../escpos/index.js';
import { createFontLoader, paperProfile, renderPng, renderText, type Block, type ReceiptDocument } from '../../receipt/index.js';
import { parseCommandArgs, requirePositional, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { readInputBytes } from '../input-file.js';
import { cliText } from '../texts.js';
import { emit } from './receipt.js';

const FORMATS = ['text', 'png', 'json'] as const;

function documentJson(doc: ReceiptDocument): unknown {
  return { ...doc, blocks: doc.blocks.map((b) => (b.type === 'image' ? { ...b, bits: Buffer.from(b.bits).toString('base64') } : b)) };
}

export const decodeCommand: Command = {
  name: 'decode',
  summary: { en: 'show what a printer would print from a file of ESC/POS bytes', zh: '显示一个 ESC/POS 字节文件在打印机上会打印出什么' },
  help: {
    usage: `reissue decode FILE|- [--format text|png|json] [--paper 58|80|80-180] [--kanji] [--out FILE]`,
    en: `Reads ESC/POS bytes from any POS software (Reissue's or another's) and prints the receipt
as text, as a PNG picture, or as JSON (the document plus every query and unknown command).
--kanji starts in Chinese (Kanji) mode, as many Chinese printers do by default.`,
    zh: `读取任何收银软件（Reissue 或其他）的 ESC/POS 字节，把小票显示为文本、PNG 图片或 JSON
（文档，以及每个查询和不认识的命令）。--kanji 从中文（汉字）模式开始，很多中文打印机默认如此。`,
  },
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('decode', args, { format: { type: 'string' }, paper: { type: 'string' }, kanji: { type: 'boolean' }, out: { type: 'string' } }, 1);
    const file = requirePositional('decode', positionals, 0, 'the file of ESC/POS bytes (or - for stdin)');
    const format = stringOption(values, 'format') ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new InputError('BAD_FORMAT', `unknown decode format "${format}"`, { hint: `use one of ${FORMATS.join(', ')}`, context: { value: format, allowed: FORMATS } });
    }
    const bytes = file === '-' ? Buffer.from(await context.io.readStdin(), 'binary') : await readInputBytes(context.io, file);
    const paper = stringOption(values, 'paper');
    const options = { ...(paper ? { paper: paperProfile(paper) } : {}), ...(values.kanji ? { kanjiDefault: true } : {}) };
    // Another POS's job may print a whole card number: masked in the bytes, as the tap masks
    // what it captures, before anything is drawn from them.
    const masked = maskJobBytes(bytes, options);
    let parsed = parseToDocument(masked.bytes, options);
    let numbers = masked.numbers;
    const truncated = parsed.truncated;
    // Past the document's bound the layout is not read, so every digit goes there too.
    if (truncated || containsPan(renderText(parsed.doc))) {
      parsed = parseToDocument(maskEveryDigit(masked.bytes, options), options);
      numbers = Math.max(numbers, 1);
    }
    // Only a code's data can still hold one (a barcode in code set C, two digits a byte): it is shown masked, not drawn.
    if (containsPan(renderText(parsed.doc))) parsed = { ...parsed, doc: { ...parsed.doc, blocks: parsed.doc.blocks.map(withoutCardNumber) } };
    if (numbers > 0) context.io.stderr(`${cliText(context.language, 'decode.masked', { count: numbers })}\n`);
    if (truncated) context.io.stderr(`${cliText(context.language, 'decode.truncated', { lines: String(Math.floor(MAX_DOCUMENT_CELLS / parsed.doc.columns)) })}\n`);
    if (parsed.unknown.length > 0) context.io.stderr(`${cliText(context.language, 'decode.unknown', { count: String(parsed.unknown.length) })}\n`);
    const out = stringOption(values, 'out');
    if (format === 'json') {
      await emit(context, `${JSON.stringify({ document: documentJson(parsed.doc), queries: parsed.queries, unknown: parsed.unknown.map((u) => ({ ...u, bytes: Buffer.from(u.bytes).toString('hex') })), dropped: parsed.dropped.map((d) => d.type) })}\n`, out);
    } else if (format === 'png') {
      await emit(context, renderPng(parsed.doc, { font: createFontLoader() }), out);
    } else {
      await emit(context, renderText(parsed.doc), out);
    }
    return 0;
  },
};

/** A QR code or barcode whose data holds a card number, as a line of text with the number masked. */
function withoutCardNumber(block: Block): Block {
  if ((block.type !== 'qr' && block.type !== 'barcode') || !containsPan(block.data)) return block;
  return { type: 'text', runs: [{ text: `[${block.type.toUpperCase()}: ${maskPans(block.data)}]` }] };
}
