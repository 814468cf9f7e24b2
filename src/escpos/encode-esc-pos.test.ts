import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../../test/support/errors.js';
import type { Block, ReceiptDocument } from '../receipt/index.js';
import { encodeEscPos, PRINTER_PROFILES, PrinterModels, type EncodeOptions, type PrinterModel } from './index.js';
import { everyBlockDocument, hexDump } from '../../test/support/escpos-fixtures.js';
import { goldenFiles } from '../../test/support/golden.js';

const goldens = goldenFiles('escpos');

function docFor(model: PrinterModel, blocks: Block[]): ReceiptDocument {
  const { columns, dots } = PRINTER_PROFILES[model].paper;
  return { columns, dots, blocks };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function bodyOf(model: PrinterModel, blocks: Block[], options?: EncodeOptions): string {
  // Drop the leading ESC @ so expectations read as the block's own commands.
  return hex(encodeEscPos(docFor(model, blocks), model, options)).slice(4);
}

function expectInputError(fn: () => unknown, code: string): void {
  expect(inputErrorOf(fn).code).toBe(code);
}

describe('golden ESC/POS bytes', () => {
  for (const model of PrinterModels) {
    it(`${model}: a document with every block type`, () => {
      const profile = PRINTER_PROFILES[model];
      const doc = everyBlockDocument(profile.paper.columns, profile.paper.dots);
      if (!profile.drawer) doc.blocks = doc.blocks.filter((b) => b.type !== 'drawer');
      const options: EncodeOptions = { ...(profile.drawer ? { drawer: true } : {}), ...(profile.completionMarker ? { jobId: 'J042' } : {}) };
      const dump = hexDump(encodeEscPos(doc, model, options));
      expect(dump).toBe(goldens.read(`${model}.hex`, dump).toString('utf8'));
    });
  }

  it('is deterministic', () => {
    const doc = everyBlockDocument(48, 576);
    expect(hex(encodeEscPos(doc, 'generic-80', { drawer: true, jobId: 'ABCD' }))).toBe(hex(encodeEscPos(doc, 'generic-80', { drawer: true, jobId: 'ABCD' })));
  });
});

describe('text', () => {
  it('starts with ESC @ and ends each line with LF only', () => {
    expect(hex(encodeEscPos(docFor('generic-80', [{ type: 'text', runs: [{ text: 'Hi' }] }]), 'generic-80'))).toBe('1b40' + '4869' + '0a');
  });

  it('sends no trailing spaces unless they are underlined or inverted', () => {
    expect(bodyOf('generic-80', [{ type: 'text', runs: [{ text: 'a  ' }, { text: '  ' }] }])).toBe('61' + '0a');
    expect(bodyOf('generic-80', [{ type: 'text', runs: [{ text: '   ' }] }])).toBe('0a');
    expect(bodyOf('generic-80', [{ type: 'text', runs: [{ text: 'a' }, { text: '  ', style: { invert: true } }] }])).toBe('61' + '1d4201' + '2020' + '0a');
  });

  it('never re-sends a style that is already active', () => {
    const body = bodyOf('generic-80', [
      { type: 'text', runs: [{ text: 'A', style: { bold: true } }, { text: 'B', style: { bold: true } }] },
      { type: 'text', runs: [{ text: 'C', style: { bold: true, width: 2 } }] },
      { type: 'text', runs: [{ text: 'D' }] },
    ]);
    expect(body).toBe('1b4501' + '41' + '42' + '0a' + '1d2110' + '43' + '0a' + '1b4500' + '1d2100' + '44' + '0a');
  });

  it('sets alignment only when it changes, and not for blank lines', () => {
    const body = bodyOf('generic-80', [
      { type: 'text', align: 'center', runs: [{ text: 'A' }] },
      { type: 'text', align: 'center', runs: [{ text: 'B' }] },
      { type: 'text', align: 'right', runs: [] },
      { type: 'text', align: 'right', runs: [{ text: 'C' }] },
    ]);
    expect(body).toBe('1b6101' + '41' + '0a' + '42' + '0a' + '0a' + '1b6102' + '43' + '0a');
  });

  it('wraps Kanji mode around the Chinese text only, once', () => {
    const body = bodyOf('generic-80', [
      { type: 'text', runs: [{ text: 'ABC' }] },
      { type: 'text', runs: [{ text: '中' }] },
      { type: 'text', runs: [{ text: 'x' }] },
      { type: 'text', runs: [{ text: '文' }] },
      { type: 'text', runs: [{ text: 'end' }] },
    ]);
    expect(body).toBe('4142430a' + '1c26' + 'd6d0' + '0a' + '780a' + 'cec4' + '1c2e' + '0a' + '656e640a');
    expect(bodyOf('generic-80', [{ type: 'text', runs: [{ text: 'ascii only' }] }])).not.toContain('1c26');
  });

  it('underlines single-byte text with ESC - and Chinese with FS -', () => {
    expect(bodyOf('generic-80', [{ type: 'text', runs: [{ text: 'a', style: { underline: true } }] }])).toBe('1b2d01' + '61' + '0a');
    expect(bodyOf('generic-80', [{ type: 'text', runs: [{ text: '中', style: { underline: true } }] }])).toBe('1c2d01' + '1c26' + 'd6d0' + '1c2e' + '0a');
  });

  it('prints "¥" as GB18030 on GB18030 printers and as "￥" on GBK-only printers', () => {
    expect(bodyOf('generic-80', [{ type: 'text', runs: [{ text: '¥1' }] }])).toBe('1c26' + '81308436' + '31' + '1c2e' + '0a');
    expect(bodyOf('epson-tm-t88', [{ type: 'text', runs: [{ text: '¥1' }] }])).toBe('1c26' + 'a3a4' + '31' + '1c2e' + '0a');
    expect(bodyOf('xprinter-xp58', [{ type: 'text', runs: [{ text: '¥1' }] }])).toBe('1c26' + 'a3a4' + '31' + '1c2e' + '0a');
  });

  it('replaces characters outside GBK with the full-width "？" (two columns, as laid out) on GBK printers', () => {
    expect(bodyOf('xprinter-xp58', [{ type: 'text', runs: [{ text: '𠮷€中' }] }])).toBe('1c26' + 'a3bf' + 'a3bf' + 'd6d0' + '1c2e' + '0a');
    expect(bodyOf('generic-58', [{ type: 'text', runs: [{ text: '𠮷' }] }])).toBe('1c26' + '9534b235' + '1c2e' + '0a');
  });

  it('turns control characters inside text into "?" so they cannot act as commands', () => {
    expect(bodyOf('generic-80', [{ type: 'text', runs: [{ text: 'a\x1b@b\x0ac' }] }])).toBe('613f40623f63' + '0a');
  });
});

describe('blocks', () => {
  it('prints rules full width in plain style', () => {
    const body = bodyOf('generic-58', [
      { type: 'text', runs: [{ text: 'a', style: { bold: true, underline: true } }] },
      { type: 'rule', char: '=' },
    ]);
    expect(body).toBe('1b4501' + '1b2d01' + '61' + '0a' + '1b4500' + '1b2d00' + '3d'.repeat(32) + '0a');
  });

  it('sends QR codes natively with model, size and level set once', () => {
    const body = bodyOf('generic-80', [
      { type: 'qr', data: 'AB', size: 5, ecc: 'Q', align: 'center' },
      { type: 'qr', data: 'C', size: 5, ecc: 'Q', align: 'center' },
    ]);
    const print = '1d286b0300315130';
    expect(body).toBe(
      '1b6101' + '1d286b0400314132' + '00' + '1d286b0300314305' + '1d286b0300314532' + '1d286b0500315030' + '4142' + print + '1d286b0400315030' + '43' + print,
    );
  });

  it('sends QR codes as raster images to printers without QR firmware', () => {
    const body = bodyOf('xprinter-xp58', [{ type: 'qr', data: 'AB', size: 2 }]);
    // version 1 is 21 modules; 4-module quiet zone each side: 29 × 2 = 58 dots, 8 bytes a row
    expect(body.slice(0, 16)).toBe('1d76300008003a00');
    expect(body.length).toBe(16 + 8 * 58 * 2);
  });

  it('sends barcodes with height, width and HRI set only when they change', () => {
    const body = bodyOf('generic-80', [
      { type: 'barcode', symbology: 'EAN13', data: '690123456789', hri: true },
      { type: 'barcode', symbology: 'CODE128', data: 'a{b', hri: true },
    ]);
    expect(body).toBe('1d6850' + '1d7702' + '1d4802' + '1d6b430c' + hex(Buffer.from('690123456789')) + '1d6b4906' + hex(Buffer.from('{Ba{{b')));
  });

  it('sends images as GS v 0 raster', () => {
    expect(bodyOf('generic-80', [{ type: 'image', width: 9, height: 1, bits: Uint8Array.of(0xff, 0x80) }])).toBe('1d7630000200' + '0100' + 'ff80');
  });

  it('feeds with ESC d in steps of at most 255 lines', () => {
    expect(bodyOf('generic-80', [{ type: 'feed', lines: 300 }, { type: 'feed', lines: 0 }])).toBe('1b64ff' + '1b642d');
  });

  it('cuts with feed-to-blade GS V, falls back to a full cut, and feeds to the tear bar without a cutter', () => {
    expect(bodyOf('generic-80', [{ type: 'cut' }, { type: 'cut', partial: true }])).toBe('1d564100' + '1d564200');
    const fullOnly = { ...PRINTER_PROFILES['generic-80'], cutter: 'full' as const };
    expect(hex(encodeEscPos(docFor('generic-80', [{ type: 'cut', partial: true }]), fullOnly)).slice(4)).toBe('1d564100');
    expect(bodyOf('xprinter-xp58', [{ type: 'cut' }])).toBe('1b6404');
  });

  it('kicks the drawer for a drawer block and for the drawer option', () => {
    expect(bodyOf('generic-80', [{ type: 'drawer' }, { type: 'drawer', pin: 5 }], { drawer: true })).toBe('1b700019fa' + '1b700119fa' + '1b700019fa');
  });

  it('appends the GS ( H completion marker last', () => {
    expect(bodyOf('generic-80', [{ type: 'cut' }], { drawer: true, jobId: 'J001' })).toBe('1d564100' + '1b700019fa' + '1d2848060030304a303031');
  });
});

describe('bad input', () => {
  const one = (block: Block, model: PrinterModel = 'generic-80') => () => encodeEscPos(docFor(model, [block]), model);

  it('refuses an unknown printer model', () => {
    expectInputError(() => encodeEscPos(docFor('generic-80', []), 'tm-9000' as PrinterModel), 'UNKNOWN_PRINTER_MODEL');
  });
  it('refuses a document laid out for wider paper', () => {
    expectInputError(() => encodeEscPos(docFor('generic-80', []), 'generic-58'), 'DOCUMENT_TOO_WIDE');
  });
  it('refuses a line wider than the paper', () => {
    expectInputError(one({ type: 'text', runs: [{ text: '中'.repeat(17) }] }, 'generic-58'), 'LINE_TOO_WIDE');
    expectInputError(one({ type: 'text', runs: [{ text: 'x'.repeat(17), style: { width: 2 } }] }, 'generic-58'), 'LINE_TOO_WIDE');
  });
  it('refuses a drawer kick on a printer without a drawer port', () => {
    expectInputError(() => encodeEscPos(docFor('xprinter-xp58', []), 'xprinter-xp58', { drawer: true }), 'NO_DRAWER');
    expectInputError(one({ type: 'drawer' }, 'xprinter-xp58'), 'NO_DRAWER');
  });
  it('refuses a completion marker the printer cannot answer, or a bad job id', () => {
    expectInputError(() => encodeEscPos(docFor('xprinter-xp58', []), 'xprinter-xp58', { jobId: 'ABCD' }), 'NO_COMPLETION_MARKER');
    expectInputError(() => encodeEscPos(docFor('generic-80', []), 'generic-80', { jobId: 'ABC' }), 'BAD_JOB_ID');
    expectInputError(() => encodeEscPos(docFor('generic-80', []), 'generic-80', { jobId: 'AB\u00e9D' }), 'BAD_JOB_ID');
  });
  it('refuses empty, oversized or badly sized QR codes', () => {
    expectInputError(one({ type: 'qr', data: '' }), 'QR_EMPTY');
    expectInputError(one({ type: 'qr', data: 'x', size: 0 }), 'QR_BAD_SIZE');
    expectInputError(one({ type: 'qr', data: 'x', size: 2.5 }), 'QR_BAD_SIZE');
    expectInputError(one({ type: 'qr', data: 'x'.repeat(1274), ecc: 'H' }), 'QR_TOO_LONG');
    expectInputError(one({ type: 'qr', data: 'x'.repeat(1274), ecc: 'H' }, 'xprinter-xp58'), 'QR_TOO_LONG');
    expectInputError(one({ type: 'qr', data: 'x'.repeat(200), size: 8 }, 'xprinter-xp58'), 'QR_TOO_LARGE');
  });
  it('refuses barcodes the printer would refuse or misprint', () => {
    expectInputError(one({ type: 'barcode', symbology: 'EAN13', data: '12345' }), 'BARCODE_BAD_DATA');
    expectInputError(one({ type: 'barcode', symbology: 'EAN13', data: '6901234567890' }), 'BARCODE_BAD_CHECK_DIGIT');
    expectInputError(one({ type: 'barcode', symbology: 'CODE39', data: 'abc' }), 'BARCODE_BAD_DATA');
    expectInputError(one({ type: 'barcode', symbology: 'ITF', data: '123' }), 'BARCODE_BAD_DATA');
    expectInputError(one({ type: 'barcode', symbology: 'CODABAR', data: '1234' }), 'BARCODE_BAD_DATA');
    expectInputError(one({ type: 'barcode', symbology: 'CODE128', data: '中文' }), 'BARCODE_BAD_DATA');
    expectInputError(one({ type: 'barcode', symbology: 'QR' as 'EAN8', data: '1' }), 'BARCODE_BAD_SYMBOLOGY');
    expectInputError(one({ type: 'barcode', symbology: 'EAN8', data: '1234567', height: 0 }), 'BARCODE_BAD_HEIGHT');
    expectInputError(one({ type: 'barcode', symbology: 'EAN8', data: '1234567', moduleWidth: 7 }), 'BARCODE_BAD_WIDTH');
  });
  it('refuses malformed or too wide images', () => {
    expectInputError(one({ type: 'image', width: 8, height: 2, bits: Uint8Array.of(1) }), 'IMAGE_BAD_SIZE');
    expectInputError(one({ type: 'image', width: 0, height: 0, bits: new Uint8Array(0) }), 'IMAGE_BAD_SIZE');
    expectInputError(one({ type: 'image', width: 584, height: 1, bits: new Uint8Array(73) }), 'IMAGE_TOO_WIDE');
  });
  it('refuses impossible feeds and unknown blocks', () => {
    expectInputError(one({ type: 'feed', lines: -1 }), 'FEED_BAD_LINES');
    expectInputError(one({ type: 'feed', lines: 1.5 }), 'FEED_BAD_LINES');
    expectInputError(one({ type: 'sparkle' } as unknown as Block), 'BAD_BLOCK');
  });
});
