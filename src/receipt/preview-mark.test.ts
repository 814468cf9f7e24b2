import { describe, expect, it } from 'vitest';
import { DUPLICATE, RECEIPT_CASES, STORE_ZONE, VERIFY_CODE, VERIFY_URL, VOIDED, slipSale } from '../../test/support/receipt-cases.js';
import { PREVIEW_MARK, PREVIEW_MARK_EVERY, PaperIds, ReceiptLanguages, displayWidth, layoutReceipt, markPreview, paperProfile, previewMarkText, renderHtml, renderText, type Block, type LayoutOptions } from './index.js';

const isMark = (block: Block) => block.type === 'text' && block.runs.some((r) => r.text.includes('仅供查看') && r.text.includes('NOT A RECEIPT'));
const isMarkLine = (line: string) => line.includes('仅供查看') && line.includes('NOT A RECEIPT');

/** Every receipt shape, paper and language, plain and as a duplicate of a voided sale. */
const cases = RECEIPT_CASES.flatMap((c) =>
  PaperIds.flatMap((paper) =>
    ReceiptLanguages.flatMap((language) =>
      [{}, { duplicate: DUPLICATE, verificationUrl: VERIFY_URL, verificationCode: VERIFY_CODE, status: VOIDED }].map((extra) => ({
        label: `${c.name} ${paper} ${language}${'duplicate' in extra ? ' duplicate voided' : ''}`,
        tx: c.tx,
        options: { paper: paperProfile(paper), timeZone: STORE_ZONE, language, ...extra } satisfies LayoutOptions,
      })),
    ),
  ),
);

describe('a preview is marked 仅供查看 · PREVIEW — NOT A RECEIPT across the paper', () => {
  it('says it in one line that fits every paper: 36 columns, or 32 without the spaces on 58 mm', () => {
    expect(PREVIEW_MARK).toBe('仅供查看 · PREVIEW — NOT A RECEIPT');
    expect(previewMarkText(48)).toBe(PREVIEW_MARK);
    expect(previewMarkText(42)).toBe(PREVIEW_MARK);
    expect(previewMarkText(32)).toBe('仅供查看·PREVIEW—NOT A RECEIPT');
    expect(displayWidth(previewMarkText(32))).toBe(32);
  });

  it.each(cases)('$label: a white-on-black band at the top and bottom, the mark at least every few lines, nothing else changed', ({ tx, options }) => {
    const plain = layoutReceipt(tx(), options);
    const preview = layoutReceipt(tx(), { ...options, preview: true });
    // The bands: the first block, and the last before the cut, white on black across the paper.
    const band = preview.blocks[0];
    expect(band?.type === 'text' && isMark(band) && band.runs.every((r) => r.style?.invert === true) && displayWidth(band.runs.map((r) => r.text).join('')) === preview.columns).toBe(true);
    expect(preview.blocks.at(-1)?.type).toBe('cut');
    expect(isMark(preview.blocks.at(-2) as Block)).toBe(true);
    // Whatever part of the paper a picture shows, a mark is never more than a few lines away.
    const lines = renderText(preview).split('\n').slice(0, -1);
    let unmarked = 0;
    for (const line of lines) {
      unmarked = isMarkLine(line) ? 0 : unmarked + 1;
      // The QR code is one marker line here; on paper it is marked right above and below.
      expect(unmarked, lines.join('\n')).toBeLessThanOrEqual(PREVIEW_MARK_EVERY);
      expect(displayWidth(line)).toBeLessThanOrEqual(preview.columns);
    }
    // Only marks were added, and rules became marked rules: the receipt itself is as it prints.
    expect(preview.blocks.filter((b) => !isMark(b))).toEqual(plain.blocks.filter((b) => b.type !== 'rule' && b.type !== 'drawer'));
    // A QR code or barcode is marked right above and right below.
    preview.blocks.forEach((block, i) => {
      if (block.type === 'qr' || block.type === 'barcode') expect([isMark(preview.blocks[i - 1] as Block), isMark(preview.blocks[i + 1] as Block)]).toEqual([true, true]);
    });
  });

  it('never opens the cash drawer, and marks a document without a cut at its end', () => {
    const marked = markPreview({ columns: 32, dots: 384, blocks: [{ type: 'text', runs: [{ text: 'x' }] }, { type: 'drawer', pin: 2 }] });
    expect(marked.blocks.map((b) => b.type)).toEqual(['text', 'text', 'text']);
    expect(isMark(marked.blocks[2] as Block)).toBe(true);
  });

  it('marks across a picture as across text: a receipt printed as one raster comes out in bands of at most four lines, cut on white rows', () => {
    // What a Windows driver sends: the whole receipt as one picture, 576 dots wide, 1,134 tall —
    // "text" rows 20 dots of ink under 10 white ones, and a solid stretch with no white row.
    const width = 576;
    const height = 1134;
    const rowBytes = width / 8;
    const bits = new Uint8Array(rowBytes * height);
    const inked = (y: number) => (y >= 600 && y < 800) || y % 30 >= 10;
    for (let y = 0; y < height; y++) if (inked(y)) bits.fill(0x5a, y * rowBytes, (y + 1) * rowBytes);
    const marked = markPreview({ columns: 48, dots: width, blocks: [{ type: 'text', runs: [{ text: 'SHOP' }] }, { type: 'image', width, height, bits }, { type: 'cut' }] });
    const bands = marked.blocks.flatMap((b) => (b.type === 'image' ? [b] : []));
    // No stretch of the picture taller than four printed lines without a mark right above and below.
    expect(Math.max(...bands.map((b) => b.height))).toBeLessThanOrEqual(PREVIEW_MARK_EVERY * 24);
    marked.blocks.forEach((block, i) => {
      if (block.type === 'image') expect([isMark(marked.blocks[i - 1] as Block), isMark(marked.blocks[i + 1] as Block)]).toEqual([true, true]);
    });
    // Nothing of the picture is lost or covered: the bands, stacked, are the picture.
    expect(Buffer.concat(bands.map((b) => b.bits)).equals(Buffer.from(bits))).toBe(true);
    expect(bands.every((b) => b.width === width && b.bits.length === rowBytes * b.height)).toBe(true);
    // Where there is a white row to cut on, a band starts on one (a line of the picture is not sliced).
    let top = 0;
    for (const band of bands.slice(0, -1)) {
      top += band.height;
      if (top < 600 - 48 || top > 800 + 96) expect(inked(top), `cut at ${top}`).toBe(false);
    }
  });

  it('shows in the HTML the back office draws, as inverted bands and marked lines', () => {
    const html = renderHtml(layoutReceipt(slipSale(), { paper: paperProfile('80'), timeZone: STORE_ZONE, preview: true }));
    const words = html.replace(/<style>.*?<\/style>/s, '').replace(/<[^>]+>/g, '');
    expect(words.split(PREVIEW_MARK).length - 1).toBeGreaterThanOrEqual(8);
    expect(html).toMatch(/<span class="rcpt-i"><b>/);
  });
});
