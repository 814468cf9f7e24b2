import type { FontLoader } from './font-loader.js';
import type { DotImage } from './png-encode.js';
import { CELL_HEIGHT, CELL_WIDTH, type Scene, type SceneText } from './scene-geometry.js';
import { charWidth } from './width.js';

/** A 1-bit canvas that clips everything drawn outside it. */
class DotCanvas implements DotImage {
  readonly dots: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.dots = new Uint8Array(width * height);
  }

  /** A few dots at once: the per-dot path of glyph drawing, kept free of slicing. */
  plot(x: number, y: number, w: number, h: number, value: 0 | 1): void {
    for (let row = y; row < y + h; row++) {
      if (row < 0 || row >= this.height) continue;
      for (let col = x; col < x + w; col++) if (col >= 0 && col < this.width) this.dots[row * this.width + col] = value;
    }
  }

  fill(x: number, y: number, w: number, h: number, value: 0 | 1): void {
    const x0 = Math.max(0, x);
    const x1 = Math.min(this.width, x + w);
    for (let row = Math.max(0, y); row < Math.min(this.height, y + h); row++) {
      this.dots.fill(value, row * this.width + x0, row * this.width + Math.max(x0, x1));
    }
  }
}

function drawText(canvas: DotCanvas, item: SceneText, font: FontLoader): void {
  const { sx, sy } = item;
  const ink: 0 | 1 = item.invert ? 0 : 1;
  const cellHeight = CELL_HEIGHT * sy;
  let x = item.x;
  for (const ch of item.text) {
    const codePoint = ch.codePointAt(0) ?? 0;
    const cellWidth = charWidth(codePoint) * CELL_WIDTH * sx;
    if (item.invert) canvas.fill(x, item.y, cellWidth, cellHeight, 1);
    const glyph = codePoint === 0x20 ? undefined : font.glyph(codePoint);
    if (glyph) {
      // A half-width glyph in a full-width cell (é, ¥ in Kanji mode) sits in the middle.
      const left = x + Math.max(0, Math.floor((cellWidth - glyph.width * sx) / 2));
      // Emphasis on a thermal head burns each dot again one dot to the right.
      const dotWidth = item.bold ? sx + 1 : sx;
      for (let gy = 0; gy < glyph.height; gy++) {
        for (let gx = 0; gx < glyph.width; gx++) {
          if (!glyph.dots[gy * glyph.width + gx]) continue;
          const px = left + gx * sx;
          if (px - x >= cellWidth) continue;
          canvas.plot(px, item.y + gy * sy, dotWidth, sy, ink);
        }
      }
    } else if (codePoint !== 0x20) {
      // No glyph in the font: an empty box, as printers show an unknown character.
      canvas.fill(x + 2, item.y + 2, cellWidth - 4, 2, ink);
      canvas.fill(x + 2, item.y + cellHeight - 4, cellWidth - 4, 2, ink);
      canvas.fill(x + 2, item.y + 2, 2, cellHeight - 4, ink);
      canvas.fill(x + cellWidth - 4, item.y + 2, 2, cellHeight - 4, ink);
    }
    if (item.underline) canvas.fill(x, item.y + cellHeight - 2, cellWidth, 2, ink);
    x += cellWidth;
  }
}

/** Burns a scene into dots: glyphs from the font, rectangles as they are. */
export function rasterizeScene(scene: Scene, font: FontLoader): DotImage {
  const canvas = new DotCanvas(scene.width, scene.height);
  for (const item of scene.items) {
    if (item.kind === 'rect') canvas.fill(item.x, item.y, item.w, item.h, 1);
    else drawText(canvas, item, font);
  }
  return canvas;
}
