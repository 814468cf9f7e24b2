import type { Role } from './roles.js';

/**
 * The UserStore port: the little a database must do for AuthService. The rules (validation,
 * passwords, throttling, expiry) live once in the service; adapters only move rows. Unlike
 * the journal these tables are mutable. The one SQL adapter (adapters/sql-user-store.ts) passes
 * test/support/user-store-contract.ts on SQLite and on PostgreSQL.
 * Times are epoch milliseconds.
 */

/** One user as stored, with the password hash; never handed out beyond the auth module. */
export interface UserRecord {
  /** Lower case; the key. */
  name: string;
  role: Role;
  /** Unique among users when set. */
  operatorNo: string | null;
  terminal: string | null;
  /** The stores the user may see, comma-separated store ids; null for every store. */
  stores: string | null;
  disabled: boolean;
  passwordHash: string;
  createdAt: number;
  updatedAt: number;
}

/** The fields an update may change; `updatedAt` always. */
export interface UserPatch {
  role?: Role;
  operatorNo?: string | null;
  terminal?: string | null;
  stores?: string | null;
  disabled?: boolean;
  passwordHash?: string;
  updatedAt: number;
}

export type InsertUserOutcome = 'created' | 'name-taken' | 'operator-no-taken';
export type UpdateUserOutcome = 'updated' | 'not-found' | 'operator-no-taken';

/** What changeUser did; `before` is the user as it was, when found. */
export interface UserChange {
  outcome: UpdateUserOutcome;
  before?: UserRecord;
}

/** A signed-in session. Only the SHA-256 of its token is stored. */
export interface SessionRecord {
  /** Hex SHA-256 of the token; the key. */
  tokenHash: string;
  userName: string;
  /** Fingerprint of the password hash the session was opened with: a changed password ends it. */
  stamp: string;
  createdAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
}

/** One failed (or still running) sign-in attempt against a throttle key. */
export interface LoginFailure {
  /** Increasing in insertion order within a store. */
  id: number;
  key: string;
  at: number;
  /** Whose name was tried (an opaque key), when the attempt said. */
  subject: string | null;
  /** Where the attempt came from (an opaque key), when the attempt said. */
  source: string | null;
}

/** What an attempt is about beyond its throttle key: whose name, and from where (both opaque keys). */
export interface AttemptTags {
  subject?: string;
  source?: string;
}

export interface UserStore {
  /** Adds a user unless the name (or a set operator no.) is taken. */
  insertUser(user: UserRecord): Promise<InsertUserOutcome>;
  /** Adds `user` only while there are no users at all, atomically (two first admins cannot both win). */
  insertFirstUser(user: UserRecord): Promise<boolean>;
  getUser(name: string): Promise<UserRecord | undefined>;
  userByOperatorNo(operatorNo: string): Promise<UserRecord | undefined>;
  /** Every user, ordered by name. */
  listUsers(): Promise<UserRecord[]>;
  updateUser(name: string, patch: UserPatch): Promise<UpdateUserOutcome>;
  /**
   * Changes one user in one write, serialised with every other change to who is a user
   * or an admin: `decide` sees the user as stored and how many other enabled admins there
   * are, and returns the patch — or throws to refuse, leaving everything as it was.
   */
  changeUser(name: string, decide: (user: UserRecord, otherEnabledAdmins: number) => UserPatch): Promise<UserChange>;
  hasUsers(): Promise<boolean>;

  insertSession(session: SessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRecord | undefined>;
  /** Moves the idle expiry; false when the session is gone. */
  touchSession(tokenHash: string, idleExpiresAt: number): Promise<boolean>;
  deleteSession(tokenHash: string): Promise<boolean>;
  /** Ends every session of one user; returns how many. */
  deleteSessionsOf(userName: string): Promise<number>;
  /** Removes sessions whose idle or absolute expiry is at or before `now`. */
  deleteExpiredSessions(now: number): Promise<number>;
  /**
   * Calls `onChange` within milliseconds of any process on the same database (this one too)
   * ending a session or changing a user (updateUser, changeUser, deleteSession,
   * deleteSessionsOf), and when the watch broke and a change may have been missed; until the
   * store closes. A store that cannot tell leaves it out: AuthService then keeps to
   * sessionCacheMs alone.
   */
  watchChanges?(onChange: () => void): () => void;

  /**
   * Records one attempt and returns its id with the key's earlier attempts (at or after
   * `since`, in id order), atomically: of two attempts on one key at the same moment, the
   * later sees the earlier. Throttling counts on this.
   */
  recordAttempt(key: string, at: number, since: number, tags?: AttemptTags): Promise<{ id: number; earlier: LoginFailure[] }>;
  /** A key's attempts at or after `since`, in id order. */
  failuresOf(key: string, since: number): Promise<LoginFailure[]>;
  removeFailure(id: number): Promise<void>;
  clearFailures(key: string): Promise<number>;
  /** Forgets every attempt on one subject, under any key (a password reset lifts every lock on a name). */
  clearSubject(subject: string): Promise<number>;
  /** Forgets attempts before `before`. */
  pruneFailures(before: number): Promise<number>;
}
