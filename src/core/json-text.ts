import { InputError } from './errors.js';
import { gateError, MAX_INPUT_DEPTH, tooDeep } from './input-gate.js';
import { containsPan } from './pan-scan.js';
import { withoutDigits } from './scan-text.js';

/*
 * What JSON.parse cannot tell: a key given twice ({"amount":"10.00","amount":"99999.00"} is
 * 99999.00 to JSON.parse and 10.00 to other readers), nesting deeper than any input of ours,
 * and the digits of a number as written (JSON.parse keeps only 15–17 of them, so a card
 * number sent as a long JSON number cannot be recognised from the parsed value). One pass
 * over the text, without recursion, after JSON.parse has accepted it.
 */

interface Frame {
  object: boolean;
  /** Keys seen so far: a list (objects have few), a set past SMALL_OBJECT. */
  keys: string[] | Set<string> | undefined;
  /** The member being read (as sent: shown without its digits in a message). */
  key: string;
  index: number;
  awaitingKey: boolean;
}

function pathOf(stack: readonly Frame[], prefix: string): string {
  let path = prefix;
  for (const frame of stack) {
    if (frame.object) {
      const key = frame.key === '' ? '' : withoutDigits(frame.key, 64);
      if (key !== '') path = path === '' ? key : `${path}.${key}`;
    } else {
      path += `[${frame.index}]`;
    }
  }
  return path;
}

/** Index of the quote closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let at = start + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let k = quote - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

const SMALL_OBJECT = 16;

/** True when the object being read already had `key`; remembers it otherwise. */
function seen(frame: Frame, key: string): boolean {
  const keys = frame.keys;
  if (keys === undefined) {
    frame.keys = [key];
    return false;
  }
  if (Array.isArray(keys)) {
    if (keys.includes(key)) return true;
    keys.push(key);
    if (keys.length > SMALL_OBJECT) frame.keys = new Set(keys);
    return false;
  }
  if (keys.has(key)) return true;
  keys.add(key);
  return false;
}

const isNumberChar = (c: number) => (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x45 || c === 0x65;

/**
 * Checks JSON text that JSON.parse accepted: DUPLICATE_KEY, INPUT_TOO_DEEP, and
 * PAN_NOT_MASKED for a number written with a card number's digits. Paths in messages start
 * with `prefix`; keys are shown without their digits.
 */
/** Whether a JSON number, as written, holds a card number: by default as any text would (containsPan). */
export type NumberCardRule = (number: string) => boolean;

// Fewer than 9 characters cannot hold a card number (see mayHoldCardNumber).
const NUMBER_AS_TEXT: NumberCardRule = (number) => number.length >= 9 && containsPan(number);

export function checkJsonText(text: string, prefix = '', holdsCard: NumberCardRule = NUMBER_AS_TEXT): void {
  const stack: Frame[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (top?.object && top.awaitingKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        top.key = key;
        if (seen(top, key)) {
          const path = pathOf(stack, prefix);
          throw new InputError('DUPLICATE_KEY', `${path} is given more than once; nothing was recorded`, {
            hint: 'send every field once: with a repeated field, which value counts would depend on who reads it',
            context: { path },
          });
        }
        top.awaitingKey = false;
      }
      i = end + 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (stack.length >= MAX_INPUT_DEPTH) throw tooDeep(pathOf(stack, prefix));
      stack.push({ object: c === 0x7b, keys: undefined, key: '', index: 0, awaitingKey: c === 0x7b });
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      i++;
    } else if (c === 0x2c) {
      if (top?.object) top.awaitingKey = true;
      else if (top) top.index++;
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      if (holdsCard(text.slice(i, j))) throw gateError({ path: pathOf(stack, prefix), reason: 'pan' });
      i = j;
    } else {
      i++;
    }
  }
}

/**
 * The text without the byte-order mark some editors put first (Windows Notepad saves UTF-8
 * so): JSON has none, so a settings file saved there would be "not valid JSON" for one
 * invisible character.
 */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const isJsonSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** End of the string opening at `start`, or -(offset of its first wrong character) - 1. */
function scanString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c !== 0x5c) {
      i++;
      continue;
    }
    const e = text.charCodeAt(i + 1);
    if (e === 0x75) {
      for (let k = 2; k < 6; k++) if (!isHex(text.charCodeAt(i + k))) return -Math.min(i + k, text.length) - 1;
      i += 6;
    } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
      i += 2;
    } else {
      return -Math.min(i + 1, text.length) - 1;
    }
  }
  return -text.length - 1;
}

/** End of the number starting at `start`, or -(offset of its first wrong character) - 1. */
function scanNumber(text: string, start: number): number {
  let i = start;
  const digits = () => {
    const from = i;
    while (isDigit(text.charCodeAt(i))) i++;
    return i > from;
  };
  if (text.charCodeAt(i) === 0x2d) i++;
  if (text.charCodeAt(i) === 0x30) i++;
  else if (!digits()) return -i - 1;
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    if (!digits()) return -i - 1;
  }
  if ((text.charCodeAt(i) | 0x20) === 0x65) {
    i++;
    if (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d) i++;
    if (!digits()) return -i - 1;
  }
  return i;
}

/**
 * Where `text` stops being one JSON value: the offset of the first character that cannot
 * be there (the text's length when it ends too soon), or -1 when it is one JSON value.
 * JSON.parse says where only in some of its messages, and quotes the input in others (which
 * could hold a card number), so a refusal that names the place finds it here. Without
 * recursion, as checkJsonText.
 */
export function jsonSyntaxErrorAt(text: string): number {
  const n = text.length;
  const closers: number[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
  };
  /** Reads `"key" :` and leaves i after the colon; false with i at the wrong character. */
  const key = (): boolean => {
    skipSpace();
    if (text.charCodeAt(i) !== 0x22) return false;
    const end = scanString(text, i);
    if (end < 0) {
      i = -end - 1;
      return false;
    }
    i = end;
    skipSpace();
    if (text.charCodeAt(i) !== 0x3a) return false;
    i++;
    return true;
  };
  for (;;) {
    // A value starts here.
    skipSpace();
    if (i >= n) return n;
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      i++;
      skipSpace();
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (text.charCodeAt(i) === close) i++;
      else {
        closers.push(close);
        if (c === 0x7b && !key()) return Math.min(i, n);
        continue;
      }
    } else {
      let end: number;
      if (c === 0x22) end = scanString(text, i);
      else if (c === 0x2d || isDigit(c)) end = scanNumber(text, i);
      else {
        const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : '';
        let k = 0;
        while (k < word.length && text.charCodeAt(i + k) === word.charCodeAt(k)) k++;
        end = word !== '' && k === word.length ? i + k : -(i + k) - 1;
      }
      if (end < 0) return Math.min(-end - 1, n);
      i = end;
    }
    // After a value: the end of the text, a comma, or the bracket it closes.
    for (;;) {
      skipSpace();
      const close = closers[closers.length - 1];
      if (close === undefined) return i < n ? i : -1;
      if (i >= n) return n;
      const next = text.charCodeAt(i);
      if (next === close) {
        closers.pop();
        i++;
        continue;
      }
      if (next !== 0x2c) return i;
      i++;
      if (close === 0x7d && !key()) return Math.min(i, n);
      break;
    }
  }
}
