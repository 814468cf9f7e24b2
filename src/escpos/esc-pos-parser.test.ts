import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { documentArbitrary } from '../../test/support/escpos-document-arbitrary.js';
import { encodeEscPos, EscPosParser, parseEscPos, PRINTER_PROFILES, type EscPosCommand } from './index.js';

const b = (...parts: (number | string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

function only(bytes: Uint8Array): EscPosCommand {
  const commands = parseEscPos(bytes);
  expect(commands).toHaveLength(1);
  return commands[0] as EscPosCommand;
}

function chunked(bytes: Uint8Array, cuts: number[], options = {}): EscPosCommand[] {
  const parser = new EscPosParser(options);
  const out: EscPosCommand[] = [];
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((x, y) => x - y)) {
    out.push(...parser.feed(bytes.subarray(from, cut)));
    from = cut;
  }
  out.push(...parser.feed(bytes.subarray(from)), ...parser.end());
  return out;
}

describe('commands', () => {
  const cases: [string, Uint8Array, Partial<EscPosCommand> & { type: string }][] = [
    ['HT', b(0x09), { type: 'ht' }],
    ['LF', b(0x0a), { type: 'lf' }],
    ['CR', b(0x0d), { type: 'cr' }],
    ['FF', b(0x0c), { type: 'ff' }],
    ['ESC @', b(0x1b, 0x40), { type: 'init' }],
    ['ESC !', b(0x1b, 0x21, 0xb9), { type: 'print-mode', fontB: true, bold: true, doubleHeight: true, doubleWidth: true, underline: true }],
    ['ESC E', b(0x1b, 0x45, 1), { type: 'bold', on: true }],
    ['ESC G', b(0x1b, 0x47, 0), { type: 'double-strike', on: false }],
    ['ESC -', b(0x1b, 0x2d, 0x32), { type: 'underline', dots: 2, kanji: false }],
    ['ESC a', b(0x1b, 0x61, 0x31), { type: 'align', align: 'center' }],
    ['ESC d', b(0x1b, 0x64, 5), { type: 'feed-lines', lines: 5 }],
    ['ESC J', b(0x1b, 0x4a, 60), { type: 'feed-dots', dots: 60 }],
    ['ESC 2', b(0x1b, 0x32), { type: 'line-spacing', dots: null }],
    ['ESC 3', b(0x1b, 0x33, 24), { type: 'line-spacing', dots: 24 }],
    ['ESC M', b(0x1b, 0x4d, 0x31), { type: 'font', font: 1 }],
    ['ESC t', b(0x1b, 0x74, 16), { type: 'code-page', page: 16 }],
    ['ESC p', b(0x1b, 0x70, 1, 25, 250), { type: 'drawer-kick', pin: 5, onMs: 50, offMs: 500 }],
    ['ESC {', b(0x1b, 0x7b, 1), { type: 'upside-down', on: true }],
    ['ESC R', b(0x1b, 0x52, 15), { type: 'charset', set: 15 }],
    ['ESC SP', b(0x1b, 0x20, 2), { type: 'char-spacing', dots: 2 }],
    ['ESC $', b(0x1b, 0x24, 0x20, 0x01), { type: 'position', dots: 288, relative: false }],
    ['ESC \\', b(0x1b, 0x5c, 0xf4, 0xff), { type: 'position', dots: -12, relative: true }],
    ['ESC c 3', b(0x1b, 0x63, 0x33, 0x0c), { type: 'paper-sensor', purpose: 'signal', mask: 12 }],
    ['ESC c 4', b(0x1b, 0x63, 0x34, 0x02), { type: 'paper-sensor', purpose: 'stop', mask: 2 }],
    ['ESC c 5', b(0x1b, 0x63, 0x35, 0), { type: 'panel-buttons', on: false }],
    ['ESC i', b(0x1b, 0x69), { type: 'cut', partial: false, form: 'legacy' }],
    ['ESC *', b(0x1b, 0x2a, 0, 2, 0, 0x80, 0x01), { type: 'bit-image', width: 2, height: 8, doubleDensity: false }],
    ['GS !', b(0x1d, 0x21, 0x10), { type: 'size', width: 2, height: 1 }],
    ['GS B', b(0x1d, 0x42, 1), { type: 'invert', on: true }],
    ['GS V 0', b(0x1d, 0x56, 0), { type: 'cut', partial: false, feed: null, form: 'A' }],
    ['GS V 49', b(0x1d, 0x56, 49), { type: 'cut', partial: true, feed: null, form: 'A' }],
    ['GS V 65', b(0x1d, 0x56, 65, 3), { type: 'cut', partial: false, feed: 3, form: 'B' }],
    ['GS V 98', b(0x1d, 0x56, 98, 0), { type: 'cut', partial: true, feed: 0, form: 'C' }],
    ['GS V 104', b(0x1d, 0x56, 104, 1), { type: 'cut', partial: true, feed: 1, form: 'D' }],
    ['GS h', b(0x1d, 0x68, 100), { type: 'barcode-height', dots: 100 }],
    ['GS w', b(0x1d, 0x77, 3), { type: 'barcode-module', dots: 3 }],
    ['GS H', b(0x1d, 0x48, 0x32), { type: 'hri-position', position: 2 }],
    ['GS f', b(0x1d, 0x66, 1), { type: 'hri-font', font: 1 }],
    ['GS k function A', b(0x1d, 0x6b, 2, '690123456789', 0), { type: 'barcode', system: 'EAN13', data: '690123456789' }],
    ['GS k function B', b(0x1d, 0x6b, 73, 7, '{A12{C', 34), { type: 'barcode', system: 'CODE128', data: '1234' }],
    ['GS L', b(0x1d, 0x4c, 24, 0), { type: 'left-margin', dots: 24 }],
    ['GS W', b(0x1d, 0x57, 0x40, 0x02), { type: 'print-width', dots: 576 }],
    ['GS P', b(0x1d, 0x50, 203, 203), { type: 'motion-units', x: 203, y: 203 }],
    ['GS a', b(0x1d, 0x61, 0xff), { type: 'asb', mask: 255 }],
    ['GS r', b(0x1d, 0x72, 1), { type: 'status-request', n: 1 }],
    ['GS I', b(0x1d, 0x49, 67), { type: 'printer-id-request', n: 67 }],
    ['GS v 0', b(0x1d, 0x76, 0x30, 0, 1, 0, 2, 0, 0xf0, 0x0f), { type: 'raster', width: 8, height: 2, mode: 0, bits: Uint8Array.of(0xf0, 0x0f) }],
    ['GS ( k model', b(0x1d, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0), { type: 'qr-model', model: 2 }],
    ['GS ( k size', b(0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x43, 6), { type: 'qr-size', dots: 6 }],
    ['GS ( k level', b(0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x33), { type: 'qr-ecc', level: 'H' }],
    ['GS ( k store', b(0x1d, 0x28, 0x6b, 5, 0, 0x31, 0x50, 0x30, 'hi'), { type: 'qr-store', data: Uint8Array.of(0x68, 0x69) }],
    ['GS ( k print', b(0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30), { type: 'qr-print' }],
    ['GS ( k PDF417', b(0x1d, 0x28, 0x6b, 3, 0, 0x30, 0x41, 2), { type: 'symbol-2d', cn: 48, fn: 65 }],
    ['GS ( L store', b(0x1d, 0x28, 0x4c, 11, 0, 0x30, 0x70, 0x30, 1, 1, 0x31, 8, 0, 1, 0, 0xaa), { type: 'graphics-store', width: 8, height: 1 }],
    ['GS ( L print', b(0x1d, 0x28, 0x4c, 2, 0, 0x30, 0x32), { type: 'graphics-print' }],
    ['GS 8 L store', b(0x1d, 0x38, 0x4c, 11, 0, 0, 0, 0x30, 0x70, 0x30, 1, 1, 0x31, 8, 0, 1, 0, 0x55), { type: 'graphics-store', width: 8, height: 1 }],
    ['GS ( H process id', b(0x1d, 0x28, 0x48, 6, 0, 0x30, 0x30, 'AB12'), { type: 'process-id', id: 'AB12' }],
    ['GS ( E user setup', b(0x1d, 0x28, 0x45, 3, 0, 1, 0x49, 0x4e), { type: 'extended', prefix: 'GS (', fn: 'E' }],
    ['DLE EOT', b(0x10, 0x04, 4), { type: 'realtime-status', n: 4, a: null }],
    ['DLE EOT 7', b(0x10, 0x04, 7, 1), { type: 'realtime-status', n: 7, a: 1 }],
    ['DLE ENQ', b(0x10, 0x05, 2), { type: 'realtime-request', n: 2 }],
    ['DLE DC4 pulse', b(0x10, 0x14, 1, 0, 1), { type: 'drawer-kick', pin: 2, onMs: 100 }],
    ['DLE DC4 clear', b(0x10, 0x14, 8, 1, 3, 20, 1, 6, 2, 8), { type: 'realtime-command', fn: 8 }],
    ['FS p', b(0x1c, 0x70, 1, 0x30), { type: 'nv-image', n: 1, mode: 0 }],
    ['FS &', b(0x1c, 0x26), { type: 'kanji-mode', on: true }],
    ['FS .', b(0x1c, 0x2e), { type: 'kanji-mode', on: false }],
    ['FS !', b(0x1c, 0x21, 0x8c), { type: 'kanji-print-mode', doubleWidth: true, doubleHeight: true, underline: true }],
    ['FS -', b(0x1c, 0x2d, 1), { type: 'underline', dots: 1, kanji: true }],
    ['FS C', b(0x1c, 0x43, 0x30), { type: 'kanji-code', n: 0 }],
    ['FS S', b(0x1c, 0x53, 1, 2), { type: 'kanji-spacing', left: 1, right: 2 }],
    ['FS T', b(0x1c, 0x54, 1), { type: 'other', name: 'FS T' }],
    ['FS W', b(0x1c, 0x57, 1), { type: 'kanji-quadruple', on: true }],
    ['FS ( A', b(0x1c, 0x28, 0x41, 2, 0, 0x30, 0), { type: 'extended', prefix: 'FS (', fn: 'A' }],
    ['ESC ( A beeper', b(0x1b, 0x28, 0x41, 4, 0, 0x30, 0x37, 3, 15), { type: 'extended', prefix: 'ESC (', fn: 'A' }],
    ['ESC D tabs', b(0x1b, 0x44, 8, 16, 0), { type: 'other', name: 'ESC D' }],
    ['ESC &', b(0x1b, 0x26, 3, 0x41, 0x42, 2, 1, 2, 3, 4, 5, 6, 1, 7, 8, 9), { type: 'other', name: 'ESC &' }],
    ['FS q', b(0x1c, 0x71, 1, 1, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8), { type: 'other', name: 'FS q' }],
  ];
  for (const [name, bytes, expected] of cases) {
    it(`reads ${name}`, () => expect(only(bytes)).toMatchObject(expected));
  }
});

describe('text decoding', () => {
  it('reads GB18030 in Kanji mode, including four-byte characters', () => {
    const commands = parseEscPos(b(0x1c, 0x26, [...iconv.encode('中文¥𠮷', 'gb18030')], 0x1c, 0x2e, 'x'));
    expect(commands.filter((c) => c.type === 'text')).toEqual([
      { type: 'text', text: '中文¥𠮷', kanji: true },
      { type: 'text', text: 'x', kanji: false },
    ]);
  });

  it('reads single-byte code pages selected with ESC t', () => {
    const texts = parseEscPos(b(0xc4, 0x1b, 0x74, 16, 0x80, 0x1b, 0x74, 1, 0x95, 0xb1, 0x1b, 0x74, 99, 0x41, 0xc4)).filter((c) => c.type === 'text');
    expect(texts.map((c) => (c.type === 'text' ? c.text : ''))).toEqual(['─', '€', '─ｱ', 'A\ufffd']);
  });

  it('honours kanjiDefault: Chinese POS software sends GBK without FS &', () => {
    const bytes = b(0x1b, 0x40, 0x1b, 0x52, 15, 0x1b, 0x74, 0, [...iconv.encode('合计 $12', 'gbk')], 0x0a);
    const text = (opts: { kanjiDefault?: boolean }) => parseEscPos(bytes, opts).find((c) => c.type === 'text');
    expect(text({ kanjiDefault: true })).toEqual({ type: 'text', text: '合计 ¥12', kanji: true });
    expect(text({})).toMatchObject({ kanji: false });
  });

  it('resets Kanji mode and code page on ESC @', () => {
    const texts = parseEscPos(b(0x1c, 0x26, 0x1b, 0x74, 16, 0x1b, 0x40, 0xc4)).filter((c) => c.type === 'text');
    expect(texts).toEqual([{ type: 'text', text: '─', kanji: false }]);
  });
});

describe('streaming', () => {
  it('gives the same commands wherever the bytes are split', () => {
    const profiles = Object.values(PRINTER_PROFILES);
    const extra = b(0x1b, 0x2a, 33, 2, 0, 1, 2, 3, 4, 5, 6, 0x1d, 0x6b, 4, 'ABC', 0, 0x1b, 0xff, 0x1c, 0x26, [...iconv.encode('¥𠮷', 'gb18030')], 0x10, 0x04, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: profiles.length - 1 }).chain((i) => documentArbitrary(profiles[i]!).map((doc) => ({ doc, profile: profiles[i]! }))),
        fc.array(fc.nat(), { maxLength: 40 }),
        ({ doc, profile }, cuts) => {
          const body = encodeEscPos(doc, profile);
          const bytes = new Uint8Array([...body, ...extra]);
          const whole = parseEscPos(bytes);
          expect(chunked(bytes, cuts.map((c) => c % (bytes.length + 1)))).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('waits inside a four-byte GB18030 character and inside a GS ( k length field', () => {
    const bytes = b(0x1c, 0x26, 0x81, 0x30, 0x84, 0x36, 0x1d, 0x28, 0x6b, 0x05, 0x00, 0x31, 0x50, 0x30, 'hi');
    const whole = parseEscPos(bytes);
    for (let i = 0; i <= bytes.length; i++) for (let j = i; j <= bytes.length; j++) expect(chunked(bytes, [i, j])).toEqual(whole);
    expect(whole).toContainEqual({ type: 'text', text: '¥', kanji: true });
    expect(whole).toContainEqual({ type: 'qr-store', data: Uint8Array.of(0x68, 0x69) });
  });

  it('feeds byte by byte', () => {
    const bytes = encodeEscPos({ columns: 48, dots: 576, blocks: [{ type: 'text', runs: [{ text: '你好 hello' }] }, { type: 'qr', data: 'x' }] }, 'generic-80');
    expect(chunked(bytes, Array.from(bytes.keys()))).toEqual(parseEscPos(bytes));
  });

  it('refuses bytes after end()', () => {
    const parser = new EscPosParser();
    parser.end();
    expect(parser.end()).toEqual([]);
    expect(() => parser.feed(b(0x41))).toThrow(InputError);
    expect(() => parser.feed(b(0x41))).toThrow(expect.objectContaining({ code: 'PARSER_ENDED' }));
  });

  it('reports an unfinished command at end() as unknown', () => {
    expect(parseEscPos(b('ok', 0x1d, 0x28, 0x6b, 9, 0, 0x31))).toEqual([
      { type: 'text', text: 'ok', kanji: false },
      { type: 'unknown', bytes: b(0x1d, 0x28, 0x6b, 9, 0, 0x31) },
    ]);
  });
});

describe('unknown commands', () => {
  it('reports them and resynchronises on the next byte', () => {
    const commands = parseEscPos(b(0x1b, 0xff, 'Hello', 0x1d, 0x99, 0x01, 0x1b, 0x45, 1, 'World', 0x0a, 0x10, 0x14, 9, 0x1d, 0x56, 7, 0x1d, 0x6b, 99, 1, 'Z'));
    expect(commands).toEqual([
      { type: 'unknown', bytes: b(0x1b, 0xff) },
      { type: 'text', text: 'Hello', kanji: false },
      { type: 'unknown', bytes: b(0x1d, 0x99) },
      { type: 'unknown', bytes: b(0x01) },
      { type: 'bold', on: true },
      { type: 'text', text: 'World', kanji: false },
      { type: 'lf' },
      { type: 'unknown', bytes: b(0x10, 0x14, 9) },
      { type: 'unknown', bytes: b(0x1d, 0x56, 7) },
      { type: 'unknown', bytes: b(0x1d, 0x6b, 99, 1, 0x5a) },
    ]);
  });

  it('does not buffer a command whose declared length is absurd', () => {
    const commands = parseEscPos(b(0x1d, 0x38, 0x4c, 0xff, 0xff, 0xff, 0x7f, 'A'), { maxCommandBytes: 1000 });
    expect(commands).toHaveLength(2);
    expect(commands[0]).toEqual({ type: 'unknown', bytes: b(0x1d, 0x38) });
    expect(commands[1]).toMatchObject({ type: 'text', text: expect.stringMatching(/^L.*A$/) });
  });

  it('gives up on a NUL-terminated barcode that never ends', () => {
    expect(parseEscPos(b(0x1d, 0x6b, 4, 'A'.repeat(300)))[0]).toEqual({ type: 'unknown', bytes: b(0x1d, 0x6b, 4) });
  });
});

describe('command spans', () => {
  function spansOf(bytes: Uint8Array, cuts: number[] = []) {
    const parser = new EscPosParser({ kanjiDefault: true });
    const out = [];
    let from = 0;
    for (const cut of [...new Set(cuts)].sort((x, y) => x - y)) {
      out.push(...parser.feedSpans(bytes.subarray(from, cut)));
      from = cut;
    }
    out.push(...parser.feedSpans(bytes.subarray(from)), ...parser.endSpans());
    return out;
  }

  it('tiles the stream: each command covers its own bytes, in order, whatever the chunking', () => {
    const bytes = encodeEscPos(
      { columns: 48, dots: 576, blocks: [{ type: 'text', runs: [{ text: '合计 TOTAL ￥3.50' }] }, { type: 'qr', data: 'x' }, { type: 'cut', partial: true }] },
      'generic-80',
    );
    const whole = spansOf(bytes);
    expect(whole.map((s) => s.command)).toEqual(parseEscPos(bytes, { kanjiDefault: true }));
    let next = 0;
    for (const span of whole) {
      expect(span.start).toBe(next);
      expect(span.end).toBeGreaterThan(span.start);
      next = span.end;
    }
    expect(next).toBe(bytes.length);
    for (let i = 0; i <= bytes.length; i += 3) expect(spansOf(bytes, [i, i + 7])).toEqual(whole);
  });

  it('puts a text run at the bytes it was decoded from, GB18030 included', () => {
    const bytes = b(0x1b, 0x40, [...iconv.encode('卡号６２', 'gb18030')], 0x0a);
    const text = spansOf(bytes).find((s) => s.command.type === 'text');
    expect(text).toMatchObject({ command: { type: 'text', text: '卡号６２' }, start: 2, end: 10 });
  });

  it('finds a cut only where a cut command is, not in image data that holds 1D 56', () => {
    const raster = b(0x1d, 0x76, 0x30, 0, 2, 0, 2, 0, 0x1d, 0x56, 0x1d, 0x56);
    const bytes = b('A', 0x0a, [...raster], 0x1d, 0x56, 0x41, 0x03);
    const cuts = spansOf(bytes).filter((s) => s.command.type === 'cut');
    expect(cuts).toEqual([{ command: expect.objectContaining({ type: 'cut' }), start: 2 + raster.length, end: bytes.length }]);
  });

  it('says when it holds part of a command, so a job is never split inside one', () => {
    const parser = new EscPosParser();
    parser.feedSpans(b('abc', 0x1d, 0x76, 0x30, 0, 1, 0));
    expect(parser.midCommand).toBe(true);
    parser.feedSpans(b(1, 0, 0xff));
    expect(parser.midCommand).toBe(false);
    parser.feedSpans(b('text still pending'));
    expect(parser.midCommand).toBe(false);
  });

  it('gives an unfinished command at end() its span', () => {
    const parser = new EscPosParser();
    expect(parser.feedSpans(b('ok', 0x1d, 0x28))).toEqual([{ command: { type: 'text', text: 'ok', kanji: false }, start: 0, end: 2 }]);
    expect(parser.endSpans()).toEqual([{ command: { type: 'unknown', bytes: b(0x1d, 0x28) }, start: 2, end: 4 }]);
  });
});
