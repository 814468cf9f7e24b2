import iconv from 'iconv-lite';
import type { TextEncoding } from './printer-profiles.js';

const CONTROL = /[\x00-\x1f\x7f]/g;

/** Control characters inside text would be executed by the printer as commands. */
export function sanitizeText(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, '?') : text;
}

/**
 * GB18030 or GBK bytes for text that is not plain ASCII. GBK-only printers have no "¥" (it
 * is a four-byte GB18030 code) so it becomes the full-width "￥"; anything else outside GBK,
 * including CP936's single-byte "€", becomes "?".
 */
export function encodeWideText(text: string, encoding: TextEncoding): Uint8Array {
  if (encoding === 'gbk') return iconv.encode(text.replace(/¥/g, '￥').replace(/€/g, '?'), 'gbk');
  return iconv.encode(text, 'gb18030');
}

/** Kanji-mode bytes: ASCII is single-byte and everything else GB18030 (GBK is a subset). */
export function decodeKanjiBytes(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
}

export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}
