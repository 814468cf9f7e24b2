import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Block, ReceiptDocument } from '../receipt/index.js';
import { documentArbitrary } from '../../test/support/escpos-document-arbitrary.js';
import { encodeEscPos, MAX_DOCUMENT_CELLS, parseToDocument, PRINTER_PROFILES, PrinterModels, type PrinterModel } from './index.js';
import { barcodes, everyBlockDocument, qrPayloads, styledLines, textLines } from '../../test/support/escpos-fixtures.js';

const b = (...parts: (number | string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

function roundTrip(doc: ReceiptDocument, model: PrinterModel): void {
  const profile = PRINTER_PROFILES[model];
  const yen = profile.encoding === 'gbk' ? '￥' : '¥';
  const parsed = parseToDocument(encodeEscPos(doc, profile), { paper: profile.paper });
  expect(parsed.unknown).toEqual([]);
  expect(textLines(parsed.doc)).toEqual(textLines(doc, yen));
  expect(styledLines(parsed.doc)).toEqual(styledLines(doc, yen));
  expect(qrPayloads(parsed.doc)).toEqual(qrPayloads(doc));
  expect(barcodes(parsed.doc)).toEqual(barcodes(doc));
}

function doc80(blocks: Block[]): ReceiptDocument {
  return { columns: 48, dots: 576, blocks };
}

const HANDMADE: Record<string, Block[]> = {
  'bank slip': [
    { type: 'text', align: 'center', runs: [{ text: '银联 POS 签购单', style: { bold: true, width: 2, height: 2 } }] },
    { type: 'text', runs: [{ text: '商户名称(MERCHANT NAME):' }] },
    { type: 'text', runs: [{ text: '  某某便利店' }] },
    { type: 'text', runs: [{ text: '卡号(CARD NO): ' }, { text: '6222 **** **** 1234 /C', style: { bold: true } }] },
    { type: 'text', runs: [{ text: '金额(AMOUNT): ' }, { text: 'RMB 123.45', style: { bold: true, height: 2 } }] },
    { type: 'rule' },
    { type: 'text', align: 'center', runs: [{ text: '***重印凭证 / DUPLICATE 2***', style: { invert: true } }] },
    { type: 'text', runs: [{ text: '持卡人签名 CARDHOLDER SIGNATURE' }] },
    { type: 'text', runs: [] },
    { type: 'text', runs: [{ text: '  ', style: { underline: true } }, { text: '本人确认以上交易', style: { underline: true } }] },
    { type: 'cut', partial: true },
  ],
  'retail receipt': [
    { type: 'text', align: 'center', runs: [{ text: '欢迎光临' }] },
    { type: 'text', runs: [{ text: '可口可乐 330ml        2   ¥3.50   ¥7.00' }] },
    { type: 'text', runs: [{ text: 'Oreo 奥利奥           1  ¥12.90  ¥12.90' }] },
    { type: 'rule', char: '=' },
    { type: 'text', align: 'right', runs: [{ text: '合计 TOTAL ' }, { text: '¥19.90', style: { bold: true, width: 2 } }] },
    { type: 'qr', data: 'https://e.example.com/r/0001-000123?sig=中文', size: 5, ecc: 'Q', align: 'center' },
    { type: 'barcode', symbology: 'CODE128', data: '000123{x}', hri: true, align: 'center' },
    { type: 'feed', lines: 3 },
    { type: 'cut' },
  ],
  'every block': everyBlockDocument(48, 576).blocks,
};

describe('parseToDocument(encodeEscPos(doc))', () => {
  for (const [name, blocks] of Object.entries(HANDMADE)) {
    for (const model of ['generic-80', 'xprinter-xp58'] as const) {
      it(`${name} on ${model}`, () => {
        const profile = PRINTER_PROFILES[model];
        const fitted = blocks
          .filter((bl) => profile.drawer || bl.type !== 'drawer')
          .map((bl): Block => (bl.type === 'text' && profile.paper.columns < 48 ? { ...bl, runs: bl.runs.map((r) => ({ ...r, text: r.text.slice(0, 8) })) } : bl));
        roundTrip({ columns: profile.paper.columns, dots: profile.paper.dots, blocks: fitted }, model);
      });
    }
  }

  it('keeps blocks, feeds, cuts and drawer kicks in order', () => {
    const parsed = parseToDocument(encodeEscPos(everyBlockDocument(48, 576), 'generic-80', { jobId: 'ABCD' }));
    expect(parsed.doc.blocks.map((bl) => bl.type)).toEqual(everyBlockDocument(48, 576).blocks.map((bl) => bl.type));
    expect(parsed.doc.blocks.at(-1)).toEqual({ type: 'cut', partial: true });
    expect(parsed.queries).toEqual([{ type: 'process-id', id: 'ABCD' }]);
  });

  it('holds for 1,000 generated documents across all printer models', () => {
    for (const model of PrinterModels) {
      fc.assert(
        fc.property(documentArbitrary(PRINTER_PROFILES[model]), (doc) => roundTrip(doc, model)),
        { numRuns: 250 },
      );
    }
  });
});

describe('reading bytes from other software', () => {
  it('turns ESC $ / ESC \\ positions, HT and GS L into spaces', () => {
    const doc = parseToDocument(b('ab', 0x1b, 0x24, 120, 0, 'c', 0x1b, 0x5c, 24, 0, 'd', 0x09, 'e', 0x0a, 0x1d, 0x4c, 24, 0, 'f', 0x0a)).doc;
    expect(textLines(doc)).toEqual(['ab        c  d  e', '  f']);
  });

  it('ignores a position past the print area, stops a tab and a margin at its end, and takes GS W no wider than the widest paper, as a printer does', () => {
    // 4 bytes of ESC \\ asked for 2,730 blank columns; a job of them for gigabytes.
    const doc = parseToDocument(b('a', 0x1b, 0x5c, 0xff, 0x7f, 'b', 0x0a, 0x1b, 0x24, 0xff, 0xff, 'c', 0x0a, 'd', Array(10).fill(0x09), 'e', 0x0a, 0x1d, 0x4c, 0xff, 0xff, 'f', 0x0a)).doc;
    // The tab ends the line's 48 columns: "e" is the 49th, and wraps on paper.
    expect(textLines(doc)).toEqual(['ab', 'c', `d${' '.repeat(47)}e`, `${' '.repeat(47)}f`]);
    expect(parseToDocument(b(0x1d, 0x57, 0xff, 0xff, 'x', 0x0a)).doc).toMatchObject({ columns: 48, dots: 576 });
  });

  it('stops a document at MAX_DOCUMENT_CELLS of paper and says so: 3 bytes of ESC d print 255 lines', () => {
    const feeds = parseToDocument(b('A', 0x0a, ...Array<number[]>(1000).fill([0x1b, 0x64, 0xff])));
    expect(feeds.truncated).toBe(true);
    const lines = feeds.doc.blocks.reduce((n, block) => n + (block.type === 'feed' ? block.lines : 1), 0);
    expect(lines * 48).toBeLessThanOrEqual(MAX_DOCUMENT_CELLS);
    expect(lines * 48).toBeGreaterThan(MAX_DOCUMENT_CELLS - 255 * 48);
    expect(parseToDocument(b('A', 0x0a, ...Array<number[]>(100).fill([0x1b, 0x64, 0xff]))).truncated).toBe(false);
  });

  it('takes paper width from GS W', () => {
    expect(parseToDocument(b(0x1d, 0x57, 0x80, 0x01, 'x', 0x0a)).doc).toMatchObject({ columns: 32, dots: 384 });
  });

  it('clears the line buffer on ESC @ and prints a pending line on ESC d', () => {
    const blocks = parseToDocument(b('lost', 0x1b, 0x40, 'kept', 0x1b, 0x64, 3)).doc.blocks;
    expect(blocks).toEqual([{ type: 'text', runs: [{ text: 'kept' }] }, { type: 'feed', lines: 2 }]);
  });

  it('applies ESC ! and FS ! print modes to their own character kinds', () => {
    const bytes = b(0x1b, 0x21, 0x88, 0x1c, 0x21, 0x04, 0x1c, 0x26, [...iconv.encode('A中', 'gb18030')], 0x0a);
    expect(parseToDocument(bytes).doc.blocks[0]).toEqual({
      type: 'text',
      runs: [
        { text: 'A', style: { bold: true, underline: true } },
        { text: '中', style: { bold: true, width: 2 } },
      ],
    });
  });

  it('joins ESC * bands into one image and recognises a QR symbol drawn with them', () => {
    const column = (on: boolean) => (on ? [0xff, 0xff, 0xff] : [0, 0, 0]);
    const band = (pattern: boolean[]) => b(0x1b, 0x2a, 33, pattern.length, 0, pattern.flatMap(column), 0x0a);
    const doc = parseToDocument(new Uint8Array([...band([true, false, true]), ...band([false, true, false]), ...b('after', 0x0a)])).doc;
    expect(doc.blocks[0]).toMatchObject({ type: 'image', width: 3, height: 48 });
    expect(textLines(doc)).toEqual(['after']);
  });

  it('lists content the document model cannot carry instead of losing it silently', () => {
    const parsed = parseToDocument(b(0x1c, 0x70, 1, 0, 0x1d, 0x6b, 1, '01234565', 0, 0x1d, 0x28, 0x6b, 3, 0, 0x30, 0x41, 0, 0x1b, 0xfe));
    expect(parsed.dropped.map((c) => c.type)).toEqual(['nv-image', 'barcode', 'symbol-2d']);
    expect(parsed.unknown).toEqual([{ type: 'unknown', bytes: b(0x1b, 0xfe) }]);
    expect(parsed.doc.blocks).toEqual([]);
  });

  it('decodes a native QR payload sent as GBK', () => {
    const data = [...iconv.encode('付款码', 'gbk')];
    const len = data.length + 3;
    const doc = parseToDocument(b(0x1d, 0x28, 0x6b, len, 0, 0x31, 0x50, 0x30, data, 0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30)).doc;
    expect(qrPayloads(doc)).toEqual(['付款码']);
  });

  it('collects queries for a virtual printer to answer', () => {
    const parsed = parseToDocument(b(0x10, 0x04, 1, 0x1d, 0x61, 0x0f, 0x1d, 0x49, 1, 0x1d, 0x72, 1, 0x10, 0x05, 2));
    expect(parsed.queries.map((q) => q.type)).toEqual(['realtime-status', 'asb', 'printer-id-request', 'status-request', 'realtime-request']);
  });

  it('keeps a last line that never got its LF', () => {
    expect(textLines(parseToDocument(b('a', 0x0a, 'tail')).doc)).toEqual(['a', 'tail']);
  });

  it('prints graphics stored with GS ( L when GS ( L fn 50 arrives', () => {
    const doc = parseToDocument(b(0x1b, 0x61, 2, 0x1d, 0x28, 0x4c, 11, 0, 0x30, 0x70, 0x30, 1, 1, 0x31, 8, 0, 1, 0, 0xaa, 0x1d, 0x28, 0x4c, 2, 0, 0x30, 0x32)).doc;
    expect(doc.blocks).toEqual([{ type: 'image', width: 8, height: 1, bits: Uint8Array.of(0xaa), align: 'right' }]);
  });

  it('forgets graphics stored with GS ( L on ESC @, as a printer clears its print buffer', () => {
    const doc = parseToDocument(b(0x1d, 0x28, 0x4c, 11, 0, 0x30, 0x70, 0x30, 1, 1, 0x31, 8, 0, 1, 0, 0xaa, 0x1b, 0x40, 0x1d, 0x28, 0x4c, 2, 0, 0x30, 0x32)).doc;
    expect(doc.blocks).toEqual([]);
  });
});

describe('rules', () => {
  it('recognises full-width runs of rule characters, including box drawing', () => {
    expect(parseToDocument(b('-'.repeat(48), 0x0a, 0xcd, 0xcd, 0x0a)).doc.blocks).toEqual([
      { type: 'rule' },
      { type: 'text', runs: [{ text: '══' }] },
    ]);
    expect(parseToDocument(b(0xcd, 0xcd, 0xcd, 0xcd), { paper: { columns: 4, dots: 48 } }).doc.blocks).toEqual([{ type: 'rule', char: '=' }]);
  });

  it('keeps a styled line of dashes as text', () => {
    expect(parseToDocument(b(0x1b, 0x45, 1, '-'.repeat(48), 0x0a)).doc.blocks[0]?.type).toBe('text');
  });
});

describe('doc80 sanity', () => {
  it('round-trips a one-line document', () => roundTrip(doc80([{ type: 'text', runs: [{ text: 'x' }] }]), 'generic-80'));
});
