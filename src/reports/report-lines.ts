import { displayWidth, justifyText, wrapText, type Align, type Block, type RuleBlock, type TextBlock, type TextStyle } from '../receipt/index.js';

/**
 * Collects the blocks of a report for a fixed number of columns. Every method wraps or
 * moves text so that no printed line is wider than the paper.
 */
export class ReportLines {
  readonly blocks: Block[] = [];

  constructor(readonly columns: number) {}

  rule(char: NonNullable<RuleBlock['char']> = '-'): void {
    this.blocks.push(char === '-' ? { type: 'rule' } : { type: 'rule', char });
  }

  feed(lines: number): void {
    this.blocks.push({ type: 'feed', lines });
  }

  block(block: Block): void {
    this.blocks.push(block);
  }

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

  /** Wraps text to the width left after `indent`. */
  wrapped(text: string, options: { indent?: number; align?: Align; style?: TextStyle } = {}): void {
    const indent = options.indent ?? 0;
    const room = Math.floor((this.columns - indent) / (options.style?.width ?? 1));
    for (const piece of wrapText(text, room)) {
      const lineOptions: { align?: Align; style?: TextStyle } = {};
      if (options.align) lineOptions.align = options.align;
      if (options.style) lineOptions.style = options.style;
      this.line(' '.repeat(indent) + piece, lineOptions);
    }
  }

  /** Packs phrases onto as few lines as they fit, breaking only between phrases when it can. */
  phrases(parts: readonly string[], options: { style?: TextStyle; align?: Align; joiner?: string } = {}): void {
    const { joiner = ' ', ...lineOptions } = options;
    const room = Math.floor(this.columns / (options.style?.width ?? 1));
    let current = '';
    for (const part of parts) {
      const candidate = current.length > 0 ? `${current}${joiner}${part}` : part;
      if (displayWidth(candidate) <= room || current.length === 0) {
        current = candidate;
      } else {
        this.wrapped(current, lineOptions);
        current = part;
      }
    }
    if (current.length > 0) this.wrapped(current, lineOptions);
  }

  /** Bold and double height, centred, and double width too when it fits on one line. */
  title(text: string, wide = true): void {
    const style: TextStyle = wide && displayWidth(text) * 2 <= this.columns ? { bold: true, width: 2, height: 2 } : { bold: true, height: 2 };
    this.wrapped(text, { align: 'center', style });
  }

  /** `left` at the start and `right` at the end of the line, or `right` on the next line when both do not fit. */
  justified(left: string, right: string, style?: TextStyle): void {
    const options = style ? { style } : {};
    const line = justifyText(left, right, this.columns);
    if (line !== undefined) {
      this.line(line, options);
      return;
    }
    this.wrapped(left, options);
    this.wrapped(right, { ...options, align: 'right' });
  }
}
