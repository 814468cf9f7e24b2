import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { containsPan } from '../core/index.js';
import { encodeEscPos, parseToDocument } from '../escpos/index.js';
import { renderText, type Block } from '../receipt/index.js';
import { cardNumber, fullWidth, grouped } from '../../test/support/card-numbers.js';
import { holdsCardAnywhere, maskEveryDigit, maskJobBytes } from './pan-bytes.js';
import { maskPanText } from './pan-text.js';

const KANJI = { kanjiDefault: true };
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const printed = (bytes: Uint8Array) => renderText(parseToDocument(bytes, KANJI).doc);
const b = (...parts: (number | string | Uint8Array)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : typeof p === 'string' ? [...iconv.encode(p, 'gb18030')] : [...p])));
const job = (blocks: Block[]) => encodeEscPos({ columns: 48, dots: 576, blocks: [...blocks, { type: 'cut', partial: true }] }, 'generic-80');
const line = (text: string): Block => ({ type: 'text', runs: [{ text }] });

const PAN = cardNumber('622588123456789');
const VISA = cardNumber('411111111111111');

/** Nothing but masked digits changed: every other byte is the original's. */
function changedOnlyDigits(before: Uint8Array, after: Uint8Array): void {
  expect(after.length).toBe(before.length);
  for (let i = 0; i < before.length; i++) {
    if (before[i] !== after[i]) expect([0x2a, 0xa3, 0xaa, 0xef, 0xbc, 0x8a]).toContain(after[i]);
  }
}

function expectClean(bytes: Uint8Array): void {
  expect(containsPan(latin1(bytes))).toBe(false);
  expect(containsPan(printed(bytes))).toBe(false);
}

describe('maskJobBytes', () => {
  it('masks a card number in the text in place, keeping the first six and last four digits', () => {
    const original = job([line('卡号(CARD NO):'), line(`  ${PAN} /C`), line('金额(AMOUNT): RMB 128.50')]);
    const { bytes, numbers } = maskJobBytes(original, KANJI);
    expect(numbers).toBe(1);
    changedOnlyDigits(original, bytes);
    expectClean(bytes);
    expect(printed(bytes)).toContain(`  ${PAN.slice(0, 6)}******${PAN.slice(-4)} /C`);
    expect(printed(bytes)).toContain('金额(AMOUNT): RMB 128.50');
  });

  it('masks numbers written in groups of four, with dashes, and two on one slip', () => {
    const original = job([line(`CARD ${grouped(PAN)}`), line(`VISA ${grouped(VISA, '-')}`)]);
    const { bytes, numbers } = maskJobBytes(original, KANJI);
    expect(numbers).toBe(2);
    expectClean(bytes);
    expect(printed(bytes)).toContain(`CARD 6225 88** **** ${PAN.slice(-4)}`);
    expect(printed(bytes)).toContain(`VISA 4111-11**-****-${VISA.slice(-4)}`);
  });

  it('masks digits split by commands (bold, size, underline in the middle of the number)', () => {
    const original = b(0x1b, 0x40, `No ${PAN.slice(0, 5)}`, 0x1b, 0x45, 1, PAN.slice(5, 11), 0x1d, 0x21, 0x11, PAN.slice(11), 0x1b, 0x45, 0, 0x0a, 0x1d, 0x56, 0x42, 0);
    const { bytes } = maskJobBytes(original, KANJI);
    changedOnlyDigits(original, bytes);
    expectClean(bytes);
    expect(printed(bytes)).toContain(`No ${PAN.slice(0, 6)}******${PAN.slice(-4)}`);
    // The commands between the digits are untouched.
    expect(bytes.subarray(-4)).toEqual(Uint8Array.of(0x1d, 0x56, 0x42, 0));
  });

  it('masks full-width GB18030 digits with full-width stars, so the line keeps its width', () => {
    const original = b(0x1b, 0x40, 0x1c, 0x26, `卡号：${fullWidth(PAN)}`, 0x0a);
    const { bytes } = maskJobBytes(original, KANJI);
    changedOnlyDigits(original, bytes);
    expectClean(bytes);
    expect(printed(bytes)).toContain(`卡号：${fullWidth(PAN.slice(0, 6))}＊＊＊＊＊＊${fullWidth(PAN.slice(-4))}`);
  });

  it('masks a number in barcode and QR data, which the printed text only shows decoded', () => {
    const original = job([line('MEMBER'), { type: 'barcode', symbology: 'CODE128', data: PAN }, { type: 'qr', data: `pan=${VISA}` }]);
    const { bytes, numbers } = maskJobBytes(original, KANJI);
    expect(numbers).toBeGreaterThanOrEqual(2);
    changedOnlyDigits(original, bytes);
    expectClean(bytes);
  });

  it('never shares memory with the job it was given, a Buffer included (the caller wipes it)', () => {
    const original = Buffer.from(job([line(`卡号 ${PAN}`)]));
    const { bytes } = maskJobBytes(original, KANJI);
    const kept = Buffer.from(bytes);
    original.fill(0);
    expect(Buffer.from(bytes)).toEqual(kept);
    expect(kept.some((b) => b !== 0)).toBe(true);
  });

  it('leaves a job without card numbers byte for byte alone, image data that reads as digits included', () => {
    const stripes = new Uint8Array(48).fill(0x30);
    const original = job([
      line('好又多超市 单号 S20261127-0457'),
      line('2026-11-27 14:32:05  Tel 021-12345678'),
      line('6225 88** **** 4242   合计 17.50'),
      { type: 'image', width: 64, height: 6, bits: stripes },
    ]);
    const { bytes, numbers } = maskJobBytes(original, KANJI);
    expect(numbers).toBe(0);
    expect(bytes).toEqual(original);
  });

  it('never leaves a card number, wherever and however one is written (property)', () => {
    const written = fc.tuple(fc.integer({ min: 13, max: 19 }), fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 })).chain(([length, first, rest]) => {
      const pan = cardNumber(`${first}${rest.join('').slice(0, length - 2)}`);
      return fc.constantFrom(pan, grouped(pan), grouped(pan, '-'), fullWidth(pan), fullWidth(grouped(pan, '　')));
    });
    const filler = fc.constantFrom('合计 17.50', '卡号:', 'Tel 021-12345678', '2026-11-27 14:32', '', 'VIP', '凭证号 000457');
    fc.assert(
      fc.property(filler, written, filler, fc.integer({ min: 0, max: 3 }), (before, pan, after, where) => {
        const blocks: Block[] = [line(before), line(pan), line(after)];
        if (where === 1) blocks.push({ type: 'barcode', symbology: 'CODE128', data: pan.replace(/[^0-9]/g, '') || '0' });
        if (where === 2) blocks.push({ type: 'qr', data: pan });
        const original = job(blocks);
        const { bytes } = maskJobBytes(original, KANJI);
        expect(bytes.length).toBe(original.length);
        expectClean(bytes);
      }),
      { numRuns: 200 },
    );
  });
});

describe('maskPanText', () => {
  it('masks in decoded text, character for character', () => {
    expect(maskPanText(`卡号 ${grouped(PAN)} 金额 12.50`)).toEqual({ text: `卡号 6225 88** **** ${PAN.slice(-4)} 金额 12.50`, count: 1 });
    expect(maskPanText('单号 S20261127-0457 Tel 021-12345678')).toEqual({ text: '单号 S20261127-0457 Tel 021-12345678', count: 0 });
  });
});

describe('maskEveryDigit', () => {
  it('reads every reading as the bytes were before any of them was masked: UTF-8 full-width digits become full-width stars', () => {
    // The Kanji reading masks bytes a UTF-8 reading also covers; a reading mapped after that would split the characters.
    const original = Uint8Array.from(Buffer.from(fullWidth(PAN), 'utf8'));
    for (const kanjiDefault of [true, false]) {
      expect(Buffer.from(maskEveryDigit(original, { kanjiDefault })).toString('utf8')).toBe('＊'.repeat(PAN.length));
    }
  });
});

describe('maskJobBytes: cost and GB18030', () => {
  it('masks 8 KiB of card numbers each on its own (a search over the whole job per number took about 8 s: bench/RESULTS.md times it)', () => {
    const numbers = Array.from({ length: 480 }, (_, i) => cardNumber(`62258812${String(i).padStart(7, '0')}`));
    const original = b(0x1b, 0x40, numbers.join('\n'), 0x0a);
    expect(original.length).toBeGreaterThan(8000);
    const { bytes, numbers: found } = maskJobBytes(original, KANJI);
    expect(found).toBe(480);
    expectClean(bytes);
    expect(printed(bytes).split('\n').slice(0, 2)).toEqual(numbers.slice(0, 2).map((n) => `${n.slice(0, 6)}******${n.slice(-4)}`));
  });

  it('masks a GB18030 receipt line holding a display that shows too much, and leaves the next line as printed (found by a review helper: every digit and 金 masked)', () => {
    const original = b(0x1b, 0x40, 0x1c, 0x26, '卡号 356833139822****** 7615482\n金额 128.50', 0x0a);
    const { bytes, numbers } = maskJobBytes(original, KANJI);
    expect(numbers).toBe(1);
    expectClean(bytes);
    expect(iconv.decode(Buffer.from(bytes.subarray(4)), 'gb18030')).toBe('卡号 356833************ 7615482\n金额 128.50\n');
  });

  it('never rewrites a byte of a four-byte GB18030 character that another reading takes for a digit', () => {
    // 감 is 83 36 84 33 in GB18030: read as Latin-1, "\x836\x843" puts digits beside the card number.
    for (const text of ['감사합니다 6225883378121631 감사합니다', '卡号 5240479191435002감사합니다', 'Phở 6225 8812 3456 4242']) {
      const original = b(0x1b, 0x40, 0x1c, 0x26, text, 0x0a);
      const { bytes, numbers } = maskJobBytes(original, KANJI);
      expect(numbers, text).toBe(1);
      expectClean(bytes);
      const after = iconv.decode(Buffer.from(bytes.subarray(4)), 'gb18030');
      expect(after.replace(/[0-9*]/g, ''), text).toBe(`${text}\n`.replace(/[0-9]/g, ''));
      const digits = text.replace(/\D/g, '');
      expect(after.replace(/[^0-9*]/g, ''), text).toBe(`${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`);
    }
  });

  it('masks the digits another reading joins across a four-byte GB18030 character around it, not the bytes inside it', () => {
    // 한국 is 83 36 84 33 83 35 …: the Latin-1 and UTF-8 readings read "4367 4223 6 3 5 … 6919 9232" as one number; the printed text, split by a word, holds none.
    for (const [text, shown] of [['4367 4223 한국 6919 9232', '4367 4223 한국 **** 9232'], ['4367 4261 한국 3151 0030', '4367 4261 한국 **** 0030']] as const) {
      const original = b(0x1b, 0x40, 0x1c, 0x26, text, 0x0a);
      const { bytes } = maskJobBytes(original, KANJI);
      expect(containsPan(latin1(bytes)), text).toBe(false);
      expect(iconv.decode(Buffer.from(bytes.subarray(4)), 'gb18030'), text).toBe(`${shown}\n`);
    }
  });

  it('masks a digit only a one-byte reading shows, inside a GB18030 character, as the whole character when nothing else hides the number', () => {
    // Every digit of this number is the second or fourth byte of a four-byte character (0x81 0x3d 0x81 0x3d): Latin-1 reads digits between C1 controls.
    const pan = VISA;
    const pairs: number[] = [];
    for (let i = 0; i < pan.length; i += 2) pairs.push(0x81, pan.charCodeAt(i), 0x81, pan.charCodeAt(i + 1));
    const original = b(0x1b, 0x40, Uint8Array.from(pairs), 0x0a);
    expect(containsPan(latin1(original))).toBe(true);
    const { bytes } = maskJobBytes(original, { kanjiDefault: false });
    expect(containsPan(latin1(bytes))).toBe(false);
    // Character by character: each four bytes are either untouched or all masks.
    for (let i = 2; i + 4 <= original.length - 1; i += 4) {
      const was = [...original.subarray(i, i + 4)];
      const now = [...bytes.subarray(i, i + 4)];
      expect(now.join() === was.join() || now.every((x) => x === 0x2a), `${was} -> ${now}`).toBe(true);
    }
  });
});

describe('maskJobBytes: a command whose stated length runs past its real end', () => {
  const zeros = (n: number) => new Uint8Array(n);
  // Each header claims more data than the POS sends: the receipt text after it is read as dots,
  // and the feeds after the cut complete the command (else it would be an unknown one, read as text).
  const short: [string, Uint8Array][] = [
    ['GS v 0 (40 rows said, 30 sent)', b(0x1d, 0x76, 0x30, 0, 72, 0, 40, 0, zeros(72 * 30))],
    ['ESC * (600 columns said, 450 sent)', b(0x1b, 0x2a, 33, 200, 0, zeros(3 * 150))],
    ['GS ( L fn 112 (40 rows said, 30 sent)', b(0x1d, 0x28, 0x4c, 74, 1, 0x30, 0x70, 0x30, 1, 1, 0x31, 64, 0, 40, 0, zeros(8 * 30))],
    ['GS 8 L fn 112 (40 rows said, 30 sent)', b(0x1d, 0x38, 0x4c, 74, 1, 0, 0, 0x30, 0x70, 0x30, 1, 1, 0x31, 64, 0, 40, 0, zeros(8 * 30))],
    ['FS q (one image of 8 × 5 said, fewer sent)', b(0x1c, 0x71, 1, 8, 0, 5, 0, zeros(8 * 5 * 8 - 120))],
    ['GS * (8 × 5 said, fewer sent)', b(0x1d, 0x2a, 8, 5, zeros(8 * 5 * 8 - 120))],
  ];

  for (const [name, picture] of short) {
    it(`masks a card number ${name} takes as picture data, in place`, () => {
      const original = b(0x1b, 0x40, 0x1c, 0x26, picture, '上海好又多超市\n卡号 CARD NO: ', PAN, ' /C\n金额 AMOUNT: RMB 36.50\n\n', 0x1d, 0x56, 0x42, 0, '\n'.repeat(800));
      expect(latin1(original)).toContain(PAN);
      expect(holdsCardAnywhere(original)).toBe(true);
      const { bytes, numbers } = maskJobBytes(original, KANJI);
      expect(numbers).toBe(1);
      changedOnlyDigits(original, bytes);
      expect(latin1(bytes)).toContain(`${PAN.slice(0, 6)}******${PAN.slice(-4)}`);
      expect(holdsCardAnywhere(bytes)).toBe(false);
      // A few dots change; the commands and what prints stay as they were.
      expect(printed(bytes)).toBe(printed(original));
    });
  }

  it('leaves a number alone where masking would change a command, and still finds it there', () => {
    // ESC & y c1 c2 [x d…]…: user-defined characters; the second's width byte (x) is the
    // number's tenth digit. Masking it would change how many bytes the command takes.
    const second = 0x30 + Number(PAN[9]);
    const original = b(0x1b, 0x40, 0x1b, 0x26, 3, 0x41, 0x42, 3, PAN.slice(0, 9), second, PAN.slice(10), zeros(3 * second - 6), 'THANK YOU\n', 0x1d, 0x56, 0x42, 0);
    expect(holdsCardAnywhere(original)).toBe(true);
    const { bytes } = maskJobBytes(original, KANJI);
    expect(bytes[8 + 9]).toBe(second);
    expect(holdsCardAnywhere(bytes)).toBe(true);
  });

  it('leaves a job alone whose pictures hold no card number', () => {
    const logo = b(0x1d, 0x76, 0x30, 0, 72, 0, 40, 0, Uint8Array.from({ length: 72 * 40 }, (_, i) => (i * 7919) & 0xff));
    const original = b(0x1b, 0x40, logo, `卡号 CARD NO: ${PAN.slice(0, 6)}******${PAN.slice(-4)}\n`, 0x1d, 0x56, 0x42, 0);
    expect(maskJobBytes(original, KANJI)).toEqual({ bytes: original, numbers: 0 });
    expect(holdsCardAnywhere(original)).toBe(false);
  });
});
