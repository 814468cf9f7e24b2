import { InputError } from '../core/index.js';

// Element widths of each digit, starting with a space: L (odd parity) and G (even parity).
// The right-hand R code is L with bars and spaces swapped, so it shares L's widths.
const L = ['3211', '2221', '2122', '1411', '1132', '1231', '1114', '1312', '1213', '3112'];
const G = ['1123', '1222', '2212', '1141', '2311', '1321', '4111', '2131', '3121', '2113'];
// Which of the six left digits of EAN-13 use G, set by the first digit (which has no bars).
const PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];
const GUARD = '111';
const CENTRE = '11111';

function checkDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

function digitsOf(data: string, length: number, name: string): string {
  if (!new RegExp(`^\\d{${length - 1},${length}}$`).test(data)) {
    throw new InputError('BAD_BARCODE_DATA', `${name} takes ${length - 1} digits (or ${length} with the check digit)`, { hint: 'use digits only' });
  }
  // Like the printer, the check digit is always computed, so a wrong one is corrected.
  const body = data.slice(0, length - 1);
  return body + String(checkDigit(body));
}

const widths = (pattern: string) => [...pattern].map(Number);

/** EAN-13 (and UPC-A as EAN-13 with a leading 0): bar/space widths from the first bar, and the digits printed. */
export function ean13Widths(data: string): { widths: number[]; text: string } {
  const text = digitsOf(data, 13, 'EAN13');
  const parity = PARITY[Number(text[0])] ?? PARITY[0] ?? '';
  let pattern = GUARD;
  for (let i = 1; i <= 6; i++) pattern += (parity[i - 1] === 'G' ? G : L)[Number(text[i])] ?? '';
  pattern += CENTRE;
  for (let i = 7; i <= 12; i++) pattern += L[Number(text[i])] ?? '';
  pattern += GUARD;
  return { widths: widths(pattern), text };
}

export function upcaWidths(data: string): { widths: number[]; text: string } {
  const text = digitsOf(data, 12, 'UPC-A');
  return { widths: ean13Widths(`0${text}`).widths, text };
}

export function ean8Widths(data: string): { widths: number[]; text: string } {
  const text = digitsOf(data, 8, 'EAN8');
  let pattern = GUARD;
  for (let i = 0; i < 4; i++) pattern += L[Number(text[i])] ?? '';
  pattern += CENTRE;
  for (let i = 4; i < 8; i++) pattern += L[Number(text[i])] ?? '';
  pattern += GUARD;
  return { widths: widths(pattern), text };
}
