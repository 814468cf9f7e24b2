/**
 * Text as the card-number scan reads it. A person reads "4111‍1111…" (a zero-width joiner
 * inside), "４１１１．１１１１…" or "٤١١١…" as the same sixteen digits, so the scan must too:
 * NFKC (full-width and circled digits, ideographic space, full-width punctuation), then
 * every invisible character dropped — format characters (Cf: zero-width space/joiners, word
 * joiner, soft hyphen, bidi controls), other default-ignorable code points and combining
 * marks — every Unicode decimal digit (Nd, any script) mapped to its ASCII digit, and every
 * letter drawn as a dash (DASH_LETTERS) to "-".
 * Before all that, URL escapes are read as what they stand for ("4111%2D1111…" is what a
 * form or a link turns into "4111-1111…"; an escaped "-" would otherwise add a digit, 2,
 * between the groups), however often they were escaped.
 * Last, the Chinese numerals are read (readNumerals), which depends on their neighbours.
 */

const INVISIBLE = /[\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}]/gu;
/**
 * Letters drawn as a dash, which input methods give where a dash is typed, read as the dash
 * they stand for: the long vowel mark ー, the ideographs 一 ("one") and 丨, bopomofo ㄧ and ㄦ
 * (the Zhuyin keyboard's dash key), Hangul ㅡ (U+1173 once NFKC has made it so) and the
 * macrons ˉ ˍ. Between digits a reader sees "4111ー1111…" as grouped digits; elsewhere a
 * dash where a letter was changes nothing the scan looks for.
 */
const DASH_LETTERS = /[\u30fc\u4e28\u3127\u3126\u1173\u02c9\u02cd]/g; // 一: see readNumerals
/** The scan's own mark for where a sale id is set apart (pan-scan's SALE_ID_BREAK); a U+FFFF of the text's own becomes another noncharacter. */
const SCAN_BREAK = /\uffff/g;
/**
 * Digits that are no decimal digits to Unicode and that NFKC leaves alone, though a person
 * reads each as one: the dingbat circled ones (❶ ➀ ➊ ⓵, 1–9; ⓿ 0). The Suzhou numerals
 * prices are written in (〡–〩, 1–9; 〇 0) are read with the Chinese numerals (readNumerals).
 */
const OTHER_DIGIT = /[\u2776-\u277e\u2780-\u2788\u278a-\u2792\u24f5-\u24fd\u24ff]/g;
const OTHER_DIGIT_RUNS: readonly [first: number, value: number][] = [
  [0x2776, 1], [0x2780, 1], [0x278a, 1], [0x24f5, 1], [0x24ff, 0],
];

function otherDigitValue(char: string): string {
  const code = char.charCodeAt(0);
  let best: readonly [number, number] = [0, 0];
  for (const run of OTHER_DIGIT_RUNS) if (run[0] <= code && run[0] > best[0]) best = run;
  return String(best[1] + code - best[0]);
}
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;
const IS_DIGIT = /^\p{Nd}$/u;
const digitValues = new Map<number, number>();

/**
 * The value of a Unicode decimal digit. Unicode encodes every decimal digit set as one run
 * of ten code points from zero to nine (stability policy), so a digit's value is its
 * distance from the start of its run of digits, modulo ten (runs of several sets stay
 * aligned to tens).
 */
function digitValue(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  let value = digitValues.get(code);
  if (value === undefined) {
    let first = code;
    while (first > 0 && IS_DIGIT.test(String.fromCodePoint(first - 1))) first--;
    value = (code - first) % 10;
    digitValues.set(code, value);
  }
  return String(value);
}

/** True when the text is plain ASCII, which needs no normalising. */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) return false;
  return true;
}

const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

/** Each run of URL escapes decoded (as UTF-8; a run that is not UTF-8 stays), a few levels deep. */
function unescaped(text: string): string {
  let out = text;
  for (let level = 0; level < 4 && out.includes('%'); level++) {
    const next = out.replace(ESCAPES, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
    if (next === out) break;
    out = next;
  }
  return out;
}

/** The text normalised for the card-number scan (see above); plain ASCII without escapes comes back as is. */
export function normaliseForScan(input: string): string {
  const text = input.includes('%') ? unescaped(input) : input;
  if (isAscii(text)) return text;
  return readNumerals(normaliseCharacters(text));
}

/**
 * normaliseForScan without readNumerals: what each character (with its combining marks)
 * becomes on its own, for a caller that traces the normalised text back to the given one.
 */
export function normaliseCharacters(input: string): string {
  const text = input.includes('%') ? unescaped(input) : input;
  if (isAscii(text)) return text;
  let out = text.normalize('NFKC').replace(INVISIBLE, '').replace(OTHER_DIGIT, otherDigitValue).replace(DASH_LETTERS, '-');
  if (out.includes('\uffff')) out = out.replace(SCAN_BREAK, '\ufffe');
  return out.replace(NON_ASCII_DIGIT, digitValue);
}

/**
 * What may stand between the digit groups of one number: whitespace, or a mark — punctuation,
 * a symbol, a control, a letter drawn as one: the modifier letters (Lm: ː ˑ ʹ ˈ, drawn as
 * colons, dots and primes), the sinological dot ꞏ and Hangul araea ㆍ (ᆞ once NFKC has made
 * it so), both drawn as a middle dot — or a character no font draws, private use or
 * unassigned, seen as a box or a blank. "4539ꞏ1488ꞏ0343ꞏ6467" reads as grouped digits.
 */
const SEPARATOR = /^[\s\p{Cc}\p{P}\p{S}\p{Lm}\p{Co}\p{Cn}\ua78f\u119e]$/u;
export const OTHER_CHAR = 0;
export const SPACE_CHAR = 1;
export const MARK_CHAR = 2;
const separatorKinds = new Map<number, number>();

/** Whether a (normalised) character is whitespace, a mark that may stand between digit groups, or neither. */
export function separatorKind(code: number): number {
  let kind = separatorKinds.get(code);
  if (kind === undefined) {
    const char = String.fromCodePoint(code);
    kind = /^\s$/u.test(char) ? SPACE_CHAR : SEPARATOR.test(char) ? MARK_CHAR : OTHER_CHAR;
    if (separatorKinds.size < 4096) separatorKinds.set(code, kind);
  }
  return kind;
}

/**
 * The Chinese numerals, each with its value + 1 (0: none): 〇 零 and 一–九, the capital
 * numerals of cheques and receipts (壹–玖, their traditional and Japanese forms), 两 and 幺
 * (how "2" and "1" are said reading a number out), and the Suzhou numerals (〡–〩).
 */
const NUMERALS = new Uint8Array(0x10000);
for (const [value, chars] of ['〇零', '一壹壱弌幺〡', '二贰貳弐弍两兩〢', '三叁叄參弎〣', '四肆〤', '五伍〥', '六陆陸〦', '七柒〧', '八捌〨', '九玖〩'].entries()) {
  for (const char of chars) NUMERALS[char.charCodeAt(0)] = value + 1;
}

/** Whether a UTF-16 code unit is a Chinese numeral (see NUMERALS). */
export function isNumeral(unit: number): boolean {
  return NUMERALS[unit] !== 0;
}

/** Numerals in a run, at least, for the run to be read as digits: the fewest a card number has. */
export const MIN_NUMERAL_RUN = 13;
const MAX_NUMERAL_GAP_MARKS = 3;

/**
 * The Chinese numerals of normaliseCharacters' text read as digits where they make a run as
 * long as a card number (MIN_NUMERAL_RUN numerals, joined as digits are in a run: whitespace
 * and at most three marks between groups): "四五三九 一四八八 〇三四三 六四六七" dictated to
 * voice input, or written out as on a cheque. Shorter runs are words, dates, addresses and
 * amounts (人民路一二三号, 二〇二六年, 一九九八年, 壹佰贰拾元整: 佰 and 拾 end a run), and
 * stay as they are — but for 〇 and the Suzhou numerals, digits wherever they stand, and 一,
 * which input methods give where a dash is typed: a dash ("4111一1111…", "2026一11一27").
 * A run holds numerals only, no digits: 一 touching a digit is the dash between two groups.
 * Each numeral is one UTF-16 unit and becomes one, so offsets are kept. One pass.
 */
export function readNumerals(text: string): string {
  let first = -1;
  for (let i = 0; i < text.length && first < 0; i++) if (NUMERALS[text.charCodeAt(i)] !== 0) first = i;
  if (first < 0) return text;
  let out = '';
  let copied = 0; // text before this is in out
  let runStart = -1; // where the open run of numerals starts in text; -1: none open
  let numerals = 0;
  let gap = -1; // marks in the gap since the run's last numeral; -1: no gap open
  const close = (end: number) => {
    // end: just past the run's last numeral. Most runs are a word's numeral or two, left as they are.
    const long = numerals >= MIN_NUMERAL_RUN;
    for (let k = runStart; k < end; k++) {
      const c = text.charCodeAt(k);
      const value = NUMERALS[c] ?? 0;
      const read = value === 0 ? undefined : long || c === 0x3007 || (c >= 0x3021 && c <= 0x3029) ? String(value - 1) : c === 0x4e00 ? '-' : undefined;
      if (read !== undefined) {
        out += text.slice(copied, k) + read;
        copied = k + 1;
      }
    }
    runStart = -1;
    numerals = 0;
    gap = -1;
  };
  let lastEnd = first;
  for (let i = first; i < text.length; i++) {
    if (NUMERALS[text.charCodeAt(i)] !== 0) {
      if (runStart < 0) runStart = i;
      numerals++;
      gap = -1;
      lastEnd = i + 1;
    } else if (runStart >= 0) {
      const code = text.codePointAt(i) ?? 0;
      if (code > 0xffff) i++;
      // Digits, letters and ideographs end a run without a look-up.
      const kind = (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x4e00 && code <= 0x9fff) ? OTHER_CHAR : separatorKind(code);
      if (kind === OTHER_CHAR) close(lastEnd);
      else {
        gap = Math.max(gap, 0) + (kind === MARK_CHAR ? 1 : 0);
        if (gap > MAX_NUMERAL_GAP_MARKS) close(lastEnd);
      }
    }
  }
  if (runStart >= 0) close(lastEnd);
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Text fit to be quoted back in a message about a refused value: every digit of any script
 * shown as "#", invisible and control characters as "?", at most `max` characters.
 */
export function withoutDigits(text: string, max = 40): string {
  const shown = normaliseForScan(text).replace(/\p{N}/gu, '#').replace(/[\p{C}\p{Z}]/gu, (c) => (c === ' ' ? ' ' : '?'));
  return shown.length > max ? `${shown.slice(0, max)}…` : shown;
}
