import { cardNetworkOf } from './card-networks.js';
import { InputError } from './errors.js';
import { containsPan, containsPanInNormal, mayHoldCardNumber, saleIdHidingCardNumber, type SaleIdReading } from './pan-scan.js';
import { MIN_NUMERAL_RUN, isNumeral, normaliseForScan } from './scan-text.js';

/*
 * The one gate every piece of outside input passes before it can reach storage, a log or an
 * answer: no full card number (however disguised), no card secret (CVV, PIN, track data),
 * no control character, bidirectional override or unpaired surrogate — and a bounded shape,
 * checked without recursion, so a deeply nested value cannot exhaust the stack.
 */

/** Deeper than this is refused (a transaction is 3 levels deep, a batch of them 5). */
export const MAX_INPUT_DEPTH = 32;
/** More values than this in one input is refused before any further walk. */
export const MAX_INPUT_VALUES = 50_000;

/** Field names whose mere presence means secret card data was sent. */
const FORBIDDEN_KEYS = new Set([
  'cvv', 'cvv2', 'cvc', 'cvc2', 'cid', 'csc', 'cav2', 'securitycode', 'cardsecuritycode', 'cardverificationvalue',
  'track', 'track1', 'track2', 'track3', 'trackdata', 'magstripe', 'pin', 'pinblock', 'fullpan', 'clearpan',
]);

/**
 * Magnetic track data, as the patterns /%B\d{12,19}\^/, /;\d{12,19}=\d{4}/ and
 * /\d{12,19}[=D]\d{7,}/ (track 1, track 2, track 2 without its sentinel) would find it, in one
 * pass: the last pattern backtracked eight times at every digit, and took half the gate's time
 * on a field of digits. ASCII digits only, as the text has been normalised.
 */
export function hasTrackData(text: string): boolean {
  let streak = 0; // ASCII digits just before i
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      streak++;
      continue;
    }
    // The sentinel patterns: exactly 12–19 digits between their start and their separator.
    const opened = streak >= 12 && streak <= 19 ? i - streak : -1;
    if (c === 0x5e /* ^ */ && opened >= 2 && text.charCodeAt(opened - 2) === 0x25 /* % */ && text.charCodeAt(opened - 1) === 0x42 /* B */) return true;
    if (c === 0x3d /* = */ && opened >= 1 && text.charCodeAt(opened - 1) === 0x3b /* ; */ && digitsFrom(text, i + 1, 4)) return true;
    if ((c === 0x3d || c === 0x44 /* D */) && streak >= 12 && digitsFrom(text, i + 1, 7)) return true;
    streak = 0;
  }
  return false;
}

/** Whether text has at least `n` ASCII digits from `start`. */
function digitsFrom(text: string, start: number, n: number): boolean {
  if (start + n > text.length) return false;
  for (let k = start; k < start + n; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * Characters no text field holds: C0 and C1 controls (NUL, tab, newline … DEL), the
 * bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069), which make
 * text display in another order than it is stored, and unpaired surrogates.
 */
const FORBIDDEN_CHAR = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Where a piece of input holds something the gate refuses. Never the value itself. */
export interface InputFinding {
  path: string;
  reason: 'pan' | 'secret-field' | 'track-data' | 'forbidden-character';
  /** forbidden-character: which one, as U+XXXX. */
  character?: string;
}

/** Where a piece of input holds card data that must never be stored. */
export interface SensitiveFinding {
  path: string;
  reason: 'pan' | 'secret-field' | 'track-data';
}

/**
 * How the card check treats one value: `true` skips it (an item's GTIN barcode), 'network'
 * refuses only a number that is a card number by its network prefix and length (the 15-digit
 * merchant no.), anything falsy checks it fully.
 */
export type CardExemption = (path: string, value: unknown) => boolean | 'network';

const NO_EXEMPTIONS: CardExemption = () => false;

export interface GateOptions {
  exempt?: CardExemption;
  /** Keys whose values are secrets handled elsewhere (a password is hashed, never kept or shown). */
  skipKeys?: ReadonlySet<string>;
  /** Check control characters, bidi overrides and unpaired surrogates too (default true). */
  characters?: boolean;
  /** Where a sale id is read part by part (see SaleIdReading); outside input: 'whole' unless said. */
  saleIds?: SaleIdReading;
  /**
   * With 'whole': told of each value that is a sale id whose digits hold a card number
   * (saleIdHidingCardNumber), which the gate lets by: the caller must find the sale it names
   * before it uses the value, or refuse it (saleIdNamesNoSale).
   */
  idHidingCardNumber?: (path: string, saleId: string) => void;
}

const codePointOf = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The path of a value: `parent` and its key, or `parent` itself for the value walked from (key undefined). */
function pathOf(parent: string, key: string | number | undefined): string {
  if (key === undefined) return parent;
  return typeof key === 'number' ? `${parent}[${key}]` : join(parent, key);
}

/**
 * `exempt` is asked for only when the text has digits enough to hold a card number: it reads
 * the path, which most values need not build, so the path is built only then or for a finding.
 */
function textFinding(
  text: string,
  parent: string,
  key: string | number | undefined,
  exempt: CardExemption,
  characters: boolean,
  saleIds: SaleIdReading,
  hiding: GateOptions['idHidingCardNumber'],
): InputFinding | undefined {
  if (plainText(text)) return undefined;
  if (mayHoldCardNumber(text)) {
    const path = pathOf(parent, key);
    const exemption = exempt(path, text);
    if (exemption === 'network' && /^\d+$/.test(text)) {
      if (cardNetworkOf(text) !== undefined && containsPan(text)) return { path, reason: 'pan' };
    } else if (exemption !== true) {
      const normal = normaliseForScan(text);
      if (hasTrackData(normal)) return { path, reason: 'track-data' };
      // Text the normalising leaves as it is (all ASCII text) has passed mayHoldCardNumber already.
      if (normal === text ? containsPanInNormal(normal, { saleIds }) : containsPan(normal, { saleIds })) return { path, reason: 'pan' };
      if (saleIds === 'whole') {
        // Read part by part, a whole sale id can hide a card number (see saleIdHidingCardNumber).
        const hidden = saleIdHidingCardNumber(normal);
        if (hidden === 'beyond-the-id') return { path, reason: 'pan' };
        if (hidden !== undefined) hiding?.(path, hidden.saleId);
      }
    }
  }
  if (characters && hasForbiddenChar(text)) {
    const bad = FORBIDDEN_CHAR.exec(text);
    if (bad) return { path: pathOf(parent, key), reason: 'forbidden-character', character: codePointOf(bad[0]) };
  }
  return undefined;
}

/**
 * Most text of a sale in one pass: printable ASCII and CJK (no character the gate refuses) with
 * fewer than 9 digits and no run of as many Chinese numerals as a card number has digits,
 * which mayHoldCardNumber would clear too. Anything else takes both checks.
 */
function plainText(text: string): boolean {
  let digits = 0;
  let numerals = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c >= 0x20 && c < 0x7f) continue;
    // 〇 and the Suzhou numerals sit among the CJK marks but are read as digits: such text takes the scan.
    else if (c === 0x3007 || (c >= 0x3021 && c <= 0x3029)) return false;
    else if (!((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3001 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7a3))) return false;
    // A run of Chinese numerals may be a card number written out (readNumerals); an ideograph not one ends it.
    else if (isNumeral(c)) {
      if (++numerals >= MIN_NUMERAL_RUN) return false;
    } else if (c >= 0x4e00) numerals = 0;
  }
  return digits < 9;
}

/** Whether FORBIDDEN_CHAR matches somewhere in `text`, by one pass over its code units (the regex then says which). */
function hasForbiddenChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c < 0x20 || c <= 0x9f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true;
    }
  }
  return false;
}

const keyVerdicts = new Map<string, 'ok' | 'secret' | 'pan' | 'char'>();
const MAX_REMEMBERED_KEYS = 4096;

/** What a JSON key says by itself; the same few keys recur in every sale, so harmless verdicts are remembered. */
function keyVerdict(key: string): 'ok' | 'secret' | 'pan' | 'char' {
  const known = keyVerdicts.get(key);
  if (known) return known;
  const verdict = FORBIDDEN_KEYS.has(normaliseForScan(key).toLowerCase().replace(/[^a-z0-9]/g, ''))
    ? 'secret'
    : mayHoldCardNumber(key) && containsPan(key, { saleIds: 'never' }) // no key is a sale id
      ? 'pan'
      : FORBIDDEN_CHAR.test(key)
        ? 'char'
        : 'ok';
  // Only harmless keys are remembered (a card number must not linger in memory), and only so many.
  if (verdict === 'ok' && keyVerdicts.size < MAX_REMEMBERED_KEYS) keyVerdicts.set(key, verdict);
  return verdict;
}

/** A key as it may appear in a path: digits and anything unprintable hidden. */
const shownKey = (key: string) => key.replace(/\p{Nd}/gu, '#').replace(/[^\p{L}\p{N}#._ -]/gu, '?');

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

export function tooDeep(path: string): InputError {
  return new InputError('INPUT_TOO_DEEP', `the input is nested more than ${MAX_INPUT_DEPTH} levels deep${path ? ` (at ${path})` : ''}; nothing was recorded`, {
    hint: 'send the documented shape: a transaction is an object with a few arrays of flat objects',
    context: { path, maxDepth: MAX_INPUT_DEPTH },
  });
}

function tooLarge(): InputError {
  return new InputError('INPUT_TOO_LARGE', `the input holds more than ${MAX_INPUT_VALUES} values; nothing was recorded`, {
    hint: 'send large imports as several smaller batches',
    context: { maxValues: MAX_INPUT_VALUES },
  });
}

/**
 * Walks any JSON value, without recursion, and reports the first place (in document order)
 * that the gate refuses; never the value itself. Throws INPUT_TOO_DEEP / INPUT_TOO_LARGE for
 * a value it will not walk.
 */
export function inspectInput(value: unknown, path = '', options: GateOptions = {}): InputFinding | undefined {
  const exempt = options.exempt ?? NO_EXEMPTIONS;
  const characters = options.characters ?? true;
  const saleIds = options.saleIds ?? 'whole';
  // The values still to walk, as parallel stacks (no object a value): a sale has dozens. A
  // value's path is kept as its parent's path and its key, and joined only when it is read.
  const values: unknown[] = [value];
  const parents: string[] = [path];
  const keysOf: (string | number | undefined)[] = [undefined];
  const depths: number[] = [0];
  let seen = 0;
  while (values.length > 0) {
    const here = values.pop();
    const parent = parents.pop() as string;
    const key = keysOf.pop();
    const depth = depths.pop() as number;
    if (++seen > MAX_INPUT_VALUES) throw tooLarge();
    if (typeof here === 'string') {
      const found = textFinding(here, parent, key, exempt, characters, saleIds, options.idHidingCardNumber);
      if (found) return found;
    } else if (typeof here === 'number') {
      // JSON numbers past 2^53 have lost digits already, so a long one cannot be cleared.
      // Below 99,999,999 the digits are too few for mayHoldCardNumber: no need to write them out.
      const pan = (Math.abs(here) >= 1e12 && !Number.isSafeInteger(here)) || (Number.isFinite(here) && Math.abs(here) >= 99_999_999 && containsPan(here.toFixed(0)));
      // The path is built (and the exemption, which reads it, asked) only for a number that would be refused.
      if (!pan) continue;
      const at = pathOf(parent, key);
      if (exempt(at, here) !== true) return { path: at, reason: 'pan' };
    } else if (here !== null && typeof here === 'object') {
      const at = pathOf(parent, key);
      if (depth >= MAX_INPUT_DEPTH) throw tooDeep(at);
      if (Array.isArray(here)) {
        for (let i = here.length - 1; i >= 0; i--) {
          values.push(here[i]);
          parents.push(at);
          keysOf.push(i);
          depths.push(depth + 1);
        }
        continue;
      }
      // Every key of an object is judged before any of its values is walked.
      const keys = Object.keys(here);
      for (const key of keys) {
        const verdict = keyVerdict(key);
        if (verdict === 'secret') return { path: join(at, key), reason: 'secret-field' };
        // The path ends up in error messages and logs, so a key that is itself a card number is masked.
        if (verdict === 'pan') return { path: join(at, shownKey(key)), reason: 'pan' };
        if (verdict === 'char' && characters) {
          const bad = FORBIDDEN_CHAR.exec(key)?.[0] ?? '';
          return { path: join(at, shownKey(key)), reason: 'forbidden-character', character: codePointOf(bad) };
        }
      }
      // Object.values reads them in the same order as Object.keys, at once: a read by key per value cost more than the rest of the walk.
      const inner = Object.values(here);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        if (options.skipKeys?.has(key)) continue;
        values.push(inner[i]);
        parents.push(at);
        keysOf.push(key);
        depths.push(depth + 1);
      }
    }
  }
  return undefined;
}

/**
 * Walks any JSON value and reports the first place holding a full card number, track data or
 * a card secret field. It never returns the value itself, only where it is.
 */
export function findSensitiveCardData(value: unknown, path = '', exempt: CardExemption = NO_EXEMPTIONS): SensitiveFinding | undefined {
  const found = inspectInput(value, path, { exempt, characters: false, saleIds: 'never' });
  return found && found.reason !== 'forbidden-character' ? { path: found.path, reason: found.reason } : undefined;
}

/** The error the gate refuses a finding with; `outcome` says what did not happen ("nothing was recorded"). */
export function gateError(found: InputFinding, outcome = 'nothing was recorded'): InputError {
  const where = found.path || 'the input';
  switch (found.reason) {
    case 'pan':
      return new InputError('PAN_NOT_MASKED', `${where} holds a full card number; ${outcome}`, {
        hint: 'send only a masked number such as "622588******4242" or the last four digits "4242"',
        context: { path: found.path, rule: found.reason },
      });
    case 'forbidden-character':
      return new InputError('FORBIDDEN_CHARACTER', `${where} contains a character no text may hold (${found.character}); ${outcome}`, {
        hint: 'remove control characters (NUL, tab, line breaks), bidirectional overrides (U+202A–202E, U+2066–2069) and unpaired surrogates',
        context: { path: found.path, character: found.character },
      });
    default:
      return new InputError('CARD_SECRET_REFUSED', `${where} holds ${found.reason === 'track-data' ? 'magnetic track data' : 'a card secret (CVV, PIN or track)'}; ${outcome}`, {
        hint: 'remove CVV/CVC, PIN and track data: Reissue keeps only the masked card number',
        context: { path: found.path, rule: found.reason },
      });
  }
}

/**
 * The refusal of a value in a sale id's shape whose digits read as a card number and which
 * names no sale (see saleIdHidingCardNumber): PAN_NOT_MASKED, never echoing the value.
 */
export function saleIdNamesNoSale(path: string, outcome = 'nothing was done'): InputError {
  const error = gateError({ path, reason: 'pan' }, outcome);
  error.context.rule = 'sale-id-names-no-sale';
  return error;
}

/**
 * Throws PAN_NOT_MASKED / CARD_SECRET_REFUSED when the input carries card data Reissue must
 * not keep. `exempt` picks paths that hold other long identifiers (a 15-digit merchant no.,
 * an EAN-13 barcode).
 */
export function assertNoSensitiveCardData(value: unknown, exempt: CardExemption = NO_EXEMPTIONS): void {
  const found = inspectInput(value, '', { exempt, characters: false, saleIds: 'never' });
  if (found) throw gateError(found);
}

/**
 * The gate for any input: card data, card secrets and forbidden characters refused with the
 * field named (PAN_NOT_MASKED, CARD_SECRET_REFUSED, FORBIDDEN_CHARACTER), never echoed.
 */
export function assertSafeInput(value: unknown, options: GateOptions & { path?: string; outcome?: string } = {}): void {
  const found = inspectInput(value, options.path ?? '', options);
  if (found) throw gateError(found, options.outcome);
}
