import { containsPan, separatesDigits } from '../core/index.js';

/** Leading and trailing digits a masked card number keeps, as slips print it: 622588******4242. */
const KEEP_FIRST = 6;
const KEEP_LAST = 4;
const MASKS = new Set(['*', '＊']);

/** A character that the PAN detector reads as one or more digits (ASCII, full-width, circled, superscript …). */
export function isDigitLike(char: string): boolean {
  const c = char.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return true;
  if (c < 0x80 && c !== 0) return false;
  return /\d/.test(char.normalize('NFKC'));
}

/**
 * Where the full card numbers in `text` are, as the positions (UTF-16 indices of whole
 * characters) of the digits to mask: all but the first six and last four of each number.
 * The project's detector (containsPan) is the only judge of what a card number is; this
 * narrows a text it flags down to the smallest stretch it still flags, masks that
 * stretch's middle digits and asks again, until the text no longer holds one. Each round
 * masks at least one digit, so it ends.
 */
export function panDigits(text: string): { positions: number[]; numbers: number } {
  if (!containsPan(text)) return { positions: [], numbers: 0 };
  const chars = Array.from(text);
  const starts: number[] = [];
  let unit = 0;
  for (const char of chars) {
    starts.push(unit);
    unit += char.length;
  }
  const masked = new Set<number>();
  const triesAt = new Map<number, number>();
  let numbers = 0;
  let current = chars.slice();
  for (;;) {
    const joined = current.join('');
    if (!containsPan(joined)) break;
    // Widen to the whole written number (digits and the separators between them): masking
    // the middle of the narrowest stretch alone can leave more than six digits before the
    // stars, or a group the detector reads as a thin mask.
    let [from, to] = narrowest(current);
    while (from > 0 && partOfNumber(current, from - 1, -1)) from--;
    while (to < current.length && partOfNumber(current, to, 1)) to++;
    // Places of the number's digits, masked ones included, so the six kept in front and the
    // four kept at the end stay the same whatever an earlier round masked. Still flagged after
    // the middle is masked: keep only the first six; then nothing.
    const places: number[] = [];
    for (let i = from; i < to; i++) if (isDigitLike(current[i] ?? '') || MASKS.has(current[i] ?? '')) places.push(i);
    const tries = (triesAt.get(from) ?? 0) + 1;
    triesAt.set(from, tries);
    const keepFirst = tries <= 2 ? KEEP_FIRST : 0;
    const keepLast = tries <= 1 ? KEEP_LAST : 0;
    let chosen = places.slice(keepFirst, Math.max(keepFirst, places.length - keepLast)).filter((i) => isDigitLike(current[i] ?? ''));
    if (chosen.length === 0) chosen = places.filter((i) => isDigitLike(current[i] ?? ''));
    if (chosen.length === 0) {
      // The detector flags a stretch with no digit we recognise: mask every digit left.
      chosen = current.flatMap((c, i) => (isDigitLike(c) ? [i] : []));
      if (chosen.length === 0) break;
    }
    if (tries === 1) numbers++;
    current = current.slice();
    for (const i of chosen) {
      current[i] = '*';
      masked.add(i);
    }
  }
  return { positions: [...masked].sort((a, b) => a - b).map((i) => starts[i] ?? 0), numbers };
}

/** The text with its card numbers masked in place, character for character. */
export function maskPanText(text: string): { text: string; count: number } {
  const { positions, numbers } = panDigits(text);
  if (positions.length === 0) return { text, count: 0 };
  const chars = Array.from(text);
  const byUnit = new Map<number, number>();
  let unit = 0;
  chars.forEach((c, i) => {
    byUnit.set(unit, i);
    unit += c.length;
  });
  for (const p of positions) {
    const i = byUnit.get(p);
    if (i !== undefined) chars[i] = (chars[i] ?? '').charCodeAt(0) >= 0xff10 && (chars[i] ?? '').charCodeAt(0) <= 0xff19 ? '＊' : '*';
  }
  return { text: chars.join(''), count: numbers };
}

/** A digit, or a separator with a digit beyond it, seen from the number's side. */
function partOfNumber(chars: readonly string[], i: number, step: 1 | -1): boolean {
  const char = chars[i] ?? '';
  if (isDigitLike(char)) return true;
  // What the detector groups digits across: a number widened any less kept more than its first six digits.
  return separatesDigits(char) && isDigitLike(chars[i + step] ?? '');
}

/**
 * [from, to) over `chars`: a stretch the detector still flags, from which neither end
 * character can be dropped. Big steps first, so a long job costs a few dozen checks.
 */
function narrowest(chars: readonly string[]): [number, number] {
  let from = 0;
  let to = chars.length;
  const flags = (a: number, b: number) => containsPan(chars.slice(a, b).join(''));
  let step = 1;
  while (step * 2 <= to - from) step *= 2;
  for (let s = step; s >= 1; ) {
    if (from + s < to && flags(from + s, to)) from += s;
    else s >>= 1;
  }
  for (let s = step; s >= 1; ) {
    if (to - s > from && flags(from, to - s)) to -= s;
    else s >>= 1;
  }
  return [from, to];
}
