/**
 * ReceiptDocument: the neutral model between a transaction and any output (text, ESC/POS
 * bytes, PNG, HTML/SVG). Layout makes it for one paper width; encoders and renderers only
 * translate it. A `text` block is exactly one printed line: layout has already wrapped it.
 */

export const Alignments = ['left', 'center', 'right'] as const;
export type Align = (typeof Alignments)[number];

export interface TextStyle {
  bold?: boolean;
  underline?: boolean;
  /** Character width multiplier (GS ! / ESC !). */
  width?: 1 | 2;
  /** Character height multiplier. */
  height?: 1 | 2;
  invert?: boolean;
}

export interface TextRun {
  text: string;
  style?: TextStyle;
}

export interface TextBlock {
  type: 'text';
  runs: TextRun[];
  align?: Align;
}

export interface RuleBlock {
  type: 'rule';
  /** Character repeated across the line. */
  char?: '-' | '=' | '*' | '.';
}

export const QrErrorLevels = ['L', 'M', 'Q', 'H'] as const;
export type QrErrorLevel = (typeof QrErrorLevels)[number];

export interface QrBlock {
  type: 'qr';
  data: string;
  /** Module size in dots, 1..16. */
  size?: number;
  ecc?: QrErrorLevel;
  align?: Align;
}

export const BarcodeSymbologies = ['CODE128', 'CODE39', 'EAN13', 'EAN8', 'UPCA', 'ITF', 'CODABAR'] as const;
export type BarcodeSymbology = (typeof BarcodeSymbologies)[number];

export interface BarcodeBlock {
  type: 'barcode';
  symbology: BarcodeSymbology;
  data: string;
  /** Bar height in dots. */
  height?: number;
  /** Module width in dots, 1..6. */
  moduleWidth?: number;
  /** Human-readable text under the bars. */
  hri?: boolean;
  align?: Align;
}

/** A 1-bit raster: rows of `width` dots, MSB first, each row padded to whole bytes; 1 = black. */
export interface ImageBlock {
  type: 'image';
  width: number;
  height: number;
  bits: Uint8Array;
  align?: Align;
}

export interface FeedBlock {
  type: 'feed';
  lines: number;
}

export interface CutBlock {
  type: 'cut';
  partial?: boolean;
}

/** Cash-drawer kick pulse on connector pin 2 or 5. */
export interface DrawerBlock {
  type: 'drawer';
  pin?: 2 | 5;
}

export type Block = TextBlock | RuleBlock | QrBlock | BarcodeBlock | ImageBlock | FeedBlock | CutBlock | DrawerBlock;

export interface ReceiptDocument {
  /** Characters per line at normal width (Font A). */
  columns: number;
  /** Printable width in dots. */
  dots: number;
  blocks: Block[];
}
