import { luhnValid } from '../../src/core/index.js';

/** `body` completed with the one digit that makes it pass Luhn: a card number for tests. */
export function cardNumber(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error(`no check digit for ${body}`);
}

/** Full-width digits (６２２５…), as Chinese input methods type them. */
export function fullWidth(digits: string): string {
  return digits.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
}

/** "6225 8812 3456 7890": groups of four. */
export function grouped(digits: string, separator = ' '): string {
  return (digits.match(/.{1,4}/g) ?? []).join(separator);
}
