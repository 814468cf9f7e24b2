import { InputError } from './errors.js';

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

// ASCII digits only (after NFKC); separators are runs of whitespace or dash-like characters.
const DIGIT_GROUPS = /[0-9]+(?:[\s\-\u2010-\u2015\u2212]+[0-9]+)*/g;
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]+/;

/**
 * True when the text holds a full card number: a Luhn-valid run of 13–19 digits, written
 * either without separators or in groups split by whitespace or dashes (full-width too).
 */
export function containsPan(text: string): boolean {
  // NFKC turns full-width digits (６２２５…) and no-break spaces, common in Chinese input, into plain ones.
  for (const match of text.normalize('NFKC').matchAll(DIGIT_GROUPS)) {
    const groups = match[0].split(SEPARATORS);
    // Every contiguous run of groups is a candidate, so "No 6225881234564242" and
    // "6225 8812 3456 4242" are both caught, and so is a PAN that follows another number.
    // Groups are joined only across card-style grouping (4–6 digits before each separator),
    // so phone numbers and dates in free text are not mistaken for card numbers.
    for (let start = 0; start < groups.length; start++) {
      let joined = '';
      for (let end = start; end < groups.length; end++) {
        const group = groups[end] ?? '';
        joined += group;
        if (joined.length > 19) break;
        if (joined.length >= 13 && luhnValid(joined)) return true;
        if (group.length < 4 || group.length > 6) break;
      }
    }
  }
  return false;
}

/** Field names whose mere presence means secret card data was sent. */
const FORBIDDEN_KEYS = new Set([
  'cvv', 'cvv2', 'cvc', 'cvc2', 'cid', 'csc', 'cav2', 'securitycode', 'cardsecuritycode', 'cardverificationvalue',
  'track', 'track1', 'track2', 'track3', 'trackdata', 'magstripe', 'pin', 'pinblock', 'fullpan', 'clearpan',
]);

const NO_EXEMPTIONS = (): boolean => false;

/**
 * Cheap pre-check: fewer than 12 digits (ASCII or full-width) cannot hold a card number or
 * track data. Characters NFKC might turn into digits (circled, super/subscript, mathematical)
 * send the text to the full check.
 */
function mayHoldCardData(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)) digits++;
    else if (c >= 0x80 && c < 0x4e00 && !(c >= 0x3000 && c <= 0x30ff)) return true; // not plain CJK or kana
    else if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return digits >= 12;
}

const TRACK_DATA = [/%B\d{12,19}\^/, /;\d{12,19}=\d{4}/, /\d{12,19}[=D]\d{7,}/];

const keyVerdicts = new Map<string, 'ok' | 'secret' | 'pan'>();
const MAX_REMEMBERED_KEYS = 4096;

/** What a JSON key says by itself; the same few keys recur in every sale, so verdicts are remembered. */
function keyVerdict(key: string): 'ok' | 'secret' | 'pan' {
  const known = keyVerdicts.get(key);
  if (known) return known;
  const verdict = FORBIDDEN_KEYS.has(key.toLowerCase().replace(/[^a-z0-9]/g, '')) ? 'secret' : mayHoldCardData(key) && containsPan(key) ? 'pan' : 'ok';
  // Only harmless keys are remembered (a card number must not linger in memory), and only so many.
  if (verdict === 'ok' && keyVerdicts.size < MAX_REMEMBERED_KEYS) keyVerdicts.set(key, verdict);
  return verdict;
}

/** Where a piece of input holds card data that must never be stored. */
export interface SensitiveFinding {
  path: string;
  reason: 'pan' | 'secret-field' | 'track-data';
}

/**
 * Walks any JSON value and reports the first place holding a full card number, track data or
 * a card secret field. It never returns the value itself, only where it is.
 */
export function findSensitiveCardData(
  value: unknown,
  path = '',
  exempt: (path: string, value: unknown) => boolean = NO_EXEMPTIONS,
): SensitiveFinding | undefined {
  if (exempt(path, value)) return undefined;
  if (typeof value === 'string') {
    if (!mayHoldCardData(value)) return undefined;
    if (TRACK_DATA.some((re) => re.test(value))) return { path, reason: 'track-data' };
    return containsPan(value) ? { path, reason: 'pan' } : undefined;
  }
  if (typeof value === 'number') {
    // JSON numbers past 2^53 have lost digits already, so a long one cannot be cleared.
    if (Math.abs(value) >= 1e12 && !Number.isSafeInteger(value)) return { path, reason: 'pan' };
    return containsPan(value.toFixed(0)) ? { path, reason: 'pan' } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findSensitiveCardData(value[i], `${path}[${i}]`, exempt);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const inner = (value as Record<string, unknown>)[key];
      const here = path ? `${path}.${key}` : key;
      const verdict = keyVerdict(key);
      if (verdict === 'secret') return { path: here, reason: 'secret-field' };
      // The path ends up in error messages and logs, so a key that is itself a card number is masked.
      if (verdict === 'pan') return { path: path ? `${path}.${key.replace(/\d/g, '#')}` : key.replace(/\d/g, '#'), reason: 'pan' };
      const found = findSensitiveCardData(inner, here, exempt);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Throws PAN_NOT_MASKED / CARD_SECRET_REFUSED when the input carries card data Reissue must
 * not keep. `exempt` picks paths that hold other long identifiers (a 15-digit merchant no.,
 * an EAN-13 barcode).
 */
export function assertNoSensitiveCardData(value: unknown, exempt: (path: string, value: unknown) => boolean = NO_EXEMPTIONS): void {
  const found = findSensitiveCardData(value, '', exempt);
  if (!found) return;
  const where = found.path || 'the input';
  if (found.reason === 'pan') {
    throw new InputError('PAN_NOT_MASKED', `${where} holds a full card number; nothing was recorded`, {
      hint: 'send only a masked number such as "622588******4242" or the last four digits "4242"',
      context: { path: found.path },
    });
  }
  throw new InputError('CARD_SECRET_REFUSED', `${where} holds ${found.reason === 'track-data' ? 'magnetic track data' : 'a card secret (CVV, PIN or track)'}; nothing was recorded`, {
    hint: 'remove CVV/CVC, PIN and track data from the sale: Reissue keeps only the masked card number',
    context: { path: found.path, rule: found.reason },
  });
}

const MASK_CHARS = /[*xX•#]/g;

/**
 * Accepts "622588******4242", "6225 88** **** 4242", "**** **** **** 4242" or "4242" and
 * returns the normalised masked form. Anything that shows more than a BIN and the last four
 * digits is refused.
 */
export function parseMaskedCard(input: string): MaskedCard {
  const compact = input.trim().replace(/[ -]/g, '');
  if (containsPan(compact)) {
    throw new InputError('PAN_NOT_MASKED', 'the card number is not masked; nothing was recorded', {
      hint: 'send only a masked number such as "622588******4242" or the last four digits "4242"',
      context: { rule: 'card-no' },
    });
  }
  if (/^\d{4}$/.test(compact)) return { masked: `************${compact}`, last4: compact };
  const match = /^(\d{0,8})([*xX•#]+)(\d{4})$/.exec(compact);
  if (!match) {
    throw new InputError('BAD_CARD', `"${input.replace(/\d/g, '#')}" is not a masked card number`, {
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
