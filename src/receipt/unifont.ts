/**
 * GNU Unifont in its .hex form ("4E2D:0080…", 32 hex digits for an 8×16 glyph, 64 for
 * 16×16), scaled by nearest neighbour to the printer's Font A: 12×24 for half-width and
 * 24×24 for full-width characters.
 */

export interface Glyph {
  /** 12 or 24 dots. */
  width: number;
  /** Always 24 dots. */
  height: number;
  /** width × height, 1 = black. */
  dots: Uint8Array;
}

export const GLYPH_HEIGHT = 24;

/** Indexes every line by code point; glyph bits are decoded only when first drawn. */
export function indexUnifontHex(text: string): Map<number, string> {
  const index = new Map<number, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 4) continue;
    const codePoint = Number.parseInt(line.slice(0, colon), 16);
    const bits = line.slice(colon + 1).trim();
    if (Number.isNaN(codePoint) || (bits.length !== 32 && bits.length !== 64)) continue;
    index.set(codePoint, bits);
  }
  return index;
}

/** Decodes a .hex glyph and scales it ×1.5 to Font A size. */
export function scaleHexGlyph(hex: string): Glyph {
  const srcWidth = hex.length === 64 ? 16 : 8;
  const width = srcWidth === 16 ? 24 : 12;
  const digitsPerRow = srcWidth / 4;
  const rows: number[] = [];
  for (let y = 0; y < 16; y++) rows.push(Number.parseInt(hex.slice(y * digitsPerRow, (y + 1) * digitsPerRow), 16));
  const dots = new Uint8Array(width * GLYPH_HEIGHT);
  for (let y = 0; y < GLYPH_HEIGHT; y++) {
    const row = rows[Math.floor((y * 16) / GLYPH_HEIGHT)] ?? 0;
    for (let x = 0; x < width; x++) {
      const sx = Math.floor((x * srcWidth) / width);
      if ((row >> (srcWidth - 1 - sx)) & 1) dots[y * width + x] = 1;
    }
  }
  return { width, height: GLYPH_HEIGHT, dots };
}
