import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DUPLICATE, RECEIPT_CASES, STORE_ZONE, VERIFY_URL } from '../../test/support/receipt-cases.js';
import type { QrErrorLevel, ReceiptDocument } from './document.js';
import { layoutReceipt } from './layout-receipt.js';
import { PAPER_PROFILES, PaperIds } from './paper.js';
import { qrMatrix, qrSize } from './qr-matrix.js';
import { layoutScene } from './receipt-scene.js';

const LEVELS: readonly QrErrorLevel[] = ['L', 'M', 'Q', 'H'];

describe('measuring a scene (the paper a receipt takes)', () => {
  it('gives the height the whole layout gives, for every receipt on every paper, with and without a duplicate\'s QR code', () => {
    for (const paperId of PaperIds) {
      const paper = PAPER_PROFILES[paperId];
      for (const { name, tx } of RECEIPT_CASES) {
        for (const duplicate of [undefined, { duplicate: DUPLICATE, verificationUrl: VERIFY_URL }]) {
          const doc = layoutReceipt(tx(), { paper, timeZone: STORE_ZONE, ...duplicate });
          const measured = layoutScene(doc, { measure: true });
          expect(measured.height, `${name} on ${paperId}`).toBe(layoutScene(doc).height);
          expect(measured.items).toEqual([]);
        }
      }
    }
  });

  it('sizes any QR code as the drawn symbol is sized, at every level and module size, shrunk to the paper or not', () => {
    const qrDoc = fc.record({
      data: fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
      ecc: fc.constantFrom(...LEVELS),
      size: fc.integer({ min: 1, max: 16 }),
      dots: fc.constantFrom(384, 512, 576),
      lines: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(qrDoc, ({ data, ecc, size, dots, lines }) => {
        expect(qrSize(data, ecc)).toBe(qrMatrix(data, ecc).size);
        const doc: ReceiptDocument = {
          columns: dots === 384 ? 32 : 48,
          dots,
          blocks: [
            { type: 'text', runs: [{ text: '重印 DUPLICATE', style: { height: 2, width: 2 } }] },
            { type: 'feed', lines },
            { type: 'qr', data, ecc, size, align: 'center' },
            { type: 'barcode', symbology: 'CODE128', data: '10023456000128', hri: true },
            { type: 'image', width: 16, height: 3, bits: new Uint8Array(6).fill(0xf0) },
            { type: 'rule' },
            { type: 'cut' },
          ],
        };
        const measured = layoutScene(doc, { measure: true });
        expect(measured.height).toBe(layoutScene(doc).height);
        expect(measured.items).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('lays out a dithered logo of over a hundred thousand rectangles, drawn or measured', () => {
    // 576 × 500 dots alternating: a rectangle every other dot (it threw RangeError when drawn, its rectangles spread into one call).
    const doc: ReceiptDocument = { columns: 48, dots: 576, blocks: [{ type: 'image', width: 576, height: 500, bits: new Uint8Array(72 * 500).fill(0xaa) }] };
    const drawn = layoutScene(doc);
    expect(drawn.items).toHaveLength(288 * 500);
    expect(layoutScene(doc, { measure: true }).height).toBe(drawn.height);
  });

  it('refuses a QR payload too long for any symbol, as drawing it does', () => {
    const doc: ReceiptDocument = { columns: 48, dots: 576, blocks: [{ type: 'qr', data: 'x'.repeat(3000), ecc: 'H' }] };
    expect(() => layoutScene(doc)).toThrow(expect.objectContaining({ code: 'QR_TOO_LONG' }));
    expect(() => layoutScene(doc, { measure: true })).toThrow(expect.objectContaining({ code: 'QR_TOO_LONG' }));
  });
});
