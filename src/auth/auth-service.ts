import { createHash, createHmac } from 'node:crypto';
import { ConflictError, InputError, NotFoundError, assertSafeInput, parseStoreList } from '../core/index.js';
import type { AuditEvent, AuditEventType, AuditHook } from './audit.js';
import { ApprovalThrottledError, AuthenticationError, PermissionError, ThrottledError } from './errors.js';
import type { PasswordHasher } from './password-hasher.js';
import { can, isPermission, parseRole, Permissions, type Permission, type Role } from './roles.js';
import { SessionCache } from './session-cache.js';
import { authSettings, type AuthSettings } from './settings.js';
import type { LoginFailure, SessionRecord, UserPatch, UserRecord, UserStore } from './store.js';
import { attemptBuckets, lockOf, type ThrottleBucket, type ThrottleKind } from './attempt-buckets.js';
import { AuditQuota } from './audit-quota.js';
import { checkPassword, MAX_PASSWORD_LENGTH, parseAction, parseOperatorNo, parseTerminal, parseUserName } from './validation.js';

/** A user as the rest of Reissue sees one: no password hash. Times are ISO 8601 UTC. */
/** Idle expiry is pushed forward in steps of at least this much (or to the absolute limit). */
const SLIDE_STEP_MS = 60_000;

export interface User {
  name: string;
  role: Role;
  operatorNo?: string;
  terminal?: string;
  /** Head office: the only stores this user may see (absent: every store). */
  stores?: readonly string[];
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewUser {
  name: string;
  /** One of Roles; anything else is UNKNOWN_ROLE. */
  role: string;
  password: string;
  operatorNo?: string | null;
  terminal?: string | null;
  /** The stores the user may see ("SH-001,SH-002" or a list); absent or null for every store. */
  stores?: string | readonly string[] | null;
}

/** Fields to change; `null` clears operator no., terminal or the store limit, an absent field is kept. */
export interface UserChanges {
  role?: string;
  operatorNo?: string | null;
  terminal?: string | null;
  stores?: string | readonly string[] | null;
}

export interface LoginRequest {
  name: string;
  password: string;
  /** Who is asking (till id, network address): failures from one client are throttled too. */
  client?: string;
}

export interface SessionInfo {
  user: User;
  /** When the session ends if unused (moves on with every authenticate). */
  expiresAt: string;
  /** When the session ends however busy it is. */
  absoluteExpiresAt: string;
}

export interface LoginResult extends SessionInfo {
  /** The bearer token; shown once, stored only as its SHA-256. */
  token: string;
}

export interface ApprovalRequest {
  approver: string;
  password: string;
  /** Whose request is approved; nobody approves their own. */
  forUser: string;
  /** The one action approved, e.g. "reprint 10023456-000128-000457". */
  action: string;
  /** The permission the approver must hold; 'reprint.approve' unless said. */
  requires?: Permission;
  client?: string;
}

/** A supervisor's say-so for one action, to be journaled with it. */
export interface Approval {
  approver: string;
  role: Role;
  at: string;
  forUser: string;
  action: string;
}

export interface AuthServiceOptions {
  store: UserStore;
  hasher: PasswordHasher;
  /** Epoch milliseconds. */
  clock: () => number;
  /** `size` cryptographically random bytes (adapters/node-random.ts in production). */
  random: (size: number) => Uint8Array;
  settings?: Partial<AuthSettings>;
  onAudit?: AuditHook;
  /**
   * The secret of the keyed hash (HMAC-SHA256) that throttle keys are stored as, so that
   * login_failures never holds a name or an address as typed — a mistyped card number
   * included — and a plain hash of a guessed name cannot find it. Every process on one
   * database must use the same secret (the composition root derives it from the journal's
   * key); without one, a random secret of this service is used.
   */
  throttleKey?: Uint8Array;
}

const TOKEN_BYTES = 32;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** Names as typed are kept this long in throttle keys and audit events. */
const TYPED_NAME_MAX = 64;
/** Refused sign-ins journaled for one client in a failure window (15 min): a person mistyping never comes near it. */
const REFUSALS_JOURNALED = 50;
const CLIENT_MAX = 100;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** ISO texts of recent instants: every request of a session answers with the same two expiries. */
const isoTexts = new Map<number, string>();
const iso = (ms: number) => {
  let text = isoTexts.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (isoTexts.size >= 1024) isoTexts.clear();
    isoTexts.set(ms, text);
  }
  return text;
};
const stampOf = (passwordHash: string) => sha256(passwordHash).slice(0, 32);
const THROTTLE_KEY_BYTES = 32;

function toUser(record: UserRecord): User {
  return {
    name: record.name,
    role: record.role,
    ...(record.operatorNo === null ? {} : { operatorNo: record.operatorNo }),
    ...(record.terminal === null ? {} : { terminal: record.terminal }),
    ...(record.stores === null ? {} : { stores: record.stores.split(',') }),
    disabled: record.disabled,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
}

/** Stores as kept with the user: checked ids joined by commas, or null for every store. */
function storesText(stores: string | readonly string[] | null): string | null {
  if (stores === null) return null;
  return (typeof stores === 'string' ? parseStoreList(stores) : parseStoreList(stores.join(','))).join(',');
}

/** An admin manages users, their own limit included: a limit on an admin would limit nothing. */
function checkStoresOfRole(name: string, role: Role, stores: string | null): void {
  if (role !== 'admin' || stores === null) return;
  throw new InputError('STORES_NOT_FOR_ADMIN', `"${name}" is an admin: an admin sees every store`, {
    hint: 'limit a backoffice, auditor, supervisor or cashier user to some stores; leave admins unlimited',
    context: { user: name },
  });
}

function badCredentials(): AuthenticationError {
  // One error for a wrong name and a wrong password alike: nothing tells which it was.
  return new AuthenticationError('BAD_CREDENTIALS', 'wrong user name or password', {
    hint: 'check the user name and the password (passwords are case-sensitive); repeated failures lock sign-in for a while',
  });
}

function userNotFound(name: string): NotFoundError {
  return new NotFoundError('USER_NOT_FOUND', `there is no user "${name}"`, { hint: 'list the users to see the names on record', context: { user: name } });
}

/** A wrong approver name or password: the approver's, not the signed-in user's (who stays signed in). */
function approverCredentialsWrong(): PermissionError {
  return new PermissionError('APPROVAL_REFUSED', "the approver's user name or password is wrong", {
    hint: 'the approving supervisor enters their own name and password again',
  });
}

function sessionInvalid(): AuthenticationError {
  return new AuthenticationError('SESSION_INVALID', 'not signed in: the session is unknown or has ended', { hint: 'sign in again' });
}

function optional<T>(value: string | null | undefined, parse: (v: unknown) => T): T | null {
  return value === undefined || value === null ? null : parse(value);
}

type Purpose = 'login' | 'approval';

/** Refuses to leave no enabled admin (nobody could manage users any more), decided on the stored state inside the write. */
function keepAnAdmin(user: UserRecord, otherEnabledAdmins: number): void {
  if (user.role !== 'admin' || user.disabled || otherEnabledAdmins > 0) return;
  throw new ConflictError('LAST_ADMIN', `"${user.name}" is the only enabled admin`, {
    hint: 'add or enable another admin first, so someone can still manage users',
    context: { user: user.name },
  });
}

/**
 * Users, passwords, sessions and step-up approval. Everything it needs — store, hasher,
 * clock, randomness, settings — is given; it keeps no state of its own beyond a dummy hash
 * used to make a sign-in for an unknown name cost as much as one for a known name.
 */
export class AuthService {
  readonly settings: AuthSettings;
  private readonly store: UserStore;
  private readonly hasher: PasswordHasher;
  private readonly clock: () => number;
  private readonly random: (size: number) => Uint8Array;
  private readonly onAudit: AuditHook | undefined;
  private readonly throttleSecret: Uint8Array;
  private readonly refusalQuota: AuditQuota;
  private dummy: Promise<string> | undefined;
  private readonly sessions: SessionCache<User>;
  /** Whether the store's watch of other processes' changes has been asked for (at the first session cached). */
  private watching = false;

  constructor(options: AuthServiceOptions) {
    this.settings = authSettings(options.settings);
    this.sessions = new SessionCache(this.settings.sessionCacheMs);
    this.store = options.store;
    this.hasher = options.hasher;
    this.clock = options.clock;
    this.random = options.random;
    this.onAudit = options.onAudit;
    this.throttleSecret = options.throttleKey ?? this.random(THROTTLE_KEY_BYTES);
    this.refusalQuota = new AuditQuota(REFUSALS_JOURNALED, this.settings.failureWindowMs);
  }

  /** A throttle key as stored: its kind, and a keyed hash of the value it counts (a name, a client, a pair). */
  private throttleKeyOf(kind: ThrottleKind, value: string): string {
    return `${kind}:${createHmac('sha256', this.throttleSecret).update(`${kind}\n${value}`).digest('base64url')}`;
  }

  // ——— users ———

  /** False until the first user exists: then `bootstrapAdmin` may create the first admin. */
  async hasUsers(): Promise<boolean> {
    return this.store.hasUsers();
  }

  /** Creates the first user, an admin, only while there are no users at all (ALREADY_BOOTSTRAPPED otherwise). */
  async bootstrapAdmin(input: Omit<NewUser, 'role'>): Promise<User> {
    const record = await this.newRecord({ ...input, role: 'admin' });
    if (!(await this.store.insertFirstUser(record))) {
      throw new ConflictError('ALREADY_BOOTSTRAPPED', 'users already exist, so no first admin is created', {
        hint: 'sign in as an admin and add users from there',
      });
    }
    await this.audit('user.added', record.name, { role: record.role, bootstrap: true });
    return toUser(record);
  }

  async addUser(input: NewUser, by?: string): Promise<User> {
    const record = await this.newRecord(input);
    const outcome = await this.store.insertUser(record);
    if (outcome === 'name-taken') {
      throw new ConflictError('USER_EXISTS', `a user "${record.name}" already exists`, {
        hint: 'choose another name (names are not case-sensitive), or enable or reset the existing user',
        context: { user: record.name },
      });
    }
    if (outcome === 'operator-no-taken') throw this.operatorNoTaken(record.operatorNo);
    await this.audit('user.added', record.name, { role: record.role, operatorNo: record.operatorNo, terminal: record.terminal, ...(record.stores === null ? {} : { stores: record.stores }) }, by);
    return toUser(record);
  }

  /**
   * Changes role, operator no., terminal or the stores the user may see. The last enabled
   * admin keeps the admin role (LAST_ADMIN); an admin sees every store (STORES_NOT_FOR_ADMIN).
   */
  async changeUser(name: string, changes: UserChanges, by?: string): Promise<User> {
    const userName = parseUserName(name);
    const patch: UserPatch = { updatedAt: this.clock() };
    if (changes.role !== undefined) patch.role = parseRole(changes.role);
    if (changes.operatorNo !== undefined) patch.operatorNo = optional(changes.operatorNo, parseOperatorNo);
    if (changes.terminal !== undefined) patch.terminal = optional(changes.terminal, parseTerminal);
    if (changes.stores !== undefined) patch.stores = storesText(changes.stores);
    if (Object.keys(patch).length === 1) return toUser(await this.record(userName));
    const record = await this.changeRecord(userName, (user, otherAdmins) => {
      if (patch.role !== undefined && patch.role !== 'admin') keepAnAdmin(user, otherAdmins);
      checkStoresOfRole(user.name, patch.role ?? user.role, patch.stores === undefined ? user.stores : patch.stores);
      return patch;
    }, patch.operatorNo);
    // A new role changes what the user's sessions may do: from the next request on.
    this.sessions.forgetUser(record.name);
    const { updatedAt: _, ...changed } = patch;
    await this.audit('user.changed', record.name, changed, by);
    return toUser({ ...record, ...patch });
  }

  /** Sets a new password (an admin's reset); ends the user's sessions and lifts a lock-out. */
  async setPassword(name: string, password: string, by?: string): Promise<void> {
    const userName = parseUserName(name);
    checkPassword(password, userName, this.settings.minPasswordLength);
    const record = await this.record(userName);
    const passwordHash = await this.hasher.hash(password);
    if ((await this.store.updateUser(record.name, { passwordHash, updatedAt: this.clock() })) === 'not-found') throw userNotFound(record.name);
    this.sessions.forgetUser(record.name);
    const sessionsEnded = await this.store.deleteSessionsOf(record.name);
    // Every lock on the name lifts: at every client, and every requester's at this approver.
    await this.store.clearSubject(this.throttleKeyOf('user', record.name));
    await this.audit('user.password-changed', record.name, { sessionsEnded }, by);
  }

  /** Disables sign-in and approval and ends every session; the last enabled admin stays (LAST_ADMIN). */
  async disableUser(name: string, by?: string): Promise<User> {
    const patch = { disabled: true, updatedAt: this.clock() };
    const record = await this.changeRecord(parseUserName(name), (user, otherAdmins) => {
      keepAnAdmin(user, otherAdmins);
      return patch;
    });
    this.sessions.forgetUser(record.name);
    const sessionsEnded = await this.store.deleteSessionsOf(record.name);
    await this.audit('user.disabled', record.name, { sessionsEnded, wasDisabled: record.disabled }, by);
    return toUser({ ...record, ...patch });
  }

  async enableUser(name: string, by?: string): Promise<User> {
    const record = await this.record(name);
    const patch = { disabled: false, updatedAt: this.clock() };
    if ((await this.store.updateUser(record.name, patch)) === 'not-found') throw userNotFound(record.name);
    this.sessions.forgetUser(record.name);
    await this.audit('user.enabled', record.name, { wasDisabled: record.disabled }, by);
    return toUser({ ...record, ...patch });
  }

  async listUsers(): Promise<User[]> {
    return (await this.store.listUsers()).map(toUser);
  }

  async getUser(name: string): Promise<User> {
    return toUser(await this.record(name));
  }

  /** The user whose operator no. (操作员号) is on a receipt, if any. */
  async userByOperatorNo(operatorNo: string): Promise<User | undefined> {
    const record = await this.store.userByOperatorNo(parseOperatorNo(operatorNo));
    return record ? toUser(record) : undefined;
  }

  // ——— sessions ———

  async login(request: LoginRequest): Promise<LoginResult> {
    const record = await this.enabledRecord(request);
    const bytes = this.random(TOKEN_BYTES);
    if (bytes.length !== TOKEN_BYTES) throw new Error(`the random source gave ${bytes.length} bytes, not ${TOKEN_BYTES}`);
    const token = Buffer.from(bytes).toString('base64url');
    const now = this.clock();
    const absoluteExpiresAt = now + this.settings.sessionAbsoluteMs;
    const session: SessionRecord = {
      tokenHash: sha256(token),
      userName: record.name,
      stamp: stampOf(record.passwordHash),
      createdAt: now,
      idleExpiresAt: Math.min(now + this.settings.sessionIdleMs, absoluteExpiresAt),
      absoluteExpiresAt,
    };
    await this.store.insertSession(session);
    await this.purge();
    await this.audit('login.succeeded', record.name, this.clientDetail(request.client));
    return { token, user: toUser(record), expiresAt: iso(session.idleExpiresAt), absoluteExpiresAt: iso(absoluteExpiresAt) };
  }

  /**
   * Checks a user's name and password without opening a session (a CLI user asking for a
   * reprint): throttled like a sign-in, failures journaled as login.failed, nothing
   * journaled when it succeeds. USER_DISABLED for a disabled user.
   */
  async checkPassword(request: LoginRequest): Promise<User> {
    return toUser(await this.enabledRecord(request));
  }

  /** The user whose name and password these are, if enabled; failures journaled. */
  private async enabledRecord(request: LoginRequest): Promise<UserRecord> {
    const record = await this.verifyCredentials(request.name, request.password, request.client, 'login');
    if (record.disabled) {
      await this.audit('login.failed', record.name, { reason: 'disabled', ...this.clientDetail(request.client) });
      throw new AuthenticationError('USER_DISABLED', `user "${record.name}" is disabled`, { hint: 'ask an admin to enable the account', context: { user: record.name } });
    }
    return record;
  }

  /**
   * The signed-in user behind `token`; moves the idle expiry on. SESSION_INVALID or
   * SESSION_EXPIRED otherwise. The session and its user are read from the store at most
   * once per sessionCacheMs (see SessionCache); expiry is checked on every call.
   */
  async authenticate(token: string): Promise<SessionInfo> {
    if (typeof token !== 'string' || !TOKEN.test(token)) throw sessionInvalid();
    const tokenHash = sha256(token);
    const now = this.clock();
    const cached = this.sessions.fresh(tokenHash, now);
    // Before the reads, as the generation is: a change another process makes while they run must keep them out of the cache too.
    this.watchOthers();
    // Before the reads: a logout or user change finished while they run keeps them out of the cache.
    const generation = this.sessions.generation;
    const session = cached?.session ?? (await this.store.getSession(tokenHash));
    if (!session) throw sessionInvalid();
    const reason = now >= session.absoluteExpiresAt ? 'absolute' : now >= session.idleExpiresAt ? 'idle' : undefined;
    if (reason) {
      this.sessions.forget(tokenHash);
      await this.store.deleteSession(tokenHash);
      const after = reason === 'idle' ? `${Math.round(this.settings.sessionIdleMs / 60_000)} minutes without use` : `the ${Math.round(this.settings.sessionAbsoluteMs / 3_600_000)}-hour limit`;
      throw new AuthenticationError('SESSION_EXPIRED', `the session expired after ${after}`, {
        hint: 'sign in again',
        context: { reason, rule: reason, idleMs: this.settings.sessionIdleMs, hours: Math.round(this.settings.sessionAbsoluteMs / 3_600_000) },
      });
    }
    let user = cached?.user;
    if (user === undefined) {
      const record = await this.store.getUser(session.userName);
      // A disabled user or a changed password ends the session even if it was opened while the change happened.
      if (!record || record.disabled || stampOf(record.passwordHash) !== session.stamp) {
        await this.store.deleteSession(tokenHash);
        throw sessionInvalid();
      }
      user = Object.freeze(toUser(record));
      this.sessions.remember(tokenHash, session, user, now, generation);
    }
    const idleExpiresAt = Math.min(now + this.settings.sessionIdleMs, session.absoluteExpiresAt);
    // Sliding the expiry is a durable write; within the first minute of a slide it would
    // move the expiry by less than a minute, so busy clients do not pay a commit per request.
    const slid = idleExpiresAt - session.idleExpiresAt >= SLIDE_STEP_MS || idleExpiresAt === session.absoluteExpiresAt;
    if (slid && idleExpiresAt !== session.idleExpiresAt) {
      if (!(await this.store.touchSession(tokenHash, idleExpiresAt))) {
        this.sessions.forget(tokenHash);
        throw sessionInvalid();
      }
      session.idleExpiresAt = idleExpiresAt;
    }
    return { user, expiresAt: iso(session.idleExpiresAt), absoluteExpiresAt: iso(session.absoluteExpiresAt) };
  }

  /**
   * From the first session looked up on: another process's logout, disable or new password
   * forgets what is cached here (a command-line run, which looks none up, never watches).
   */
  private watchOthers(): void {
    if (this.watching) return;
    this.watching = true;
    this.store.watchChanges?.(() => this.sessions.forgetAll());
  }

  /** Ends the session; false when there was none. */
  async logout(token: string): Promise<boolean> {
    if (typeof token !== 'string' || !TOKEN.test(token)) return false;
    const tokenHash = sha256(token);
    this.sessions.forget(tokenHash);
    const ended = await this.store.deleteSession(tokenHash);
    // Again once it is gone: a request that read the session while it was being deleted cached it.
    this.sessions.forget(tokenHash);
    return ended;
  }

  /** Removes expired sessions and forgotten failures (also done on every sign-in). */
  async purge(): Promise<{ sessions: number; failures: number }> {
    const now = this.clock();
    const sessions = await this.store.deleteExpiredSessions(now);
    const failures = await this.store.pruneFailures(now - this.settings.failureMemoryMs);
    return { sessions, failures };
  }

  // ——— step-up approval ———

  /**
   * Checks an approver's name and password for one action, without opening a session: the
   * signed-in user stays who they were. Refusals: SELF_APPROVAL, APPROVAL_REFUSED (a wrong approver name or password),
   * LOGIN_THROTTLED, APPROVER_DISABLED, APPROVER_NOT_PERMITTED.
   */
  async approve(request: ApprovalRequest): Promise<Approval> {
    this.gateTyped(request.approver, 'approver.username');
    const forUser = parseUserName(request.forUser, 'forUser');
    const action = parseAction(request.action);
    const requires = request.requires ?? 'reprint.approve';
    if (!isPermission(requires)) {
      throw new InputError('UNKNOWN_PERMISSION', `unknown permission "${String(requires)}"`, { hint: `one of: ${Permissions.join(', ')}`, context: { value: String(requires), allowed: Permissions } });
    }
    const typed = typeof request.approver === 'string' ? request.approver.toLowerCase() : '';
    const refused = (reason: string, user: string) => this.audit('approval.refused', user, { reason, forUser, action, requires, ...this.clientDetail(request.client) });
    if (typed === forUser) {
      await refused('self-approval', forUser);
      throw new PermissionError('SELF_APPROVAL', `"${forUser}" cannot approve their own request`, {
        hint: 'another user with the right to approve must enter their own name and password',
        context: { user: forUser, action, rule: 'approval' },
      });
    }
    const record = await this.verifyCredentials(request.approver, request.password, request.client, 'approval', { forUser, action, requires });
    if (record.disabled) {
      await refused('disabled', record.name);
      throw new PermissionError('APPROVER_DISABLED', `"${record.name}" is disabled and cannot approve`, { hint: 'ask another supervisor, or an admin to enable the account', context: { approver: record.name } });
    }
    if (!can(record, requires)) {
      await refused('not-permitted', record.name);
      throw new PermissionError('APPROVER_NOT_PERMITTED', `"${record.name}" (${record.role}) may not approve this: it needs ${requires}`, {
        hint: 'ask a supervisor or an admin to approve',
        context: { approver: record.name, role: record.role, requires },
      });
    }
    const approval: Approval = { approver: record.name, role: record.role, at: iso(this.clock()), forUser, action };
    await this.audit('approval.granted', record.name, { forUser, action, requires, role: record.role }, undefined);
    return approval;
  }

  // ——— inside ———

  /**
   * The one credential check behind login and approve. Each attempt is recorded as a
   * failure before the password is checked (and removed again if it succeeds or is
   * throttled), so attempts made at the same moment count against each other. An unknown
   * name is checked against a dummy hash, so it takes as long as a wrong password and fails
   * with the same error.
   */
  private async verifyCredentials(name: unknown, password: unknown, client: unknown, purpose: Purpose, detail: Record<string, unknown> = {}): Promise<UserRecord> {
    if (typeof name !== 'string' || typeof password !== 'string' || name.length === 0 || password.length === 0) {
      throw new InputError('CREDENTIALS_REQUIRED', purpose === 'login' ? 'a user name and a password are required' : 'the approver\'s user name and password are required', {
        hint: 'enter both the user name and the password',
        context: { rule: purpose },
      });
    }
    // Before anything is stored or journaled: a name (or client) holding a card number is refused.
    this.gateTyped(name, purpose === 'login' ? 'username' : 'approver.username');
    if (typeof client === 'string') this.gateTyped(client, 'client');
    const dummy = await this.dummyHash();
    const typed = name.toLowerCase().slice(0, TYPED_NAME_MAX);
    const clientKey = typeof client === 'string' && client.length > 0 ? client.slice(0, CLIENT_MAX) : undefined;
    const requester = purpose === 'approval' && typeof detail.forUser === 'string' ? detail.forUser : undefined;
    const now = this.clock();
    const since = now - this.settings.failureMemoryMs;
    const buckets = attemptBuckets({ name: typed, client: clientKey, requester, settings: this.settings, keyOf: (kind, value) => this.throttleKeyOf(kind, value) });
    const attempts: { bucket: ThrottleBucket; id: number; earlier: LoginFailure[] }[] = [];
    for (const bucket of buckets) attempts.push({ bucket, ...(await this.store.recordAttempt(bucket.key, now, since, bucket.tags)) });
    const lock = lockOf(attempts, now, this.settings.failureWindowMs);
    if (lock) {
      for (const { id } of attempts) await this.store.removeFailure(id);
      const retryAfterMs = lock.until - now;
      const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
      const inMinutes = `${minutes} minute${minutes === 1 ? '' : 's'}`;
      if (purpose === 'approval') {
        // Journaled as every approval.* event is: under the approver's name, the requester in forUser — it is the requester's guessing that waits, not the approver.
        await this.audit('approval.throttled', typed, { retryAfterMs, lock: lock.by, ...this.clientDetail(clientKey), ...detail });
        throw new ApprovalThrottledError(retryAfterMs, `too many wrong passwords for this approver from you: ask again in ${inMinutes}`, {
          hint: "let the approver type their own password; the approver's own sign-in is not affected",
        });
      }
      await this.auditRefusal('login.throttled', typed, clientKey, { purpose, retryAfterMs, lock: lock.by, ...this.clientDetail(clientKey), ...detail });
      throw new ThrottledError(retryAfterMs, `too many failed sign-ins: try again in ${inMinutes}`, {
        hint: 'wait for the lock-out to end, or ask an admin to reset the password, which lifts it',
      });
    }

    const valid = /^[A-Za-z0-9._-]{1,32}$/.test(name);
    const record = valid ? await this.store.getUser(typed) : undefined;
    const candidate = password.length <= MAX_PASSWORD_LENGTH ? password : '';
    const matches = await this.hasher.verify(record?.passwordHash ?? dummy, candidate);
    if (!record || !matches || candidate !== password) {
      if (purpose === 'login') await this.auditRefusal('login.failed', typed, clientKey, { reason: 'bad-credentials', ...this.clientDetail(clientKey) });
      else await this.audit('approval.refused', typed, { reason: 'bad-credentials', ...this.clientDetail(clientKey), ...detail });
      throw purpose === 'login' ? badCredentials() : approverCredentialsWrong();
    }
    // The right password clears this name's count at this client (or this requester's at
    // this approver); what other clients tried stays counted.
    const [own, ...others] = attempts;
    if (own) await this.store.clearFailures(own.bucket.key);
    for (const { id } of others) await this.store.removeFailure(id);
    return record;
  }

  /**
   * A name or client as typed goes into throttle counts, the audit chain and logs: one
   * holding a card number, a card secret or a control character is refused first (400,
   * never echoed), without counting as an attempt — no such name can belong to a user.
   */
  private gateTyped(value: unknown, field: string): void {
    if (typeof value === 'string') assertSafeInput(value, { path: field, outcome: 'nothing was stored', saleIds: 'never' });
  }

  private dummyHash(): Promise<string> {
    if (!this.dummy) {
      this.dummy = this.hasher.hash(Buffer.from(this.random(16)).toString('base64url'));
      this.dummy.catch(() => (this.dummy = undefined));
    }
    return this.dummy;
  }

  /**
   * A refused sign-in, journaled within its client's quota (AuditQuota): past it, counted and
   * said with the client's next journaled refusal as `unjournaled`. Without a client (the CLI,
   * in process) every one is journaled.
   */
  private async auditRefusal(type: 'login.failed' | 'login.throttled', user: string, client: string | undefined, detail: Record<string, unknown>): Promise<void> {
    if (client === undefined) return this.audit(type, user, detail);
    const quota = this.refusalQuota.take(client, this.clock());
    if (!quota.journal) return;
    await this.audit(type, user, quota.unjournaled > 0 ? { ...detail, unjournaled: quota.unjournaled } : detail);
  }

  private clientDetail(client: unknown): Record<string, unknown> {
    return typeof client === 'string' && client.length > 0 ? { client: client.slice(0, CLIENT_MAX) } : {};
  }

  private async newRecord(input: NewUser): Promise<UserRecord> {
    const name = parseUserName(input.name);
    const role = parseRole(input.role);
    const operatorNo = optional(input.operatorNo, parseOperatorNo);
    const terminal = optional(input.terminal, parseTerminal);
    const stores = storesText(input.stores ?? null);
    checkStoresOfRole(name, role, stores);
    checkPassword(input.password, name, this.settings.minPasswordLength);
    const passwordHash = await this.hasher.hash(input.password);
    const now = this.clock();
    return { name, role, operatorNo, terminal, stores, disabled: false, passwordHash, createdAt: now, updatedAt: now };
  }

  private async record(name: string): Promise<UserRecord> {
    const userName = parseUserName(name);
    const record = await this.store.getUser(userName);
    if (!record) throw userNotFound(userName);
    return record;
  }

  /** Changes a user in one serialised write (see UserStore.changeUser); the user as it was. */
  private async changeRecord(name: string, decide: (user: UserRecord, otherAdmins: number) => UserPatch, operatorNo?: string | null): Promise<UserRecord> {
    const { outcome, before } = await this.store.changeUser(name, decide);
    if (outcome === 'operator-no-taken') throw this.operatorNoTaken(operatorNo ?? null);
    if (outcome === 'not-found' || !before) throw userNotFound(name);
    return before;
  }

  private operatorNoTaken(operatorNo: string | null): ConflictError {
    return new ConflictError('OPERATOR_NO_TAKEN', `operator no. ${operatorNo ?? ''} already belongs to another user`, {
      hint: 'each cashier needs their own operator no., so every receipt names one person; choose a free number',
      context: { operatorNo },
    });
  }

  private async audit(type: AuditEventType, user: string, detail: Record<string, unknown>, by?: string): Promise<void> {
    if (!this.onAudit) return;
    const event: AuditEvent = { type, user, ...(by === undefined ? {} : { by }), at: iso(this.clock()), detail };
    await this.onAudit(event);
  }
}
