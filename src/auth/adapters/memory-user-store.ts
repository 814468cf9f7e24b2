import type { InsertUserOutcome, LoginFailure, SessionRecord, UpdateUserOutcome, UserPatch, UserRecord, UserStore } from '../store.js';

/**
 * A UserStore in memory, for tests and throwaway demos: nothing survives the process.
 * Passes the same contract as the database adapters.
 */
export class MemoryUserStore implements UserStore {
  private readonly users = new Map<string, UserRecord>();
  private readonly sessions = new Map<string, SessionRecord>();
  private failures: LoginFailure[] = [];
  private nextFailureId = 1;

  async insertUser(user: UserRecord): Promise<InsertUserOutcome> {
    if (this.users.has(user.name)) return 'name-taken';
    if (user.operatorNo !== null && this.operatorNoTaken(user.operatorNo, user.name)) return 'operator-no-taken';
    this.users.set(user.name, { ...user });
    return 'created';
  }

  async insertFirstUser(user: UserRecord): Promise<boolean> {
    if (this.users.size > 0) return false;
    this.users.set(user.name, { ...user });
    return true;
  }

  async getUser(name: string): Promise<UserRecord | undefined> {
    const user = this.users.get(name);
    return user ? { ...user } : undefined;
  }

  async userByOperatorNo(operatorNo: string): Promise<UserRecord | undefined> {
    const user = [...this.users.values()].find((u) => u.operatorNo === operatorNo);
    return user ? { ...user } : undefined;
  }

  async listUsers(): Promise<UserRecord[]> {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((u) => ({ ...u }));
  }

  async updateUser(name: string, patch: UserPatch): Promise<UpdateUserOutcome> {
    const user = this.users.get(name);
    if (!user) return 'not-found';
    if (patch.operatorNo !== undefined && patch.operatorNo !== null && this.operatorNoTaken(patch.operatorNo, name)) return 'operator-no-taken';
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.users.set(name, { ...user, ...defined });
    return 'updated';
  }

  async hasUsers(): Promise<boolean> {
    return this.users.size > 0;
  }

  async insertSession(session: SessionRecord): Promise<void> {
    if (this.sessions.has(session.tokenHash)) throw new Error('a session with this token hash already exists');
    this.sessions.set(session.tokenHash, { ...session });
  }

  async getSession(tokenHash: string): Promise<SessionRecord | undefined> {
    const session = this.sessions.get(tokenHash);
    return session ? { ...session } : undefined;
  }

  async touchSession(tokenHash: string, idleExpiresAt: number): Promise<boolean> {
    const session = this.sessions.get(tokenHash);
    if (!session) return false;
    session.idleExpiresAt = idleExpiresAt;
    return true;
  }

  async deleteSession(tokenHash: string): Promise<boolean> {
    return this.sessions.delete(tokenHash);
  }

  async deleteSessionsOf(userName: string): Promise<number> {
    return this.deleteSessionsWhere((s) => s.userName === userName);
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.deleteSessionsWhere((s) => s.idleExpiresAt <= now || s.absoluteExpiresAt <= now);
  }

  async recordAttempt(key: string, at: number, since: number): Promise<{ id: number; earlier: LoginFailure[] }> {
    const earlier = this.failures.filter((f) => f.key === key && f.at >= since).map((f) => ({ ...f }));
    const id = this.nextFailureId++;
    this.failures.push({ id, key, at });
    return { id, earlier };
  }

  async failuresOf(key: string, since: number): Promise<LoginFailure[]> {
    return this.failures.filter((f) => f.key === key && f.at >= since).map((f) => ({ ...f }));
  }

  async removeFailure(id: number): Promise<void> {
    this.failures = this.failures.filter((f) => f.id !== id);
  }

  async clearFailures(key: string): Promise<number> {
    return this.removeFailuresWhere((f) => f.key === key);
  }

  async pruneFailures(before: number): Promise<number> {
    return this.removeFailuresWhere((f) => f.at < before);
  }

  private operatorNoTaken(operatorNo: string, exceptName: string): boolean {
    return [...this.users.values()].some((u) => u.operatorNo === operatorNo && u.name !== exceptName);
  }

  private deleteSessionsWhere(test: (s: SessionRecord) => boolean): number {
    let n = 0;
    for (const [hash, session] of this.sessions) {
      if (test(session)) {
        this.sessions.delete(hash);
        n++;
      }
    }
    return n;
  }

  private removeFailuresWhere(test: (f: LoginFailure) => boolean): number {
    const before = this.failures.length;
    this.failures = this.failures.filter((f) => !test(f));
    return before - this.failures.length;
  }
}
