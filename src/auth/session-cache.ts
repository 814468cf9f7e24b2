import type { SessionRecord } from './store.js';

/**
 * Sessions (and their users) recently read from the store, so a busy client does not cost
 * two reads per request. Changes made through this process's AuthService forget the entries
 * they touch, so they take effect at once; a change made by another process (a CLI disabling
 * a user, another server's logout) makes the store's watch forget every entry within
 * milliseconds (UserStore.watchChanges). An entry is trusted for `maxAgeMs` after it was
 * read at most, then read again: the bound should a store not watch, or a watch miss one.
 */
export interface CachedSession<U> {
  session: SessionRecord;
  user: U;
  readAt: number;
}

export class SessionCache<U> {
  private readonly entries = new Map<string, CachedSession<U>>();
  /**
   * Moves on with every forget: a session read from the store before a logout, a disable or
   * a new password finished must not be remembered after it (it would outlive the change by
   * maxAgeMs), so a reader takes the generation before it reads and remembers only if no
   * forget came in between.
   */
  private forgets = 0;

  /** Taken before reading a session from the store, given back to `remember`. */
  get generation(): number {
    return this.forgets;
  }

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

  /** Keeps what was read, unless something was forgotten since `generation` was taken (then it is read again next time). */
  remember(tokenHash: string, session: SessionRecord, user: U, now: number, generation: number): CachedSession<U> {
    this.entries.delete(tokenHash);
    const entry = { session, user, readAt: now };
    if (generation !== this.forgets) return entry;
    // Oldest first in a Map's order: the one read longest ago makes room.
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(tokenHash, entry);
    return entry;
  }

  forget(tokenHash: string): void {
    this.forgets++;
    this.entries.delete(tokenHash);
  }

  /** Forgets every entry: something changed elsewhere, and the store did not say what. */
  forgetAll(): void {
    this.forgets++;
    this.entries.clear();
  }

  /** Forgets every session of one user (its password, role or state changed). */
  forgetUser(userName: string): void {
    this.forgets++;
    for (const [tokenHash, entry] of this.entries) if (entry.session.userName === userName) this.entries.delete(tokenHash);
  }

  get size(): number {
    return this.entries.size;
  }
}
