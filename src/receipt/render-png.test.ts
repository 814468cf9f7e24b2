import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.js';
import { readGolden } from '../../test/support/golden.js';
import { decodePng, pixelDiff, type DecodedPng } from '../../test/support/png-decode.js';
import { DUPLICATE, STORE_ZONE, VERIFY_CODE, VERIFY_URL, retailCardNoPayments, retailCardSale, retailCashSale, slipSale } from '../../test/support/receipt-cases.js';
import { barcodeWidths } from './barcode-widths.js';
import { qrMatrix } from './qr-matrix.js';
import {
  createFontLoader,
  encodePng,
  layoutReceipt,
  paperProfile,
  readUnifontFile,
  renderPng,
  type Block,
  type ReceiptDocument,
  type TextStyle,
} from './index.js';

function matchesPngGolden(name: string, png: Buffer): void {
  const expected = decodePng(readGolden(name, png));
  const diff = pixelDiff(decodePng(png), expected);
  expect(diff, `${name}: ${diff.differing} pixels differ, first at ${JSON.stringify(diff.first)}`).toEqual({ differing: 0 });
}

describe('PNG goldens', () => {
  it.each([
    ['bank-slip-80-bilingual.png', () => layoutReceipt(slipSale(), { paper: paperProfile('80'), timeZone: STORE_ZONE, duplicate: DUPLICATE, verificationUrl: VERIFY_URL, verificationCode: VERIFY_CODE })],
    ['retail-58-zh.png', () => layoutReceipt(retailCardNoPayments(), { paper: paperProfile('58'), timeZone: STORE_ZONE, duplicate: DUPLICATE, verificationUrl: VERIFY_URL, verificationCode: VERIFY_CODE })],
    ['retail-cash-80-180-bilingual.png', () => layoutReceipt(retailCashSale(), { paper: paperProfile('80-180'), timeZone: STORE_ZONE, language: 'bilingual' })],
    ['preview-retail-58-zh.png', () => layoutReceipt(retailCardSale(), { paper: paperProfile('58'), timeZone: STORE_ZONE, language: 'zh', preview: true })],
  ])('%s matches pixel for pixel', (name, doc) => {
    matchesPngGolden(name, renderPng(doc()));
  });
});

describe('renderPng', () => {
  const slip = () => layoutReceipt(slipSale(), { paper: paperProfile('80-180'), timeZone: STORE_ZONE, verificationUrl: VERIFY_URL });

  it('is a 1-bit grayscale PNG exactly as wide as the printable dots', () => {
    for (const paper of ['58', '80', '80-180']) {
      const png = decodePng(renderPng(layoutReceipt(retailCardSale(), { paper: paperProfile(paper), timeZone: STORE_ZONE })));
      expect(png.width).toBe(paperProfile(paper).dots);
      expect(png.bitDepth).toBe(1);
      expect(png.colorType).toBe(0);
    }
  });

  it('gives the same bytes for the same document', () => {
    expect(renderPng(slip()).equals(renderPng(slip()))).toBe(true);
  });

  it('draws the QR code module for module at the block size', () => {
    const doc: ReceiptDocument = { columns: 32, dots: 384, blocks: [{ type: 'qr', data: 'S20261127-0457', size: 4, ecc: 'M', align: 'left' }] };
    const png = decodePng(renderPng(doc, { margin: 0 }));
    const matrix = qrMatrix('S20261127-0457', 'M');
    for (let row = 0; row < matrix.size; row++) {
      for (let col = 0; col < matrix.size; col++) {
        expect(png.ink[(row * 4 + 1) * png.width + col * 4 + 1], `module ${row},${col}`).toBe(matrix.modules[row * matrix.size + col]);
      }
    }
  });
});

/** A font where every glyph is solid: ink boxes then measure cells exactly. */
const solidFont = createFontLoader(() => `0041:${'FF'.repeat(16)}\n4E2D:${'FFFF'.repeat(16)}\n0042:${'F0'.repeat(16)}\n`);

function inkBox(png: DecodedPng): { x0: number; y0: number; x1: number; y1: number; count: number } {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  let count = 0;
  png.ink.forEach((v, i) => {
    if (!v) return;
    const x = i % png.width;
    const y = Math.floor(i / png.width);
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
    count++;
  });
  return { x0, y0, x1, y1, count };
}

const draw = (blocks: Block[]) => decodePng(renderPng({ columns: 32, dots: 384, blocks }, { font: solidFont, margin: 0 }));
const styled = (text: string, style?: TextStyle, align?: 'left' | 'center' | 'right'): Block => ({ type: 'text', runs: [style ? { text, style } : { text }], ...(align ? { align } : {}) });

describe('Font A cells and styles', () => {
  it('gives ASCII a 12×24 cell and CJK a 24×24 cell', () => {
    expect(inkBox(draw([styled('A')]))).toEqual({ x0: 0, y0: 0, x1: 11, y1: 23, count: 12 * 24 });
    expect(inkBox(draw([styled('中')]))).toEqual({ x0: 0, y0: 0, x1: 23, y1: 23, count: 24 * 24 });
  });

  it('doubles width and height', () => {
    expect(inkBox(draw([styled('A', { width: 2, height: 2 })])).count).toBe(24 * 48);
    expect(inkBox(draw([styled('中', { width: 2 })]))).toMatchObject({ x1: 47, y1: 23 });
  });

  it('emboldens by burning each dot again one dot to the right', () => {
    expect(inkBox(draw([styled('B', { bold: true })]))).toEqual({ x0: 0, y0: 0, x1: 6, y1: 23, count: 7 * 24 });
  });

  it('inverts the cell and underlines it', () => {
    const inverted = draw([styled('B', { invert: true })]);
    expect(inkBox(inverted)).toEqual({ x0: 6, y0: 0, x1: 11, y1: 23, count: 6 * 24 });
    const underlined = draw([styled('  ', { underline: true })]);
    expect(inkBox(underlined)).toEqual({ x0: 0, y0: 22, x1: 23, y1: 23, count: 48 });
  });

  it('aligns within the printable dots and bottom-aligns a line of mixed heights', () => {
    expect(inkBox(draw([styled('A', undefined, 'right')])).x0).toBe(384 - 12);
    expect(inkBox(draw([styled('A', undefined, 'center')])).x0).toBe(186);
    const mixed = draw([{ type: 'text', runs: [{ text: 'A' }, { text: 'A', style: { height: 2 } }] }]);
    expect(mixed.ink[0 * mixed.width + 0]).toBe(0);
    expect(mixed.ink[24 * mixed.width + 0]).toBe(1);
    expect(mixed.ink[0 * mixed.width + 12]).toBe(1);
  });

  it('wraps a line too long for the paper onto the next line, as the printer does', () => {
    const png = draw([styled('A'.repeat(33))]);
    expect(inkBox(png)).toMatchObject({ x1: 383, y1: 30 + 23 });
  });

  it('draws barcode bars at the module width, with the human-readable text below', () => {
    const png = decodePng(renderPng({ columns: 32, dots: 384, blocks: [{ type: 'barcode', symbology: 'CODE128', data: '000457', moduleWidth: 2, height: 40, hri: true }] }, { font: solidFont, margin: 0 }));
    const { widths } = barcodeWidths('CODE128', '000457');
    let bars = 0;
    for (let x = 0; x < png.width; x++) if (png.ink[x] && !png.ink[x - 1]) bars++;
    expect(bars).toBe(Math.ceil(widths.length / 2));
    expect(inkBox({ ...png, ink: png.ink.slice(0, 40 * png.width) }).x1 + 1).toBe(2 * widths.reduce((a, b) => a + b, 0));
    expect(png.height).toBe(40 + 4 + 24 + 6);
  });

  it('draws an empty box for a character the font lacks', () => {
    const box = inkBox(draw([styled('Z')]));
    expect(box).toMatchObject({ x0: 2, y0: 2, x1: 9, y1: 21 });
  });

  it('feeds blank lines at the line spacing', () => {
    const png = draw([{ type: 'feed', lines: 2 }, styled('A')]);
    expect(inkBox(png).y0).toBe(60);
  });
});

describe('font loader', () => {
  it('reads the font only when a glyph is first needed, and only once', () => {
    let reads = 0;
    const font = createFontLoader(() => {
      reads++;
      return `0041:${'FF'.repeat(16)}\n`;
    });
    expect(reads).toBe(0);
    expect(font.glyph(0x41)?.width).toBe(12);
    expect(font.glyph(0x42)).toBeUndefined();
    expect(reads).toBe(1);
  });

  it('names the package to install when Unifont is missing', () => {
    expect(() => readUnifontFile('/nonexistent/unifont.hex')).toThrow(ConfigError);
    expect(() => readUnifontFile('/nonexistent/unifont.hex')).toThrow(/apt-get install -y unifont/);
    expect(() => readUnifontFile('/nonexistent/unifont.hex')).toThrow(expect.objectContaining({ hint: expect.stringContaining('apt-get install -y unifont') }));
  });

  it('scales Unifont 8×16 and 16×16 glyphs to 12×24 and 24×24', () => {
    const font = createFontLoader();
    expect(font.glyph('A'.codePointAt(0) ?? 0)).toMatchObject({ width: 12, height: 24 });
    expect(font.glyph('签'.codePointAt(0) ?? 0)).toMatchObject({ width: 24, height: 24 });
  });
});

describe('encodePng', () => {
  it('writes burnt dots as black and paper as white', () => {
    const png = decodePng(encodePng({ width: 10, height: 2, dots: Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0]) }));
    expect([...png.ink]).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0]);
  });
});
