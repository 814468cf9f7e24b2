import iconv from 'iconv-lite';
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

/** Appends the Kanji-mode bytes of `text` (ASCII stays single-byte) to `out`. */
export function writeWideText(out: ByteWriter, text: string, encoding: TextEncoding): void {
  const codes = CHAR_CODES[encoding];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      out.byte(unit);
      continue;
    }
    const cp = text.codePointAt(i) ?? unit;
    if (cp > 0xffff) i++;
    let bytes = codes.get(cp);
    if (!bytes) {
      bytes = encodeWideText(String.fromCodePoint(cp), encoding);
      if (codes.size < MAX_REMEMBERED_CHARS) codes.set(cp, bytes);
    }
    out.array(bytes);
  }
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
