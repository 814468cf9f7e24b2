import { barcodeWidths } from './barcode-widths.js';
import type { BarcodeBlock, ImageBlock, QrBlock } from './document.js';
import { qrMatrix, qrSize } from './qr-matrix.js';
import { CELL_HEIGHT, alignX, runDots, type SceneRect, type SceneText } from './scene-geometry.js';

interface Placed {
  items: (SceneText | SceneRect)[];
  height: number;
}

/** One rectangle per horizontal run of dark cells, so a QR code is tens of shapes, not hundreds. */
function runsOfRow(width: number, dark: (col: number) => boolean, emit: (start: number, end: number) => void): void {
  let col = 0;
  while (col < width) {
    if (!dark(col)) {
      col++;
      continue;
    }
    const start = col;
    while (col < width && dark(col)) col++;
    emit(start, col);
  }
}

/** A QR symbol's module size in dots: a printer refuses a symbol wider than the paper; shrinking the modules keeps it readable. */
const moduleDots = (block: QrBlock, dots: number, modules: number) => Math.max(1, Math.min(block.size ?? 3, Math.floor(dots / modules)));

function placeQr(block: QrBlock, dots: number, y: number, measure: boolean): Placed {
  if (measure) {
    const modules = qrSize(block.data, block.ecc);
    return { items: [], height: modules * moduleDots(block, dots, modules) };
  }
  const matrix = qrMatrix(block.data, block.ecc);
  const size = moduleDots(block, dots, matrix.size);
  const x0 = alignX(matrix.size * size, dots, block.align);
  const items: SceneRect[] = [];
  for (let row = 0; row < matrix.size; row++) {
    runsOfRow(
      matrix.size,
      (col) => matrix.modules[row * matrix.size + col] === 1,
      (start, end) => items.push({ kind: 'rect', x: x0 + start * size, y: y + row * size, w: (end - start) * size, h: size }),
    );
  }
  return { items, height: matrix.size * size };
}

function placeBarcode(block: BarcodeBlock, dots: number, y: number): Placed {
  const { widths, text } = barcodeWidths(block.symbology, block.data);
  const units = Math.ceil(widths.reduce((a, b) => a + b, 0));
  const module = Math.max(1, Math.min(block.moduleWidth ?? 2, Math.floor(dots / units)));
  const dotWidths = widths.map((w) => Math.round(w * module));
  const total = dotWidths.reduce((a, b) => a + b, 0);
  const height = block.height ?? 80;
  const x0 = alignX(total, dots, block.align);
  const items: Placed['items'] = [];
  let x = x0;
  dotWidths.forEach((w, i) => {
    if (i % 2 === 0) items.push({ kind: 'rect', x, y, w, h: height });
    x += w;
  });
  if (!block.hri) return { items, height };
  // Human-readable text in Font A, centred under the bars.
  const hriX = Math.max(0, x0 + Math.floor((total - runDots(text, 1)) / 2));
  items.push({ kind: 'text', x: hriX, y: y + height + 4, text, sx: 1, sy: 1, bold: false, underline: false, invert: false });
  return { items, height: height + 4 + CELL_HEIGHT };
}

function placeImage(block: ImageBlock, dots: number, y: number): Placed {
  const stride = Math.ceil(block.width / 8);
  const x0 = alignX(block.width, dots, block.align);
  const items: SceneRect[] = [];
  for (let row = 0; row < block.height; row++) {
    runsOfRow(
      block.width,
      (col) => (((block.bits[row * stride + (col >> 3)] ?? 0) >> (7 - (col & 7))) & 1) === 1,
      (start, end) => items.push({ kind: 'rect', x: x0 + start, y: y + row, w: end - start, h: 1 }),
    );
  }
  return { items, height: block.height };
}

/** QR codes, barcodes and raster images placed at `y`, with the height they take (`measure`: the height only, a QR code sized but not drawn). */
export function placeSymbol(block: QrBlock | BarcodeBlock | ImageBlock, dots: number, y: number, measure = false): Placed {
  if (block.type === 'qr') return placeQr(block, dots, y, measure);
  if (block.type === 'barcode') return placeBarcode(block, dots, y);
  return placeImage(block, dots, y);
}
