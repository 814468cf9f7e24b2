import { networkLengthsAt } from './card-networks.js';
import { holdsMaskChar, mayHoldCardNumber, scanNormalised, type ScanOptions } from './pan-scan.js';
import { normaliseCharacters, normaliseForScan, readNumerals } from './scan-text.js';

/** A card number the scan found, placed in the text as given (not as normalised). */
export interface CardNumberSpan {
  /**
   * Per digit of the number as written (what the scan read, with the digits of a group it
   * cut into), in order: the [start, end) UTF-16 range of the given text it was
   * read from: a character with the combining marks after it. One character may give two
   * digits (⑩).
   */
  digits: readonly (readonly [number, number])[];
  /** Read across mask characters (rule 4: a masked number showing too much): its digits are the whole run's, which may hold other numbers. */
  masked: boolean;
}

/**
 * The card numbers of a text, where they stand in it, for a caller that masks them in place.
 * The scan reports every reading of a run of digits that is a card number, and one written
 * number often has several: "6225 8812 3456 4242 12/29" is one with and one without the
 * expiry's month when both pass Luhn (one time in ten). Readings that share digits are one
 * number; the one kept is the likeliest way the number was written (see `rank`), so that a
 * mask over its middle leaves its own first six and last four and nothing of its neighbours.
 *
 * undefined when the normalising cannot be traced back character by character (URL escapes,
 * Hangul jamo that compose): the caller must find the numbers another way.
 */
export function cardNumberSpans(text: string, options: ScanOptions = {}): CardNumberSpan[] | undefined {
  if (!mayHoldCardNumber(text)) return [];
  const traced = traceNormalised(text);
  if (!traced) return undefined;
  const { normal } = traced;
  const seen = new Set<string>();
  const readings: Reading[] = [];
  scanNormalised(
    normal,
    (offsets) => {
      const key = offsets.join(',');
      if (offsets.length > 0 && !seen.has(key)) {
        seen.add(key);
        readings.push(readingOf(normal, offsets));
      }
      return false;
    },
    options,
  );
  readings.sort(byRank);
  // Greedy by rank over the places each reading covers: a reading touching a kept one is the same number read otherwise.
  const taken = new Uint8Array(normal.length);
  const kept: Reading[] = [];
  for (const reading of readings) {
    const first = reading.written[0] ?? 0;
    const last = reading.written[reading.written.length - 1] ?? 0;
    let free = true;
    for (let i = first; free && i <= last; i++) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, first, last + 1);
    kept.push(reading);
  }
  kept.sort((a, b) => (a.written[0] ?? 0) - (b.written[0] ?? 0));
  return kept.map(({ written, masked }) => ({ masked, digits: written.map((o) => traced.origin(o)) }));
}

interface Reading {
  offsets: number[];
  /**
   * With the digits of its first and last groups that it cuts off ("5240471234567890" read as
   * 4047123456789): the number as written, whose middle is masked. Masking the reading's own
   * middle would leave a group showing more than four digits after the masks (or more than
   * eight before), which the scan reads as a number masked too thinly.
   */
  written: number[];
  masked: boolean;
  /** Starts and ends where its groups do, not inside one, nor before an amount's decimals. */
  whole: boolean;
  /** One separator string between all its groups (card numbers are printed so; what follows them seldom is). */
  uniform: boolean;
  /** Groups of a printed card number's pattern: 4-4-4-4, 4-4-4-4-3, 4-6-5, 4-6-4, 6-13 or one group. */
  pattern: boolean;
  network: boolean;
}

const PATTERNS = new Set(['4,4,4,4', '4,4,4,4,3', '4,6,5', '4,6,4', '6,13']);
const DECIMALS = /^[.,]\d{2}(?!\d)/;

function isDigit(normal: string, i: number): boolean {
  const c = normal.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function readingOf(normal: string, offsets: number[]): Reading {
  const first = offsets[0] ?? 0;
  const last = offsets[offsets.length - 1] ?? 0;
  const masked = holdsMaskChar(normal.slice(first, last));
  // An amount's whole part ("… 4242 128.50") is no group of the number either.
  const whole = !isDigit(normal, first - 1) && !isDigit(normal, last + 1) && !DECIMALS.test(normal.slice(last + 1, last + 5));
  const separators = new Set<string>();
  const groups: number[] = [1];
  for (let k = 1; k < offsets.length; k++) {
    const gap = normal.slice((offsets[k - 1] ?? 0) + 1, offsets[k] ?? 0);
    if (gap === '') groups[groups.length - 1] = (groups[groups.length - 1] ?? 0) + 1;
    else {
      separators.add(gap);
      groups.push(1);
    }
  }
  const written = offsets.slice();
  // In front, only when the digits cut off and the six kept would show more than eight: a stray digit or two there ("〇6225…") stays out of the number.
  let before = first;
  while (isDigit(normal, before - 1)) before--;
  if (first - before > 2) for (let o = first - 1; o >= before; o--) written.unshift(o);
  for (let o = last + 1; isDigit(normal, o); o++) written.push(o);
  const digits = offsets.map((o) => normal[o]).join('');
  const network = ((networkLengthsAt(digits, 0) >> digits.length) & 1) === 1;
  return { offsets, written, masked, whole, uniform: separators.size <= 1, pattern: groups.length === 1 || PATTERNS.has(groups.join(',')), network };
}

/** Likeliest first: a number read whole, in one style of grouping, in a printed pattern, of a network; then the longer, then the earlier. */
function byRank(a: Reading, b: Reading): number {
  const score = (r: Reading) => (r.masked ? 0 : 16) + (r.whole ? 8 : 0) + (r.uniform ? 4 : 0) + (r.pattern ? 2 : 0) + (r.network ? 1 : 0);
  return score(b) - score(a) || b.offsets.length - a.offsets.length || (a.offsets[0] ?? 0) - (b.offsets[0] ?? 0);
}

interface Traced {
  normal: string;
  /** The given text's [start, end) that the normal text's unit at `offset` came from. */
  origin(offset: number): readonly [number, number];
}

/** Pieces normalised one by one, remembered: a receipt repeats few characters. */
const pieceCache = new Map<string, string>();
const COMBINING = /^\p{M}$/u;

/**
 * normaliseForScan piece by piece (a character with the combining marks after it), with
 * where each unit of the result came from. Checked against normalising the whole text:
 * NFKC composes across pieces now and then, and URL escapes span several characters.
 * The Chinese numerals are read over the whole (a numeral is a digit only in a long run),
 * unit for unit, which keeps every unit's origin.
 */
function traceNormalised(text: string): Traced | undefined {
  const whole = normaliseForScan(text);
  if (whole === text) return { normal: text, origin: (o) => [o, o + 1] };
  const starts = new Int32Array(whole.length + 1);
  const ends = new Int32Array(whole.length + 1);
  let out = '';
  let at = 0;
  for (let i = 0; i < text.length; ) {
    let end = i + ((text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);
    while (end < text.length && COMBINING.test(String.fromCodePoint(text.codePointAt(end) ?? 0))) end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
    const piece = text.slice(i, end);
    let normal = pieceCache.get(piece);
    if (normal === undefined) {
      normal = normaliseCharacters(piece);
      if (pieceCache.size < 4096) pieceCache.set(piece, normal);
    }
    if (at + normal.length > whole.length) return undefined;
    for (let k = 0; k < normal.length; k++) {
      starts[at + k] = i;
      ends[at + k] = end;
    }
    at += normal.length;
    out += normal;
    i = end;
  }
  if (readNumerals(out) !== whole) return undefined;
  return { normal: whole, origin: (o) => [starts[o] ?? 0, ends[o] ?? 0] };
}
