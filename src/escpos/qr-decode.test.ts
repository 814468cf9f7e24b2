import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { qrMatrix } from '../receipt/index.js';
import { decodeQrRaster, qrRaster } from './index.js';
import { ZH } from '../../test/support/escpos-fixtures.js';

/** One dot per module, no quiet zone. */
function draw(size: number, modules: Uint8Array): { width: number; height: number; bits: Uint8Array } {
  const rowBytes = Math.ceil(size / 8);
  const bits = new Uint8Array(rowBytes * size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (modules[r * size + c]) bits[r * rowBytes + (c >> 3)] = (bits[r * rowBytes + (c >> 3)] ?? 0) | (0x80 >> (c & 7));
  return { width: size, height: size, bits };
}

const payload = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 300 }),
  fc.stringMatching(/^[0-9]{1,500}$/),
  fc.stringMatching(/^[0-9A-Z $%*+\-./:]{1,300}$/),
  fc.array(fc.constantFrom(...ZH, 'a', '1', '¥'), { minLength: 1, maxLength: 120 }).map((cs) => cs.join('')),
);

describe('decodeQrRaster', () => {
  it('reads back what qrRaster drew, at every level and module size', () => {
    fc.assert(
      fc.property(payload, fc.constantFrom('L' as const, 'M' as const, 'Q' as const, 'H' as const), fc.integer({ min: 1, max: 3 }), (data, ecc, dots) => {
        const decoded = decodeQrRaster(qrRaster(data, ecc, dots, 2000));
        expect(decoded).toMatchObject({ data, ecc, moduleDots: dots });
      }),
      { numRuns: 200 },
    );
  });

  it('reads every version at every level', () => {
    for (let version = 1; version <= 40; version++) {
      for (const ecc of ['L', 'M', 'Q', 'H'] as const) {
        const data = `v${version}${ecc}`.padEnd(version * 7, 'x');
        const qr = QRCode.create(data, { errorCorrectionLevel: ecc, version });
        expect(decodeQrRaster(draw(qr.modules.size, qr.modules.data))).toMatchObject({ data, version, ecc });
      }
    }
  });

  it('finds nothing in a blank, a logo-like or a damaged raster', () => {
    expect(decodeQrRaster({ width: 16, height: 16, bits: new Uint8Array(32) })).toBeUndefined();
    expect(decodeQrRaster({ width: 16, height: 16, bits: new Uint8Array(32).fill(0xff) })).toBeUndefined();
    const { size, modules } = qrMatrix('https://example.com/receipt/123', 'L');
    expect(decodeQrRaster(draw(size, modules))).toBeDefined();
    // one data module in the right-most column, clear of finders, timing and format bits
    const damaged = modules.slice();
    damaged[12 * size + size - 1] = 1 - (damaged[12 * size + size - 1] ?? 0);
    expect(decodeQrRaster(draw(size, damaged))).toBeUndefined();
  });
});

describe('qrRaster', () => {
  it('narrows the quiet zone to fit the paper', () => {
    const { size } = qrMatrix('hello', 'M');
    expect(qrRaster('hello', 'M', 4, 576).width).toBe((size + 8) * 4);
    expect(qrRaster('hello', 'M', 4, (size + 2) * 4).width).toBe((size + 2) * 4);
  });
  it('refuses a symbol wider than the paper', () => {
    expect(() => qrRaster('x'.repeat(100), 'H', 8, 384)).toThrow(InputError);
  });
});
