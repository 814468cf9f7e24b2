import { networkLengthsAt } from './card-networks.js';
import { MARK_CHAR, MIN_NUMERAL_RUN, SPACE_CHAR, isNumeral, normaliseForScan, separatorKind } from './scan-text.js';

/*
 * How a card number is recognised in text, after normaliseForScan.
 *
 * Digits form runs: digits separated by whitespace and at most MAX_GAP_MARKS other
 * separators (punctuation or symbols: - . _ / , : and the like, and the letters drawn as
 * one, and characters no font draws: see separatorKind; normaliseForScan has made the
 * letters an input method gives for a dash into one). A run is split into
 * groups where a separator stood. Mask characters (* • ●) belong to a run but end its
 * groups of digits.
 *
 * 1. A group of 13–19 digits on its own that passes Luhn is a card number, whatever its
 *    first digits (domestic and private-label cards exist outside every table) — but for 0:
 *    no card number starts with 0 (ISO/IEC 7812), and batch and voucher nos. do.
 * 2. Whole groups joined in card style (every group before a separator has 4–6 digits:
 *    "6225 8812 3456 4242", "3782 822463 10005") that make 13–19 digits and pass Luhn: the same.
 * 3. Anything else — an irregular grouping ("4111111 111111111", "41 11111111111111"), or a
 *    stretch that cuts a few digits off a group ("94111111111111111": a stray digit in front;
 *    "9 41111111 11111111" too) —
 *    counts only when it also starts with a card network's IIN and has one of that
 *    network's lengths (card-networks.ts). Why: one stretch of digits in ten passes Luhn by
 *    chance, and a run holds many stretches; a 28-digit WeChat Pay transaction no. has over
 *    a hundred, so Luhn alone would refuse nearly every one (and dates next to phone
 *    numbers, sale ids, price lists). The IIN and length rules cut the chance a stretch
 *    passes to well under one in a hundred, and the cut into a group is kept to a few digits
 *    (MAX_CUT_ALONE, MAX_CUT_GROUPED), so a long identifier is not read as a card number
 *    hidden at any offset.
 * 4. A masked number (digits and mask characters, 13–19 places) must hide everything but
 *    at most 8 leading and 4 trailing digits, with at least 4 hidden: "41111111*1111" shows
 *    all but one digit, which the Luhn check digit restores.
 *
 * A sale id (TERMINAL-BATCH-VOUCHER, 8-6-6, with the ".COPY" or ".EXPIRY" of a verification
 * code or e-receipt link after it, even wrapped over two lines) is read part by part, as the
 * sale's own fields are: its 20 digits would otherwise make one irregular run, and one real
 * sale id in eight would read as a card number. See SaleIdReading for where.
 */

const MAX_GAP_MARKS = 3;
const MAX_CUT_ALONE = 4;
const MAX_CUT_GROUPED = 2;
const MIN_PAN = 13;
const MAX_PAN = 19;

const MASK_CHARS = new Set(['*', '•', '●', '∗']);

/** Whether normalised `text` holds a character the scan reads as a mask. */
export function holdsMaskChar(text: string): boolean {
  for (const char of text) if (MASK_CHARS.has(char)) return true;
  return false;
}
/** TERMINAL-BATCH-VOUCHER; a line break may fall beside a hyphen when a receipt wraps a link. */
const SALE_ID_CORE_SHAPE = '[0-9A-Za-z]{8}\\s*-\\s*\\d{6}\\s*-\\s*\\d{6}';
// With the copy no. or expiry that follows it in a verification code or e-receipt link.
const SALE_ID_SHAPE = `${SALE_ID_CORE_SHAPE}(?:\\.\\d{1,12})?`;
const SALE_ID = new RegExp(`(?<![0-9A-Za-z])${SALE_ID_SHAPE}(?![0-9A-Za-z])`, 'g');
/** A value that is a sale id and nothing else: the id, a verification code, an e-receipt token. */
const WHOLE_SALE_ID = new RegExp(`^\\s*${SALE_ID_SHAPE}(?:\\.[A-Za-z0-9_-]+)*\\s*$`);
const SALE_ID_BREAK = '\uffff';
/** The TERMINAL-BATCH-VOUCHER part of a sale id, spaces and all. */
const SALE_ID_CORE = new RegExp(SALE_ID_CORE_SHAPE);
/** The sale id a whole value starts with, and its copy no. as a receipt code writes it. */
const SALE_ID_WITH_COPY = new RegExp(`(?<=^\\s*)${SALE_ID_CORE_SHAPE}(?:\\.\\d{1,4}(?!\\d))?`);

/** Luhn (mod 10) over digits[start, end). */
export function luhnAt(digits: string, start: number, end: number): boolean {
  let sum = 0;
  let double = false;
  for (let i = end - 1; i >= start; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** One run: its places (digits, and "*" for a mask character) with their offsets in the scanned text. */
interface Run {
  chars: string;
  offsets: number[];
  /** Indexes into chars where a group starts (after a separator); 0 first. */
  starts: number[];
}

const OTHER = 0;
const DIGIT = 1;
const MASK = 2;
const SPACE = 3;
const MARK = 4;

/** What each ASCII character is to a run; anything else is looked up once and remembered. */
const ASCII_KINDS = Uint8Array.from({ length: 128 }, (_, c) =>
  c >= 48 && c <= 57 ? DIGIT : c === 42 ? MASK : (c >= 9 && c <= 13) || c === 32 ? SPACE : (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? OTHER : MARK,
);
const otherKinds = new Map<number, number>();

function kindOf(code: number): number {
  if (code < 128) return ASCII_KINDS[code] ?? OTHER;
  let kind = otherKinds.get(code);
  if (kind === undefined) {
    const char = String.fromCodePoint(code);
    const separator = code === 0xffff ? OTHER : separatorKind(code); // U+FFFF: SALE_ID_BREAK (normaliseForScan leaves none of the text's own)
    kind = MASK_CHARS.has(char) ? MASK : separator === SPACE_CHAR ? SPACE : separator === MARK_CHAR ? MARK : OTHER;
    if (otherKinds.size < 4096) otherKinds.set(code, kind);
  }
  return kind;
}

/**
 * Whether a character may stand between the digits of one card number as the scan reads it:
 * whitespace, a separator, or nothing at all once normalised (an invisible one). The capture
 * masking widens a number it masks across these, so it masks what the scan found.
 */
export function separatesDigits(char: string): boolean {
  const normal = normaliseForScan(char);
  for (const c of normal) {
    const kind = kindOf(c.codePointAt(0) ?? 0);
    if (kind !== SPACE && kind !== MARK) return false;
  }
  return true;
}

/** Drops the mask characters that end a run's last group (decoration touching a letter). */
function dropTrailingMasks(run: Run): void {
  const groupStart = run.starts[run.starts.length - 1] ?? 0;
  let end = run.chars.length;
  while (end > groupStart && run.chars.charCodeAt(end - 1) === 42) end--;
  run.chars = run.chars.slice(0, end);
  run.offsets.length = end;
  if (end === groupStart && run.starts.length > 1) run.starts.pop();
}

/**
 * The runs of a normalised text. Mask characters touching a letter ("***重印凭证***",
 * "**Note**") are decoration, not hidden digits: they end a run like the letter does.
 */
function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  let run: Run | undefined;
  let gap = -1; // -1: no gap open; otherwise the marks (non-space separators) in it
  let previous = SPACE;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    let kind = kindOf(code);
    if (kind === MASK && previous === OTHER) kind = OTHER;
    if (kind === DIGIT || kind === MASK) {
      if (!run) runs.push((run = { chars: '', offsets: [], starts: [0] }));
      else if (gap >= 0) run.starts.push(run.chars.length);
      run.chars += kind === DIGIT ? text[i] : '*';
      run.offsets.push(i);
      gap = -1;
    } else if (kind === OTHER) {
      if (run && previous === MASK) dropTrailingMasks(run);
      run = undefined;
      gap = -1;
    } else if (run) {
      gap = Math.max(gap, 0) + (kind === MARK ? 1 : 0);
      if (gap > MAX_GAP_MARKS) run = undefined;
    }
    previous = kind;
    i += width;
  }
  return runs;
}

/** The groups of run.chars[from, to); `first` is an index into run.starts at or before `from`'s group, so a run's stretches are split in one pass. */
function groupsOf(run: Run, from: number, to: number, first = 0): string[] {
  const groups: string[] = [];
  let start = from;
  for (let k = first; k < run.starts.length; k++) {
    const s = run.starts[k] ?? 0;
    if (s >= to) break;
    if (s <= from) continue;
    groups.push(run.chars.slice(start, s));
    start = s;
  }
  groups.push(run.chars.slice(start, to));
  return groups;
}

/**
 * Luhn and network prefixes over one string of digits, each in constant time after one pass:
 * a run of digit groups is read at many offsets and lengths (rules 2 and 3), and checking
 * each from scratch made a long run of short groups cost over a microsecond a character.
 */
export class DigitString {
  /** Sums of the digits before k, doubled (Luhn's way) at even / at odd indexes. */
  private readonly evenDoubled: Int32Array;
  private readonly oddDoubled: Int32Array;
  /** networkLengthsAt per offset, -1 until asked. */
  private readonly networks: Int32Array;

  constructor(readonly digits: string) {
    const n = digits.length;
    this.evenDoubled = new Int32Array(n + 1);
    this.oddDoubled = new Int32Array(n + 1);
    this.networks = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const d = digits.charCodeAt(i) - 48;
      const doubled = d * 2 > 9 ? d * 2 - 9 : d * 2;
      this.evenDoubled[i + 1] = (this.evenDoubled[i] ?? 0) + (i % 2 === 0 ? doubled : d);
      this.oddDoubled[i + 1] = (this.oddDoubled[i] ?? 0) + (i % 2 === 0 ? d : doubled);
    }
  }

  /** Luhn over digits[start, end): the last digit is not doubled, so the doubled ones share end's parity. */
  luhn(start: number, end: number): boolean {
    const sums = end % 2 === 0 ? this.evenDoubled : this.oddDoubled;
    return ((sums[end] ?? 0) - (sums[start] ?? 0)) % 10 === 0;
  }

  networkFits(start: number, end: number): boolean {
    let bits = this.networks[start] ?? 0;
    if (bits < 0) this.networks[start] = bits = networkLengthsAt(this.digits, start);
    return ((bits >> (end - start)) & 1) === 1 && this.luhn(start, end);
  }
}

/** Calls `found` with the digit indices [start, end) of each card number in one group list of digits. */
function digitFindings(groups: string[], found: (start: number, end: number) => boolean): boolean {
  const d = new DigitString(groups.join(''));
  const { digits } = d;
  const starts: number[] = [];
  let at = 0;
  for (const g of groups) {
    starts.push(at);
    at += g.length;
  }
  for (let i = 0; i < groups.length; i++) {
    const first = groups[i] ?? '';
    const from = starts[i] ?? 0;
    // Rules 1 and 3 inside one group.
    const leadingZero = digits.charCodeAt(from) === 48;
    if (!leadingZero && first.length >= MIN_PAN && first.length <= MAX_PAN && d.luhn(from, from + first.length) && found(from, from + first.length)) return true;
    if (first.length > MIN_PAN) {
      const to = from + first.length;
      for (let s = from; s <= from + MAX_CUT_ALONE; s++) {
        for (let e = Math.max(s + MIN_PAN, to - MAX_CUT_ALONE); e <= Math.min(to, s + MAX_PAN); e++) {
          if ((s !== from || e !== to) && d.networkFits(s, e) && found(s, e)) return true;
        }
      }
    }
    // Rules 2 and 3 across groups i..j.
    let cardStyle = first.length >= 4 && first.length <= 6; // every group before j has 4–6 digits
    for (let j = i + 1; j < groups.length; j++) {
      if (j - 1 > i) cardStyle &&= (groups[j - 1] ?? '').length >= 4 && (groups[j - 1] ?? '').length <= 6;
      const last = groups[j] ?? '';
      const end = (starts[j] ?? 0) + last.length;
      const total = end - from;
      if (total - Math.min(MAX_CUT_GROUPED, first.length - 1) - Math.min(MAX_CUT_GROUPED, last.length - 1) > MAX_PAN) break;
      if (total >= MIN_PAN && total <= MAX_PAN && d.luhn(from, end) && ((cardStyle && !leadingZero) || d.networkFits(from, end)) && found(from, end)) return true;
      // A stray digit or two at either end ("94111 1111 1111 1111", "9 41111111 11111111").
      for (let cut = 0; cut <= MAX_CUT_GROUPED && cut < first.length; cut++) {
        for (let tail = 0; tail <= MAX_CUT_GROUPED && tail < last.length; tail++) {
          const s = from + cut;
          const e = end - tail;
          if ((cut > 0 || tail > 0) && e - s >= MIN_PAN && e - s <= MAX_PAN && d.networkFits(s, e) && found(s, e)) return true;
        }
      }
    }
  }
  return false;
}

/** What a group of a masked run is made of, for rule 4: its places as digits (D) and masks (*). */
const Shapes = { digits: 0, masks: 1, digitsMasks: 2, masksDigits: 3, digitsMasksDigits: 4, broken: 5 } as const;
type Shape = (typeof Shapes)[keyof typeof Shapes];

interface MaskGroup {
  shape: Shape;
  masks: number;
  /** Digits before the masks, and after them. */
  lead: number;
  trail: number;
}

function maskGroup(chars: string, start: number, end: number): MaskGroup {
  let k = start;
  while (k < end && chars.charCodeAt(k) !== 42) k++;
  const lead = k - start;
  while (k < end && chars.charCodeAt(k) === 42) k++;
  const masks = k - start - lead;
  while (k < end && chars.charCodeAt(k) !== 42) k++;
  const trail = k - start - lead - masks;
  if (k < end) return { shape: Shapes.broken, masks, lead, trail };
  if (masks === 0) return { shape: Shapes.digits, masks, lead, trail };
  const shape = lead > 0 ? (trail > 0 ? Shapes.digitsMasksDigits : Shapes.digitsMasks) : trail > 0 ? Shapes.masksDigits : Shapes.masks;
  return { shape, masks, lead, trail };
}

const MASK_MAX_LEAD = 8;
const MASK_MAX_TRAIL = 4;
const MASK_MIN_HIDDEN = 4;

/**
 * Rule 4 for a run holding mask characters. A masked number is a group holding masks, with
 * whole groups of digits before (its BIN) or after (its last four) as far as a reading needs:
 * when some reading of a masked group is a proper mask ("**** 4242" in "**** 4242  128.50",
 * the amount being another number), that group is fine; when none is and one has the places
 * of a card number (13–19), the number shows too much.
 *
 * A reading is groups i..j joined; proper when it is at most 8 digits, at least 4 masks, at
 * most 4 digits. Whole digit groups at a reading's ends only add shown digits, so a masked
 * group has a proper reading exactly when the masks it can be joined to — neighbours of masks
 * only, then one neighbour that ends (or starts) in masks after a few digits — make 4 or
 * more. Counted in one pass each way: trying every reading was cubic in the groups, and a
 * sign-in of 8 KiB of "*** *12 " held the server for ten seconds.
 */
function showsTooMuch(run: Run): boolean {
  const bounds = [...run.starts, run.chars.length];
  const count = run.starts.length;
  const groups = run.starts.map((start, g) => maskGroup(run.chars, start, bounds[g + 1] ?? start));
  const opensLeft = (g: MaskGroup) => g.shape === Shapes.masks || g.shape === Shapes.masksDigits;
  const opensRight = (g: MaskGroup) => g.shape === Shapes.masks || g.shape === Shapes.digitsMasks;
  // Masks joinable on the left of group g (when g starts with a mask), and on its right.
  const left = new Int32Array(count);
  for (let g = 1; g < count; g++) {
    const before = groups[g - 1] as MaskGroup;
    left[g] = before.shape === Shapes.masks ? before.masks + (left[g - 1] ?? 0) : before.shape === Shapes.digitsMasks && before.lead <= MASK_MAX_LEAD ? before.masks : 0;
  }
  const right = new Int32Array(count);
  for (let g = count - 2; g >= 0; g--) {
    const after = groups[g + 1] as MaskGroup;
    right[g] = after.shape === Shapes.masks ? after.masks + (right[g + 1] ?? 0) : after.shape === Shapes.masksDigits && after.trail <= MASK_MAX_TRAIL ? after.masks : 0;
  }
  for (let g = 0; g < count; g++) {
    const group = groups[g] as MaskGroup;
    if (group.shape === Shapes.digits) continue;
    const fits = group.shape !== Shapes.broken && group.lead <= MASK_MAX_LEAD && group.trail <= MASK_MAX_TRAIL;
    const hidden = group.masks + (opensLeft(group) ? (left[g] ?? 0) : 0) + (opensRight(group) ? (right[g] ?? 0) : 0);
    if ((!fits || hidden < MASK_MIN_HIDDEN) && cardSized(bounds, g)) return true;
  }
  return false;
}

/** Whether some reading i..j around group g has the places of a card number; each side stops past 19 places. */
function cardSized(bounds: readonly number[], g: number): boolean {
  const end = (k: number) => bounds[k + 1] ?? 0;
  const start = (k: number) => bounds[k] ?? 0;
  for (let i = g; i >= 0 && end(g) - start(i) <= MAX_PAN; i--) {
    for (let j = g; j < bounds.length - 1 && end(j) - start(i) <= MAX_PAN; j++) if (end(j) - start(i) >= MIN_PAN) return true;
  }
  return false;
}

/**
 * Scans a normalised text and calls `found` with the text offsets of the digits of each card
 * number (or too thinly masked number); stops early when `found` returns true.
 */
/**
 * Where a sale id is read part by part: 'anywhere' in Reissue's own text (logs, receipts,
 * journal events, which name sales in messages and links); 'whole' in outside input — only a
 * value that is a sale id and nothing else (a path parameter, a command-line id), so that a
 * card number written in 8-6-6 groups inside free text is still found; 'never' in a sale's
 * own data, where no field holds a sale id.
 */
export type SaleIdReading = 'anywhere' | 'whole' | 'never';

export interface ScanOptions {
  /** Rule 4 (default true); off for a caller that judges a masked number's shape itself. */
  maskedNumbers?: boolean;
  saleIds?: SaleIdReading;
}

/** What a whole sale id hides that only its digits read as one number show (saleIdHidingCardNumber). */
export type HiddenCardNumber = { saleId: string } | 'beyond-the-id';

/** Digits past a sale id and its copy no. that a card number found across them may take and still be the id's accident: a receipt code's signature is random base32, whose first digits join the run. */
const SIGNATURE_DIGITS = 3;

/**
 * A value that is a sale id and nothing else is read part by part ('whole'); read as plain
 * digits it may hold a card number all the same. Within the id and its copy no. (up to 4
 * digits, as a receipt code writes it) and at most SIGNATURE_DIGITS digits after them — one
 * real id in eight, a genuine code now and then, and a card number typed in that shape —
 * gives the id, which only a lookup can tell from a card number: the caller must find the
 * sale before using, logging or keeping the value. Reaching further
 * (`10023456-000128-000457.x.99411111-111111-111199`): 'beyond-the-id', a card number
 * however real the id in front of it, for the digits that make it are the sender's own.
 * Normalised text only.
 */
export function saleIdHidingCardNumber(text: string): HiddenCardNumber | undefined {
  if (!WHOLE_SALE_ID.test(text)) return undefined;
  const id = SALE_ID_WITH_COPY.exec(text);
  const core = id && SALE_ID_CORE.exec(id[0]);
  if (!id || !core) return undefined;
  const start = id.index;
  const end = start + id[0].length;
  let found: HiddenCardNumber | undefined;
  scanNormalised(
    text,
    (offsets) => {
      const past = offsets.filter((o) => o >= end).length;
      found = offsets.every((o) => o >= start) && past <= SIGNATURE_DIGITS ? { saleId: core[0].replace(/\s+/g, '') } : 'beyond-the-id';
      return found === 'beyond-the-id';
    },
    { saleIds: 'never' },
  );
  return found;
}

function withSaleIdsApart(text: string, saleIds: SaleIdReading): string {
  if (saleIds === 'never' || text.length < 22 || !text.includes('-') || (saleIds === 'whole' && !WHOLE_SALE_ID.test(text))) return text;
  return text.replace(SALE_ID, (id) => (isCardNumberAsId(id) ? id : id.replace(/[-.\s]/g, SALE_ID_BREAK)));
}

/**
 * A card number written in a sale id's shape: a terminal of letters and digits whose digits,
 * with the batch and voucher, make 13–19 digits that are a card number by network and Luhn
 * ("Card4111-111111-111111"). A terminal of 8 digits gives 20, never one.
 */
function isCardNumberAsId(id: string): boolean {
  const digits = id.replace(/\.\d*$/, '').replace(/\D/g, '');
  return digits.length >= MIN_PAN && digits.length <= MAX_PAN && ((networkLengthsAt(digits, 0) >> digits.length) & 1) === 1 && luhnAt(digits, 0, digits.length);
}

/**
 * Whether some run of the text reaches MIN_PAN places: runsOf's walk, counting instead of
 * building. Every finding (rules 1–4) lies inside one run of at least that many places, so
 * most text (a time, a phone no., a 12-digit reference no.) is cleared without a Run built.
 */
function hasLongRun(text: string): boolean {
  let places = -1; // -1: no run open
  let gap = -1;
  let previous = SPACE;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i) ?? 0;
    let kind = kindOf(code);
    if (kind === MASK && previous === OTHER) kind = OTHER;
    if (kind === DIGIT || kind === MASK) {
      places = places < 0 ? 1 : places + 1;
      if (places >= MIN_PAN) return true;
      gap = -1;
    } else if (kind === OTHER) {
      places = -1;
      gap = -1;
    } else if (places >= 0) {
      gap = Math.max(gap, 0) + (kind === MARK ? 1 : 0);
      if (gap > MAX_GAP_MARKS) places = -1;
    }
    previous = kind;
    i += code > 0xffff ? 2 : 1;
  }
  return false;
}

export function scanNormalised(text: string, found: (offsets: number[]) => boolean, options: ScanOptions = {}): boolean {
  const maskedNumbers = options.maskedNumbers ?? true;
  // Setting sale ids apart only breaks runs, never makes one longer: text without a long run
  // is cleared before the sale-id expression looks at it (most log lines and answers).
  if (!hasLongRun(text)) return false;
  const scanned = withSaleIdsApart(text, options.saleIds ?? 'anywhere');
  if (scanned !== text && !hasLongRun(scanned)) return false;
  for (const run of runsOf(scanned)) {
    const length = run.chars.length;
    const masked = run.chars.includes('*');
    // Rule 4: a masked number that shows too much.
    if (maskedNumbers && masked && showsTooMuch(run)) {
      if (found(run.offsets.filter((_, k) => run.chars[k] !== '*'))) return true;
    }
    // Rules 1–3 over each stretch of digits between mask characters.
    let group = 0; // the group of run.starts the stretch begins in
    for (let k = 0; k < length; ) {
      if (run.chars[k] === '*') {
        k++;
        continue;
      }
      let end = masked ? k : length;
      while (end < length && run.chars[end] !== '*') end++;
      const from = k;
      while (group + 1 < run.starts.length && (run.starts[group + 1] ?? 0) <= from) group++;
      if (end - from >= MIN_PAN && digitFindings(groupsOf(run, from, end, group), (s, e) => found(run.offsets.slice(from + s, from + e)))) return true;
      k = end;
    }
  }
  return false;
}

/**
 * Cheap pre-check: text with fewer than 9 digits cannot hold a card number or a masked
 * number showing too much, nor text with no run of as many Chinese numerals as readNumerals
 * reads as digits. Characters the normalising could turn into digits (or remove from between them)
 * send the text to the full scan.
 */
export function mayHoldCardNumber(text: string): boolean {
  let digits = 0;
  let numerals = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)) digits++;
    else if (c < 0x80) continue;
    else if (c === 0x3007 || (c >= 0x3021 && c <= 0x3029)) return true; // 〇 and the Suzhou numerals, read as digits
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3001 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7a3)) {
      // CJK, kana, Hangul syllables; an ideograph not a numeral ends a run of numerals (readNumerals)
      if (isNumeral(c)) {
        if (++numerals >= MIN_NUMERAL_RUN) return true;
      } else if (c >= 0x4e00) numerals = 0;
    } else return true;
  }
  return digits >= 9;
}

/** True when the text holds a full card number, however it is written (see the rules above). */
export function containsPan(text: string, options: ScanOptions = {}): boolean {
  if (!mayHoldCardNumber(text)) return false;
  return scanNormalised(normaliseForScan(text), () => true, options);
}

/**
 * containsPan for a text the caller has already passed through mayHoldCardNumber and found
 * unchanged by normaliseForScan (then normalising it again changes nothing either): the input
 * gate has done both, and the scan is all that is left.
 */
export function containsPanInNormal(text: string, options: ScanOptions = {}): boolean {
  return scanNormalised(text, () => true, options);
}

/**
 * The text with every card number masked: all but its last four digits become "*". Text
 * holding none comes back unchanged; text holding one comes back normalised (see
 * normaliseForScan), so that no disguise survives around the mask.
 */
export function maskPans(text: string, options: { saleIds?: SaleIdReading } = {}): string {
  if (!mayHoldCardNumber(text)) return text;
  const normal = normaliseForScan(text);
  const masked = new Set<number>();
  scanNormalised(
    normal,
    (offsets) => {
      for (const offset of offsets.slice(0, Math.max(0, offsets.length - 4))) masked.add(offset);
      return false;
    },
    options,
  );
  if (masked.size === 0) return text;
  let out = '';
  for (let i = 0; i < normal.length; i++) out += masked.has(i) ? '*' : normal[i];
  // Belt and braces: whatever the masking missed, no digit survives.
  return scanNormalised(out, () => true, options) ? out.replace(/[0-9]/g, '*') : out;
}

export interface MaskOptions {
  /** Keys whose values are replaced by "[redacted]" whatever they hold (passwords, tokens). */
  secret?: (key: string) => boolean;
  /** Deeper than this is cut to "[…]" (default 64). */
  maxDepth?: number;
  /** Check JSON numbers too (default true); off for values whose numbers are our own (times, ids). */
  numbers?: boolean;
}

/**
 * A deep copy of a JSON-like value with every card number masked — in strings, in keys, and
 * a number holding one replaced by "*" — for what is written out (logs, journal payloads).
 */
export function maskCardNumbersIn(value: unknown, options: MaskOptions = {}, depth = 0): unknown {
  if (typeof value === 'string') return maskPans(value);
  if (typeof value === 'number') return options.numbers !== false && Number.isFinite(value) && containsPan(value.toFixed(0)) ? '*' : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= (options.maxDepth ?? 64)) return '[…]';
  if (Array.isArray(value)) return value.map((v) => maskCardNumbersIn(v, options, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[maskPans(key)] = options.secret?.(key) ? '[redacted]' : maskCardNumbersIn(inner, options, depth + 1);
  }
  return out;
}
