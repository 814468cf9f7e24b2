import { describe, expect, it } from 'vitest';
import { checkPassword, MAX_PASSWORD_LENGTH, parseAction, parseOperatorNo, parseTerminal, parseUserName } from './validation.js';
import { thrownBy } from '../../test/support/errors.js';

describe('validation', () => {
  it('keeps user names in lower case', () => {
    expect(parseUserName('Wang.Li')).toBe('wang.li');
    expect(parseUserName('cashier-07_b')).toBe('cashier-07_b');
    expect(parseUserName('a'.repeat(32))).toBe('a'.repeat(32));
  });

  it.each(['', 'a'.repeat(33), 'wang li', '王丽', 'x@y', 'a/b', undefined, 7])('refuses user name %j with INVALID_USER_NAME', (name) => {
    expect(() => parseUserName(name)).toThrow(expect.objectContaining({ code: 'INVALID_USER_NAME', kind: 'input', hint: expect.stringContaining('wang.li') }));
  });

  it.each(['4539148803436467', '4539.1488.0343.6467', '4539_1488_0343_6467', '4539-1488-0343-6467'])('refuses %j, a card number the name rules would allow, with PAN_NOT_MASKED (issue 9 item 7)', (name) => {
    expect(() => parseUserName(name)).toThrow(expect.objectContaining({ code: 'PAN_NOT_MASKED', kind: 'input' }));
  });

  it('reads a name in a sale id\'s shape as the digits it holds: 4111 1111 1111 1111 split into a batch, voucher and copy no.', () => {
    for (const name of ['AAAAAAAA-411111-111111.1111', 'abcdefgh-453914-880343.6467']) {
      expect(() => parseUserName(name)).toThrow(expect.objectContaining({ code: 'PAN_NOT_MASKED', kind: 'input' }));
    }
    // A name that only looks like an id, with digits no card number holds, is a name.
    expect(parseUserName('AAAAAAAA-000128-000457.2')).toBe('aaaaaaaa-000128-000457.2');
  });

  it('never echoes the digits of a refused name, operator no. or terminal', () => {
    for (const refuse of [() => parseUserName('4539 1488 0343 6467'), () => parseOperatorNo('4539148803436'), () => parseTerminal('٤٥٣٩١٤٨٨٠٣٤٣٦٤٦٧')]) {
      expect(refuse).toThrow(expect.objectContaining({ message: expect.not.stringMatching(/\p{Nd}{3}/u) }));
    }
  });

  it('accepts operator nos. and terminals as on transactions', () => {
    expect(parseOperatorNo('01')).toBe('01');
    expect(parseOperatorNo('A123456789')).toBe('A123456789');
    expect(parseTerminal('10023456')).toBe('10023456');
    expect(() => parseOperatorNo('')).toThrow(expect.objectContaining({ code: 'INVALID_OPERATOR_NO' }));
    expect(() => parseOperatorNo('12345678901')).toThrow(expect.objectContaining({ code: 'INVALID_OPERATOR_NO', hint: expect.stringContaining('操作员号') }));
    expect(() => parseTerminal('1002345')).toThrow(expect.objectContaining({ code: 'INVALID_TERMINAL', hint: expect.stringContaining('终端编号') }));
    expect(() => parseTerminal('1002-3456')).toThrow(expect.objectContaining({ code: 'INVALID_TERMINAL' }));
  });

  it('enforces the password rules without ever echoing the password', () => {
    expect(checkPassword('long enough', 'wang', 8)).toBe('long enough');
    expect(checkPassword('密码很长很长很长', 'wang', 8)).toBe('密码很长很长很长');
    const cases: [unknown, string, string][] = [
      ['short7!', 'WEAK_PASSWORD', 'min-length'],
      ['Wang.Li.', 'WEAK_PASSWORD', 'not-user-name'],
      ['x'.repeat(MAX_PASSWORD_LENGTH + 1), 'PASSWORD_TOO_LONG', 'max-length'],
      [undefined, 'WEAK_PASSWORD', 'required'],
    ];
    for (const [password, code, rule] of cases) {
      const caught = thrownBy(() => checkPassword(password, 'wang.li.', 8));
      expect(caught).toMatchObject({ code, kind: 'input', context: { rule } });
      expect((caught as { hint?: string }).hint).toBeTruthy();
      if (typeof password === 'string') expect(JSON.stringify({ ...(caught as object), message: (caught as Error).message })).not.toContain(password);
    }
    expect(() => checkPassword('1234567', 'x', 8)).toThrow('the password is too short: it has 7 characters and needs at least 8');
  });

  it('needs an action of 1–200 characters for an approval', () => {
    expect(parseAction('reprint 10023456-000128-000457')).toBe('reprint 10023456-000128-000457');
    for (const bad of ['', '   ', 'x'.repeat(201), undefined]) expect(() => parseAction(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ACTION' }));
  });
});
