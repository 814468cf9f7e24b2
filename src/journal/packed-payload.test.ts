import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseTransaction } from '../core/index.js';
import { sale, retailSale } from '../../test/support/fixtures.js';
import { PACKED_V1, packPayload, unpackPayload } from './packed-payload.js';

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
});
