import iconv from 'iconv-lite';
import { containsPan, maskPans } from '../core/index.js';
import type { ByteWriter } from './byte-writer.js';
import type { TextEncoding } from './printer-profiles.js';

const CONTROL = /[\x00-\x1f\x7f]/g;

/** Control characters inside text would be executed by the printer as commands. */
export function sanitizeText(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, '?') : text;
}

/** What a GBK-only printer prints for a character GBK lacks: the full-width "？". */
const GBK_STAND_IN = Uint8Array.of(0xa3, 0xbf);

/**
 * GB18030 or GBK bytes for text that is not plain ASCII. GBK-only printers have no "¥" (it
 * is a four-byte GB18030 code) so it becomes the full-width "￥"; anything else outside GBK
 * (an emoji, a zero-width space, CP936's single-byte "€", a rare ideograph) becomes the
 * full-width "？": two columns, as the layout counts every non-ASCII character, where a "?"
 * would take one and slide the rest of the line (the amount column) left.
 */
export function encodeWideText(text: string, encoding: TextEncoding): Uint8Array {
  if (encoding === 'gb18030') return iconv.encode(text, 'gb18030');
  const parts: Uint8Array[] = [];
  for (const ch of text.replace(/¥/g, '￥')) {
    if (ch.charCodeAt(0) < 0x80) {
      parts.push(Uint8Array.of(ch.charCodeAt(0)));
      continue;
    }
    const bytes = iconv.encode(ch, 'gbk');
    parts.push(bytes.length === 2 ? bytes : GBK_STAND_IN);
  }
  return Buffer.concat(parts);
}

/**
 * Each character's bytes, per encoding, as encodeWideText gives them: GB18030 and GBK encode
 * one character at a time, so a receipt is the concatenation of its characters' codes. A
 * receipt repeats the same few hundred characters, so they are looked up, not re-encoded.
 */
const CHAR_CODES: Readonly<Record<TextEncoding, Map<number, Uint8Array>>> = { gb18030: new Map(), gbk: new Map() };
const MAX_REMEMBERED_CHARS = 30_000;

const FULL_WIDTH_QUESTION = 0xff1f;
const isStandIn = (bytes: Uint8Array) => bytes.length === 2 && bytes[0] === 0xa3 && bytes[1] === 0xbf;

/**
 * Appends the Kanji-mode bytes of `text` (ASCII stays single-byte) to `out`. Where a GBK
 * printer prints "？" for characters it lacks, the text is looked at as it will be printed:
 * "4111ǀ1111ǀ1111ǀ1111" passes every gate (a letter ends a run of digits) but prints as
 * 4111？1111？1111？1111, a card number on paper; its digits are then masked (only then: text
 * that reads as a card number as written, a merchant no., is the gate's to judge).
 */
export function writeWideText(out: ByteWriter, text: string, encoding: TextEncoding): void {
  const start = out.length;
  if (!writeCodes(out, text, encoding) || encoding !== 'gbk') return;
  let printed = '';
  for (const ch of text) printed += (ch.codePointAt(0) ?? 0) >= 0x80 && isStandIn(codeOf(ch.codePointAt(0) ?? 0, encoding)) ? '？' : ch;
  // Only where the stand-ins make one: a merchant no. that reads as a card number is printed as the shop wrote it.
  if (!containsPan(printed) || containsPan(text)) return;
  out.truncate(start);
  writeCodes(out, digitsMasked(printed), encoding);
}

/** The text with the digits maskPans masks made "*", every other character as it was (maskPans gives back its reading: "？" as "?", one column instead of two). */
function digitsMasked(text: string): string {
  const masked = maskPans(text);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Where the reading is not aligned with the text, every digit goes.
    const hide = c >= 0x30 && c <= 0x39 && (masked.length !== text.length || masked.charCodeAt(i) === 0x2a);
    out += hide ? '*' : text[i];
  }
  return out;
}

function codeOf(cp: number, encoding: TextEncoding): Uint8Array {
  const codes = CHAR_CODES[encoding];
  let bytes = codes.get(cp);
  if (!bytes) {
    bytes = encodeWideText(String.fromCodePoint(cp), encoding);
    if (codes.size < MAX_REMEMBERED_CHARS) codes.set(cp, bytes);
  }
  return bytes;
}

/** Writes the codes; whether a character the printer lacks was written as its "？". */
function writeCodes(out: ByteWriter, text: string, encoding: TextEncoding): boolean {
  let standIn = false;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      out.byte(unit);
      continue;
    }
    const cp = text.codePointAt(i) ?? unit;
    if (cp > 0xffff) i++;
    const bytes = codeOf(cp, encoding);
    if (cp !== FULL_WIDTH_QUESTION && isStandIn(bytes)) standIn = true;
    out.array(bytes);
  }
  return standIn;
}

/** Kanji-mode bytes: ASCII is single-byte and everything else GB18030 (GBK is a subset). */
export function decodeKanjiBytes(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // ASCII is ASCII in GB18030: most runs of a receipt are, and a decoder set up for each took
  // a fifth of reading a job of short lines.
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) >= 0x80) return iconv.decode(buffer, 'gb18030');
  return buffer.toString('latin1');
}

export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}
