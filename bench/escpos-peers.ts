/**
 * One realistic 80 mm Chinese receipt, and the same receipt through each encoder compared:
 * ours (from the transaction, or from its laid-out ReceiptDocument), receiptline and
 * @point-of-sale/receipt-printer-encoder, each used the fastest way its documentation shows.
 * The peers get the lines our layout made, so all three print the same content — which
 * `sameContent` checks by decoding every output with our parser.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import iconv from 'iconv-lite';
import receiptline from 'receiptline';
import { parseTransaction, type Transaction } from '../src/core/index.js';
import { encodeEscPos, parseToDocument } from '../src/escpos/index.js';
import { displayWidth, layoutReceipt, paperProfile, type Block, type ReceiptDocument, type TextBlock } from '../src/receipt/index.js';

export const PAPER = paperProfile('80');
export const TIME_ZONE = 'Asia/Shanghai';
const QR = 'https://e.example.com/v/10023456-000128-000042.0.K7QX2M9PZR4T8VWA';

const ITEMS: readonly [name: string, qty: number, price: string][] = [
  ['可口可乐 330ml', 2, '3.50'],
  ['农夫山泉 550ml', 3, '2.00'],
  ['康师傅红烧牛肉面', 1, '4.50'],
  ['奥利奥饼干 Oreo', 1, '12.90'],
  ['蒙牛纯牛奶 250ml', 6, '3.00'],
  ['旺旺雪饼', 2, '8.90'],
  ['德芙巧克力 Dove', 1, '15.90'],
  ['维达抽纸 3包', 1, '19.90'],
  ['青岛啤酒 500ml', 4, '6.50'],
  ['上好佳薯片', 2, '6.90'],
];

/** A card sale of ten items as a POS sends it: card, reference no., auth code; no payments (paid by card). */
export function benchTransaction(): Transaction {
  return parseTransaction({
    kind: 'sale',
    merchant: { id: '898310058120123', name: '某某便利店' },
    store: { name: '某某便利店', address: '北京市海淀区中关村大街1号', phone: '010-12345678' },
    terminalId: '10023456',
    operatorId: '01',
    batchNo: '000128',
    voucherNo: '000042',
    referenceNo: '123456789012',
    authCode: '654321',
    receiptNo: 'S20240501-0042',
    occurredAt: '2024-05-01T12:34:56+08:00',
    amount: '141.80',
    currency: 'CNY',
    card: { masked: '622202******1234', issuer: '中国工商银行', entryMode: 'contactless' },
    items: ITEMS.map(([name, quantity, unitPrice]) => ({ name, quantity, unitPrice })),
  });
}

/** Transaction → layout: the document every encoder is given the content of. */
export function benchDocument(tx: Transaction): ReceiptDocument {
  return layoutReceipt(tx, { paper: PAPER, timeZone: TIME_ZONE, language: 'bilingual', verificationUrl: QR });
}

/** Transaction → layout → bytes: what the spooler runs for every receipt it prints. */
export function reissueFromTransaction(tx: Transaction): Uint8Array {
  return encodeEscPos(benchDocument(tx), 'generic-80');
}

export function reissueFromDocument(doc: ReceiptDocument): Uint8Array {
  return encodeEscPos(doc, 'generic-80');
}

const lineOf = (block: TextBlock) => block.runs.map((r) => r.text).join('');
const styleOf = (block: TextBlock) => block.runs.find((r) => r.text.trim() !== '')?.style ?? {};

// ---------------------------------------------------------------- receiptline

const RECEIPTLINE_SPECIAL = /[\\|{}~_"`^]/g;
const escapeReceiptline = (text: string) => text.replace(RECEIPTLINE_SPECIAL, (c) => `\\${c}`).replace(/^([-=])/, '\\$1');

/** The texts our layout padded apart on one line. */
const columnsOf = (block: TextBlock) => lineOf(block).trim().split(/ {2,}/);

function receiptlineLine(block: TextBlock): string {
  const style = styleOf(block);
  const size = style.width === 2 && style.height === 2 ? '^^^' : style.height === 2 ? '^^' : style.width === 2 ? '^' : '';
  const columns = columnsOf(block).map(escapeReceiptline).map((c) => (style.bold ? `"${size}${c}"` : `${size}${c}`));
  if (columns.length > 1) return columns.join(' | ');
  const [only = ''] = columns;
  // A lone column: "|text" left, "text" centred, "| text" right (receiptline's alignment rule).
  return block.align === 'center' ? only : block.align === 'right' ? `| ${only}` : `|${only}`;
}

/**
 * The document as ReceiptLine markdown, as a receiptline user would write it. A table (rows
 * of more than two columns) gets its column widths once, from its widest values, so that
 * receiptline does not split the line evenly and wrap the names.
 */
export function receiptlineMarkdown(doc: ReceiptDocument): string {
  const lines: string[] = [];
  const blocks = doc.blocks;
  let widths = 'auto';
  let table = { end: 0, widths: 'auto' };
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as Block;
    if (block.type === 'text') {
      if (block.runs.length === 0) {
        lines.push('');
        continue;
      }
      const count = columnsOf(block).length;
      if (count > 2 && i >= table.end) {
        const rows: string[][] = [];
        for (let j = i; j < blocks.length; j++) {
          const row = blocks[j] as Block;
          if (row.type !== 'text' || columnsOf(row).length !== count) break;
          rows.push(columnsOf(row));
        }
        table = { end: i + rows.length, widths: ['*', ...Array.from({ length: count - 1 }, (_, c) => Math.max(...rows.map((row) => displayWidth(row[c + 1] ?? ''))))].join(' ') };
      }
      const wanted = count > 2 ? table.widths : 'auto';
      if (wanted !== widths) lines.push(`{width:${(widths = wanted)}}`);
      lines.push(receiptlineLine(block));
    } else if (block.type === 'rule') lines.push('---');
    else if (block.type === 'feed') for (let k = 0; k < block.lines; k++) lines.push('');
    else if (block.type === 'qr') lines.push(`{code:${block.data.replace(/[\\|{};]/g, (c) => `\\${c}`)};option:qrcode,${block.size ?? 3},${(block.ecc ?? 'M').toLowerCase()}}`);
    else if (block.type === 'cut') lines.push('=');
  }
  return lines.join('\n');
}

export const RECEIPTLINE_PRINTER = { cpl: PAPER.columns, encoding: 'gb18030', command: 'escpos', cutting: true } as const;

/** receiptline's one documented call: markdown → ESC/POS (its own layout included). */
export function receiptlineBytes(markdown: string): Uint8Array {
  return Buffer.from(receiptline.transform(markdown, RECEIPTLINE_PRINTER), 'binary');
}

// ---------------------------------------------------------------- receipt-printer-encoder

/** Hanzi mode around GB18030 bytes: its README's way to print Chinese (its code pages have none). */
function hanzi(text: string): number[] {
  return [0x1c, 0x26, ...iconv.encode(text, 'gb18030'), 0x1c, 0x2e];
}

const RULE = Array.from('-'.repeat(PAPER.columns), (c) => c.charCodeAt(0));

/**
 * The document through ReceiptPrinterEncoder the fastest documented way: a new encoder per
 * receipt, every line as raw GB18030 bytes between FS & and FS . (its text() re-encodes
 * through code pages character by character and is several times slower), its own
 * alignment, bold, size, QR and cut commands.
 */
export function receiptPrinterEncoderBytes(blocks: readonly Block[]): Uint8Array {
  const e = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: PAPER.columns });
  e.initialize();
  for (const block of blocks) {
    if (block.type === 'text') {
      e.align(block.align ?? 'left');
      for (const run of block.runs) {
        const style = run.style ?? {};
        if (style.bold) e.bold(true);
        if (style.width === 2 || style.height === 2) e.size(style.width ?? 1, style.height ?? 1);
        e.raw(hanzi(run.text));
        if (style.width === 2 || style.height === 2) e.size(1, 1);
        if (style.bold) e.bold(false);
      }
      e.newline();
    } else if (block.type === 'rule') {
      e.align('left').raw(RULE).newline();
    } else if (block.type === 'feed') {
      for (let i = 0; i < block.lines; i++) e.newline();
    } else if (block.type === 'qr') {
      e.align(block.align ?? 'left').qrcode(block.data, { model: 2, size: block.size ?? 3, errorlevel: (block.ecc ?? 'M').toLowerCase() as 'm' });
    } else if (block.type === 'cut') {
      e.cut('partial');
    }
  }
  return e.encode();
}

// ---------------------------------------------------------------- the check

export interface Content {
  lines: string[];
  qr: string[];
  unknown: number;
}

/** What a byte stream prints, as our parser reads it: text lines (spacing ignored) and QR payloads. */
export function printedContent(bytes: Uint8Array): Content {
  const parsed = parseToDocument(bytes, { paper: PAPER });
  const lines: string[] = [];
  const qr: string[] = [];
  for (const block of parsed.doc.blocks) {
    if (block.type === 'text') {
      const line = lineOf(block).replace(/\s+/g, ' ').trim();
      if (line !== '') lines.push(line);
    }
    if (block.type === 'rule') lines.push('-'.repeat(parsed.doc.columns));
    if (block.type === 'qr') qr.push(block.data);
  }
  return { lines, qr, unknown: parsed.unknown.length };
}

/** Undefined when `other` prints what `ours` prints; else the first difference. */
export function contentDifference(ours: Content, other: Content): string | undefined {
  if (other.unknown > 0) return `${other.unknown} commands our parser does not know`;
  if (JSON.stringify(other.qr) !== JSON.stringify(ours.qr)) return `QR ${JSON.stringify(other.qr)} ≠ ${JSON.stringify(ours.qr)}`;
  const at = ours.lines.findIndex((line, i) => other.lines[i] !== line);
  if (at >= 0) return `line ${at + 1}: "${other.lines[at] ?? '(none)'}" ≠ "${ours.lines[at]}"`;
  if (other.lines.length !== ours.lines.length) return `${other.lines.length} lines ≠ ${ours.lines.length}`;
  return undefined;
}
