import type { BarcodeSymbology } from './document.js';
import { code128Widths } from './barcode-code128.js';
import { ean13Widths, ean8Widths, upcaWidths } from './barcode-ean.js';
import { codabarWidths, code39Widths, itfWidths } from './barcode-two-width.js';

/** Bar and space widths (in narrow modules, from the first bar) and the human-readable text. */
export function barcodeWidths(symbology: BarcodeSymbology, data: string): { widths: number[]; text: string } {
  switch (symbology) {
    case 'CODE128':
      return { widths: code128Widths(data), text: data };
    case 'EAN13':
      return ean13Widths(data);
    case 'EAN8':
      return ean8Widths(data);
    case 'UPCA':
      return upcaWidths(data);
    case 'CODE39':
      return code39Widths(data);
    case 'ITF':
      return itfWidths(data);
    case 'CODABAR':
      return codabarWidths(data);
  }
}

/** Whether the data can be drawn as that symbology: a printer given data it cannot encode prints no symbol. */
export function barcodeDrawable(symbology: BarcodeSymbology, data: string): boolean {
  try {
    barcodeWidths(symbology, data);
    return true;
  } catch {
    return false;
  }
}
