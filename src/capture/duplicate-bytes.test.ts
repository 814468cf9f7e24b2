import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { RECEIPTS } from '../../test/support/captured-receipts.js';
import { capturedJob } from '../../test/support/captured-jobs.js';
import { parseToDocument } from '../escpos/index.js';
import type { CaptureRecordedPayload } from '../journal/index.js';
import { paperProfile, renderText, type Block } from '../receipt/index.js';
import { capturedJobToJson } from './capture-journal.js';
import { duplicateCaptureBytes, type CaptureDuplicate } from './duplicate-bytes.js';

const receipt = RECEIPTS[0];
if (!receipt) throw new Error('no test receipt');
const duplicate: CaptureDuplicate = {
  copy: 2,
  reprintedAt: '2026-11-28T01:12:40.000Z',
  operatorId: '02',
  approverId: '90',
  verificationUrl: 'https://shop.example/v/cap-abc.2.XYZ',
  verificationCode: 'cap-abc.2.XYZ',
};

function payload(): CaptureRecordedPayload {
  return capturedJobToJson(capturedJob(receipt!)) as CaptureRecordedPayload;
}

function printed(bytes: Uint8Array, kanji = true) {
  return parseToDocument(bytes, { kanjiDefault: kanji, paper: paperProfile('80') }).doc;
}

/** A captured job of these ESC/POS bytes (text in GB18030). */
function jobOf(...parts: (number[] | Uint8Array | string)[]): CaptureRecordedPayload {
  const bytes = Buffer.concat(parts.map((x) => (typeof x === 'string' ? iconv.encode(x, 'gb18030') : Buffer.from(x))));
  return { ...payload(), bytes: bytes.toString('base64'), text: renderText(printed(bytes)) };
}
const CUT = [0x1d, 0x56, 0x42, 0x00];
function qrStore(data: string): Buffer {
  const len = data.length + 3;
  return Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b, len & 0xff, len >> 8, 49, 80, 48]), Buffer.from(data, 'latin1')]);
}
const QR_PRINT = [0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48];
const qrsOf = (bytes: Uint8Array) => printed(bytes).blocks.flatMap((x) => (x.type === 'qr' ? [x.data] : []));

describe('duplicateCaptureBytes', () => {
  it('without a duplicate gives back the journaled bytes unchanged', () => {
    const p = payload();
    expect(Buffer.from(duplicateCaptureBytes(p, undefined, { timeZone: 'Asia/Shanghai' }))).toEqual(Buffer.from(p.bytes, 'base64'));
  });

  it('adds the mark and reprint line before the first printed line and the verification QR before the cut; the rest prints as before', () => {
    const p = payload();
    const doc = printed(duplicateCaptureBytes(p, duplicate, { timeZone: 'Asia/Shanghai' }));
    const lines = renderText(doc).split('\n');
    const mark = lines.findIndex((l) => l.includes('***重印凭证 / DUPLICATE 2***'));
    const merchant = lines.findIndex((l) => l.includes('好又多超市'));
    expect(mark).toBeGreaterThanOrEqual(0);
    expect(mark).toBeLessThan(merchant);
    expect(lines.some((l) => l.includes('2026-11-28') && l.includes('09:12:40'))).toBe(true);
    // Every line the POS printed is still there, in its order, after the mark.
    const original = renderText(printed(Buffer.from(p.bytes, 'base64'))).split('\n').filter((l) => l.trim() !== '');
    let at = mark;
    for (const line of original) {
      at = lines.indexOf(line, at + 1);
      expect(at, line).toBeGreaterThan(mark);
    }
    const blocks = doc.blocks as Block[];
    const qr = blocks.findIndex((b) => b.type === 'qr' || b.type === 'image');
    const cut = blocks.findIndex((b) => b.type === 'cut');
    expect(qr).toBeGreaterThan(-1);
    expect(qr).toBeLessThan(cut);
    expect(renderText(doc)).toContain('cap-abc.2.XYZ');
  });

  it('puts the English mark in a job read in code page 437 (no Chinese characters there)', () => {
    const p = { ...payload(), kanji: false, bytes: Buffer.from('\x1b@CAFE LUNA\nTOTAL 12.50\n\x1dV\x01').toString('base64'), text: 'CAFE LUNA\nTOTAL 12.50\n' };
    const text = renderText(printed(duplicateCaptureBytes(p, duplicate, { timeZone: 'Asia/Shanghai' }), false));
    expect(text).toContain('***DUPLICATE 2***');
    expect(text).not.toContain('重印');
    expect(text.indexOf('DUPLICATE 2')).toBeLessThan(text.indexOf('CAFE LUNA'));
  });

  it('prints a job whose bytes were withheld (a card number inside a picture) from its masked text', () => {
    const p = { ...payload(), bytes: '', bytesWithheld: true };
    const text = renderText(printed(duplicateCaptureBytes(p, duplicate, { timeZone: 'Asia/Shanghai' })));
    expect(text).toContain('DUPLICATE 2');
    expect(text).toContain('好又多超市');
    expect(text).toContain('16.50');
  });

  it('keeps the QR code a copy starts with (扫码开票): the mark goes before the QR is stored, not between store and print', () => {
    const p = jobOf([0x1b, 0x40, 0x1c, 0x26, 0x1b, 0x61, 1], qrStore('https://fp.example/inv?no=A1'), QR_PRINT, [0x1b, 0x61, 0], '\n扫码开票\n金额: 12.50\n\n', CUT,
      qrStore('https://fp.example/inv?no=A2'), QR_PRINT, '\n商户存根\n金额: 12.50\n\n', CUT);
    expect(qrsOf(Buffer.from(p.bytes, 'base64'))).toEqual(['https://fp.example/inv?no=A1', 'https://fp.example/inv?no=A2']);
    const dup = duplicateCaptureBytes(p, duplicate, { timeZone: 'Asia/Shanghai' });
    expect(qrsOf(dup)).toEqual(['https://fp.example/inv?no=A1', duplicate.verificationUrl, 'https://fp.example/inv?no=A2']);
    const text = renderText(printed(dup));
    expect(text.indexOf('DUPLICATE 2')).toBeLessThan(text.indexOf('扫码开票'));
    expect(text.lastIndexOf('DUPLICATE 2')).toBeGreaterThan(text.indexOf('cap-abc.2.XYZ'));
  });

  it('sends a QR code stored once for every copy again after each insertion (ESC @ and the verification QR replace it)', () => {
    const p = jobOf([0x1b, 0x40, 0x1c, 0x26], qrStore('https://fp.example/inv?no=A1'), '门店: 好又多\n', QR_PRINT, '\n顾客联\n\n', CUT, QR_PRINT, '\n商户联\n\n', CUT);
    const dup = duplicateCaptureBytes(p, duplicate, { timeZone: 'Asia/Shanghai' });
    expect(qrsOf(dup)).toEqual(['https://fp.example/inv?no=A1', duplicate.verificationUrl, 'https://fp.example/inv?no=A1']);
  });

  it('prints a receipt drawn as a GS ( L picture: no ESC @ between the picture stored in the print buffer and its print', () => {
    const w = 16, h = 8;
    const fn112 = Buffer.concat([Buffer.from([48, 112, 48, 1, 1, 49, w, 0, h, 0]), Buffer.alloc((w / 8) * h, 0xff)]);
    const store = Buffer.concat([Buffer.from([0x1d, 0x28, 0x4c, fn112.length, 0]), fn112]);
    const print = Buffer.from([0x1d, 0x28, 0x4c, 2, 0, 48, 50]);
    const p = jobOf([0x1b, 0x40], store, print, '\n金额: 12.50\n\n', CUT);
    const dup = Buffer.from(duplicateCaptureBytes(p, duplicate, { timeZone: 'Asia/Shanghai' }));
    const at = dup.indexOf(store);
    expect(dup.subarray(at + store.length, at + store.length + print.length)).toEqual(print);
    // The virtual printer, like a printer, forgets the picture on ESC @: it is on the duplicate's paper.
    expect(printed(dup).blocks.some((x) => x.type === 'image' && x.width === w && x.height === h)).toBe(true);
    expect(renderText(printed(dup)).indexOf('DUPLICATE 2')).toBeGreaterThanOrEqual(0);
  });

  it('marks a copy that starts with a PDF417 before its store, and sends its settings and data again after each insertion', () => {
    const pdfCols = [0x1d, 0x28, 0x6b, 3, 0, 48, 65, 4];
    const data = Buffer.from('INV-000123', 'latin1');
    const pdfStore = Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b, data.length + 3, 0, 48, 80, 48]), data]);
    const pdfPrint = Buffer.from([0x1d, 0x28, 0x6b, 3, 0, 48, 81, 48]);
    const p = jobOf([0x1b, 0x40, 0x1c, 0x26], pdfCols, pdfStore, pdfPrint, '\n发票联\n\n', CUT, pdfPrint, '\n存根联\n\n', CUT);
    const dup = Buffer.from(duplicateCaptureBytes(p, duplicate, { timeZone: 'Asia/Shanghai' }));
    const mark = dup.indexOf(iconv.encode('DUPLICATE 2', 'gb18030'));
    const first = dup.indexOf(pdfStore);
    expect(mark).toBeGreaterThan(0);
    expect(mark).toBeLessThan(first);
    expect(dup.indexOf(Buffer.from(pdfCols), mark)).toBeLessThan(first);
    expect(dup.subarray(first + pdfStore.length, first + pdfStore.length + pdfPrint.length)).toEqual(pdfPrint);
    // After the second copy's mark: its ESC @, then the settings and the stored symbol, then the POS's print.
    const second = dup.lastIndexOf(iconv.encode('DUPLICATE 2', 'gb18030'));
    const tail = dup.subarray(second);
    const init = tail.lastIndexOf(Buffer.from([0x1b, 0x40]));
    expect(tail.indexOf(Buffer.from(pdfCols), init)).toBeGreaterThan(init);
    expect(tail.indexOf(pdfStore, init)).toBeGreaterThan(init);
    expect(tail.indexOf(pdfPrint, init)).toBeGreaterThan(tail.indexOf(pdfStore, init));
  });

  it('adds no mark for a QR code stored after the last cut with nothing printed after it', () => {
    const p = jobOf([0x1b, 0x40, 0x1c, 0x26], '金额: 12.50\n\n', CUT, qrStore('https://fp.example/inv?no=A2'));
    const text = renderText(printed(duplicateCaptureBytes(p, duplicate, { timeZone: 'Asia/Shanghai' })));
    expect(text.split('DUPLICATE 2')).toHaveLength(2);
  });
});
