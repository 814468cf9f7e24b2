import iconv from 'iconv-lite';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** The segments of the data codewords, decoded; byte segments are UTF-8 unless an ECI or their bytes say otherwise. */
export function readSegments(data: Uint8Array, version: number): string | undefined {
  let pos = 0;
  const read = (count: number): number => {
    let v = 0;
    for (let i = 0; i < count; i++, pos++) v = (v << 1) | (((data[pos >> 3] ?? 0) >> (7 - (pos & 7))) & 1);
    return v;
  };
  const sizeClass = version < 10 ? 0 : version < 27 ? 1 : 2;
  const total = data.length * 8;
  let out = '';
  let bytes: number[] = [];
  let eci = -1;
  const flush = (): void => {
    if (bytes.length > 0) out += decodeBytes(Uint8Array.from(bytes), eci);
    bytes = [];
  };
  while (total - pos >= 4) {
    const mode = read(4);
    if (mode === 0) break;
    if (mode === 1) {
      let count = read([10, 12, 14][sizeClass] ?? 10);
      flush();
      for (; count >= 3; count -= 3) out += String(read(10)).padStart(3, '0');
      if (count === 2) out += String(read(7)).padStart(2, '0');
      if (count === 1) out += String(read(4));
    } else if (mode === 2) {
      let count = read([9, 11, 13][sizeClass] ?? 9);
      flush();
      for (; count >= 2; count -= 2) {
        const v = read(11);
        out += (ALNUM[Math.floor(v / 45)] ?? '') + (ALNUM[v % 45] ?? '');
      }
      if (count === 1) out += ALNUM[read(6)] ?? '';
    } else if (mode === 4) {
      const count = read([8, 16, 16][sizeClass] ?? 8);
      for (let i = 0; i < count; i++) bytes.push(read(8));
    } else if (mode === 8) {
      const count = read([8, 10, 12][sizeClass] ?? 8);
      flush();
      const sjis: number[] = [];
      for (let i = 0; i < count; i++) {
        const v = read(13);
        const code = Math.floor(v / 0xc0) * 0x100 + (v % 0xc0) + (v < 0x1f00 ? 0x8140 : 0xc140);
        sjis.push(code >> 8, code & 0xff);
      }
      out += iconv.decode(Buffer.from(sjis), 'shiftjis');
    } else if (mode === 7) {
      flush();
      const first = read(8);
      eci = (first & 0x80) === 0 ? first : (first & 0xc0) === 0x80 ? ((first & 0x3f) << 8) | read(8) : ((first & 0x1f) << 16) | read(16);
    } else if (mode === 3) {
      read(16);
    } else if (mode === 9) {
      read(8);
    } else if (mode !== 5) {
      return undefined;
    }
    if (pos > total) return undefined;
  }
  flush();
  return out;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeBytes(bytes: Uint8Array, eci: number): string {
  const buffer = Buffer.from(bytes);
  if (eci === 1 || eci === 3) return buffer.toString('latin1');
  if (eci === 20) return iconv.decode(buffer, 'shiftjis');
  if (eci === 29) return iconv.decode(buffer, 'gb18030');
  try {
    return UTF8.decode(bytes);
  } catch {
    return iconv.decode(buffer, 'gb18030');
  }
}
