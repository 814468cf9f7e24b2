/**
 * Text as the card-number scan reads it. A person reads "4111‍1111…" (a zero-width joiner
 * inside), "４１１１．１１１１…" or "٤١١١…" as the same sixteen digits, so the scan must too:
 * NFKC (full-width and circled digits, ideographic space, full-width punctuation), then
 * every invisible character dropped — format characters (Cf: zero-width space/joiners, word
 * joiner, soft hyphen, bidi controls), other default-ignorable code points and combining
 * marks — and every Unicode decimal digit (Nd, any script) mapped to its ASCII digit.
 * Before all that, URL escapes are read as what they stand for ("4111%2D1111…" is what a
 * form or a link turns into "4111-1111…"; an escaped "-" would otherwise add a digit, 2,
 * between the groups), however often they were escaped.
 */

const INVISIBLE = /[\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}]/gu;
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
  const out = text.normalize('NFKC').replace(INVISIBLE, '');
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
