import { describe, expect, it } from 'vitest';
import { renderText, type ReceiptDocument } from './index.js';

const doc = (blocks: ReceiptDocument['blocks'], columns = 32): ReceiptDocument => ({ columns, dots: columns * 12, blocks });

describe('renderText', () => {
  it('aligns by display width and draws rules across the paper', () => {
    expect(
      renderText(
        doc([
          { type: 'text', runs: [{ text: '好又多超市', style: { width: 2, height: 2, bold: true } }], align: 'center' },
          { type: 'text', runs: [{ text: '合计' }], align: 'right' },
          { type: 'rule', char: '=' },
        ]),
      ),
    ).toBe(`${' '.repeat(11)}好又多超市\n${' '.repeat(28)}合计\n${'='.repeat(32)}\n`);
  });

  it('shows QR codes, barcodes and images as one bracketed line each', () => {
    const out = renderText(
      doc([
        { type: 'qr', data: 'S20261127-0457', align: 'center' },
        { type: 'barcode', symbology: 'CODE128', data: '000457' },
        { type: 'image', width: 384, height: 120, bits: new Uint8Array(48 * 120), align: 'right' },
      ]),
    );
    // × is not ASCII, so it takes two columns like any CJK character.
    expect(out).toBe(`      [QR: S20261127-0457]\n[BARCODE: 000457]\n${' '.repeat(16)}[IMAGE 384×120]\n`);
  });

  it('prints feeds as blank lines and cuts and drawer kicks as nothing', () => {
    expect(renderText(doc([{ type: 'text', runs: [{ text: 'a' }] }, { type: 'feed', lines: 2 }, { type: 'cut' }, { type: 'drawer', pin: 2 }, { type: 'text', runs: [] }]))).toBe('a\n\n\n\n');
  });

  it('wraps a line too long for the paper where the printer would, never inside a character', () => {
    const out = renderText(doc([{ type: 'text', runs: [{ text: `${'x'.repeat(31)}中文` }] }, { type: 'qr', data: 'y'.repeat(40) }]));
    expect(out.split('\n')).toEqual([`${'x'.repeat(31)}`, '中文', `[QR: ${'y'.repeat(27)}`, `${'y'.repeat(13)}]`, '']);
  });
});
