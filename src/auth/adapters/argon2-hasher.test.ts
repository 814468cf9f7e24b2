import { describe, expect, it } from 'vitest';
import { IntegrityError } from '../../core/index.js';
import { Argon2idHasher } from './argon2-hasher.js';

describe('Argon2idHasher', () => {
  const hasher = new Argon2idHasher();

  it('hashes with argon2id v19, m=19456 KiB, t=2, p=1 and a random salt', async () => {
    const [a, b] = await Promise.all([hasher.hash('cashier pass'), hasher.hash('cashier pass')]);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(b).not.toBe(a);
    expect(a).not.toContain('cashier pass');
  });

  it('verifies the right password only', async () => {
    const hash = await hasher.hash('密码 with spaces');
    expect(await hasher.verify(hash, '密码 with spaces')).toBe(true);
    expect(await hasher.verify(hash, '密码 with space')).toBe(false);
    expect(await hasher.verify(hash, '')).toBe(false);
  });

  it('reports a damaged stored hash as PASSWORD_HASH_UNREADABLE, not as a wrong password', async () => {
    for (const damaged of ['plain text', '$argon2id$v=19$m=19456,t=2,p=1$xx$yy', '']) {
      const error = await hasher.verify(damaged, 'x').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IntegrityError);
      expect(error).toMatchObject({ code: 'PASSWORD_HASH_UNREADABLE', kind: 'integrity', hint: expect.stringContaining('set a new password') });
    }
  });
});
