import type { Align, TextBlock } from './document.js';
import { charWidth, displayWidth } from './width.js';

/** Columns a text line takes on paper: double-width runs count twice. */
export function lineWidth(block: TextBlock): number {
  return block.runs.reduce((sum, run) => sum + displayWidth(run.text) * (run.style?.width ?? 1), 0);
}

/** Spaces before a line of `width` so that it sits as `align` says within `columns`. */
export function alignPadding(width: number, columns: number, align: Align = 'left'): number {
  const gap = Math.max(0, columns - width);
  if (align === 'center') return Math.floor(gap / 2);
  return align === 'right' ? gap : 0;
}

/**
 * Cuts text into pieces of at most `columns` the way a printer does when a line runs past
 * the paper edge: character by character, never splitting one.
 */
export function hardWrap(text: string, columns: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let width = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0) ?? 0);
    if (width + w > columns && piece.length > 0) {
      pieces.push(piece);
      piece = '';
      width = 0;
    }
    piece += ch;
    width += w;
  }
  pieces.push(piece);
  return pieces;
}
