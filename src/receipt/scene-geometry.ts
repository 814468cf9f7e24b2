import type { Align } from './document.js';
import { displayWidth } from './width.js';

/** Font A cell: 12 dots per column, 24 dots high. */
export const CELL_WIDTH = 12;
export const CELL_HEIGHT = 24;

/** A run of characters drawn from (x, y), the top-left of its first cell. */
export interface SceneText {
  kind: 'text';
  x: number;
  y: number;
  text: string;
  /** Width and height multipliers. */
  sx: 1 | 2;
  sy: 1 | 2;
  bold: boolean;
  underline: boolean;
  invert: boolean;
}

/** A filled black rectangle: QR modules, barcode bars, image dots. */
export interface SceneRect {
  kind: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The receipt as the print head would burn it, in dots, for raster and vector output. */
export interface Scene {
  width: number;
  height: number;
  items: (SceneText | SceneRect)[];
}

export function runDots(text: string, sx: number): number {
  return displayWidth(text) * CELL_WIDTH * sx;
}

/** Left edge of something `width` dots wide placed as the printer aligns it (ESC a). */
export function alignX(width: number, dots: number, align: Align | undefined): number {
  if (align === 'center') return Math.max(0, Math.floor((dots - width) / 2));
  if (align === 'right') return Math.max(0, dots - width);
  return 0;
}
