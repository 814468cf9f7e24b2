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
});
