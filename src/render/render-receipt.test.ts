import { describe, expect, it } from 'vitest';
import { decodePng } from '../../test/support/png-decode.js';
import { DUPLICATE, STORE_ZONE, VERIFY_CODE, VERIFY_URL, retailCardNoPayments, slipSale } from '../../test/support/receipt-cases.js';
import { parseToDocument } from '../escpos/index.js';
import { createFontLoader, renderText } from '../receipt/index.js';
import { CONTENT_TYPES, ReceiptFormats, parseReceiptFormat, readGrayPng, renderReceipt, type RenderRequest } from './index.js';

const font = createFontLoader();
const duplicate = { timeZone: STORE_ZONE, font, paper: '80', duplicate: DUPLICATE, verificationUrl: VERIFY_URL } satisfies Omit<RenderRequest, 'format'>;
const withCode = { ...duplicate, verificationCode: VERIFY_CODE };
const bytes = (body: Uint8Array | string) => (typeof body === 'string' ? Buffer.from(body) : Buffer.from(body));

describe('renderReceipt: every format from the one document', () => {
  it('knows PDF as a format, with its content type', () => {
    expect(ReceiptFormats).toEqual(['text', 'png', 'escpos', 'html', 'pdf']);
    expect(parseReceiptFormat('pdf')).toBe('pdf');
    expect(CONTENT_TYPES.pdf).toBe('application/pdf');
    expect(() => parseReceiptFormat('docx')).toThrow(expect.objectContaining({ code: 'BAD_FORMAT', hint: 'use one of text, png, escpos, html, pdf' }));
  });

  it('prints the verification code under the QR code of a duplicate in text, HTML and ESC/POS', () => {
    const text = renderReceipt(slipSale(), { ...withCode, format: 'text' }).body as string;
    expect(text).toContain('验证码 VERIFICATION CODE\n   10023456-000128-000457.1.K7QX2M9PZR4T8VWA\n');
    expect(renderReceipt(slipSale(), { ...withCode, format: 'html' }).body as string).toContain('10023456-000128-000457.1.K7QX2M9PZR4T8VWA');
    const escpos = renderReceipt(slipSale(), { ...withCode, format: 'escpos' }).body as Uint8Array;
    expect(renderText(parseToDocument(escpos).doc)).toContain('10023456-000128-000457.1.K7QX2M9PZR4T8VWA');
    expect(renderReceipt(slipSale(), { ...duplicate, format: 'text' }).body as string).not.toContain('验证码');
  });

  it('draws the code under the QR code in the picture and the PDF: two more lines, the rest the same', () => {
    const plain = decodePng(renderReceipt(retailCardNoPayments(), { ...duplicate, format: 'png' }).body as Uint8Array);
    const coded = decodePng(renderReceipt(retailCardNoPayments(), { ...withCode, format: 'png' }).body as Uint8Array);
    expect(coded.width).toBe(plain.width);
    // Label and code, 30 dots a line; the margin below stays.
    expect(coded.height - plain.height).toBe(60);
    const above = (png: typeof plain) => png.ink.subarray(0, (plain.height - 24) * plain.width);
    expect(Buffer.from(above(coded)).equals(Buffer.from(above(plain)))).toBe(true);
    expect(coded.ink.subarray((plain.height - 24) * plain.width).some((dot) => dot === 1)).toBe(true);
    const pdf = renderReceipt(retailCardNoPayments(), { ...withCode, format: 'pdf', title: 'Receipt 10023456-000128-000458' });
    expect(pdf.contentType).toBe('application/pdf');
    const text = bytes(pdf.body).toString('latin1');
    expect(text).toContain(`/Width ${coded.width} /Height ${coded.height} `);
    expect(text).toContain('/Title (Receipt 10023456-000128-000458)');
    expect(readGrayPng(renderReceipt(retailCardNoPayments(), { ...withCode, format: 'png' }).body as Uint8Array).height).toBe(coded.height);
  });

  it('makes the page of a PDF the paper\'s size at its resolution', () => {
    const narrow = bytes(renderReceipt(slipSale(), { timeZone: STORE_ZONE, font, paper: '58', format: 'pdf' }).body).toString('latin1');
    // 384 dots at 203 dpi = 136.2 pt; 512 dots at 180 dpi = 204.8 pt.
    expect(narrow).toMatch(/\/MediaBox \[0 0 136\.2 [\d.]+\]/);
    const tm88 = bytes(renderReceipt(slipSale(), { timeZone: STORE_ZONE, font, printer: 'epson-tm-t88', format: 'pdf' }).body).toString('latin1');
    expect(tm88).toMatch(/\/MediaBox \[0 0 204\.8 [\d.]+\]/);
  });

  it('renders the template asked for, and refuses the slip of a sale not paid by card', () => {
    const slip = renderReceipt(retailCardNoPayments(), { timeZone: STORE_ZONE, font, format: 'text', template: 'slip' }).body as string;
    expect(slip).toContain('银联POS签购单');
    expect(() => renderReceipt({ ...retailCardNoPayments(), card: undefined }, { timeZone: STORE_ZONE, font, format: 'text', template: 'slip' })).toThrow(
      expect.objectContaining({ code: 'NO_CARD_SLIP' }),
    );
  });
});
