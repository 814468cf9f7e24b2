import QRCode from 'qrcode';
import { InputError } from '../core/index.js';
import type { QrErrorLevel } from './document.js';

/** The dark modules of a QR symbol, row by row: size × size, 1 = dark. */
export interface QrMatrix {
  size: number;
  modules: Uint8Array;
}

/**
 * The symbol a printer would print for this data (UTF-8 bytes, automatic version): what the
 * picture draws and what a printer without QR firmware gets as a raster.
 */
export function qrMatrix(data: string, ecc: QrErrorLevel = 'M'): QrMatrix {
  const code = symbol(data, ecc);
  return { size: code.modules.size, modules: Uint8Array.from(code.modules.data) };
}

/**
 * Modules a side of the symbol qrMatrix gives, without choosing its mask: the mask never
 * changes the size, and trying all eight for the best was over half the cost of a receipt's
 * paper length (283 of ~390 µs).
 */
export function qrSize(data: string, ecc: QrErrorLevel = 'M'): number {
  return symbol(data, ecc, 0).modules.size;
}

function symbol(data: string, ecc: QrErrorLevel, maskPattern?: QRCode.QRCodeMaskPattern): QRCode.QRCode {
  try {
    return QRCode.create(data, { errorCorrectionLevel: ecc, ...(maskPattern === undefined ? {} : { maskPattern }) });
  } catch (cause) {
    throw new InputError('QR_TOO_LONG', `QR payload of ${data.length} characters does not fit a QR symbol at level ${ecc}`, {
      hint: 'shorten the payload or lower the error-correction level',
      cause,
    });
  }
}
