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
  try {
    const code = QRCode.create(data, { errorCorrectionLevel: ecc });
    return { size: code.modules.size, modules: Uint8Array.from(code.modules.data) };
  } catch (cause) {
    throw new InputError('QR_TOO_LONG', `QR payload of ${data.length} characters does not fit a QR symbol at level ${ecc}`, {
      hint: 'shorten the payload or lower the error-correction level',
      cause,
    });
  }
}
