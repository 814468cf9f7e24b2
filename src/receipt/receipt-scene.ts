import type { ReceiptDocument, TextBlock, TextRun } from './document.js';
import { CELL_HEIGHT, CELL_WIDTH, alignX, runDots, type Scene } from './scene-geometry.js';
import { placeSymbol } from './scene-symbols.js';
import { charWidth } from './width.js';

export interface SceneOptions {
  /** Dots from one text line to the next at normal height; printers default to about 30. */
  lineSpacing?: number;
  /** Blank paper above and below the print, in dots. */
  margin?: number;
  /** Only the height is wanted (the paper a receipt takes): nothing is placed, and a QR code is sized without being drawn. */
  measure?: boolean;
}

/** Splits runs where the printer would wrap them: at the last character that fits the paper. */
function physicalLines(runs: TextRun[], dots: number): TextRun[][] {
  const lines: TextRun[][] = [[]];
  let used = 0;
  for (const run of runs) {
    const sx = run.style?.width ?? 1;
    let piece = '';
    for (const ch of run.text) {
      const w = charWidth(ch.codePointAt(0) ?? 0) * CELL_WIDTH * sx;
      if (used + w > dots && used > 0) {
        if (piece) lines[lines.length - 1]?.push({ ...run, text: piece });
        lines.push([]);
        piece = '';
        used = 0;
      }
      piece += ch;
      used += w;
    }
    if (piece) lines[lines.length - 1]?.push({ ...run, text: piece });
  }
  return lines;
}

/**
 * Places every block of a document on the paper the way an ESC/POS printer does: text in
 * Font A cells with lines bottom-aligned, alignment within the printable dots, QR modules
 * and barcode bars at their module size (shrunk only if they would not fit at all).
 */
export function layoutScene(doc: ReceiptDocument, options: SceneOptions = {}): Scene {
  const lineSpacing = options.lineSpacing ?? 30;
  const gap = Math.max(0, lineSpacing - CELL_HEIGHT);
  const margin = options.margin ?? 24;
  const measure = options.measure ?? false;
  const items: Scene['items'] = [];
  let y = margin;

  const text = (block: TextBlock) => {
    for (const runs of physicalLines(block.runs, doc.dots)) {
      const lineHeight = CELL_HEIGHT * Math.max(1, ...runs.map((r) => r.style?.height ?? 1));
      if (measure) {
        y += lineHeight + gap;
        continue;
      }
      let x = alignX(
        runs.reduce((sum, r) => sum + runDots(r.text, r.style?.width ?? 1), 0),
        doc.dots,
        block.align,
      );
      for (const run of runs) {
        const sx = run.style?.width ?? 1;
        const sy = run.style?.height ?? 1;
        items.push({ kind: 'text', x, y: y + lineHeight - CELL_HEIGHT * sy, text: run.text, sx, sy, bold: !!run.style?.bold, underline: !!run.style?.underline, invert: !!run.style?.invert });
        x += runDots(run.text, sx);
      }
      y += lineHeight + gap;
    }
  };

  for (const block of doc.blocks) {
    switch (block.type) {
      case 'text':
        text(block);
        break;
      case 'rule':
        text({ type: 'text', runs: [{ text: (block.char ?? '-').repeat(doc.columns) }] });
        break;
      case 'feed':
        y += block.lines * lineSpacing;
        break;
      case 'qr':
      case 'barcode':
      case 'image': {
        const placed = placeSymbol(block, doc.dots, y, measure);
        // One at a time: a dithered logo is over a hundred thousand rectangles, more arguments than a call takes.
        if (!measure) for (const item of placed.items) items.push(item);
        y += placed.height + gap;
        break;
      }
      case 'cut':
      case 'drawer':
        break;
    }
  }
  return { width: doc.dots, height: y + margin, items };
}
