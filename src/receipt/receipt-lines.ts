import type { Align, Block, RuleBlock, TextBlock, TextRun, TextStyle } from './document.js';
import { displayWidth, justifyText, padText, wrapText } from './width.js';

const BOLD: TextStyle = { bold: true };

function run(text: string, style?: TextStyle): TextRun {
  return style ? { text, style } : { text };
}

function textBlock(runs: TextRun[], align?: Align): TextBlock {
  const nonEmpty = runs.filter((r) => r.text.length > 0);
  return align && align !== 'left' ? { type: 'text', runs: nonEmpty, align } : { type: 'text', runs: nonEmpty };
}

/**
 * Collects the blocks of one receipt for a fixed number of columns. Every method wraps or
 * moves text so that no line is wider than the paper, so templates never count columns.
 */
export class ReceiptLines {
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

  /** Wraps text to the width left after `indent`; a double-width style halves that room. */
  wrapped(text: string, options: { indent?: number; align?: Align; style?: TextStyle } = {}): void {
    const indent = options.indent ?? 0;
    const scale = options.style?.width ?? 1;
    const room = Math.floor((this.columns - indent) / scale);
    for (const line of wrapText(text, room)) {
      this.blocks.push(textBlock([run(' '.repeat(indent)), run(line, options.style)], options.align));
    }
  }

  /**
   * Packs phrases onto as few lines as they fit, joined by `joiner`, so that a line breaks
   * between phrases ("操作员 02" stays whole) and only a phrase too long for a line wraps.
   */
  phrases(parts: readonly string[], options: { indent?: number; align?: Align; style?: TextStyle; joiner?: string } = {}): void {
    const joiner = options.joiner ?? ' ';
    const room = Math.floor((this.columns - (options.indent ?? 0)) / (options.style?.width ?? 1));
    let current = '';
    for (const part of parts) {
      const candidate = current.length > 0 ? current + joiner + part : part;
      if (displayWidth(candidate) <= room || current.length === 0) {
        current = candidate;
      } else {
        this.wrapped(current, options);
        current = part;
      }
    }
    if (current.length > 0) this.wrapped(current, options);
  }

  centered(text: string, style?: TextStyle): void {
    this.wrapped(text, style ? { align: 'center', style } : { align: 'center' });
  }

  /** Bold and double height, and double width too when the text still fits on one line. */
  big(text: string, options: { align?: Align; indent?: number } = {}): void {
    const room = this.columns - (options.indent ?? 0);
    const wide = displayWidth(text) * 2 <= room;
    this.wrapped(text, { ...options, style: wide ? { bold: true, width: 2, height: 2 } : { bold: true, height: 2 } });
  }

  /** `left` at the start and `right` at the end of the line, or on two lines when too long. */
  justified(left: string, right: string, rightStyle?: TextStyle): void {
    const line = justifyText(left, right, this.columns);
    if (line !== undefined) {
      const head = line.slice(0, line.length - right.length);
      this.blocks.push(textBlock([run(head), run(right, rightStyle)]));
      return;
    }
    this.wrapped(left);
    this.wrapped(right, rightStyle ? { align: 'right', style: rightStyle } : { align: 'right' });
  }

  /**
   * A labelled value: in the value column when both fit, else at the right end of the line,
   * else on the following lines indented by two.
   */
  field(label: string, value: string, valueColumn: number, valueStyle?: TextStyle): void {
    const labelWidth = displayWidth(label);
    const valueWidth = displayWidth(value) * (valueStyle?.width ?? 1);
    if (labelWidth + 1 <= valueColumn && valueColumn + valueWidth <= this.columns) {
      this.blocks.push(textBlock([run(padText(label, valueColumn)), run(value, valueStyle)]));
    } else if (labelWidth + 1 + valueWidth <= this.columns) {
      this.justified(label, value, valueStyle);
    } else {
      this.wrapped(label);
      this.wrapped(value, valueStyle ? { indent: 2, style: valueStyle } : { indent: 2 });
    }
  }

  /** A label on its own line with the value below it, indented by two. */
  stacked(label: string, value: string, valueStyle?: TextStyle): void {
    this.wrapped(label);
    this.wrapped(value, valueStyle ? { indent: 2, style: valueStyle } : { indent: 2 });
  }

  bold(text: string, options: { indent?: number; align?: Align } = {}): void {
    this.wrapped(text, { ...options, style: BOLD });
  }
}
