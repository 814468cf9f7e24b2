import iconv from 'iconv-lite';
import { containsPan } from '../core/index.js';
import { EscPosParser, type CommandSpan, type ParserOptions } from '../escpos/index.js';
import { isDigitLike, panDigits } from './pan-text.js';

const STAR = 0x2a;
const MAX_ROUNDS = 4;
// Between regions: a letter, which ends a run for the detector (it drops NUL, reads across line breaks and takes | as a separator).
const APART = 'Z';

/** One way of reading the job's bytes as text, with the bytes behind each character. */
interface Reading {
  text: string;
  /**
   * UTF-16 index where a character starts → its bytes [start, end); line breaks have none.
   * Built when asked: only a reading that holds a number needs it, and building it for every
   * character of every reading was most of the cost of a job that holds none.
   */
  bytesAt(): CharBytes;
  /** Overwrites one character's bytes with a mask of the same length in this reading's encoding. */
  star(bytes: Uint8Array, start: number, end: number): void;
  /** The job's GB18030 characters of more than one byte, which a one-byte character of this reading may be part of. */
  wide: WideCharacters;
}

/** Each character of a stretch of bytes with the bytes behind it, in order. */
type EachCharacter = (visit: (char: string, from: number, to: number) => void) => void;

/**
 * The bytes behind each UTF-16 index of a reading's text, in two flat arrays (-1: none): a
 * Map of a pair per character made most of a long job's garbage.
 */
class CharBytes {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(units: number) {
    this.starts = new Int32Array(units).fill(-1);
    this.ends = new Int32Array(units);
  }

  set(unit: number, from: number, to: number): void {
    this.starts[unit] = from;
    this.ends[unit] = to;
  }

  /** Overwrites the bytes behind the character at `unit`, if it has any, with `star`; a byte of a wider GB18030 character, with that whole character's mask. */
  star(unit: number, bytes: Uint8Array, star: Reading['star'], wide: WideCharacters): void {
    const from = this.starts[unit] ?? -1;
    if (from < 0) return;
    const end = this.ends[unit] ?? from;
    const inside = end - from === 1 ? wide.around(from) : undefined;
    if (inside) starGb18030(bytes, inside[0], inside[1]);
    else star(bytes, from, end);
  }

  /** Whether the character at `unit` is one byte of a wider GB18030 character. */
  locked(unit: number, wide: WideCharacters): boolean {
    const from = this.starts[unit] ?? -1;
    return from >= 0 && (this.ends[unit] ?? from) - from === 1 && wide.around(from) !== undefined;
  }
}

/**
 * Where the job's bytes make GB18030 characters of two or four bytes (as the Kanji reading
 * splits each region). Another reading takes their bytes one by one, and a four-byte one holds
 * ASCII digit bytes (0x30-0x39 second and fourth): masking such a byte alone would turn the
 * character into another or into none, so it is masked only when nothing else hides the
 * number, and then as a whole.
 */
class WideCharacters {
  private built: Int32Array | undefined;

  // Built when first asked: only a job with a number to mask needs it.
  constructor(
    private readonly bytes: Uint8Array,
    private readonly regions: readonly [number, number][],
  ) {}

  private get starts(): Int32Array {
    if (this.built) return this.built;
    const starts = new Int32Array(this.bytes.length).fill(-1);
    for (const [start, end] of this.regions) {
      for (let i = start; i < end; ) {
        const len = gbLength(this.bytes, i, end);
        if (len > 1) starts.fill(i, i, i + len);
        i += len;
      }
    }
    return (this.built = starts);
  }

  /** [start, end) of the wider character the byte at `at` is part of. */
  around(at: number): [number, number] | undefined {
    const starts = this.starts;
    const start = starts[at] ?? -1;
    if (start < 0) return undefined;
    let end = at + 1;
    while (end < starts.length && starts[end] === start) end++;
    return [start, end];
  }
}

/** A reading of the characters `each` visits: its text now, the map of their bytes when asked. */
function readingOf(each: EachCharacter, star: Reading['star'], wide: WideCharacters): Reading {
  let text = '';
  each((char) => (text += char));
  let map: CharBytes | undefined;
  return {
    text,
    star,
    wide,
    bytesAt: () => {
      if (map) return map;
      const built = new CharBytes(text.length);
      let unit = 0;
      each((char, from, to) => {
        if (from >= 0) built.set(unit, from, to);
        unit += char.length;
      });
      return (map = built);
    },
  };
}

/**
 * Masks every full card number in an ESC/POS job in place, same length, keeping the first
 * six and last four digits. The job is read as the printer prints it (ASCII and full-width
 * digits, also with commands between them) and its data — barcode, QR and PDF417 contents,
 * text runs and unknown commands — as Latin-1, UTF-8 and GB18030, each checked by the
 * project's detector; then the whole job, picture data included, as Latin-1 and GB18030
 * (maskWhole). Only characters and picture dots are overwritten, never a length or a mode,
 * so the job parses as before.
 */
export function maskJobBytes(original: Uint8Array, parser: ParserOptions): { bytes: Uint8Array; numbers: number } {
  const masked = maskReadings(original, parser);
  return maskWhole(masked.bytes, masked.numbers, parser);
}

/** Masks what the readings of the printed text and the data regions find. */
function maskReadings(original: Uint8Array, parser: ParserOptions): { bytes: Uint8Array; numbers: number } {
  let bytes = original;
  let numbers = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const reading of readings(bytes, parser)) {
      const found = panDigits(reading.text, { locked: (unit) => reading.bytesAt().locked(unit, reading.wide) });
      if (found.positions.length === 0) continue;
      // A copy, even of a Buffer (whose slice() would share the memory).
      if (bytes === original) bytes = new Uint8Array(original);
      const bytesAt = reading.bytesAt();
      for (const unit of found.positions) bytesAt.star(unit, bytes, reading.star, reading.wide);
      // A number seen in several readings is one number: count it where it is first seen.
      if (!changed) numbers += found.numbers;
      changed = true;
    }
    if (!changed) return { bytes, numbers };
  }
  // Still flagged after several rounds (readings that join digits differently): every digit goes.
  return { bytes: maskEveryDigit(bytes, parser), numbers: Math.max(numbers, 1) };
}

/**
 * Masks a card number the job's bytes hold where no other reading looks: inside a picture's
 * or another command's data. A command whose stated length runs past its real end (a logo
 * whose header claims more rows than the POS sends) takes the receipt text after it as dots,
 * on paper and in the parser alike, yet the bytes still hold the number as written. A mask is
 * kept only when the job still parses into the same commands (it changed a few dots, not a
 * length or a mode); else the number stays, and holdsCardAnywhere tells the caller to keep
 * none of the bytes.
 */
function maskWhole(input: Uint8Array, found: number, parser: ParserOptions): { bytes: Uint8Array; numbers: number } {
  if (!holdsCardAnywhere(input)) return { bytes: input, numbers: found };
  let bytes = input;
  let numbers = found;
  let counted = false;
  for (const reading of wholeReadings(bytes)) {
    const digits = panDigits(reading.text, { locked: (unit) => reading.bytesAt().locked(unit, reading.wide) });
    if (digits.positions.length === 0) continue;
    const masked = new Uint8Array(bytes);
    const bytesAt = reading.bytesAt();
    for (const unit of digits.positions) bytesAt.star(unit, masked, reading.star, reading.wide);
    if (!sameCommands(bytes, masked, parser)) continue;
    bytes = masked;
    // A number seen in both whole readings is one number.
    if (!counted) numbers += digits.numbers;
    counted = true;
  }
  return { bytes, numbers };
}

/**
 * Whether the bytes, read whole as Latin-1 or GB18030 (commands' own bytes and picture data
 * included), hold a full card number: what neither maskJobBytes nor the printed text may
 * leave in bytes that are kept.
 */
export function holdsCardAnywhere(bytes: Uint8Array): boolean {
  // Decoded at once, not character by character as the readings that mask go: most jobs hold none.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return containsPan(buffer.toString('latin1')) || containsPan(iconv.decode(buffer, 'gb18030'));
}

/** The whole job, one region, as Latin-1 and as GB18030. */
function wholeReadings(input: Uint8Array): Reading[] {
  const bytes = Uint8Array.from(input);
  const all: [number, number][] = [[0, bytes.length]];
  const memo: Decoded = { gb18030: new Map(), utf8: new Map() };
  const wide = new WideCharacters(bytes, all);
  return [decoded(bytes, all, 'latin1', memo, wide), decoded(bytes, all, 'gb18030', memo, wide)];
}

/** The two jobs parse into the same commands at the same places, alike but for their characters and data. */
function sameCommands(a: Uint8Array, b: Uint8Array, options: ParserOptions): boolean {
  const spansOf = (bytes: Uint8Array) => {
    const parser = new EscPosParser(options);
    return [...parser.feedSpans(bytes), ...parser.endSpans()];
  };
  const before = spansOf(a);
  const after = spansOf(b);
  if (before.length !== after.length) return false;
  return before.every((x, i) => {
    const y = after[i];
    if (!y || x.start !== y.start || x.end !== y.end || x.command.type !== y.command.type) return false;
    const other = y.command as Record<string, unknown>;
    return Object.entries(x.command).every(([key, value]) => value instanceof Uint8Array || key === 'text' || key === 'data' || other[key] === value);
  });
}

/** Every digit of every reading masked: the last resort. */
export function maskEveryDigit(input: Uint8Array, parser: ParserOptions): Uint8Array {
  const bytes = new Uint8Array(input);
  for (const reading of readings(bytes, parser)) {
    const bytesAt = reading.bytesAt();
    let unit = 0;
    for (const char of reading.text) {
      if (isDigitLike(char)) bytesAt.star(unit, bytes, reading.star, reading.wide);
      unit += char.length;
    }
  }
  return bytes;
}

function readings(input: Uint8Array, options: ParserOptions): Reading[] {
  // The bytes as read now: a reading's map is built later, after masking may have changed them.
  const bytes = Uint8Array.from(input);
  const parser = new EscPosParser(options);
  const spans = [...parser.feedSpans(bytes), ...parser.endSpans()];
  const regions: [number, number][] = [];
  for (const span of spans) {
    const region = dataRegion(bytes, span);
    if (region) regions.push(region);
  }
  const memo: Decoded = { gb18030: new Map(), utf8: new Map() };
  const wide = new WideCharacters(bytes, regions);
  return [printed(bytes, spans, memo, wide), decoded(bytes, regions, 'latin1', memo, wide), decoded(bytes, regions, 'utf8', memo, wide), decoded(bytes, regions, 'gb18030', memo, wide)];
}

/** The text as printed: line breaks stay breaks; commands print nothing, so digits either side of one meet. Breaks and spaces have no bytes (from -1). */
function printed(bytes: Uint8Array, spans: readonly CommandSpan[], memo: Decoded, wide: WideCharacters): Reading {
  const each: EachCharacter = (visit) => {
    for (const { command, start, end } of spans) {
      if (command.type === 'lf' || command.type === 'ff') visit('\n', -1, -1);
      else if (command.type === 'ht' || command.type === 'position') visit(' ', -1, -1);
      else if (command.type === 'text') {
        if (command.kanji) gbCharacters(bytes, start, end, command.text, visit, memo);
        else codePageCharacters(bytes, start, end, command.text, visit);
      }
    }
  };
  return readingOf(each, starGb18030, wide);
}

/** Bytes that carry characters: text runs, barcode / QR / PDF417 data, unknown commands. Never a length or a mode byte. */
function dataRegion(bytes: Uint8Array, { command, start, end }: CommandSpan): [number, number] | undefined {
  switch (command.type) {
    case 'text':
    case 'unknown':
      return [start, end];
    case 'qr-store':
      return [end - command.data.length, end];
    case 'symbol-2d':
      // PDF417 store (fn 80): one mode byte, then the data.
      return command.fn === 80 && command.params.length > 1 ? [end - command.params.length + 1, end] : undefined;
    case 'barcode':
      // GS k m d… NUL (m ≤ 6) or GS k m n d….
      return (bytes[start + 2] ?? 0) <= 6 ? [start + 3, end - 1] : [start + 4, end];
    default:
      return undefined;
  }
}

function decoded(bytes: Uint8Array, regions: readonly [number, number][], encoding: 'latin1' | 'utf8' | 'gb18030', memo: Decoded, wide: WideCharacters): Reading {
  const each: EachCharacter = (visit) => {
    for (const [start, end] of regions) {
      if (encoding === 'latin1') latin1Characters(bytes, start, end, visit);
      else if (encoding === 'utf8') utf8Characters(bytes, start, end, visit, memo);
      else gbCharacters(bytes, start, end, undefined, visit, memo);
      visit(APART, -1, -1);
    }
  };
  return readingOf(each, encoding === 'utf8' ? starUtf8 : starGb18030, wide);
}

type Visit = (char: string, from: number, to: number) => void;

function latin1Characters(bytes: Uint8Array, start: number, end: number, visit: Visit): void {
  for (let i = start; i < end; i++) visit(String.fromCharCode(bytes[i] ?? 0), i, i + 1);
}

/** One byte a character in a code page; `decoded` is the parser's text for the run when it lines up. */
function codePageCharacters(bytes: Uint8Array, start: number, end: number, decoded: string, visit: Visit): void {
  const chars = Array.from(decoded);
  if (chars.length !== end - start) return latin1Characters(bytes, start, end, visit);
  chars.forEach((char, k) => visit(char, start + k, start + k + 1));
}

/** GB18030 (Kanji mode): ASCII is one byte, a second byte 0x30-0x39 makes four, else two. */
function gbCharacters(bytes: Uint8Array, start: number, end: number, decoded: string | undefined, visit: Visit, memo: Decoded): void {
  const spans: [number, number][] = [];
  for (let i = start; i < end; ) {
    const len = gbLength(bytes, i, end);
    spans.push([i, i + len]);
    i += len;
  }
  const chars = decoded === undefined ? undefined : Array.from(decoded);
  const aligned = chars !== undefined && chars.length === spans.length;
  spans.forEach(([from, to], k) => visit(aligned ? (chars[k] ?? '?') : gbCharacter(bytes, from, to, memo), from, to));
}

/** The length of the GB18030 character at `i`, as the Kanji reading splits a region ending at `end`. */
function gbLength(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i] ?? 0;
  const second = bytes[i + 1] ?? 0;
  return b < 0x81 || b === 0xff || i + 1 >= end ? 1 : second >= 0x30 && second <= 0x39 ? (i + 3 < end ? 4 : 1) : 2;
}

/**
 * Characters of 2–4 bytes a job's readings decoded, by their bytes as one number (a job
 * repeats few characters): decoding each one anew took most of a job's time.
 */
interface Decoded {
  gb18030: Map<number, string>;
  utf8: Map<number, string>;
}

function memoised(memo: Map<number, string>, bytes: Uint8Array, from: number, to: number, decode: () => string): string {
  let key = 0;
  for (let i = from; i < to; i++) key = key * 256 + (bytes[i] ?? 0);
  let char = memo.get(key);
  if (char === undefined) {
    char = decode();
    memo.set(key, char);
  }
  return char;
}

function gbCharacter(bytes: Uint8Array, from: number, to: number, memo: Decoded): string {
  if (to - from === 1) return String.fromCharCode(bytes[from] ?? 0);
  return memoised(memo.gb18030, bytes, from, to, () => iconv.decode(Buffer.from(bytes.subarray(from, to)), 'gb18030'));
}

/** UTF-8 sequences where they are well formed; any other byte reads as itself. */
function utf8Characters(bytes: Uint8Array, start: number, end: number, visit: Visit, memo: Decoded): void {
  for (let i = start; i < end; ) {
    const b = bytes[i] ?? 0;
    const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 1;
    let ok = len > 1 && i + len <= end;
    for (let k = 1; ok && k < len; k++) ok = ((bytes[i + k] ?? 0) & 0xc0) === 0x80;
    if (!ok) {
      visit(b < 0x80 ? String.fromCharCode(b) : '\ufffd', i, i + 1);
      i++;
      continue;
    }
    const at = i;
    visit(memoised(memo.utf8, bytes, i, i + len, () => Buffer.from(bytes.subarray(at, at + len)).toString('utf8')), i, i + len);
    i += len;
  }
}

/** "＊" is A3 AA in GB18030: a full-width digit becomes a full-width star and the line keeps its width. */
function starGb18030(bytes: Uint8Array, start: number, end: number): void {
  if (end - start === 2) {
    bytes[start] = 0xa3;
    bytes[start + 1] = 0xaa;
  } else bytes.fill(STAR, start, end);
}

/** "＊" is EF BC 8A in UTF-8. */
function starUtf8(bytes: Uint8Array, start: number, end: number): void {
  if (end - start === 3) bytes.set([0xef, 0xbc, 0x8a], start);
  else bytes.fill(STAR, start, end);
}
