import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseTransaction } from '../core/index.js';
import { sale, retailSale } from '../../test/support/fixtures.js';
import { PACKED_V1, packPayload, packPayloadEnding, packSaleText, unpackPayload } from './packed-payload.js';

const payloadOf = (tx: unknown, extra = '') => `{"id":"x-1",${extra}"transaction":${canonicalJson(tx)}}`;

describe('packed payloads', () => {
  it('packs a sale to about half and unpacks it to the exact canonical text', () => {
    for (const text of [payloadOf(parseTransaction(sale())), payloadOf(parseTransaction(retailSale()), '"originalId":"a-b-c","recordedBy":{"user":"李娜","via":"http"},')]) {
      const packed = packPayload(text);
      expect(packed.startsWith(PACKED_V1)).toBe(true);
      expect(Buffer.byteLength(packed)).toBeLessThan(Buffer.byteLength(text) * 0.7);
      expect(unpackPayload(packed)).toBe(text);
    }
  });

  it('gives back any text without raw control characters, tokens inside values included', () => {
    const tokenish = fc.constantFrom('"amount":', '","name":"', '.00', '+08:00', '"},{', '银联商务', '\\"', '{"id":"', 'China UMS', '"');
    const text = fc.array(fc.oneof(tokenish, fc.string(), fc.string({ unit: 'grapheme' })), { maxLength: 12 }).map((parts) => parts.join('').replace(/[\u0000-\u001f]/g, ''));
    fc.assert(fc.property(text, (t) => unpackPayload(packPayload(t)) === t), { numRuns: 500 });
  });

  it('keeps text that is not canonical JSON (a raw control character) as it is, and reads unpacked rows as they are', () => {
    expect(packPayload('{"a":"\u0002"}')).toBe('{"a":"\u0002"}');
    expect(unpackPayload('{"id":"x"}')).toBe('{"id":"x"}');
  });

  it('turns a code no version wrote into U+FFFD, so an altered row cannot hash as the original', () => {
    expect(unpackPayload(`${PACKED_V1}a\u001f\u00ffb`)).toBe('a\ufffdb');
    expect(unpackPayload(`${PACKED_V1}a\u001f`)).toBe('a\ufffd');
    expect(unpackPayload(`${PACKED_V1}a\u0000b`)).toBe('a\ufffdb');
  });

  describe('a sale\'s text packed ahead (packSaleText, packPayloadEnding)', () => {
    const heads = ['', '"originalId":"a-b-c",', '"recordedBy":{"user":"李娜","via":"http"},', '"originalId":"1-2-3","recordedBy":{"user":"\\"amount\\":","via":"cli"},'];

    it('gives the bytes packPayload gives for the whole payload, whatever comes before the sale', () => {
      for (const input of [sale(), retailSale(), sale({ kind: 'void', voucherNo: '000460', original: { voucherNo: '000457' } })]) {
        const text = canonicalJson(parseTransaction(input));
        const tail = packSaleText(text);
        expect(tail).toBeDefined();
        for (const head of heads) {
          const payload = payloadOf(parseTransaction(input), head);
          expect(packPayloadEnding(payload, tail!)).toBe(packPayload(payload));
        }
      }
    });

    it('unpacks to the whole payload for any head and any text after the sale\'s first member', () => {
      const free = fc.string({ unit: 'grapheme' }).map((t) => t.replace(/[\u0000-\u001f]/g, ''));
      const tokenish = fc.constantFrom('","transaction":{"amount":"', '"transaction":', '{"amount":"', '"}}', '"},', '{"id":"', '"');
      const part = fc.array(fc.oneof(tokenish, free), { maxLength: 8 }).map((p) => p.join(''));
      fc.assert(
        fc.property(part, part, (head, rest) => {
          const text = `{"amount":"${rest}`;
          const tail = packSaleText(text);
          if (!tail) return false;
          const payload = `${head}${text}}`;
          return unpackPayload(packPayloadEnding(payload, tail)) === payload;
        }),
        { numRuns: 1000 },
      );
    });

    it('packs nothing ahead for text that does not start as a sale does or holds a raw control character', () => {
      expect(packSaleText('')).toBeUndefined();
      expect(packSaleText('{"batchNo":"000128"}')).toBeUndefined();
      expect(packSaleText('{"amount":"1.00","note":"\u0002"}')).toBeUndefined();
    });

    it('falls back to packing the whole payload for a head with a raw control character or a tail longer than the payload', () => {
      const tail = packSaleText('{"amount":"1.00"}')!;
      const raw = '{"id":"\u0003","transaction":{"amount":"1.00"}}';
      expect(packPayloadEnding(raw, tail)).toBe(raw);
      expect(packPayloadEnding('"}}', tail)).toBe(packPayload('"}}'));
      expect(unpackPayload(packPayloadEnding('"}}', tail))).toBe('"}}');
    });
  });
});
