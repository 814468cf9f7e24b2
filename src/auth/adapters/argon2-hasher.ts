import { hash, verify } from '@node-rs/argon2';
import { IntegrityError } from '../../core/index.js';
import { ARGON2ID_PARAMS, type PasswordHasher } from '../password-hasher.js';

/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, so spelt out here). */
const ARGON2ID = 2;

/**
 * The real PasswordHasher: argon2id, m=19456 KiB, t=2, p=1, a 16-byte random salt, as a PHC
 * string "$argon2id$v=19$m=19456,t=2,p=1$salt$hash". About 20–30 ms per call, off the main
 * thread. A stored hash it cannot read is an IntegrityError (PASSWORD_HASH_UNREADABLE), not
 * a wrong password.
 */
export class Argon2idHasher implements PasswordHasher {
  async hash(password: string): Promise<string> {
    return hash(password, { algorithm: ARGON2ID, ...ARGON2ID_PARAMS });
  }

  async verify(stored: string, password: string): Promise<boolean> {
    if (!stored.startsWith('$argon2')) throw unreadable();
    try {
      return await verify(stored, password);
    } catch (error) {
      throw unreadable(error);
    }
  }
}

function unreadable(cause?: unknown): IntegrityError {
  return new IntegrityError('PASSWORD_HASH_UNREADABLE', 'a stored password hash is damaged or not an argon2 hash', {
    hint: 'the users table was changed outside Reissue; have an admin set a new password for this user',
    cause,
  });
}
