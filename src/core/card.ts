import { InputError } from './errors.js';
import { containsPan } from './pan-scan.js';
import { normaliseForScan, withoutDigits } from './scan-text.js';

/** A card number as Reissue keeps it: never more than the BIN and the last four digits. */
export interface MaskedCard {
  /** Normalised display form, e.g. "622588******4242" or "************4242". */
  readonly masked: string;
  readonly last4: string;
  /** First 6–8 digits when the sender gave them. */
  readonly bin?: string;
}

/** Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export { containsPan, maskPans } from './pan-scan.js';
export { findSensitiveCardData, assertNoSensitiveCardData, type SensitiveFinding } from './input-gate.js';

const MASK_CHARS = /[*xX•#]/g;

/** A masked number hides at least this many digits: with fewer, the Luhn check digit and a few guesses restore it. */
const MIN_HIDDEN = 4;

const NOT_MASKED_HINT = 'send only a masked number such as "622588******4242" or the last four digits "4242"';

/**
 * Accepts "622588******4242", "6225 88** **** 4242", "**** **** **** 4242" or "4242" (in any
 * digits and widths; read as normaliseForScan reads them) and returns the normalised masked
 * form. A masked number shows at most a BIN of 6–8 digits and the last four, and hides at
 * least four; anything that shows more is refused.
 */
export function parseMaskedCard(input: string): MaskedCard {
  const normal = normaliseForScan(input);
  const compact = normal.trim().replace(/[\s\-\u2010-\u2015\u2212]/g, '');
  const scan = { maskedNumbers: false, saleIds: 'never' } as const;
  // Most masked numbers come without blanks or dashes: compact is then the same text, read once.
  if (containsPan(normal, scan) || (compact !== normal && containsPan(compact, scan))) {
    throw new InputError('PAN_NOT_MASKED', 'the card number is not masked; nothing was recorded', { hint: NOT_MASKED_HINT, context: { rule: 'card-no' } });
  }
  if (/^\d{4}$/.test(compact)) return { masked: `************${compact}`, last4: compact };
  const match = /^(\d{0,8})([*xX•#]+)(\d{4})$/.exec(compact);
  if (!match) {
    throw new InputError('BAD_CARD', `"${withoutDigits(input)}" is not a masked card number`, {
      hint: 'write it as BIN + stars + last four ("622588******4242"), stars + last four, or just the last four digits',
      context: { rule: 'format' },
    });
  }
  const [, bin = '', stars = '', last4 = ''] = match;
  if (bin.length > 0 && bin.length < 6) {
    throw new InputError('BAD_CARD', 'a masked card number shows either no leading digits or a BIN of 6 to 8', {
      hint: 'write it as "622588******4242" or "************4242"',
      context: { rule: 'bin' },
    });
  }
  const total = bin.length + stars.length + last4.length;
  if (total > 19) {
    throw new InputError('BAD_CARD', 'a card number has at most 19 digits', { hint: 'check the number of mask characters', context: { rule: 'too-long' } });
  }
  if (stars.length < MIN_HIDDEN) {
    throw new InputError('PAN_NOT_MASKED', `the card number hides only ${stars.length} digit${stars.length === 1 ? '' : 's'} (at least ${MIN_HIDDEN} must be hidden); nothing was recorded`, {
      hint: NOT_MASKED_HINT,
      context: { rule: 'too-few-hidden', hidden: stars.length, minHidden: MIN_HIDDEN },
    });
  }
  const masked = `${bin}${stars.replace(MASK_CHARS, '*')}${last4}`;
  return bin ? { masked, last4, bin } : { masked, last4 };
}

/**
 * A GTIN barcode (EAN-8, UPC-A, EAN-13, GTIN-14) with a valid check digit. One EAN-13 in ten
 * also passes the Luhn check, so a scanned barcode must not be taken for a card number.
 */
export function isGtin(text: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(text)) return false;
  let sum = 0;
  for (let i = text.length - 2, weight = 3; i >= 0; i--, weight = 4 - weight) sum += (text.charCodeAt(i) - 48) * weight;
  return (10 - (sum % 10)) % 10 === text.charCodeAt(text.length - 1) - 48;
}

/**
 * Groups a masked number for printing, the last four digits always one group — they are what
 * the cardholder compares with the card: "6225 88** **** 4242", and for 19 digits
 * "6217 00** **** *** 4380". The rest goes in fours from the left; a single character left
 * over joins the group before it ("4123 45*** 1234" for 13 digits).
 */
export function groupCardNumber(masked: string): string {
  if (masked.length <= 4) return masked;
  const groups = masked.slice(0, -4).match(/.{1,4}/g) ?? [];
  const lone = groups.length > 1 && groups.at(-1)?.length === 1 ? groups.pop() : undefined;
  if (lone !== undefined) groups[groups.length - 1] += lone;
  return [...groups, masked.slice(-4)].join(' ');
}
