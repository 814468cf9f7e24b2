import { cardNumberSpans, containsPan, normaliseForScan, separatesDigits, type CardNumberSpan } from '../core/index.js';

/** Leading and trailing digits a masked card number keeps, as slips print it: 622588******4242. */
const KEEP_FIRST = 6;
const KEEP_LAST = 4;
const MIN_HIDDEN = 4;
/**
 * The characters this masking writes over a digit (`＊` for a full-width one): what it has masked
 * already. Not the scan's mask characters (holdsMaskChar), which also reads • ● ∗ as a
 * printed mask; no digit is ever read from those.
 */
const MASKS = new Set(['*', '＊']);
/**
 * Rounds of masking from where the scan says the numbers are, while the detector still flags
 * the text, each giving up more: the first masks each number's middle; the next ones mask
 * what that left flagged (a reading across the masks: narrowed to the stretch the detector
 * flags, whose leading digits are the ones showing too much), then those leading digits
 * rather than a locked character, then locked characters too, then everything.
 */
const ROUNDS: readonly { keepFirst: number; keepLast: number; locks: boolean }[] = [
  { keepFirst: KEEP_FIRST, keepLast: KEEP_LAST, locks: true },
  { keepFirst: KEEP_FIRST, keepLast: KEEP_LAST, locks: true },
  { keepFirst: 0, keepLast: KEEP_LAST, locks: true },
  { keepFirst: KEEP_FIRST, keepLast: KEEP_LAST, locks: false },
  { keepFirst: 0, keepLast: KEEP_LAST, locks: false },
  { keepFirst: 0, keepLast: 0, locks: false },
];

/** Passes of one round at most. */
const REPEATS = 4;

const digitLike = new Map<string, boolean>();

/** A character that the PAN detector reads as one or more digits (ASCII, full-width, circled, superscript, Arabic-Indic, Suzhou …). */
export function isDigitLike(char: string): boolean {
  const c = char.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return true;
  if (c < 0x80) return false;
  let digit = digitLike.get(char);
  if (digit === undefined) {
    digit = /[0-9]/.test(normaliseForScan(char));
    if (digitLike.size < 4096) digitLike.set(char, digit);
  }
  return digit;
}

export interface PanDigitsOptions {
  /**
   * A character (by the UTF-16 index it starts at) to leave alone while masking others can
   * hide the number: pan-bytes locks a byte that is part of a GB18030 character in another
   * reading. When nothing else does, it is masked all the same.
   */
  locked?: (unit: number) => boolean;
}

/**
 * Where the full card numbers in `text` are, as the positions (UTF-16 indices of whole
 * characters) of the digits to mask: all but the first six and last four digits of each
 * number, and how many numbers there are. The scan says where each number is
 * (cardNumberSpans); one pass masks them, and the detector (containsPan) then judges the
 * result: whatever it still flags is masked further, down to every digit.
 */
export function panDigits(text: string, options: PanDigitsOptions = {}): { positions: number[]; numbers: number } {
  // Most text holds none, and the detector says so in one scan that stops early: placing findings traces the normalising first.
  if (!containsPan(text)) return { positions: [], numbers: 0 };
  const chars = Array.from(text);
  const starts: number[] = [];
  let unit = 0;
  for (const char of chars) {
    starts.push(unit);
    unit += char.length;
  }
  const locked = options.locked && ((i: number) => options.locked?.(starts[i] ?? 0) ?? false);
  const masked = new Set<number>();
  const current = chars.slice();
  const counted: [number, number][] = [];
  let numbers = 0;
  let flagged = true;
  let traced = true;
  let pass = 0;
  rounds: for (const round of ROUNDS) {
    // A round that still masks something goes again (each pass may mask one more digit a narrowed stretch shows).
    for (let again = 0; again < REPEATS; again++, pass++) {
      const joined = current.join('');
      const spans = cardNumberSpans(joined);
      if (spans === undefined) {
        traced = false;
        break rounds;
      }
      if (spans.length === 0) {
        flagged = false;
        break rounds;
      }
      // Character indexes stay put from pass to pass; UTF-16 indexes do not (a digit outside the BMP becomes one "*").
      const indexAt = indexesOf(current, joined.length);
      let progress = false;
      for (const span of spans) {
        const first = indexAt[span.digits[0]?.[0] ?? 0] ?? 0;
        const last = indexAt[span.digits[span.digits.length - 1]?.[1] ?? 0] ?? 0;
        // A number found again after an earlier pass masked part of it is not another number.
        const { at, stretches } = toMask(span, round, current, indexAt, locked);
        if (pass === 0 || !counted.some(([a, b]) => a < last && first < b)) {
          counted.push([first, last]);
          // A masked number's run may hold several, each a stretch the detector flagged.
          numbers += span.masked && pass === 0 ? Math.max(1, stretches) : 1;
        }
        for (const i of at) {
          current[i] = '*';
          masked.add(i);
          progress = true;
        }
      }
      flagged = containsPan(current.join(''));
      if (!flagged) break rounds;
      if (!progress) break;
    }
  }
  if (flagged && (!traced || containsPan(current.join('')))) {
    // The scan's findings could not be placed (or masking them did not do): narrow down what the detector flags.
    const found = narrowingLoop(current, masked);
    if (numbers === 0) numbers = found;
  }
  return { positions: [...masked].sort((a, b) => a - b).map((i) => starts[i] ?? 0), numbers };
}

/** For each UTF-16 index of the joined characters, the index of the character it belongs to. */
function indexesOf(chars: readonly string[], units: number): Int32Array {
  const indexAt = new Int32Array(units + 1);
  let unit = 0;
  chars.forEach((char, i) => {
    indexAt.fill(i, unit, unit + char.length);
    unit += char.length;
  });
  indexAt[units] = chars.length;
  return indexAt;
}

/** The characters (by index) holding the digits of `span` that `round` masks. */
function toMask(span: CardNumberSpan, round: Round, current: readonly string[], indexAt: Int32Array, locked?: (i: number) => boolean): { at: number[]; stretches: number } {
  // Each digit as the characters it was read from, those already masked left out.
  const digits = span.digits.map(([from, to]) => {
    const at: number[] = [];
    for (let i = indexAt[from] ?? 0; i < (indexAt[to] ?? 0); i++) if (!MASKS.has(current[i] ?? '*')) at.push(i);
    return at;
  });
  if (!span.masked) return { at: middle(digits, round, current, locked), stretches: 1 };
  // A masked number showing too much is reported with every digit of its run, other numbers
  // included (a run goes on across spaces and lines): mask the middle of each stretch of it
  // the detector flags, found from the left and kept small, so that a long run costs little more than its length.
  const work = current.slice();
  const out: number[] = [];
  let stretches = 0;
  const end = indexAt[span.digits[span.digits.length - 1]?.[1] ?? 0] ?? current.length;
  for (let start = indexAt[span.digits[0]?.[0] ?? 0] ?? 0; start < end; ) {
    const found = nextFlagged(work, start, end);
    if (!found) break;
    stretches++;
    let [from, to] = found;
    // To the ends of the groups the stretch cuts into: a masked group is judged whole ("8***").
    const inGroup = (c: string | undefined) => c !== undefined && (MASKS.has(c) || isDigitLike(c));
    while (from > 0 && inGroup(work[from - 1])) from--;
    while (to < work.length && inGroup(work[to])) to++;
    let hidden = 0;
    for (let i = from; i < to; i++) if (MASKS.has(work[i] ?? '')) hidden++;
    // A display whose masks trail its digits (6011555416********) has no last four left to keep,
    // one whose masks lead (********5416601155) no first six: keeping them would show the
    // digits beside the masks and hide others, and the detector would go on flagging it.
    const leading = MASKS.has(work[from] ?? '');
    const trailing = MASKS.has(work[to - 1] ?? '');
    const kept = { ...round, keepFirst: leading && !trailing ? 0 : round.keepFirst, keepLast: trailing && !leading ? 0 : round.keepLast };
    for (const i of middle(
      digits.filter((at) => at.some((i) => i >= from && i < to && !MASKS.has(work[i] ?? '*'))),
      kept,
      work,
      locked,
      hidden,
    )) {
      work[i] = '*';
      out.push(i);
    }
    start = Math.max(to, start + 1);
  }
  return { at: out, stretches };
}

type Round = (typeof ROUNDS)[number];

/** Of a number's digits (each as the characters it was read from), the characters of those `round` masks. */
function middle(all: number[][], round: Round, current: readonly string[], locked?: (i: number) => boolean, hidden = 0): number[] {
  // A locked digit is not counted among the six and four either: it is not the number's own
  // in the reading that locks it (a byte of a GB18030 character read as Latin-1).
  const digits = round.locks && locked ? all.filter((at) => !at.some(locked)) : all;
  // The scan takes a masked number for one only when it hides at least four digits (`hidden`
  // of them hidden already): a 13-digit one keeps five in front.
  const keepFirst = Math.max(0, Math.min(round.keepFirst, digits.length - round.keepLast - Math.max(0, MIN_HIDDEN - hidden)));
  const out: number[] = [];
  for (const at of digits.slice(keepFirst, Math.max(keepFirst, digits.length - round.keepLast))) {
    // A digit read from several characters (an escape, a digit and its marks): its digit-like ones, else all but spaces.
    const digitsIn = at.filter((i) => isDigitLike(current[i] ?? ''));
    out.push(...(digitsIn.length > 0 ? digitsIn : at.filter((i) => (current[i] ?? ' ').trim() !== '')));
  }
  return out;
}

/**
 * The first stretch of chars[start, end) the detector flags, made small: the shortest flagged
 * start (searched outwards from `start`, doubling, then halving), then its latest start. The
 * detector is not monotone in a stretch's ends (one digit more makes a 20-digit group), so
 * "small" is not always "smallest"; every stretch returned is flagged.
 */
function nextFlagged(chars: readonly string[], start: number, end: number): [number, number] | undefined {
  const flags = (a: number, b: number) => containsPan(chars.slice(a, b).join(''));
  let lo = start;
  let hi = Math.min(end, start + 64);
  while (!flags(start, hi)) {
    if (hi >= end) return undefined;
    lo = hi;
    hi = Math.min(end, start + (hi - start) * 2);
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (flags(start, mid)) hi = mid;
    else lo = mid;
  }
  let from = start;
  let past = hi;
  while (past - from > 1) {
    const mid = (from + past) >> 1;
    if (flags(mid, hi)) from = mid;
    else past = mid;
  }
  return [from, hi];
}

/** The text with its card numbers masked in place, character for character. */
export function maskPanText(text: string): { text: string; count: number } {
  const { positions, numbers } = panDigits(text);
  if (positions.length === 0) return { text, count: numbers };
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

/**
 * The last resort, for text whose findings could not be placed: narrows what the detector
 * flags down to the smallest stretch it still flags, masks that stretch's middle and asks
 * again until nothing is flagged; each round masks at least one digit, so it ends. Slow (a
 * few dozen scans a number), which is why it is not the way in. Returns the numbers it saw.
 */
function narrowingLoop(current: string[], masked: Set<number>): number {
  const triesAt = new Map<number, number>();
  let numbers = 0;
  for (;;) {
    if (!containsPan(current.join(''))) break;
    let [from, to] = narrowest(current, 0, current.length);
    while (from > 0 && partOfNumber(current, from - 1, -1)) from--;
    while (to < current.length && partOfNumber(current, to, 1)) to++;
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
    for (const i of chosen) {
      current[i] = '*';
      masked.add(i);
    }
  }
  return numbers;
}

/** A digit, or a separator with a digit beyond it, seen from the number's side. */
function partOfNumber(chars: readonly string[], i: number, step: 1 | -1): boolean {
  const char = chars[i] ?? '';
  if (isDigitLike(char)) return true;
  return separatesDigits(char) && isDigitLike(chars[i + step] ?? '');
}

/**
 * [from, to) within [start, end) of `chars`: a stretch the detector still flags, from which
 * neither end character can be dropped. Big steps first, so a long job costs a few dozen checks.
 * A stretch not flagged at all comes back whole.
 */
function narrowest(chars: readonly string[], start: number, end: number): [number, number] {
  let from = start;
  let to = end;
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
