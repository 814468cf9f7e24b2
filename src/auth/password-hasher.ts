/**
 * The PasswordHasher port: turns a password into a self-describing hash string and checks
 * a password against one. The real adapter (argon2id, adapters/argon2-hasher.ts) is chosen
 * by the composition root; the service never knows which algorithm it talks to.
 */
export interface PasswordHasher {
  /** A new salted hash of `password`; two calls give two different strings. */
  hash(password: string): Promise<string>;
  /** True when `password` is the one `hash` was made from. */
  verify(hash: string, password: string): Promise<boolean>;
}

/** The argon2id cost Reissue uses (OWASP's first recommendation): 19 MiB, 2 passes, 1 lane. */
export const ARGON2ID_PARAMS = Object.freeze({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
