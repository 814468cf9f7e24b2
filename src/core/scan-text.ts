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
 */

const INVISIBLE = /[\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}]/gu;
/**
 * Letters drawn as a dash, which input methods give where a dash is typed, read as the dash
 * they stand for: the long vowel mark ー, the ideographs 一 ("one") and 丨, bopomofo ㄧ and ㄦ
 * (the Zhuyin keyboard's dash key), Hangul ㅡ (U+1173 once NFKC has made it so) and the
 * macrons ˉ ˍ. Between digits a reader sees "4111ー1111…" as grouped digits; elsewhere a
 * dash where a letter was changes nothing the scan looks for.
 */
const DASH_LETTERS = /[\u30fc\u4e00\u4e28\u3127\u3126\u1173\u02c9\u02cd]/g;
/**
 * Digits that are no decimal digits to Unicode and that NFKC leaves alone, though a person
 * reads each as one: the dingbat circled ones (❶ ➀ ➊ ⓵, 1–9; ⓿ 0) and the Suzhou numerals
 * prices are written in (〡–〩, 1–9; 〇 0).
 */
const OTHER_DIGIT = /[\u2776-\u277e\u2780-\u2788\u278a-\u2792\u24f5-\u24fd\u24ff\u3007\u3021-\u3029]/g;
const OTHER_DIGIT_RUNS: readonly [first: number, value: number][] = [
  [0x2776, 1], [0x2780, 1], [0x278a, 1], [0x24f5, 1], [0x24ff, 0], [0x3007, 0], [0x3021, 1],
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
  const out = text.normalize('NFKC').replace(INVISIBLE, '').replace(OTHER_DIGIT, otherDigitValue).replace(DASH_LETTERS, '-');
  return out.replace(NON_ASCII_DIGIT, digitValue);
}

/**
 * Text fit to be quoted back in a message about a refused value: every digit of any script
 * shown as "#", invisible and control characters as "?", at most `max` characters.
 */
export function withoutDigits(text: string, max = 40): string {
  const shown = normaliseForScan(text).replace(/\p{N}/gu, '#').replace(/[\p{C}\p{Z}]/gu, (c) => (c === ' ' ? ' ' : '?'));
  return shown.length > max ? `${shown.slice(0, max)}…` : shown;
}
