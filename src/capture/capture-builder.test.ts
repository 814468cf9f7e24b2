import receiptline from 'receiptline';
import { describe, expect, it } from 'vitest';
import { containsPan } from '../core/index.js';
import { checkCapturePayload } from '../journal/index.js';
import { encodeEscPos } from '../escpos/index.js';
import { defaultFontLoader, paperProfile } from '../receipt/index.js';
import { cardNumber } from '../../test/support/card-numbers.js';
import { buildCapture, captureBytesHoldCard, type JobMeta } from './capture-builder.js';
import { capturedJobToJson } from './capture-journal.js';
import { renderCapturedReceipt } from './captured-receipt.js';
import { DEFAULT_SOURCE_RULES } from './receipt-fields.js';

const META: JobMeta = { id: 'c1', source: 'front-till', channel: 'tcp', peer: '10.0.0.5:50123', connection: 3, seq: 7, endedBy: 'cut', startedAt: 1_000, capturedAt: 2_000 };
const OPTIONS = { kanji: true, paper: paperProfile('80'), rules: DEFAULT_SOURCE_RULES };
const PAN = cardNumber('622588123456789');

describe('buildCapture', () => {
  it('records where the job came from, when, and what it prints', () => {
    const bytes = encodeEscPos({ columns: 48, dots: 576, blocks: [{ type: 'text', runs: [{ text: '应付 12.00' }] }, { type: 'cut' }] }, 'generic-80');
    const job = buildCapture(bytes, META, OPTIONS);
    expect(job).toMatchObject({
      id: 'c1',
      source: 'front-till',
      channel: 'tcp',
      peer: '10.0.0.5:50123',
      connection: 3,
      seq: 7,
      endedBy: 'cut',
      startedAt: '1970-01-01T00:00:01.000Z',
      capturedAt: '1970-01-01T00:00:02.000Z',
      text: '应付 12.00\n',
      kanji: true,
      fields: { amount: { minor: 1200, currency: 'CNY' } },
      maskedNumbers: 0,
      bytesWithheld: false,
    });
    // A copy, even of a Buffer: the caller wipes the bytes it read.
    const buffer = Buffer.from(bytes);
    const fromBuffer = buildCapture(buffer, META, OPTIONS);
    buffer.fill(0);
    expect(fromBuffer?.bytes).toEqual(bytes);
    expect(job?.bytes).toEqual(bytes);
  });

  it('gives nothing for a job that prints nothing (a status poll, a drawer kick, feeds and a cut)', () => {
    expect(buildCapture(Uint8Array.of(0x10, 0x04, 1, 0x1b, 0x70, 0, 25, 250, 0x0a, 0x0a, 0x1d, 0x56, 0x42, 0), META, OPTIONS)).toBeUndefined();
  });

  it('keeps only the text, masked, when a card number is inside an image (a QR code drawn as a picture)', () => {
    // receiptline draws QR codes as raster images: no byte of the image can be masked in place.
    const bytes = Buffer.from(receiptline.transform(`MEMBER CARD\n{code:${PAN};option:qrcode,4,m}\n`, { cpl: 48, encoding: 'gb18030', command: 'escpos', cutting: true }), 'binary');
    const job = buildCapture(bytes, META, OPTIONS);
    expect(job?.bytesWithheld).toBe(true);
    expect(job?.bytes).toEqual(new Uint8Array(0));
    expect(job?.text).toContain('MEMBER CARD');
    expect(job?.text).toContain(`[QR: ${PAN.slice(0, 6)}`);
    expect(containsPan(job?.text ?? '')).toBe(false);
    expect(job?.maskedNumbers).toBeGreaterThanOrEqual(1);
  });

  it('masks a card number a logo whose header claims more rows than sent takes as dots; head office refuses the unmasked bytes', () => {
    // GS v 0 saying 40 rows of 72 bytes, 30 sent: the printer and the parser read the text after it as the picture's.
    const logo = Buffer.concat([Uint8Array.of(0x1d, 0x76, 0x30, 0, 72, 0, 40, 0), new Uint8Array(72 * 30)]);
    const raw = Buffer.concat([Uint8Array.of(0x1b, 0x40), logo, Buffer.from(`CARD NO: ${PAN} /C\nTOTAL 36.50\n\n`, 'latin1'), Uint8Array.of(0x1d, 0x56, 0x42, 0), Buffer.from('\n'.repeat(800))]);
    const job = buildCapture(raw, META, OPTIONS);
    expect(job?.bytesWithheld).toBe(false);
    expect(job?.maskedNumbers).toBe(1);
    expect(Buffer.from(job?.bytes ?? []).toString('latin1')).toContain(`${PAN.slice(0, 6)}******${PAN.slice(-4)}`);
    expect(captureBytesHoldCard(job?.bytes ?? new Uint8Array(), { kanji: true, paper: '80' })).toBe(false);
    expect(captureBytesHoldCard(raw, { kanji: true, paper: '80' })).toBe(true);
  });

  it('keeps only the text when a card number in a command\'s data cannot be masked without changing the command', () => {
    // ESC & y c1 c2 [x d…]…: user-defined characters whose second width byte is the number's tenth digit.
    const width = 0x30 + Number(PAN[9]);
    const raw = Buffer.concat([
      Uint8Array.of(0x1b, 0x40, 0x1b, 0x26, 3, 0x41, 0x42, 3),
      Buffer.from(PAN.slice(0, 9), 'latin1'),
      Uint8Array.of(width),
      Buffer.from(PAN.slice(10), 'latin1'),
      new Uint8Array(3 * width - 6),
      Buffer.from('TOTAL 9.90\n', 'latin1'),
      Uint8Array.of(0x1d, 0x56, 0x42, 0),
    ]);
    const job = buildCapture(raw, META, OPTIONS);
    expect(job?.bytesWithheld).toBe(true);
    expect(job?.bytes).toEqual(new Uint8Array(0));
    expect(job?.text).toContain('TOTAL 9.90');
    expect(job?.maskedNumbers).toBe(1);
    expect(captureBytesHoldCard(raw, { kanji: true, paper: '80' })).toBe(true);
  });

  it('keeps the text of a job too long for the journal to its first million characters, whole lines, and all of its bytes', () => {
    // 1.2 MB of text with no cut: a POS that streams a report, or a careless one.
    const line = 'ABCDEFGHIJ KLMNOPQRS TUVWXYZ 0123 456789 ABCDEFG';
    const bytes = Buffer.from(`${`${line}\n`.repeat(25_000)}合计 9.90\n`);
    const job = buildCapture(bytes, META, OPTIONS);
    expect(job?.text.length).toBeLessThanOrEqual(1_000_000);
    expect(job?.text.endsWith(`${line}\n`)).toBe(true);
    expect(job?.bytes).toEqual(new Uint8Array(bytes));
    // The journal takes it (it refused the whole text before).
    expect(() => checkCapturePayload(capturedJobToJson({ ...(job as NonNullable<typeof job>), id: `cap-${'a'.repeat(24)}` }))).not.toThrow();
  });

  it('masks every digit of a job that prints past the document bound, keeps its first part, and head office clears what it journaled', () => {
    // Past the bound the layout is not read, so digits it would join there are not known to be no card number.
    const feeds = Array<number[]>(1000).fill([0x1b, 0x64, 0xff]).flat();
    const raw = Uint8Array.from([...Buffer.from('应付 12.00\n', 'utf8'), ...feeds, ...Buffer.from(`${PAN.slice(0, 8)}`), 0x1b, 0x5c, 0x0c, 0x00, ...Buffer.from(PAN.slice(8)), 0x0a]);
    const job = buildCapture(raw, META, { ...OPTIONS, kanji: false });
    expect(job?.text.split('\n')[0]).toMatch(/ \*\*\.\*\*$/);
    expect(job?.text).not.toMatch(/[0-9]/);
    expect(Buffer.from(job?.bytes ?? []).toString('latin1')).not.toMatch(/[0-9]/);
    expect(captureBytesHoldCard(job?.bytes ?? new Uint8Array(), { kanji: false, paper: '80' })).toBe(false);
    expect(captureBytesHoldCard(raw, { kanji: false, paper: '80' })).toBe(true);
  });

  it('leaves out a barcode no printer would print (letters in an EAN-8), as the printer does: the receipt still shows in every format', () => {
    const text = (t: string) => Buffer.from(`${t}\n`, 'latin1');
    // GS k 68 (EAN-8), 8 bytes of data that are not digits; then the rest of the receipt.
    const bytes = Buffer.concat([Uint8Array.of(0x1b, 0x40), text('BAD CODE SHOP'), Uint8Array.of(0x1d, 0x6b, 68, 8), Buffer.from('12AB56CD', 'latin1'), text('TOTAL 9.90'), Uint8Array.of(0x1d, 0x56, 0)]);
    const job = buildCapture(bytes, META, OPTIONS);
    expect(job?.fields.amount).toEqual({ minor: 990, currency: 'CNY' });
    const payload = capturedJobToJson({ ...(job as NonNullable<typeof job>), id: `cap-${'b'.repeat(24)}` });
    for (const format of ['text', 'png', 'html'] as const) expect(() => renderCapturedReceipt(payload, { format, preview: true, timeZone: 'Asia/Shanghai', font: defaultFontLoader })).not.toThrow();
    expect(String(renderCapturedReceipt(payload, { format: 'text', preview: true, timeZone: 'Asia/Shanghai', font: defaultFontLoader }).body)).toContain('TOTAL 9.90');
  });
});
