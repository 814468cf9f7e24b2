import QRCode from 'qrcode';
import { InputError } from '../core/index.js';
import type { QrErrorLevel } from './document.js';

/** The dark modules of a QR symbol, row by row: size × size, 1 = dark. */
export interface QrMatrix {
  size: number;
  modules: Uint8Array;
}

/** The symbol a printer would print for this data (UTF-8 bytes, automatic version). */
export function qrMatrix(data: string, ecc: QrErrorLevel = 'M'): QrMatrix {
  try {
    const code = QRCode.create(data, { errorCorrectionLevel: ecc });
    return { size: code.modules.size, modules: Uint8Array.from(code.modules.data) };
  } catch (error) {
    throw new InputError('BAD_QR_DATA', `cannot make a QR code of ${data.length} characters: ${(error as Error).message}`, {
      hint: 'QR data must be 1 to about 2,300 characters at error level M',
      cause: error,
    });
  }
}
