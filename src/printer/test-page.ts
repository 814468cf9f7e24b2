import { encodeEscPos } from '../escpos/index.js';
import { layoutScene, truncateText, type ReceiptDocument } from '../receipt/index.js';
import type { PrinterTarget } from './printer-directory.js';

/** Dots per millimetre of paper: 203 dpi heads are 8 dots/mm, 180 dpi ones 7.09. */
const dotsPerMm = (dpi: number) => (dpi === 203 ? 8 : dpi / 25.4);

/**
 * A test page for one printer: who it is, the paper it is set up for, a ruler that shows
 * whether the columns fit, Chinese and English text (GB18030 / Kanji mode), and a QR code —
 * everything a receipt needs, so one page tells whether receipts will print right.
 */
export function testPageDocument(printer: PrinterTarget, printedAt: number): ReceiptDocument {
  const { paper } = printer.profile;
  const columns = paper.columns;
  const fit = (text: string) => truncateText(text, columns);
  const when = new Date(printedAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const ruler = Array.from({ length: columns }, (_, i) => String((i + 1) % 10)).join('');
  return {
    columns,
    dots: paper.dots,
    blocks: [
      { type: 'text', align: 'center', runs: [{ text: '测试页 TEST PAGE', style: { bold: true, width: 2, height: 2 } }] },
      { type: 'rule', char: '=' },
      { type: 'text', runs: [{ text: fit(`Printer ${printer.name}`) }] },
      { type: 'text', runs: [{ text: fit(printer.address) }] },
      { type: 'text', runs: [{ text: fit(`Model ${printer.profile.id}`) }] },
      { type: 'text', runs: [{ text: fit(`Paper ${paper.widthMm} mm, ${paper.dpi} dpi, ${columns} col`) }] },
      { type: 'text', runs: [{ text: fit(when) }] },
      { type: 'rule' },
      { type: 'text', runs: [{ text: ruler }] },
      { type: 'text', runs: [{ text: fit('中文样张：打印正常 ￥12.50') }] },
      { type: 'text', runs: [{ text: fit('English sample: 0123456789') }] },
      { type: 'text', runs: [{ text: fit('Bold text'), style: { bold: true } }] },
      { type: 'rule' },
      { type: 'qr', data: `reissue test-page ${printer.name} ${new Date(printedAt).toISOString()}`, align: 'center' },
      { type: 'feed', lines: 2 },
      { type: 'cut', partial: true },
    ],
  };
}

/** The test page as bytes for the printer's model, with its paper length. */
export function renderTestPage(printer: PrinterTarget, printedAt: number): { bytes: Uint8Array; paperMm: number } {
  const doc = testPageDocument(printer, printedAt);
  const bytes = encodeEscPos(doc, printer.profile);
  const paperMm = Math.round((layoutScene(doc).height / dotsPerMm(printer.profile.paper.dpi)) * 10) / 10;
  return { bytes, paperMm };
}
