import type { Align, Block, ReceiptDocument } from './document.js';
import { alignPadding, hardWrap } from './line-width.js';
import { displayWidth, sanitizeText } from './width.js';

/** How blocks that are not text show in plain text: one bracketed line each. */
export function blockMarker(block: Block): string | undefined {
  if (block.type === 'qr') return `[QR: ${sanitizeText(block.data)}]`;
  if (block.type === 'barcode') return `[BARCODE: ${sanitizeText(block.data)}]`;
  if (block.type === 'image') return `[IMAGE ${block.width}×${block.height}]`;
  return undefined;
}

/**
 * The lines of a document as plain text of exactly `columns` display columns at most.
 * Styles are dropped: a double-width run prints at single width, and it is aligned by the
 * width it has here, so a centred title stays centred. Feeds are blank lines; a cut or a
 * drawer kick prints nothing.
 */
export function textLines(doc: ReceiptDocument): string[] {
  const lines: string[] = [];
  const place = (text: string, align: Align | undefined) => {
    const pieces = displayWidth(text) > doc.columns ? hardWrap(text, doc.columns) : [text];
    for (const piece of pieces) lines.push(' '.repeat(alignPadding(displayWidth(piece), doc.columns, align)) + piece);
  };
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'text':
        place(block.runs.map((r) => r.text).join(''), block.align);
        break;
      case 'rule':
        lines.push((block.char ?? '-').repeat(doc.columns));
        break;
      case 'feed':
        for (let i = 0; i < block.lines; i++) lines.push('');
        break;
      case 'qr':
      case 'barcode':
      case 'image':
        place(blockMarker(block) ?? '', block.align);
        break;
      case 'cut':
      case 'drawer':
        break;
    }
  }
  return lines;
}

/** Plain text of a receipt, one line per printed line, each ending in "\n". */
export function renderText(doc: ReceiptDocument): string {
  return textLines(doc).map((line) => `${line}\n`).join('');
}
