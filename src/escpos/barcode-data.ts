import { InputError } from '../core/index.js';
import type { BarcodeSymbology } from '../receipt/index.js';

/** GS k function B (length-prefixed) symbology numbers. */
export const BARCODE_SYSTEM: Readonly<Record<BarcodeSymbology, number>> = {
  UPCA: 65,
  EAN13: 67,
  EAN8: 68,
  CODE39: 69,
  ITF: 70,
  CODABAR: 71,
  CODE128: 73,
};

/** Every GS k system a parser may meet, by its function-B number; function A is m + 65. */
export const BARCODE_NAMES: Readonly<Record<number, string>> = {
  65: 'UPCA',
  66: 'UPCE',
  67: 'EAN13',
  68: 'EAN8',
  69: 'CODE39',
  70: 'ITF',
  71: 'CODABAR',
  72: 'CODE93',
  73: 'CODE128',
  74: 'GS1-128',
  75: 'GS1-DATABAR-OMNI',
  76: 'GS1-DATABAR-TRUNCATED',
  77: 'GS1-DATABAR-LIMITED',
  78: 'GS1-DATABAR-EXPANDED',
  79: 'CODE128-AUTO',
};

const RULES: Readonly<Record<BarcodeSymbology, { pattern: RegExp; expect: string }>> = {
  UPCA: { pattern: /^\d{11,12}$/, expect: '11 or 12 digits' },
  EAN13: { pattern: /^\d{12,13}$/, expect: '12 or 13 digits' },
  EAN8: { pattern: /^\d{7,8}$/, expect: '7 or 8 digits' },
  CODE39: { pattern: /^[0-9A-Z $%+\-./]{1,255}$/, expect: '1-255 of 0-9 A-Z space $ % + - . /' },
  ITF: { pattern: /^(\d\d){1,127}$/, expect: 'an even number of digits (2-254)' },
  CODABAR: { pattern: /^[A-D][0-9$+\-./:]{1,253}[A-D]$/i, expect: 'start and stop A-D around 0-9 $ + - . / :' },
  CODE128: { pattern: /^[\x20-\x7e]{1,126}$/, expect: '1-126 printable ASCII characters' },
};

const CHECKED_LENGTH: Partial<Record<BarcodeSymbology, number>> = { UPCA: 12, EAN13: 13, EAN8: 8 };

/** The GS k data bytes for a symbol; throws InputError when the printer would refuse or misprint it. */
export function barcodePayload(symbology: BarcodeSymbology, data: string): Uint8Array {
  const rule = RULES[symbology];
  if (!rule) throw new InputError('BARCODE_BAD_SYMBOLOGY', `unknown barcode symbology "${String(symbology)}"`);
  if (!rule.pattern.test(data)) {
    throw new InputError('BARCODE_BAD_DATA', `${symbology} barcode data "${data}" is not ${rule.expect}`, {
      context: { symbology, data },
    });
  }
  if (data.length === CHECKED_LENGTH[symbology]) {
    const body = data.slice(0, -1);
    if (String(checkDigit(body)) !== data.slice(-1)) {
      throw new InputError('BARCODE_BAD_CHECK_DIGIT', `${symbology} barcode "${data}" has a wrong check digit`, {
        hint: `the check digit for ${body} is ${checkDigit(body)}; or send ${body} and let the printer add it`,
        context: { symbology, data },
      });
    }
  }
  // Code set B covers printable ASCII; "{" starts a code-set switch, so a literal one is doubled.
  const text = symbology === 'CODE128' ? `{B${data.replace(/\{/g, '{{')}` : data;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** EAN/UPC modulo-10 check digit: weights 3 and 1 alternate from the rightmost data digit. */
export function checkDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) sum += (digits.charCodeAt(i) - 48) * weight;
  return (10 - (sum % 10)) % 10;
}

/** The human data of a CODE128 payload: code-set switches dropped, code C pairs as digits. */
export function decodeCode128(bytes: Uint8Array): string {
  let set: 'A' | 'B' | 'C' = 'B';
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0x7b && i + 1 < bytes.length) {
      const next = String.fromCharCode(bytes[i + 1] ?? 0);
      i++;
      if (next === 'A' || next === 'B' || next === 'C') set = next;
      else if (next === '{') out += '{';
      continue;
    }
    out += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b);
  }
  return out;
}
