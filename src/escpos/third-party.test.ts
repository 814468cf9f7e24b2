/**
 * parseToDocument must read what other encoders send, not only our own bytes. Each library is
 * driven the way its documentation allows for Chinese: receiptline with `encoding: 'gb18030'`,
 * ReceiptPrinterEncoder (whose code pages have no Chinese) with raw FS & + GB18030 + FS . as
 * its "Raw" command documentation shows for Hanzi mode.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import iconv from 'iconv-lite';
import receiptline from 'receiptline';
import { describe, expect, it } from 'vitest';
import { parseToDocument } from './index.js';
import { barcodes, qrPayloads, textLines } from '../../test/support/escpos-fixtures.js';

const RECEIPTLINE_DOC = `^^^某某便利店
CONVENIENCE STORE
地址：北京市海淀区中关村大街1号
---
|可口可乐 330ml | 2 | ¥7.00|
|Oreo 奥利奥 | 1 | ¥12.90|
---
|合计 TOTAL | ^¥19.90|
{code:https://example.com/r?id=0123456789&名=值;option:qrcode,4,m}
{code:6901234567892;option:ean,hri}
=`;

describe('receiptline', () => {
  for (const command of ['escpos', 'epson', 'generic'] as const) {
    it(`recovers text lines and the QR payload (command "${command}")`, () => {
      const bytes = Buffer.from(receiptline.transform(RECEIPTLINE_DOC, { cpl: 48, encoding: 'gb18030', command, cutting: true }), 'binary');
      const parsed = parseToDocument(bytes);
      expect(parsed.unknown).toEqual([]);
      expect(parsed.doc).toMatchObject({ columns: 48, dots: 576 });
      expect(textLines(parsed.doc)).toEqual([
        `${' '.repeat(14)}某某便利店`,
        `${' '.repeat(16)}CONVENIENCE STORE`,
        `${' '.repeat(9)}地址：北京市海淀区中关村大街1号`,
        '-'.repeat(48),
        `可口可乐 330ml${' '.repeat(9)}2${' '.repeat(18)}¥7.00`,
        `Oreo 奥利奥${' '.repeat(12)}1${' '.repeat(17)}¥12.90`,
        '-'.repeat(48),
        `合计 TOTAL${' '.repeat(24)}¥19.90`,
      ]);
      // receiptline draws QR codes as raster graphics; the payload comes back from the dots.
      expect(qrPayloads(parsed.doc)).toEqual(['https://example.com/r?id=0123456789&名=值']);
      expect(barcodes(parsed.doc)).toEqual(['EAN13:690123456789']);
      expect(parsed.doc.blocks.at(-1)).toEqual({ type: 'cut', partial: true });
    });
  }

  it('keeps the double-size title and the double-width total', () => {
    const bytes = Buffer.from(receiptline.transform(RECEIPTLINE_DOC, { cpl: 48, encoding: 'gb18030', command: 'escpos' }), 'binary');
    const blocks = parseToDocument(bytes).doc.blocks;
    expect(blocks[0]).toMatchObject({ type: 'text', runs: [{ text: ' '.repeat(14) }, { text: '某某便利店', style: { width: 2, height: 2 } }] });
    const total = blocks[7];
    expect(total?.type === 'text' && total.runs.at(-1)).toEqual({ text: '¥19.90', style: { width: 2 } });
  });

  it('reads a 58 mm receipt and takes the paper width from GS W', () => {
    const bytes = Buffer.from(receiptline.transform('|品名 | ¥1.00|\n{code:ABC;option:qrcode,3,h}', { cpl: 32, encoding: 'gb18030', command: 'escpos' }), 'binary');
    const parsed = parseToDocument(bytes);
    expect(parsed.doc).toMatchObject({ columns: 32, dots: 384 });
    expect(textLines(parsed.doc)).toEqual([`品名${' '.repeat(22)}¥1.00`]);
    expect(qrPayloads(parsed.doc)).toEqual(['ABC']);
  });
});

function hanzi(text: string): number[] {
  return [0x1c, 0x26, ...iconv.encode(text, 'gb18030'), 0x1c, 0x2e];
}

describe('@point-of-sale/receipt-printer-encoder', () => {
  function receipt(imageMode: 'column' | 'raster'): Uint8Array {
    const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: 48, imageMode });
    const black = { data: new Uint8ClampedArray(16 * 16 * 4).map((_, i) => (i % 4 === 3 ? 255 : 0)), width: 16, height: 16 };
    return encoder
      .initialize()
      .codepage('auto')
      .text(' '.repeat(19))
      .bold(true)
      .raw(hanzi('某某便利店'))
      .bold(false)
      .newline()
      .align('center')
      .line('CONVENIENCE STORE')
      .align('left')
      .rule()
      .raw(hanzi('可口可乐'))
      .text(` 330ml${' '.repeat(28)}¥7.00`)
      .newline()
      .table(
        [
          { width: 36, align: 'left' },
          { width: 12, align: 'right' },
        ],
        [
          ['Oreo', '12.90'],
          ['Total', (e: ReceiptPrinterEncoder) => e.bold(true).text('19.90').bold(false)],
        ],
      )
      .qrcode('https://example.com/r?id=0123456789', { model: 2, size: 6, errorlevel: 'm' })
      .barcode('6901234567892', 'ean13', { height: 60, text: true })
      .barcode('REF-0042', 'code128')
      .image(black as never, 16, 16, 'threshold')
      .pulse()
      .cut('partial')
      .encode();
  }

  for (const mode of ['column', 'raster'] as const) {
    it(`recovers text lines, QR payload, barcodes and the image (${mode} images)`, () => {
      const parsed = parseToDocument(receipt(mode));
      expect(parsed.unknown).toEqual([]);
      expect(textLines(parsed.doc).filter((l) => l !== '')).toEqual([
        `${' '.repeat(19)}某某便利店`,
        `${' '.repeat(15)}CONVENIENCE STORE`,
        '-'.repeat(48),
        `可口可乐 330ml${' '.repeat(28)}¥7.00`,
        `Oreo${' '.repeat(39)}12.90`,
        `Total${' '.repeat(38)}19.90`,
      ]);
      expect(qrPayloads(parsed.doc)).toEqual(['https://example.com/r?id=0123456789']);
      expect(barcodes(parsed.doc)).toEqual(['EAN13:6901234567892', 'CODE128:REF-0042']);
      const image = parsed.doc.blocks.find((b) => b.type === 'image');
      expect(image).toMatchObject({ type: 'image', width: 16, height: mode === 'column' ? 24 : 16 });
      expect(parsed.doc.blocks.filter((b) => b.type === 'drawer' || b.type === 'cut')).toEqual([
        { type: 'drawer', pin: 2 },
        { type: 'cut', partial: true },
      ]);
    });
  }

  it('keeps bold where the encoder set it', () => {
    const blocks = parseToDocument(receipt('raster')).doc.blocks.filter((b) => b.type === 'text' && b.runs.length > 0);
    expect(blocks[0]).toMatchObject({ runs: [{ text: ' '.repeat(19) }, { text: '某某便利店', style: { bold: true } }] });
    expect(blocks.at(-1)).toMatchObject({ runs: [{ text: `Total${' '.repeat(38)}` }, { text: '19.90', style: { bold: true } }] });
  });
});
