import { ReceiptLines, displayWidth, justifyText, wrapText, type Align, type TextBlock, type TextStyle } from '../receipt/index.js';

/**
 * The receipt's line collector with what a report adds: lines laid out by the caller, titles,
 * and justified lines styled throughout. No printed line is wider than the paper.
 */
export class ReportLines extends ReceiptLines {
  /** One line as laid out by the caller; wrapped (never cut) should it still be too wide. */
  line(text: string, options: { align?: Align; style?: TextStyle } = {}): void {
    const scale = options.style?.width ?? 1;
    const room = Math.floor(this.columns / scale);
    const trimmed = text.replace(/ +$/, '');
    const pieces = displayWidth(trimmed) <= room ? [trimmed] : wrapText(trimmed, room);
    for (const piece of pieces) {
      const block: TextBlock = { type: 'text', runs: piece.length > 0 ? [options.style ? { text: piece, style: options.style } : { text: piece }] : [] };
      if (options.align && options.align !== 'left') block.align = options.align;
      this.blocks.push(block);
    }
  }

  /** Bold and double height, centred, and double width too when it fits on one line. */
  title(text: string, wide = true): void {
    const style: TextStyle = wide && displayWidth(text) * 2 <= this.columns ? { bold: true, width: 2, height: 2 } : { bold: true, height: 2 };
    this.wrapped(text, { align: 'center', style });
  }

  /** Like the receipt's, but a style covers the whole line (a totals heading is bold throughout). */
  override justified(left: string, right: string, style?: TextStyle): void {
    const line = justifyText(left, right, this.columns);
    if (line === undefined) {
      this.wrapped(left, style ? { style } : {});
      this.wrapped(right, style ? { style, align: 'right' } : { align: 'right' });
      return;
    }
    this.line(line, style ? { style } : {});
  }
}
