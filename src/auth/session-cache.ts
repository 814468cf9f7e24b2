import type { SessionRecord } from './store.js';

/**
 * Sessions (and their users) recently read from the store, so a busy client does not cost
 * two reads per request. An entry is trusted for `maxAgeMs` after it was read, then read
 * again: a change made by another process (a CLI disabling a user, another server's
 * logout) takes effect within that bound. Changes made through this process's AuthService
 * forget the entries they touch, so they take effect at once.
 */
export interface CachedSession<U> {
  session: SessionRecord;
  user: U;
  readAt: number;
}

export class SessionCache<U> {
  private readonly entries = new Map<string, CachedSession<U>>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The entry, if it was read from the store less than maxAgeMs before `now`. */
  fresh(tokenHash: string, now: number): CachedSession<U> | undefined {
    const entry = this.entries.get(tokenHash);
    if (entry === undefined) return undefined;
    if (now - entry.readAt < this.maxAgeMs && now >= entry.readAt) return entry;
    this.entries.delete(tokenHash);
    return undefined;
  }

  remember(tokenHash: string, session: SessionRecord, user: U, now: number): CachedSession<U> {
    this.entries.delete(tokenHash);
    // Oldest first in a Map's order: the one read longest ago makes room.
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const entry = { session, user, readAt: now };
    this.entries.set(tokenHash, entry);
    return entry;
  }

  forget(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  /** Forgets every session of one user (its password, role or state changed). */
  forgetUser(userName: string): void {
    for (const [tokenHash, entry] of this.entries) if (entry.session.userName === userName) this.entries.delete(tokenHash);
  }

  get size(): number {
    return this.entries.size;
  }
}
