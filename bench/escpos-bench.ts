/**
 * ESC/POS encoding, side by side: our encoder against receiptline and
 * @point-of-sale/receipt-printer-encoder, on one realistic 80 mm Chinese receipt
 * (10 items, card payment, QR). Each library gets the same content and prints Chinese the way
 * its documentation allows: receiptline with `encoding: 'gb18030'`; ReceiptPrinterEncoder,
 * whose code pages have no Chinese, with raw FS & + GB18030 + FS . (its "Raw" command docs).
 * The ReceiptDocument is built by hand here so the bench does not depend on receipt layout.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import iconv from 'iconv-lite';
import receiptline from 'receiptline';
import { encodeEscPos, parseToDocument } from '../src/escpos/index.js';
import { createFontLoader, displayWidth, padText, renderPng, renderText, type Block, type ReceiptDocument } from '../src/receipt/index.js';
import type { Row } from './setup.js';

const COLUMNS = 48;
const QR = 'https://e.example.com/r/0001-00000123-000042?sig=7f3a9c';

const ITEMS: readonly [name: string, qty: number, cents: number][] = [
  ['可口可乐 330ml', 2, 350],
  ['农夫山泉 550ml', 3, 200],
  ['康师傅红烧牛肉面', 1, 450],
  ['奥利奥饼干 Oreo', 1, 1290],
  ['蒙牛纯牛奶 250ml', 6, 300],
  ['旺旺雪饼', 2, 890],
  ['德芙巧克力 Dove', 1, 1590],
  ['维达抽纸 3包', 1, 1990],
  ['青岛啤酒 500ml', 4, 650],
  ['上好佳薯片', 2, 690],
];

const yuan = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const TOTAL = ITEMS.reduce((sum, [, qty, cents]) => sum + qty * cents, 0);

/** The receipt as [left, right] pairs of one line each; a string is a whole line. */
const LINES: readonly (string | readonly [string, string])[] = [
  '地址：北京市海淀区中关村大街1号',
  ['商户编号 MERCHANT NO', '123456789012345'],
  ['终端编号 TERMINAL NO', '12345678'],
  ['操作员 OPERATOR', '01'],
  ['日期 DATE', '2024-05-01 12:34:56'],
  ['品名 ITEM', '数量  金额'],
  ...ITEMS.map(([name, qty, cents]) => [name, `${qty}  ¥${yuan(qty * cents)}`] as const),
  ['合计 TOTAL', `¥${yuan(TOTAL)}`],
  ['银行卡 CARD', '6222 **** **** 1234 /C'],
  ['凭证号 VOUCHER NO', '000042'],
  ['参考号 REF NO', '123456789012'],
  ['授权码 AUTH NO', '654321'],
];

function pair(left: string, right: string): string {
  return left + ' '.repeat(Math.max(1, COLUMNS - displayWidth(left) - displayWidth(right))) + right;
}

function reissueDocument(): ReceiptDocument {
  const blocks: Block[] = [
    { type: 'text', align: 'center', runs: [{ text: '某某便利店', style: { bold: true, width: 2, height: 2 } }] },
    { type: 'text', align: 'center', runs: [{ text: 'CONVENIENCE STORE' }] },
  ];
  for (const line of LINES) {
    if (typeof line === 'string') blocks.push({ type: 'text', runs: [{ text: line }] });
    else blocks.push({ type: 'text', runs: [{ text: pair(line[0], line[1]) }] });
    if (line[0] === '日期 DATE' || line[0] === '上好佳薯片') blocks.push({ type: 'rule' });
  }
  blocks.push(
    { type: 'qr', data: QR, size: 4, ecc: 'M', align: 'center' },
    { type: 'text', align: 'center', runs: [{ text: '谢谢惠顾 THANK YOU' }] },
    { type: 'cut', partial: true },
  );
  return { columns: COLUMNS, dots: 576, blocks };
}

function receiptlineMarkdown(): string {
  const rows = LINES.map((line) => {
    const md = typeof line === 'string' ? `|${line}|` : `|${line[0]} | ${line[1]}|`;
    return line[0] === '日期 DATE' || line[0] === '上好佳薯片' ? `${md}\n---` : md;
  });
  return ['^^^某某便利店', 'CONVENIENCE STORE', ...rows, `{code:${QR};option:qrcode,4,m}`, '谢谢惠顾 THANK YOU', '='].join('\n');
}

function hanzi(text: string): number[] {
  return [0x1c, 0x26, ...iconv.encode(text, 'gb18030'), 0x1c, 0x2e];
}

/** Text with Chinese goes out as raw Hanzi-mode segments, the rest through the library's text(). */
function mixed(encoder: ReceiptPrinterEncoder, text: string): ReceiptPrinterEncoder {
  for (const part of text.match(/[\x00-\x7f]+|[^\x00-\x7f]+/g) ?? []) {
    if (/^[\x00-\x7f]/.test(part)) encoder.text(part);
    else encoder.raw(hanzi(part));
  }
  return encoder;
}

function receiptPrinterEncoder(): Uint8Array {
  const e = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: COLUMNS });
  e.initialize().align('center').bold(true).size(2, 2).raw(hanzi('某某便利店')).size(1, 1).bold(false).newline().line('CONVENIENCE STORE').align('left');
  for (const line of LINES) {
    mixed(e, typeof line === 'string' ? line : pair(line[0], line[1])).newline();
    if (line[0] === '日期 DATE' || line[0] === '上好佳薯片') e.rule();
  }
  e.align('center').qrcode(QR, { model: 2, size: 4, errorlevel: 'm' });
  mixed(e, padText('谢谢惠顾 THANK YOU', COLUMNS, 'center').trimEnd()).newline();
  return e.cut('partial').encode();
}

interface Rate {
  perSecond: number;
  bytes: number;
}

/** Warm up, then run for at least a second; bytes is the length of one output. */
function measure(run: () => { length: number }): Rate {
  let bytes = 0;
  for (let i = 0; i < 50; i++) bytes = run().length;
  let count = 0;
  let elapsed = 0;
  const start = performance.now();
  while (elapsed < 1000 || count < 200) {
    for (let i = 0; i < 20; i++) run();
    count += 20;
    elapsed = performance.now() - start;
  }
  return { perSecond: (count * 1000) / elapsed, bytes };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en');

export async function runEscposBench(): Promise<Row[]> {
  const doc = reissueDocument();
  const markdown = receiptlineMarkdown();
  const printer = { cpl: COLUMNS, encoding: 'gb18030' as const, command: 'escpos' as const, cutting: true };
  const ours = measure(() => encodeEscPos(doc, 'generic-80'));
  const rl = measure(() => receiptline.transform(markdown, printer));
  const rpe = measure(receiptPrinterEncoder);
  const bytes = encodeEscPos(doc, 'generic-80');
  const parse = measure(() => parseToDocument(bytes).doc.blocks);
  const font = createFontLoader();
  const png = measure(() => renderPng(doc, { font }));
  const text = measure(() => renderText(doc));
  const fastest = Math.max(rl.perSecond, rpe.perSecond);
  const smallest = Math.min(rl.bytes, rpe.bytes);
  const met = ours.perSecond >= 3 * fastest && ours.bytes <= smallest;
  const receipt = '80 mm Chinese receipt (10 items, card, QR)';
  return [
    {
      bench: `escpos encode: encodeEscPos, ${receipt}`,
      result: `${fmt(ours.perSecond)} receipts/s`,
      detail: `${fmt(ours.bytes)} bytes; ${(ours.perSecond / fastest).toFixed(1)}× the fastest other encoder; target ≥ 3× and ≤ ${fmt(smallest)} bytes: ${met ? 'met' : 'NOT met'}`,
    },
    {
      bench: 'escpos encode: receiptline (encoding gb18030), same receipt',
      result: `${fmt(rl.perSecond)} receipts/s`,
      detail: `${fmt(rl.bytes)} bytes (draws the QR code as raster graphics; includes its markdown layout)`,
    },
    {
      bench: 'escpos encode: @point-of-sale/receipt-printer-encoder (raw FS & + GB18030), same receipt',
      result: `${fmt(rpe.perSecond)} receipts/s`,
      detail: `${fmt(rpe.bytes)} bytes (native QR; pads alignment with spaces)`,
    },
    {
      bench: 'escpos parse: parseToDocument of our bytes',
      result: `${fmt(parse.perSecond)} receipts/s`,
      detail: `${fmt(bytes.length)} bytes → ${parseToDocument(bytes).doc.blocks.length} blocks`,
    },
    {
      bench: 'receipt render: renderPng (1-bit, 576 dots wide, Unifont)',
      result: `${fmt(png.perSecond)} receipts/s`,
      detail: `${fmt(png.bytes)} bytes of PNG; ${(ours.perSecond / png.perSecond).toFixed(0)}× slower than encoding the same receipt`,
    },
    {
      bench: 'receipt render: renderText (exact columns)',
      result: `${fmt(text.perSecond)} receipts/s`,
      detail: `${fmt(text.bytes)} characters`,
    },
  ];
}
