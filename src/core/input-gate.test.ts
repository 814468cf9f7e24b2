import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectInput } from './input-gate.js';

/** The characters no text may hold, as the gate's rule states them (C0/C1 controls, bidi overrides, unpaired surrogates). */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Code units around the edges of every forbidden range, surrogates alone and in pairs, and plain text. */
const unitArb = fc.oneof(
  fc.constantFrom(0x00, 0x09, 0x1f, 0x20, 0x41, 0x7e, 0x7f, 0x9f, 0xa0, 0x2029, 0x202a, 0x202e, 0x202f, 0x2065, 0x2066, 0x2069, 0x206a, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0x4e2d, 0xfffd),
  fc.integer({ min: 0, max: 0xffff }),
);
const textArb = fc.array(unitArb, { maxLength: 12 }).map((units) => String.fromCharCode(...units));

describe('inspectInput', () => {
  it('refuses a text exactly when the rule finds a forbidden character in it, and names the first one', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const found = inspectInput({ note: text });
        // A text the card check refuses first says nothing about its characters.
        if (found?.reason === 'pan' || found?.reason === 'track-data') return;
        const bad = FORBIDDEN.exec(text);
        expect(found).toEqual(bad ? { path: 'note', reason: 'forbidden-character', character: codePoint(bad[0]) } : undefined);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a card number written with URL escapes in free text, as a form or a link would decode it', () => {
    expect(inspectInput({ reasonText: '卡号 4111%2D1111%2D1111%2D1111' })).toEqual({ path: 'reasonText', reason: 'pan' });
    expect(inspectInput({ reasonText: 'card%204111%25201111%25201111%25201111' })).toEqual({ path: 'reasonText', reason: 'pan' });
    expect(inspectInput({ reasonText: '打折 50%25，2026%2D11%2D27' })).toBeUndefined();
  });

  it('walks keys before values and reports the first refusal in document order', () => {
    expect(inspectInput({ a: 'x\u0000', cvv: '123' })).toEqual({ path: 'cvv', reason: 'secret-field' });
    expect(inspectInput({ items: [{ name: 'ok' }, { name: 'bad\u202e' }], z: '\u0007' })).toEqual({ path: 'items[1].name', reason: 'forbidden-character', character: 'U+202E' });
    expect(inspectInput({ note: 'ok', skip: '\u0000' }, '', { skipKeys: new Set(['skip']) })).toBeUndefined();
  });

  it('asks for an exemption only for text that could hold a card number, and honours it', () => {
    const asked: string[] = [];
    const exempt = (path: string) => {
      asked.push(path);
      return path === 'sku';
    };
    expect(inspectInput({ name: 'Latte', sku: '4111111111111111', card: '4111111111111111' }, '', { exempt })).toEqual({ path: 'card', reason: 'pan' });
    expect(asked).toEqual(['sku', 'card']);
  });
});

describe('inspectInput asks an exemption only for what it would refuse', () => {
  it('builds no path and asks nothing for numbers too small to be a card number, however long the path', () => {
    const asked: string[] = [];
    const exempt = (path: string) => (asked.push(path), false);
    let deep: unknown = { [`k${'x'.repeat(1000)}`]: Array<number>(1000).fill(12.5) };
    for (let i = 0; i < 20; i++) deep = { a: deep };
    expect(inspectInput(deep, '', { exempt })).toBeUndefined();
    expect(asked).toEqual([]);
    // A number that is a card number is still asked about, by its path, and refused.
    expect(inspectInput({ items: [{ quantity: 4111111111111111 }] }, '', { exempt })).toEqual({ path: 'items[0].quantity', reason: 'pan' });
    expect(asked).toEqual(['items[0].quantity']);
  });
});

describe('inspectInput tells of a whole sale id whose digits hold a card number, and lets it by', () => {
  // 4111 1111 1111 1111 across terminal, batch and voucher, two digits each side.
  const hiding = '99411111-111111-111199';

  it('calls idHidingCardNumber with its path and id when read as whole', () => {
    const told: [string, string][] = [];
    const found = inspectInput({ locate: { id: hiding }, note: 'ok' }, '', { idHidingCardNumber: (path, id) => void told.push([path, id]) });
    expect(found).toBeUndefined();
    expect(told).toEqual([['locate.id', hiding]]);
  });

  it('never for an id whose digits hold none, nor where ids are read otherwise', () => {
    const told: string[] = [];
    const tell = (path: string) => void told.push(path);
    expect(inspectInput({ id: '10023456-000128-000457', other: `see ${hiding.slice(0, 8)}` }, '', { idHidingCardNumber: tell })).toBeUndefined();
    expect(inspectInput({ id: hiding }, '', { idHidingCardNumber: tell, saleIds: 'never' })).toMatchObject({ path: 'id', reason: 'pan' });
    expect(inspectInput({ id: hiding }, '', { idHidingCardNumber: tell, saleIds: 'anywhere' })).toBeUndefined();
    expect(told).toEqual([]);
  });

  it('reads an id typed with the dash letters of an input method (ー 一 ㄧ) as the id it is, as with hyphens (found by a review helper)', () => {
    // Read as one run of digits, one such id in ten was refused as a card number; with hyphens, the id is looked up.
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^\d{6}$/), fc.constantFrom('ー', '一', 'ㄧ'), (terminal, batch, voucher, dash) => {
        const told: string[] = [];
        const tell = (_: string, id: string) => void told.push(id);
        const typed = inspectInput({ id: [terminal, batch, voucher].join(dash) }, '', { idHidingCardNumber: tell });
        const hyphens = inspectInput({ id: [terminal, batch, voucher].join('-') }, '', { idHidingCardNumber: tell });
        expect(typed).toEqual(hyphens);
        expect(told[0]).toBe(told[1]);
      }),
      { numRuns: 2000 },
    );
    expect(inspectInput({ id: hiding.replaceAll('-', 'ー') }, '', { idHidingCardNumber: () => undefined })).toBeUndefined();
  });

  it('refuses one whose card number reaches past the id, whatever id is in front', () => {
    const told: string[] = [];
    const tell = (path: string) => void told.push(path);
    for (const text of [`10023456-000128-000457.x.${hiding}`, `AAAAAAAA-000000-000000.41111111.11111111`]) {
      expect(inspectInput({ id: text }, '', { idHidingCardNumber: tell }), text).toMatchObject({ path: 'id', reason: 'pan' });
      expect(inspectInput({ id: text }), text).toMatchObject({ path: 'id', reason: 'pan' });
    }
    expect(told).toEqual([]);
  });
});
