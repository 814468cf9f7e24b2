/**
 * fast-check generators of receipt documents that a printer profile can print (test support).
 */
import fc from 'fast-check';
import { displayWidth, type Block, type ReceiptDocument, type TextRun, type TextStyle } from '../../src/receipt/index.js';
import { checkDigit, type PrinterProfile } from '../../src/escpos/index.js';
import { ZH } from './escpos-fixtures.js';

const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const chinese = fc.constantFrom(...ZH);
const char = fc.oneof({ weight: 3, arbitrary: ascii }, { weight: 2, arbitrary: chinese }, { weight: 1, arbitrary: fc.constant('¥') });
const text = (max: number) => fc.array(char, { maxLength: max }).map((cs) => cs.join(''));

const style: fc.Arbitrary<TextStyle | undefined> = fc.option(
  fc.record(
    {
      bold: fc.boolean(),
      underline: fc.boolean(),
      width: fc.constantFrom(1 as const, 2 as const),
      height: fc.constantFrom(1 as const, 2 as const),
      invert: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const align = fc.option(fc.constantFrom('left' as const, 'center' as const, 'right' as const), { nil: undefined });

/** Cuts runs so the line fits the paper, as layout would. */
function fit(runs: TextRun[], columns: number): TextRun[] {
  let room = columns;
  const out: TextRun[] = [];
  for (const run of runs) {
    const scale = run.style?.width === 2 ? 2 : 1;
    let kept = '';
    for (const ch of run.text) {
      const w = displayWidth(ch) * scale;
      if (w > room) break;
      kept += ch;
      room -= w;
    }
    out.push(run.style ? { text: kept, style: run.style } : { text: kept });
  }
  return out;
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const withCheck = (n: number) => digits(n).map((d) => d + String(checkDigit(d)));
const fromSet = (set: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...set), { minLength: min, maxLength: max }).map((cs) => cs.join(''));

const barcode: fc.Arbitrary<Block> = fc
  .oneof(
    fc.record({ symbology: fc.constant('EAN13' as const), data: fc.oneof(digits(12), withCheck(12)) }),
    fc.record({ symbology: fc.constant('EAN8' as const), data: fc.oneof(digits(7), withCheck(7)) }),
    fc.record({ symbology: fc.constant('UPCA' as const), data: fc.oneof(digits(11), withCheck(11)) }),
    fc.record({ symbology: fc.constant('CODE39' as const), data: fromSet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ -.$/+%', 1, 16) }),
    fc.record({ symbology: fc.constant('ITF' as const), data: fc.integer({ min: 1, max: 8 }).chain((n) => digits(n * 2)) }),
    fc.record({ symbology: fc.constant('CODABAR' as const), data: fromSet('0123456789-$:/.+', 1, 12).map((d) => `A${d}B`) }),
    fc.record({ symbology: fc.constant('CODE128' as const), data: fc.array(ascii, { minLength: 1, maxLength: 24 }).map((cs) => cs.join('')) }),
  )
  .chain((b) =>
    fc.record({
      type: fc.constant('barcode' as const),
      symbology: fc.constant(b.symbology),
      data: fc.constant(b.data),
      height: fc.integer({ min: 1, max: 255 }),
      moduleWidth: fc.integer({ min: 1, max: 4 }),
      hri: fc.boolean(),
      align,
    }),
  )
  .map((b) => b as Block);

export function blockArbitrary(profile: PrinterProfile): fc.Arbitrary<Block> {
  const { columns } = profile.paper;
  const textBlock: fc.Arbitrary<Block> = fc
    .record({ runs: fc.array(fc.record({ text: text(24), style }, { requiredKeys: ['text'] }), { maxLength: 4 }), align })
    .map(({ runs, align: a }) => ({ type: 'text', runs: fit(runs as TextRun[], columns), ...(a ? { align: a } : {}) }));
  const qr: fc.Arbitrary<Block> = fc.record({
    type: fc.constant('qr' as const),
    data: text(40).filter((d) => d.length > 0),
    size: fc.integer({ min: 1, max: 4 }),
    ecc: fc.constantFrom('L' as const, 'M' as const, 'Q' as const, 'H' as const),
    align,
  });
  const image: fc.Arbitrary<Block> = fc
    .record({ width: fc.integer({ min: 1, max: 40 }), height: fc.integer({ min: 1, max: 8 }) })
    .chain(({ width, height }) =>
      fc.uint8Array({ minLength: Math.ceil(width / 8) * height, maxLength: Math.ceil(width / 8) * height }).map((bits) => ({ type: 'image' as const, width, height, bits })),
    );
  const others: fc.Arbitrary<Block>[] = [
    fc.constantFrom<Block>({ type: 'rule' }, { type: 'rule', char: '=' }, { type: 'rule', char: '*' }, { type: 'rule', char: '.' }),
    fc.integer({ min: 0, max: 4 }).map((lines): Block => ({ type: 'feed', lines })),
    fc.boolean().map((partial): Block => ({ type: 'cut', partial })),
  ];
  if (profile.drawer) others.push(fc.constantFrom<Block>({ type: 'drawer' }, { type: 'drawer', pin: 5 }));
  return fc.oneof({ weight: 8, arbitrary: textBlock }, { weight: 2, arbitrary: qr }, { weight: 2, arbitrary: barcode }, { weight: 1, arbitrary: image }, ...others);
}

export function documentArbitrary(profile: PrinterProfile): fc.Arbitrary<ReceiptDocument> {
  return fc.array(blockArbitrary(profile), { maxLength: 24 }).map((blocks) => ({ columns: profile.paper.columns, dots: profile.paper.dots, blocks }));
}
