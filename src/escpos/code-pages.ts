import iconv from 'iconv-lite';

/** ESC t page numbers (Epson numbering, which most clones follow) → iconv-lite names. */
const PAGES: Readonly<Record<number, string>> = {
  0: 'cp437',
  2: 'cp850',
  3: 'cp860',
  4: 'cp863',
  5: 'cp865',
  13: 'cp857',
  14: 'cp737',
  15: 'iso88597',
  16: 'windows1252',
  17: 'cp866',
  18: 'cp852',
  19: 'cp858',
  32: 'cp720',
  33: 'cp775',
  34: 'cp855',
  35: 'cp861',
  36: 'cp862',
  37: 'cp864',
  38: 'cp869',
  39: 'iso88592',
  40: 'iso885915',
  44: 'cp1125',
  45: 'windows1250',
  46: 'windows1251',
  47: 'windows1253',
  48: 'windows1254',
  49: 'windows1255',
  50: 'windows1256',
  51: 'windows1257',
  52: 'windows1258',
  53: 'rk1048',
};

/** Page 1 (Katakana): block graphics at 0x8F-0x9F, which encoders use for rules and boxes. */
const KATAKANA_GRAPHICS = '┼┴┬┤├▔─│▕┌┐└┘╭╮╰╯';

export function codePageName(page: number): string | undefined {
  if (page === 1) return 'katakana';
  const name = PAGES[page];
  return name && iconv.encodingExists(name) ? name : undefined;
}

/** Single-byte text in an ESC t page; bytes of a page we cannot name become U+FFFD. */
export function decodeCodePage(bytes: Uint8Array, page: number): string {
  const name = codePageName(page);
  if (name && name !== 'katakana') return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name);
  let out = '';
  for (const b of bytes) {
    if (b < 0x80) out += String.fromCharCode(b);
    else if (name && b >= 0x8f && b <= 0x9f) out += KATAKANA_GRAPHICS[b - 0x8f];
    else if (name && b >= 0xa1 && b <= 0xdf) out += String.fromCharCode(0xff61 + b - 0xa1);
    else out += '\ufffd';
  }
  return out;
}

/** ESC R national variants of ASCII that matter on receipts (currency signs). */
const CHARSETS: Readonly<Record<number, Readonly<Record<string, string>>>> = {
  3: { '#': '£' },
  8: { '\\': '¥' },
  13: { '\\': '₩' },
  15: { $: '¥' },
};

export function applyCharset(text: string, set: number): string {
  const map = CHARSETS[set];
  if (!map) return text;
  let out = '';
  for (const ch of text) out += map[ch] ?? ch;
  return out;
}
