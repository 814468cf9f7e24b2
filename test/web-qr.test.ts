import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { decodeQrRaster } from '../src/escpos/index.js';
import { encodeQr, qrPath } from '../src/web/qr.js';
import { rasterFromQrPath } from './support/svg-qr.js';

/** The module matrix of the `qrcode` package for the same bytes, version, level and mask. */
function reference(text: string, ecc: 'L' | 'M', version: number, mask: number): boolean[][] {
  const segments = [{ data: Buffer.from(text, 'utf8'), mode: 'byte' as const }];
  const code = QRCode.create(segments, { errorCorrectionLevel: ecc, version, maskPattern: mask as QRCode.QRCodeMaskPattern });
  const size = code.modules.size;
  return Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => Boolean(code.modules.get(y, x))));
}

const textOf = (length: number) => Array.from({ length }, (_, i) => 'https://shop.example/e/é中?t=AbC-12_'[i % 35]).join('');

describe('web QR encoder', () => {
  it('draws the same symbol as the qrcode package, module for module, across versions, levels and masks', () => {
    const versions = new Set<number>();
    for (const length of [1, 7, 14, 20, 26, 42, 62, 84, 106, 122, 180, 213, 271, 321, 367, 425, 511, 600, 700, 858, 1000, 1200, 1400, 1700, 1900]) {
      for (const ecc of ['L', 'M'] as const) {
        const text = textOf(length);
        const mask = length % 8;
        const mine = encodeQr(text, { ecc, mask });
        versions.add(mine.version);
        expect(mine.modules, `${length} bytes, level ${ecc}, version ${mine.version}`).toEqual(reference(text, ecc, mine.version, mask));
      }
    }
    expect(versions.size).toBeGreaterThan(20);
  });

  it('picks the smallest version and a mask by penalty; the SVG path covers every dark module', () => {
    const url = 'http://127.0.0.1:8080/api/v1/e-receipts/10023456-000128-000457?sig=0123456789abcdef0123456789abcdef';
    const code = encodeQr(url);
    expect(code.size).toBe(code.version * 4 + 17);
    expect(encodeQr(url, { minVersion: code.version - 1 }).version).toBe(code.version);
    expect(() => reference(url, 'M', code.version - 1, 0)).toThrow();
    expect(code.modules).toEqual(reference(url, 'M', code.version, code.mask));
    const dark = code.modules.flat().filter(Boolean).length;
    const area = [...qrPath(code).matchAll(/h(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(area).toBe(dark);
    expect(() => encodeQr('x'.repeat(3000))).toThrow(RangeError);
  });

  it("reads back with the project's own QR decoder, for every mask the penalty may choose", () => {
    for (const text of ['https://shop.example/r/abc', 'http://127.0.0.1:8080/r/10023456-000128-000457.1798384145.iYKj4Ts5vk7UcPKjjGyDVryzfoTq0FS_mq0ZScB5aA', '重印凭证 DUPLICATE 1 · ￥128.50']) {
      for (let mask = 0; mask < 8; mask++) {
        const code = encodeQr(text, { mask });
        const decoded = decodeQrRaster(rasterFromQrPath(qrPath(code), code.size + 8));
        expect(decoded, `mask ${mask}: ${text}`).toMatchObject({ data: text, version: code.version, ecc: 'M' });
      }
    }
  });
});
