import { describe, expect, it } from 'vitest';
import { code128Values } from './barcode-code128.js';
import { barcodeWidths } from './barcode-widths.js';

const sum = (widths: number[]) => widths.reduce((a, b) => a + b, 0);

describe('CODE128', () => {
  it('encodes set B text with its checksum', () => {
    // Three digits are cheaper in set B than switching to C and back.
    const values = code128Values('PJJ123C');
    expect(values.slice(0, 8)).toEqual([104, 48, 42, 42, 17, 18, 19, 35]);
    expect(values.at(-2)).toBe((104 + 48 * 1 + 42 * 2 + 42 * 3 + 17 * 4 + 18 * 5 + 19 * 6 + 35 * 7) % 103);
    expect(values.at(-1)).toBe(106);
  });

  it('switches to set C for runs of four digits or more', () => {
    expect(code128Values('10023456')).toEqual([105, 10, 2, 34, 56, (105 + 10 + 2 * 2 + 34 * 3 + 56 * 4) % 103, 106]);
    expect(code128Values('AB1234')).toEqual([104, 33, 34, 99, 12, 34, (104 + 33 + 34 * 2 + 99 * 3 + 12 * 4 + 34 * 5) % 103, 106]);
  });

  it('uses set A for control characters', () => {
    expect(code128Values('A\tB').slice(0, 4)).toEqual([103, 33, 73, 34]);
  });

  it('gives 11 modules per symbol and 13 for the stop', () => {
    const { widths } = barcodeWidths('CODE128', '10023456-000128-000457');
    expect(sum(widths)).toBe((code128Values('10023456-000128-000457').length - 1) * 11 + 13);
    expect(widths.length % 2).toBe(1);
  });

  it('refuses data that is not ASCII', () => {
    expect(() => code128Values('票据')).toThrow(/ASCII/);
    expect(() => code128Values('')).toThrow();
  });
});

describe('EAN and UPC', () => {
  it('computes the check digit and spans 95 modules', () => {
    const ean = barcodeWidths('EAN13', '400638133393');
    expect(ean.text).toBe('4006381333931');
    expect(sum(ean.widths)).toBe(95);
    expect(barcodeWidths('EAN13', '4006381333930').text).toBe('4006381333931');
    expect(barcodeWidths('UPCA', '03600029145').text).toBe('036000291452');
    expect(sum(barcodeWidths('UPCA', '03600029145').widths)).toBe(95);
    const ean8 = barcodeWidths('EAN8', '9638507');
    expect(ean8.text).toBe('96385074');
    expect(sum(ean8.widths)).toBe(67);
  });

  it('starts with the 101 guard and puts the first digit in the parity', () => {
    const { widths } = barcodeWidths('EAN13', '690123456789');
    expect(widths.slice(0, 3)).toEqual([1, 1, 1]);
    // First digit 6 → parity LGGGLL: 9 is L-coded (3112), then 0 G-coded (1123).
    expect(widths.slice(3, 7)).toEqual([3, 1, 1, 2]);
    expect(widths.slice(7, 11)).toEqual([1, 1, 2, 3]);
  });

  it('refuses the wrong number of digits', () => {
    expect(() => barcodeWidths('EAN13', '12345')).toThrow(/EAN13/);
  });
});

describe('two-width symbologies', () => {
  it('CODE39 adds the * start and stop and a gap between characters', () => {
    const { widths, text } = barcodeWidths('CODE39', 'abc-1');
    expect(text).toBe('*ABC-1*');
    expect(widths.length).toBe(7 * 9 + 6);
    expect(widths.filter((w) => w > 1).length).toBe(7 * 3);
  });

  it('ITF pairs digits into bars and spaces', () => {
    const { widths } = barcodeWidths('ITF', '1234');
    expect(widths.length).toBe(4 + 2 * 10 + 3);
    expect(() => barcodeWidths('ITF', '123')).toThrow(/ITF/);
  });

  it('CODABAR needs start and stop letters', () => {
    expect(barcodeWidths('CODABAR', 'A40156B').widths.length).toBe(7 * 7 + 6);
    expect(() => barcodeWidths('CODABAR', '40156')).toThrow(/CODABAR/);
  });
});
