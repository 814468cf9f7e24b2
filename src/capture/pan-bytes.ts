import iconv from 'iconv-lite';
import { EscPosParser, type CommandSpan, type ParserOptions } from '../escpos/index.js';
import { isDigitLike, panDigits } from './pan-text.js';

const STAR = 0x2a;
const MAX_ROUNDS = 4;
// Between regions: a letter, which ends a run for the detector (it drops NUL, reads across line breaks and takes | as a separator).
const APART = 'Z';

/** One way of reading the job's bytes as text, with the bytes behind each character. */
interface Reading {
  text: string;
  /** UTF-16 index where a character starts → its bytes [start, end). Line breaks have none. */
  bytesAt: Map<number, [number, number]>;
  /** Overwrites one character's bytes with a mask of the same length in this reading's encoding. */
  star(bytes: Uint8Array, start: number, end: number): void;
}

/**
 * Masks every full card number in an ESC/POS job in place, same length, keeping the first
 * six and last four digits. The job is read as the printer prints it (ASCII and full-width
 * digits, also with commands between them) and its data — barcode, QR and PDF417 contents,
 * text runs and unknown commands — as Latin-1, UTF-8 and GB18030, each checked by the
 * project's detector. Only characters are overwritten, never a command's own bytes, so the
 * job parses as before.
 */
export function maskJobBytes(original: Uint8Array, parser: ParserOptions): { bytes: Uint8Array; numbers: number } {
  let bytes = original;
  let numbers = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const reading of readings(bytes, parser)) {
      const found = panDigits(reading.text);
      if (found.positions.length === 0) continue;
      // A copy, even of a Buffer (whose slice() would share the memory).
      if (bytes === original) bytes = new Uint8Array(original);
      for (const unit of found.positions) {
        const span = reading.bytesAt.get(unit);
        if (span) reading.star(bytes, span[0], span[1]);
      }
      // A number seen in several readings is one number: count it where it is first seen.
      if (!changed) numbers += found.numbers;
      changed = true;
    }
    if (!changed) return { bytes, numbers };
  }
  // Still flagged after several rounds (readings that join digits differently): every digit goes.
  return { bytes: maskEveryDigit(bytes, parser), numbers: Math.max(numbers, 1) };
}

/** Every digit of every reading masked: the last resort. */
export function maskEveryDigit(input: Uint8Array, parser: ParserOptions): Uint8Array {
  const bytes = new Uint8Array(input);
  for (const reading of readings(bytes, parser)) {
    let unit = 0;
    for (const char of reading.text) {
      const span = reading.bytesAt.get(unit);
      if (span && isDigitLike(char)) reading.star(bytes, span[0], span[1]);
      unit += char.length;
    }
  }
  return bytes;
}

function readings(bytes: Uint8Array, options: ParserOptions): Reading[] {
  const parser = new EscPosParser(options);
  const spans = [...parser.feedSpans(bytes), ...parser.endSpans()];
  const regions: [number, number][] = [];
  for (const span of spans) {
    const region = dataRegion(bytes, span);
    if (region) regions.push(region);
  }
  return [printed(bytes, spans), decoded(bytes, regions, 'latin1'), decoded(bytes, regions, 'utf8'), decoded(bytes, regions, 'gb18030')];
}

/** The text as printed: line breaks stay breaks; commands print nothing, so digits either side of one meet. */
function printed(bytes: Uint8Array, spans: readonly CommandSpan[]): Reading {
  let text = '';
  const bytesAt = new Map<number, [number, number]>();
  for (const { command, start, end } of spans) {
    if (command.type === 'lf' || command.type === 'ff') text += '\n';
    else if (command.type === 'ht' || command.type === 'position') text += ' ';
    else if (command.type === 'text') {
      for (const [char, from, to] of command.kanji ? gbCharacters(bytes, start, end, command.text) : codePageCharacters(bytes, start, end, command.text)) {
        bytesAt.set(text.length, [from, to]);
        text += char;
      }
    }
  }
  return { text, bytesAt, star: starGb18030 };
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

function decoded(bytes: Uint8Array, regions: readonly [number, number][], encoding: 'latin1' | 'utf8' | 'gb18030'): Reading {
  let text = '';
  const bytesAt = new Map<number, [number, number]>();
  for (const [start, end] of regions) {
    const chars = encoding === 'latin1' ? latin1Characters(bytes, start, end) : encoding === 'utf8' ? utf8Characters(bytes, start, end) : gbCharacters(bytes, start, end);
    for (const [char, from, to] of chars) {
      bytesAt.set(text.length, [from, to]);
      text += char;
    }
    text += APART;
  }
  return { text, bytesAt, star: encoding === 'utf8' ? starUtf8 : starGb18030 };
}

type Character = [string, number, number];

function latin1Characters(bytes: Uint8Array, start: number, end: number): Character[] {
  const out: Character[] = [];
  for (let i = start; i < end; i++) out.push([String.fromCharCode(bytes[i] ?? 0), i, i + 1]);
  return out;
}

/** One byte a character in a code page; `decoded` is the parser's text for the run when it lines up. */
function codePageCharacters(bytes: Uint8Array, start: number, end: number, decoded: string): Character[] {
  const chars = Array.from(decoded);
  if (chars.length !== end - start) return latin1Characters(bytes, start, end);
  return chars.map((char, k) => [char, start + k, start + k + 1]);
}

/** GB18030 (Kanji mode): ASCII is one byte, a second byte 0x30-0x39 makes four, else two. */
function gbCharacters(bytes: Uint8Array, start: number, end: number, decoded?: string): Character[] {
  const spans: [number, number][] = [];
  for (let i = start; i < end; ) {
    const b = bytes[i] ?? 0;
    const second = bytes[i + 1] ?? 0;
    const len = b < 0x81 || b === 0xff || i + 1 >= end ? 1 : second >= 0x30 && second <= 0x39 ? (i + 3 < end ? 4 : 1) : 2;
    spans.push([i, i + len]);
    i += len;
  }
  const chars = decoded === undefined ? undefined : Array.from(decoded);
  const aligned = chars !== undefined && chars.length === spans.length;
  return spans.map(([from, to], k) => [aligned ? (chars[k] ?? '?') : gbCharacter(bytes, from, to), from, to]);
}

function gbCharacter(bytes: Uint8Array, from: number, to: number): string {
  if (to - from === 1) return String.fromCharCode(bytes[from] ?? 0);
  return iconv.decode(Buffer.from(bytes.subarray(from, to)), 'gb18030');
}

/** UTF-8 sequences where they are well formed; any other byte reads as itself. */
function utf8Characters(bytes: Uint8Array, start: number, end: number): Character[] {
  const out: Character[] = [];
  for (let i = start; i < end; ) {
    const b = bytes[i] ?? 0;
    const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 1;
    let ok = len > 1 && i + len <= end;
    for (let k = 1; ok && k < len; k++) ok = ((bytes[i + k] ?? 0) & 0xc0) === 0x80;
    if (!ok) {
      out.push([b < 0x80 ? String.fromCharCode(b) : '\ufffd', i, i + 1]);
      i++;
      continue;
    }
    out.push([Buffer.from(bytes.subarray(i, i + len)).toString('utf8'), i, i + len]);
    i += len;
  }
  return out;
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
