import { describe, expect, it } from 'vitest';
import { decodePng } from '../../test/support/png-decode.js';
import { STORE_ZONE, retailCardSale, slipSale } from '../../test/support/receipt-cases.js';
import { PrinterModels, parseToDocument } from '../escpos/index.js';
import { PREVIEW_MARK, createFontLoader, previewMarkText, renderText } from '../receipt/index.js';
import { readGrayPng, renderReceipt, type RenderRequest } from './index.js';

const font = createFontLoader();
const base = { timeZone: STORE_ZONE, font, preview: true } satisfies Omit<RenderRequest, 'format'>;
const markLines = (text: string) => text.split('\n').filter((l) => l.includes('仅供查看') && l.includes('NOT A RECEIPT')).length;

/** Share of black dots in rows [from, to) of a decoded picture. */
function ink(png: ReturnType<typeof decodePng>, from: number, to: number): number {
  let black = 0;
  for (let i = from * png.width; i < to * png.width; i++) black += png.ink[i] ?? 0;
  return black / ((to - from) * png.width);
}

describe('a preview is marked in every format: text, HTML, ESC/POS, PNG, PDF', () => {
  it('text and HTML carry the mark in words', () => {
    const text = renderReceipt(slipSale(), { ...base, format: 'text' }).body as string;
    expect(text.startsWith(`      ${PREVIEW_MARK}      \n`)).toBe(true);
    expect(markLines(text)).toBeGreaterThanOrEqual(10);
    const html = renderReceipt(slipSale(), { ...base, format: 'html' }).body as string;
    expect(html.replace(/<style>.*?<\/style>/s, '').replace(/<[^>]+>/g, '').split(PREVIEW_MARK).length - 1).toBe(markLines(text));
  });

  it.each(PrinterModels)('ESC/POS for %s prints every mark, white on black where it is a band', (printer) => {
    const rendered = renderReceipt(retailCardSale(), { ...base, format: 'escpos', printer });
    const parsed = parseToDocument(rendered.body as Uint8Array);
    const text = renderText(parsed.doc);
    expect(markLines(text)).toBe(markLines(renderText(rendered.doc)));
    expect(text).toContain(previewMarkText(rendered.doc.columns));
    const bands = parsed.doc.blocks.filter((b) => b.type === 'text' && b.runs.some((r) => r.style?.invert && r.text.includes('仅供查看')));
    expect(bands).toHaveLength(2);
  });

  it('the picture opens and closes with a black band, where the plain receipt is white paper', () => {
    const preview = decodePng(renderReceipt(slipSale(), { ...base, format: 'png' }).body as Uint8Array);
    const plain = decodePng(renderReceipt(slipSale(), { timeZone: STORE_ZONE, font, format: 'png' }).body as Uint8Array);
    // 24 dots of margin, then the first line (24 dots high); at the bottom the margin and the band.
    expect(ink(preview, 24, 48)).toBeGreaterThan(0.5);
    expect(ink(preview, preview.height - 48 - 6, preview.height - 24 - 6)).toBeGreaterThan(0.5);
    expect(ink(plain, 24, 48)).toBeLessThan(0.3);
    expect(preview.width).toBe(plain.width);
    expect(preview.height).toBeGreaterThan(plain.height);
  });

  it('the PDF holds the marked picture', () => {
    const png = renderReceipt(retailCardSale(), { ...base, format: 'png' }).body as Uint8Array;
    const pdf = renderReceipt(retailCardSale(), { ...base, format: 'pdf' }).body as Uint8Array;
    expect(Buffer.from(pdf).includes(readGrayPng(png).data)).toBe(true);
    const unmarked = renderReceipt(retailCardSale(), { timeZone: STORE_ZONE, font, format: 'png' }).body as Uint8Array;
    expect(Buffer.from(pdf).includes(readGrayPng(unmarked).data)).toBe(false);
  });

  it('leaves a receipt that is printed (original or duplicate) unmarked', () => {
    expect(markLines(renderReceipt(slipSale(), { timeZone: STORE_ZONE, font, format: 'text' }).body as string)).toBe(0);
  });
});
