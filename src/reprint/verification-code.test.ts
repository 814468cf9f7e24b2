import { describe, expect, it } from 'vitest';
import { codeMatches, parseVerificationCode, verificationCode } from './verification-code.js';

const sale = { id: '10023456-000128-000457', hash: 'a'.repeat(64) };

describe('receipt verification codes', () => {
  it('names the sale and the copy, and checks only with the right key and hash', () => {
    const code = verificationCode('k1', sale, 2);
    expect(code).toMatch(/^10023456-000128-000457\.2\.[0-9A-Z]{16}$/);
    const parsed = parseVerificationCode(code);
    expect(parsed).toMatchObject({ saleId: sale.id, copy: 2 });
    expect(codeMatches('k1', sale, parsed)).toBe(true);
    expect(codeMatches('k2', sale, parsed)).toBe(false);
    expect(codeMatches('k1', { ...sale, hash: 'b'.repeat(64) }, parsed)).toBe(false);
    expect(codeMatches('k1', sale, { ...parsed, copy: 3 })).toBe(false);
  });

  it('reads a code out of a scanned link', () => {
    const code = verificationCode('k1', sale, 0);
    expect(parseVerificationCode(`https://shop.example/v/${code}`).saleId).toBe(sale.id);
  });

  it('refuses what is not a code, with a hint', () => {
    expect(() => parseVerificationCode('hello')).toThrow(expect.objectContaining({ code: 'BAD_VERIFICATION_CODE', hint: expect.stringContaining('QR') }));
  });
});
