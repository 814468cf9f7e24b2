import type { Align, TextRun, TextStyle } from '../receipt/index.js';

/** The line being filled before LF prints it: styled runs and the columns they take. */
export class LineBuffer {
  runs: TextRun[] = [];
  columns = 0;
  /** Alignment in force when the first character arrived (ESC a only acts at a line start). */
  align: Align | undefined;

  get started(): boolean {
    return this.align !== undefined;
  }

  get empty(): boolean {
    return this.runs.length === 0;
  }

  start(align: Align): void {
    this.align = align;
  }

  append(text: string, style: TextStyle, columns: number): void {
    this.columns += columns;
    const last = this.runs[this.runs.length - 1];
    if (last && sameStyle(last.style, style)) last.text += text;
    else this.runs.push(Object.keys(style).length > 0 ? { text, style } : { text });
  }

  /** Columns skipped by ESC $, ESC \, HT or the left margin print nothing, not even underline. */
  padTo(column: number): void {
    if (column > this.columns) this.append(' '.repeat(column - this.columns), {}, column - this.columns);
  }

  reset(): void {
    this.runs = [];
    this.columns = 0;
    this.align = undefined;
  }
}

function sameStyle(a: TextStyle | undefined, b: TextStyle): boolean {
  const x = a ?? {};
  return x.bold === b.bold && x.underline === b.underline && x.width === b.width && x.height === b.height && x.invert === b.invert;
}
