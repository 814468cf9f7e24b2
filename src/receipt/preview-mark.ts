import type { Block, ImageBlock, ReceiptDocument, RuleBlock, TextBlock } from './document.js';
import { CELL_HEIGHT } from './scene-geometry.js';
import { displayWidth, padText } from './width.js';

/** What a rendition is when it is not a receipt: the same words in every language and on every paper. */
export const PREVIEW_MARK = '仅供查看 · PREVIEW — NOT A RECEIPT';
/** The same words without the spaces around the separators: exactly 32 columns, a 58 mm line. */
const PREVIEW_MARK_TIGHT = '仅供查看·PREVIEW—NOT A RECEIPT';

/** Printed lines of the receipt between two marks at most, so that any cut-out of a few lines still shows one. */
export const PREVIEW_MARK_EVERY = 4;

/** The mark as it fits a line of `columns`. */
export function previewMarkText(columns: number): string {
  return displayWidth(PREVIEW_MARK) <= columns ? PREVIEW_MARK : PREVIEW_MARK_TIGHT;
}

/** White on black across the whole width: the top and bottom of the paper. */
function banner(columns: number): TextBlock {
  return { type: 'text', runs: [{ text: padText(previewMarkText(columns), columns, 'center'), style: { bold: true, invert: true } }] };
}

/** A rule that carries the mark in its middle: "--- 仅供查看 · PREVIEW — NOT A RECEIPT ---". */
function markedRule(columns: number, char: NonNullable<RuleBlock['char']> = '-'): TextBlock {
  const mark = previewMarkText(columns);
  const room = columns - displayWidth(mark) - 2;
  if (room < 2) return { type: 'text', runs: [{ text: mark, style: { bold: true } }], align: 'center' };
  const left = Math.floor(room / 2);
  return { type: 'text', runs: [{ text: `${char.repeat(left)} ` }, { text: mark, style: { bold: true } }, { text: ` ${char.repeat(room - left)}` }] };
}

/**
 * A picture cut into bands no taller than PREVIEW_MARK_EVERY printed lines, so a marked line
 * can stand between them: a POS whose driver prints the whole receipt as one raster would
 * otherwise show it, between the top and bottom bands, exactly as its paper. Each cut goes
 * through a white row where the lower half of a band has one, so a line of the picture's
 * text is moved down, not sliced.
 */
function imageBands(image: ImageBlock): ImageBlock[] {
  const most = PREVIEW_MARK_EVERY * CELL_HEIGHT;
  if (image.height <= most) return [image];
  const rowBytes = Math.ceil(image.width / 8);
  const blank = (y: number) => image.bits.subarray(y * rowBytes, (y + 1) * rowBytes).every((b) => b === 0);
  const bands: ImageBlock[] = [];
  for (let top = 0; top < image.height; ) {
    let end = Math.min(image.height, top + most);
    if (end < image.height) {
      const white = [...Array(Math.floor(most / 2)).keys()].map((i) => end - i).find(blank);
      if (white !== undefined) end = white;
    }
    bands.push({ ...image, height: end - top, bits: image.bits.slice(top * rowBytes, end * rowBytes) });
    top = end;
  }
  return bands;
}

const linesOf = (block: Block): number => {
  if (block.type === 'text') return Math.max(1, ...block.runs.map((r) => r.style?.height ?? 1));
  if (block.type === 'feed') return block.lines;
  return block.type === 'rule' ? 1 : 0;
};

/**
 * A receipt marked as a preview across the whole paper, for every renderer alike (text,
 * PNG, PDF, HTML, ESC/POS): a white-on-black band at the top and the bottom, every rule
 * replaced by one carrying the mark, and a marked line wherever more than a few printed
 * lines, a QR code or a barcode would otherwise stand without one, and across a picture at
 * the same interval — so a cropped picture still says it is no receipt. A preview never
 * opens the cash drawer.
 */
export function markPreview(doc: ReceiptDocument): ReceiptDocument {
  const { columns } = doc;
  const blocks: Block[] = [banner(columns)];
  // Printed lines since the last mark.
  let since = 0;
  let closed = false;
  const mark = (char?: NonNullable<RuleBlock['char']>) => {
    blocks.push(markedRule(columns, char));
    since = 0;
  };
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'rule':
        mark(block.char);
        closed = false;
        break;
      case 'qr':
      case 'barcode':
        if (since > 0) mark();
        blocks.push(block);
        mark();
        closed = false;
        break;
      case 'image':
        if (since > 0) mark();
        for (const band of imageBands(block)) {
          blocks.push(band);
          mark();
        }
        closed = false;
        break;
      case 'cut':
        blocks.push(banner(columns), block);
        since = 0;
        closed = true;
        break;
      case 'drawer':
        break;
      default:
        if (since > 0 && since + linesOf(block) > PREVIEW_MARK_EVERY) mark();
        blocks.push(block);
        since += linesOf(block);
        closed = false;
    }
  }
  if (!closed) blocks.push(banner(columns));
  return { ...doc, blocks };
}

/**
 * A receipt's text (as a capture keeps what its POS printed) marked as markPreview marks a
 * document: the mark above, below and between every few lines, so no part of it copied out
 * of an answer stands as a receipt.
 */
export function markPreviewText(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const out = [PREVIEW_MARK];
  lines.forEach((line, i) => {
    if (i > 0 && i % PREVIEW_MARK_EVERY === 0) out.push(PREVIEW_MARK);
    out.push(line);
  });
  out.push(PREVIEW_MARK);
  return `${out.join('\n')}\n`;
}
