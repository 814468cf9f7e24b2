import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ConflictError, InputError, NotFoundError, ReissueError } from '../core/index.js';
import { SqliteDialect } from '../sql/index.js';
import { SqlUserStore } from './adapters/sql-user-store.js';
import type { AuditEvent } from './audit.js';
import { AuthService, type AuthServiceOptions } from './auth-service.js';
import { AuthenticationError, PermissionError, ThrottledError } from './errors.js';
import type { PasswordHasher } from './password-hasher.js';
import type { UserStore } from './store.js';

/**
 * Rule tests over the real user store on an in-memory SQLite database, with a fast
 * PasswordHasher double: hashing is not what these test (the real argon2id hasher has its
 * own test and runs in the contract suite over both databases).
 */
class FastHasher implements PasswordHasher {
  hashes = 0;
  verified: string[] = [];
  private salt = 0;

  async hash(password: string): Promise<string> {
    this.hashes++;
    const salt = String(++this.salt);
    return `$fast$${salt}$${createHash('sha256').update(salt + password).digest('hex')}`;
  }

  async verify(hash: string, password: string): Promise<boolean> {
    this.verified.push(hash);
    const [, , salt, digest] = hash.split('$');
    return digest === createHash('sha256').update(`${salt}${password}`).digest('hex');
  }
}

const MIN = 60_000;
const T0 = Date.parse('2026-11-27T06:40:00Z');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let now: number;
let store: SqlUserStore;
const databases: SqliteDialect[] = [];

/** A fresh, empty user store (SQLite in memory). */
async function freshStore(): Promise<SqlUserStore> {
  const db = new SqliteDialect(new Database(':memory:'));
  databases.push(db);
  return SqlUserStore.open(db);
}
let hasher: FastHasher;
let events: AuditEvent[];
let auth: AuthService;
let randomCalls: number;

function service(overrides: Partial<AuthServiceOptions> = {}): AuthService {
  return new AuthService({
    store,
    hasher,
    clock: () => now,
    random: (size) => {
      randomCalls++;
      return Uint8Array.from({ length: size }, (_, i) => (randomCalls * 31 + i * 7) & 0xff);
    },
    onAudit: (event) => {
      events.push(event);
    },
    ...overrides,
  });
}

/** The error `promise` rejects with; fails the test when it resolves. */
async function refusal(promise: Promise<unknown>): Promise<ReissueError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ReissueError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but it succeeded');
}

const types = () => events.map((e) => e.type);

beforeEach(async () => {
  now = T0;
  store = await freshStore();
  hasher = new FastHasher();
  events = [];
  randomCalls = 0;
  auth = service();
  await auth.bootstrapAdmin({ name: 'boss', password: 'boss password' });
  await auth.addUser({ name: 'Wang.Li', role: 'cashier', password: 'cashier pass', operatorNo: '01', terminal: '10023456' }, 'boss');
  await auth.addUser({ name: 'zhao', role: 'supervisor', password: 'supervisor pass' }, 'boss');
  events = [];
  hasher.verified = [];
});

afterEach(async () => {
  for (const db of databases.splice(0)) await db.close();
});

describe('bootstrap', () => {
  it('creates the first admin only while there are no users', async () => {
    store = await freshStore();
    auth = service();
    expect(await auth.hasUsers()).toBe(false);
    const admin = await auth.bootstrapAdmin({ name: 'Root', password: 'first admin pw' });
    expect(admin).toEqual({ name: 'root', role: 'admin', disabled: false, createdAt: '2026-11-27T06:40:00.000Z', updatedAt: '2026-11-27T06:40:00.000Z' });
    expect(await auth.hasUsers()).toBe(true);
    expect(events).toEqual([{ type: 'user.added', user: 'root', at: '2026-11-27T06:40:00.000Z', detail: { role: 'admin', bootstrap: true } }]);
    const again = await refusal(auth.bootstrapAdmin({ name: 'other', password: 'other admin pw' }));
    expect(again).toBeInstanceOf(ConflictError);
    expect(again).toMatchObject({ code: 'ALREADY_BOOTSTRAPPED', hint: expect.stringContaining('sign in as an admin') });
    expect((await auth.listUsers()).map((u) => u.name)).toEqual(['root']);
  });

  it('holds the first admin to the password rules', async () => {
    store = await freshStore();
    auth = service();
    expect(await refusal(auth.bootstrapAdmin({ name: 'root', password: 'root' }))).toMatchObject({ code: 'WEAK_PASSWORD' });
    expect(await auth.hasUsers()).toBe(false);
  });
});

describe('users', () => {
  it('adds a user in lower case, without the password hash, and reports it', async () => {
    now += MIN;
    const user = await auth.addUser({ name: 'Qian', role: 'backoffice', password: 'finance dept' }, 'boss');
    expect(user).toEqual({ name: 'qian', role: 'backoffice', disabled: false, createdAt: '2026-11-27T06:41:00.000Z', updatedAt: '2026-11-27T06:41:00.000Z' });
    expect(events).toEqual([{ type: 'user.added', user: 'qian', by: 'boss', at: '2026-11-27T06:41:00.000Z', detail: { role: 'backoffice', operatorNo: null, terminal: null } }]);
    const stored = await store.getUser('qian');
    expect(stored?.passwordHash).toMatch(/^\$fast\$/);
    expect(stored?.passwordHash).not.toContain('finance dept');
    expect(await auth.getUser('QIAN')).toEqual(user);
  });

  it('keeps operator no. and terminal and finds a cashier by operator no.', async () => {
    expect(await auth.getUser('wang.li')).toMatchObject({ name: 'wang.li', role: 'cashier', operatorNo: '01', terminal: '10023456' });
    expect(await auth.userByOperatorNo('01')).toMatchObject({ name: 'wang.li' });
    expect(await auth.userByOperatorNo('02')).toBeUndefined();
    expect(await refusal(auth.userByOperatorNo('0 1'))).toMatchObject({ code: 'INVALID_OPERATOR_NO' });
  });

  it('lists users by name', async () => {
    expect((await auth.listUsers()).map((u) => [u.name, u.role])).toEqual([['boss', 'admin'], ['wang.li', 'cashier'], ['zhao', 'supervisor']]);
  });

  it.each([
    [{ name: 'WANG.LI', role: 'cashier', password: 'another pw1' }, 'USER_EXISTS', ConflictError],
    [{ name: 'sun', role: 'manager', password: 'another pw1' }, 'UNKNOWN_ROLE', InputError],
    [{ name: 'sun li', role: 'cashier', password: 'another pw1' }, 'INVALID_USER_NAME', InputError],
    [{ name: 'sun', role: 'cashier', password: 'pw12' }, 'WEAK_PASSWORD', InputError],
    [{ name: 'sun', role: 'cashier', password: 'SUN' }, 'WEAK_PASSWORD', InputError],
    [{ name: 'sunsunsun', role: 'cashier', password: 'SunSunSun' }, 'WEAK_PASSWORD', InputError],
    [{ name: 'sun', role: 'cashier', password: 'x'.repeat(257) }, 'PASSWORD_TOO_LONG', InputError],
    [{ name: 'sun', role: 'cashier', password: 'another pw1', operatorNo: '#1' }, 'INVALID_OPERATOR_NO', InputError],
    [{ name: 'sun', role: 'cashier', password: 'another pw1', terminal: 'T1' }, 'INVALID_TERMINAL', InputError],
    [{ name: 'sun', role: 'cashier', password: 'another pw1', operatorNo: '01' }, 'OPERATOR_NO_TAKEN', ConflictError],
  ])('refuses %j with %s', async (input, code, type) => {
    const error = await refusal(auth.addUser(input, 'boss'));
    expect(error).toBeInstanceOf(type);
    expect(error.code).toBe(code);
    expect(error.hint).toBeTruthy();
    expect(`${error.message} ${error.hint} ${JSON.stringify(error.context)}`).not.toContain(input.password);
    expect(events).toEqual([]);
    expect((await auth.listUsers()).length).toBe(3);
  });

  it('validates before hashing, so a refused user costs no hash', async () => {
    const before = hasher.hashes;
    await refusal(auth.addUser({ name: 'sun', role: 'nobody', password: 'another pw1' }));
    expect(hasher.hashes).toBe(before);
  });

  it('changes role, operator no. and terminal, and clears them with null', async () => {
    now += MIN;
    const changed = await auth.changeUser('wang.li', { role: 'supervisor', operatorNo: '07', terminal: '20000001' }, 'boss');
    expect(changed).toMatchObject({ role: 'supervisor', operatorNo: '07', terminal: '20000001', updatedAt: '2026-11-27T06:41:00.000Z', createdAt: '2026-11-27T06:40:00.000Z' });
    expect(await auth.getUser('wang.li')).toEqual(changed);
    expect(events).toEqual([expect.objectContaining({ type: 'user.changed', user: 'wang.li', by: 'boss', detail: { role: 'supervisor', operatorNo: '07', terminal: '20000001' } })]);
    const cleared = await auth.changeUser('wang.li', { operatorNo: null, terminal: null });
    expect(cleared).not.toHaveProperty('operatorNo');
    expect(cleared).not.toHaveProperty('terminal');
    expect(cleared.role).toBe('supervisor');
    events = [];
    expect(await auth.changeUser('wang.li', {})).toEqual(cleared);
    expect(events).toEqual([]);
  });

  it('limits a user to some stores, changes the limit and lifts it; admins stay unlimited', async () => {
    const qian = await auth.addUser({ name: 'qian', role: 'backoffice', password: 'another pw1', stores: ' SH-002,SH-001,SH-002' }, 'boss');
    expect(qian.stores).toEqual(['SH-002', 'SH-001']);
    expect(events.at(-1)).toMatchObject({ type: 'user.added', detail: { stores: 'SH-002,SH-001' } });
    expect((await auth.changeUser('qian', { stores: ['SH-003'] }, 'boss')).stores).toEqual(['SH-003']);
    expect(events.at(-1)).toMatchObject({ type: 'user.changed', detail: { stores: 'SH-003' } });
    const lifted = await auth.changeUser('qian', { stores: null }, 'boss');
    expect(lifted).not.toHaveProperty('stores');
    expect(await refusal(auth.addUser({ name: 'sun', role: 'admin', password: 'another pw1', stores: 'SH-001' }))).toMatchObject({ code: 'STORES_NOT_FOR_ADMIN', kind: 'input' });
    expect(await refusal(auth.addUser({ name: 'sun', role: 'auditor', password: 'another pw1', stores: 'SH-001,' }))).toMatchObject({ code: 'BAD_STORE_ID' });
    await auth.changeUser('qian', { stores: 'SH-001' });
    // A limited user made an admin keeps a limit that would limit nothing: refused, nothing changed.
    expect(await refusal(auth.changeUser('qian', { role: 'admin' }))).toMatchObject({ code: 'STORES_NOT_FOR_ADMIN' });
    expect(await auth.getUser('qian')).toMatchObject({ role: 'backoffice', stores: ['SH-001'] });
    expect(await refusal(auth.changeUser('boss', { stores: 'SH-001' }))).toMatchObject({ code: 'STORES_NOT_FOR_ADMIN' });
  });

  it('refuses changes with USER_NOT_FOUND, UNKNOWN_ROLE, OPERATOR_NO_TAKEN and LAST_ADMIN', async () => {
    expect(await refusal(auth.changeUser('nobody', { role: 'admin' }))).toBeInstanceOf(NotFoundError);
    expect(await refusal(auth.changeUser('zhao', { role: 'owner' }))).toMatchObject({ code: 'UNKNOWN_ROLE' });
    expect(await refusal(auth.changeUser('zhao', { operatorNo: '01' }))).toMatchObject({ code: 'OPERATOR_NO_TAKEN' });
    const last = await refusal(auth.changeUser('boss', { role: 'cashier' }));
    expect(last).toMatchObject({ code: 'LAST_ADMIN', kind: 'conflict', hint: expect.stringContaining('another admin') });
    await auth.changeUser('zhao', { role: 'admin' });
    expect((await auth.changeUser('boss', { role: 'auditor' })).role).toBe('auditor');
  });

  it('refuses to disable the last enabled admin', async () => {
    expect(await refusal(auth.disableUser('boss'))).toMatchObject({ code: 'LAST_ADMIN' });
    await auth.addUser({ name: 'boss2', role: 'admin', password: 'second admin' });
    expect((await auth.disableUser('boss', 'boss2')).disabled).toBe(true);
    expect(await refusal(auth.disableUser('boss2'))).toMatchObject({ code: 'LAST_ADMIN' });
  });

  it('refuses unknown users with USER_NOT_FOUND everywhere', async () => {
    for (const attempt of [() => auth.getUser('ghost'), () => auth.setPassword('ghost', 'new password'), () => auth.disableUser('ghost'), () => auth.enableUser('ghost')]) {
      const error = await refusal(attempt());
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ code: 'USER_NOT_FOUND', message: 'there is no user "ghost"', hint: expect.any(String) });
    }
    expect(await refusal(auth.getUser('not valid!'))).toMatchObject({ code: 'INVALID_USER_NAME' });
  });

  it('holds a new password to the rules', async () => {
    expect(await refusal(auth.setPassword('zhao', 'zhao'))).toMatchObject({ code: 'WEAK_PASSWORD' });
    expect(await refusal(auth.setPassword('wang.li', 'WANG.LI'))).toMatchObject({ code: 'WEAK_PASSWORD', context: { rule: 'min-length' } });
    await auth.addUser({ name: 'supervisor', role: 'supervisor', password: 'long enough pw' });
    expect(await refusal(auth.setPassword('supervisor', 'SUPERVISOR'))).toMatchObject({ code: 'WEAK_PASSWORD', context: { rule: 'not-user-name' } });
    expect(await refusal(auth.setPassword('zhao', '1234567'))).toMatchObject({ code: 'WEAK_PASSWORD', context: { rule: 'min-length', minLength: 8 } });
  });

  it('honours a configured minimum password length', async () => {
    auth = service({ settings: { minPasswordLength: 12 } });
    expect(await refusal(auth.setPassword('zhao', 'eleven char'))).toMatchObject({ code: 'WEAK_PASSWORD', context: { minLength: 12 } });
    await auth.setPassword('zhao', 'twelve chars');
  });
});

describe('login', () => {
  it('opens a session with an opaque token and expiry times', async () => {
    const result = await auth.login({ name: 'Wang.Li', password: 'cashier pass', client: 'till-1' });
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result).toMatchObject({ user: { name: 'wang.li', role: 'cashier' }, expiresAt: '2026-11-27T06:55:00.000Z', absoluteExpiresAt: '2026-11-27T18:40:00.000Z' });
    expect(events).toEqual([{ type: 'login.succeeded', user: 'wang.li', at: '2026-11-27T06:40:00.000Z', detail: { client: 'till-1' } }]);
    const second = await auth.login({ name: 'wang.li', password: 'cashier pass' });
    expect(second.token).not.toBe(result.token);
  });

  it('stores only the SHA-256 of the token', async () => {
    const { token } = await auth.login({ name: 'zhao', password: 'supervisor pass' });
    expect(await store.getSession(token)).toBeUndefined();
    expect(await store.getSession(sha256(token))).toMatchObject({ userName: 'zhao', createdAt: T0, idleExpiresAt: T0 + 15 * MIN, absoluteExpiresAt: T0 + 12 * 60 * MIN });
  });

  it('gives a wrong password and an unknown name the same error after the same work', async () => {
    const wrongPassword = await refusal(auth.login({ name: 'zhao', password: 'not the password' }));
    const unknownUser = await refusal(auth.login({ name: 'nobody', password: 'supervisor pass' }));
    const malformedName = await refusal(auth.login({ name: 'no such user!', password: 'supervisor pass' }));
    for (const error of [wrongPassword, unknownUser, malformedName]) {
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ code: 'BAD_CREDENTIALS', kind: 'unauthorized', denial: 'unauthenticated' });
      expect({ message: error.message, hint: error.hint, context: error.context }).toEqual({
        message: wrongPassword.message,
        hint: wrongPassword.hint,
        context: wrongPassword.context,
      });
    }
    // One verification each: the unknown names against the dummy hash.
    expect(hasher.verified).toHaveLength(3);
    const real = (await store.getUser('zhao'))?.passwordHash;
    expect(hasher.verified[0]).toBe(real);
    expect(hasher.verified[1]).not.toBe(real);
    expect(hasher.verified[2]).toBe(hasher.verified[1]);
    expect(events.map((e) => [e.type, e.user, e.detail.reason])).toEqual([
      ['login.failed', 'zhao', 'bad-credentials'],
      ['login.failed', 'nobody', 'bad-credentials'],
      ['login.failed', 'no such user!', 'bad-credentials'],
    ]);
  });

  it('computes the dummy hash once, on the first sign-in of any kind', async () => {
    const before = hasher.hashes;
    await auth.login({ name: 'zhao', password: 'supervisor pass' });
    expect(hasher.hashes).toBe(before + 1);
    await refusal(auth.login({ name: 'nobody', password: 'whatever pw' }));
    await refusal(auth.login({ name: 'nobody2', password: 'whatever pw' }));
    expect(hasher.hashes).toBe(before + 1);
  });

  it('never echoes a password in errors or audit events', async () => {
    const secret = 'Tr0ub4dor&3-secret';
    const errors = [
      await refusal(auth.login({ name: 'zhao', password: secret })),
      await refusal(auth.login({ name: 'ghost', password: secret })),
      await refusal(auth.approve({ approver: 'zhao', password: secret, forUser: 'wang.li', action: 'reprint x' })),
    ];
    const seen = JSON.stringify([...errors.map((e) => ({ m: e.message, h: e.hint, c: e.context })), events]);
    expect(seen).not.toContain(secret);
  });

  it('refuses a missing name or password with CREDENTIALS_REQUIRED', async () => {
    for (const request of [{ name: '', password: 'x' }, { name: 'zhao', password: '' }, { name: undefined, password: 'x' }, { name: 'zhao' }]) {
      const error = await refusal(auth.login(request as never));
      expect(error).toMatchObject({ code: 'CREDENTIALS_REQUIRED', kind: 'input', hint: expect.any(String) });
    }
  });

  it('refuses an over-long password as bad credentials', async () => {
    const error = await refusal(auth.login({ name: 'zhao', password: 'x'.repeat(10_000) }));
    expect(error.code).toBe('BAD_CREDENTIALS');
  });

  it('refuses a disabled user with USER_DISABLED only when the password is right', async () => {
    await auth.disableUser('zhao', 'boss');
    events = [];
    expect(await refusal(auth.login({ name: 'zhao', password: 'wrong password' }))).toMatchObject({ code: 'BAD_CREDENTIALS' });
    const disabled = await refusal(auth.login({ name: 'zhao', password: 'supervisor pass' }));
    expect(disabled).toBeInstanceOf(AuthenticationError);
    expect(disabled).toMatchObject({ code: 'USER_DISABLED', hint: 'ask an admin to enable the account' });
    expect(events.map((e) => e.detail.reason)).toEqual(['bad-credentials', 'disabled']);
    await auth.enableUser('zhao', 'boss');
    expect(events.at(-1)).toMatchObject({ type: 'user.enabled', user: 'zhao', by: 'boss', detail: { wasDisabled: true } });
    await auth.login({ name: 'zhao', password: 'supervisor pass' });
  });

  it('fails loudly when the random source gives too few bytes', async () => {
    auth = service({ random: () => new Uint8Array(8) });
    await expect(auth.login({ name: 'zhao', password: 'supervisor pass' })).rejects.toThrow('the random source gave 8 bytes, not 32');
  });
});

describe('password check without a session', () => {
  it('returns the user and journals nothing, opening no session', async () => {
    const user = await auth.checkPassword({ name: 'Wang.Li', password: 'cashier pass', client: 'cli' });
    expect(user).toMatchObject({ name: 'wang.li', role: 'cashier', operatorNo: '01' });
    expect(events).toEqual([]);
    expect(await store.failuresOf('user:wang.li', 0)).toEqual([]);
    const insertSession = vi.spyOn(store, 'insertSession');
    await auth.checkPassword({ name: 'zhao', password: 'supervisor pass' });
    expect(insertSession).not.toHaveBeenCalled();
  });

  it('journals a failure as login.failed, and a disabled user gets USER_DISABLED', async () => {
    expect(await refusal(auth.checkPassword({ name: 'zhao', password: 'wrong password', client: 'cli' }))).toMatchObject({ code: 'BAD_CREDENTIALS' });
    await auth.disableUser('wang.li', 'boss');
    expect(await refusal(auth.checkPassword({ name: 'wang.li', password: 'cashier pass' }))).toMatchObject({ code: 'USER_DISABLED' });
    expect(events.filter((e) => e.type === 'login.failed').map((e) => [e.user, e.detail.reason])).toEqual([
      ['zhao', 'bad-credentials'],
      ['wang.li', 'disabled'],
    ]);
  });

  it('is throttled like a sign-in: after 5 failures even the right password is refused', async () => {
    for (let i = 0; i < 5; i++) await refusal(auth.checkPassword({ name: 'zhao', password: 'wrong password' }));
    const locked = await refusal(auth.checkPassword({ name: 'zhao', password: 'supervisor pass' }));
    expect(locked).toBeInstanceOf(ThrottledError);
    expect(events.at(-1)).toMatchObject({ type: 'login.throttled', user: 'zhao' });
  });
});

describe('throttling', () => {
  const fail = (name = 'zhao', client?: string) => refusal(auth.login({ name, password: 'wrong password', ...(client ? { client } : {}) }));

  it('locks a name out after 5 failures in 15 minutes, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await fail()).code).toBe('BAD_CREDENTIALS');
      now += MIN;
    }
    hasher.verified = [];
    const throttled = await refusal(auth.login({ name: 'zhao', password: 'supervisor pass' }));
    expect(throttled).toBeInstanceOf(ThrottledError);
    expect(throttled).toMatchObject({ code: 'LOGIN_THROTTLED', kind: 'throttled', denial: 'throttled', retryAfterMs: 4 * MIN, context: { retryAfterMs: 4 * MIN } });
    expect(throttled.message).toBe('too many failed sign-ins: try again in 4 minutes');
    expect(throttled.hint).toContain('reset the password');
    expect(hasher.verified).toEqual([]);
    expect(events.at(-1)).toEqual({ type: 'login.throttled', user: 'zhao', at: new Date(now).toISOString(), detail: { purpose: 'login', retryAfterMs: 4 * MIN, lock: 'name-client' } });
  });

  it('lets the name in again when the lock-out ends, and doubles the next one', async () => {
    for (let i = 0; i < 5; i++) await fail();
    now += 5 * MIN - 1;
    expect(await refusal(auth.login({ name: 'zhao', password: 'supervisor pass' }))).toMatchObject({ code: 'LOGIN_THROTTLED', retryAfterMs: 1 });
    now += 1;
    for (let i = 0; i < 5; i++) expect((await fail()).code).toBe('BAD_CREDENTIALS');
    expect(await refusal(auth.login({ name: 'zhao', password: 'supervisor pass' }))).toMatchObject({ code: 'LOGIN_THROTTLED', retryAfterMs: 10 * MIN });
    now += 10 * MIN;
    expect((await auth.login({ name: 'zhao', password: 'supervisor pass' })).user.name).toBe('zhao');
  });

  it('does not lock when the failures are spread over more than the window', async () => {
    for (let i = 0; i < 8; i++) {
      expect((await fail()).code).toBe('BAD_CREDENTIALS');
      now += 4 * MIN;
    }
  });

  it('resets the count on a successful sign-in', async () => {
    for (let i = 0; i < 4; i++) await fail();
    await auth.login({ name: 'zhao', password: 'supervisor pass' });
    for (let i = 0; i < 4; i++) expect((await fail()).code).toBe('BAD_CREDENTIALS');
    await auth.login({ name: 'zhao', password: 'supervisor pass' });
  });

  it('throttles unknown names exactly like known ones', async () => {
    for (let i = 0; i < 5; i++) expect((await fail('ghost')).code).toBe('BAD_CREDENTIALS');
    expect(await refusal(auth.login({ name: 'ghost', password: 'x' }))).toMatchObject({ code: 'LOGIN_THROTTLED', retryAfterMs: 5 * MIN });
  });

  it('keeps names apart and treats names without regard to case', async () => {
    for (let i = 0; i < 5; i++) await fail(i % 2 === 0 ? 'ZHAO' : 'zhao');
    expect((await refusal(auth.login({ name: 'Zhao', password: 'supervisor pass' }))).code).toBe('LOGIN_THROTTLED');
    expect((await auth.login({ name: 'wang.li', password: 'cashier pass' })).user.name).toBe('wang.li');
  });

  it('throttles one client trying many names: only the names it failed on, and only that client', async () => {
    auth = service({ settings: { clientMaxFailures: 6 } });
    for (let i = 0; i < 6; i++) expect((await fail(`guess${i}`, 'till-9')).code).toBe('BAD_CREDENTIALS');
    // A name it already failed on waits, even below that name's own limit.
    const throttled = await refusal(auth.login({ name: 'guess0', password: 'another guess', client: 'till-9' }));
    expect(throttled).toMatchObject({ code: 'LOGIN_THROTTLED', retryAfterMs: 5 * MIN });
    expect(events.at(-1)).toMatchObject({ type: 'login.throttled', detail: { client: 'till-9', lock: 'client' } });
    // A name it has not failed on gets its password checked: the right one lets its owner in.
    expect((await auth.login({ name: 'zhao', password: 'supervisor pass', client: 'till-9' })).user.name).toBe('zhao');
    expect((await fail('guess6', 'till-9')).code).toBe('BAD_CREDENTIALS');
    expect((await fail('guess6', 'till-9')).code).toBe('LOGIN_THROTTLED');
    expect((await auth.login({ name: 'zhao', password: 'supervisor pass', client: 'till-1' })).user.name).toBe('zhao');
  });

  it('does not let a client reset its own count with one good account', async () => {
    auth = service({ settings: { clientMaxFailures: 6 } });
    for (let i = 0; i < 5; i++) await fail(`guess${i}`, 'till-9');
    await auth.login({ name: 'zhao', password: 'supervisor pass', client: 'till-9' });
    await fail('guess5', 'till-9');
    expect((await refusal(auth.login({ name: 'guess5', password: 'guessed', client: 'till-9' }))).code).toBe('LOGIN_THROTTLED');
  });

  it('never locks out the right password from a client that has not failed, whatever another client did', async () => {
    for (let i = 0; i < 25; i++) await fail(i % 2 === 0 ? 'zhao' : `guess${i}`, '10.0.0.66');
    expect((await fail('zhao', '10.0.0.66')).code).toBe('LOGIN_THROTTLED');
    expect((await auth.login({ name: 'zhao', password: 'supervisor pass', client: '10.0.0.7' })).user.name).toBe('zhao');
    expect((await auth.login({ name: 'boss', password: 'boss password', client: '10.0.0.66' })).user.name).toBe('boss');
  });

  it('locks a name guessed from many clients for every client that failed on it, not for one that has not', async () => {
    auth = service({ settings: { nameMaxFailures: 9, nameMinClients: 3 } });
    for (let i = 0; i < 9; i++) expect((await fail('zhao', `10.0.0.${i % 3}`)).code).toBe('BAD_CREDENTIALS');
    // Each client failed 3 times, under its own limit of 5: the name's backstop holds them now, for 2 minutes.
    const held = await refusal(auth.login({ name: 'zhao', password: 'supervisor pass', client: '10.0.0.1' }));
    expect(held).toMatchObject({ code: 'LOGIN_THROTTLED', retryAfterMs: 2 * MIN });
    expect(events.at(-1)).toMatchObject({ type: 'login.throttled', detail: { lock: 'name' } });
    expect((await auth.login({ name: 'zhao', password: 'supervisor pass', client: '10.0.0.9' })).user.name).toBe('zhao');
    now += 2 * MIN;
    expect((await auth.login({ name: 'zhao', password: 'supervisor pass', client: '10.0.0.1' })).user.name).toBe('zhao');
  });

  it('needs failures from several clients before the name backstop locks', async () => {
    auth = service({ settings: { nameMaxFailures: 4, nameMinClients: 3, maxFailures: 100 } });
    for (let i = 0; i < 8; i++) expect((await fail('zhao', i < 7 ? 'till-1' : 'till-2')).code).toBe('BAD_CREDENTIALS');
    expect((await fail('zhao', 'till-3')).code).toBe('BAD_CREDENTIALS');
    expect((await fail('zhao', 'till-1')).code).toBe('LOGIN_THROTTLED');
  });

  it('counts attempts made at the same moment against each other', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => fail()));
    expect(results.map((e) => e.code).sort()).toEqual([...Array(5).fill('BAD_CREDENTIALS'), ...Array(3).fill('LOGIN_THROTTLED')]);
  });

  it('lifts a lock-out when an admin sets a new password', async () => {
    for (let i = 0; i < 5; i++) await fail();
    await auth.setPassword('zhao', 'a new password', 'boss');
    expect((await auth.login({ name: 'zhao', password: 'a new password' })).user.name).toBe('zhao');
  });

  it('lifts every lock on the name when an admin sets a new password: at every client, and for approvals', async () => {
    for (const client of ['till-1', 'till-2']) for (let i = 0; i < 5; i++) await fail('zhao', client);
    const approval = { approver: 'zhao', password: 'wrong password', forUser: 'wang.li', action: 'reprint 10023456-000128-000457' };
    for (let i = 0; i < 5; i++) await refusal(auth.approve(approval));
    await auth.setPassword('zhao', 'a new password', 'boss');
    for (const client of ['till-1', 'till-2']) expect((await auth.login({ name: 'zhao', password: 'a new password', client })).user.name).toBe('zhao');
    expect((await auth.approve({ ...approval, password: 'a new password' })).approver).toBe('zhao');
  });

  it('forgets failures after failureMemoryMs, on the next sign-in', async () => {
    const attempts = vi.spyOn(store, 'recordAttempt');
    for (let i = 0; i < 3; i++) await fail('ghost');
    // Throttle keys are stored hashed: the key is the one the service handed the store.
    const key = attempts.mock.calls[0]?.[0] ?? '';
    expect(await store.failuresOf(key, 0)).toHaveLength(3);
    now += 24 * 60 * MIN + 1;
    await auth.login({ name: 'zhao', password: 'supervisor pass' });
    expect(await store.failuresOf(key, 0)).toEqual([]);
  });

  it('journals at most 50 refused sign-ins of one client in 15 minutes, and says how many it did not with its next', async () => {
    const journaled = () => events.filter((e) => e.type === 'login.failed' || e.type === 'login.throttled');
    // New names are never locked (not to lock out others behind the same address): each was one event for ever.
    for (let i = 0; i < 60; i++) expect((await fail(`guess${i}`, 'http:10.0.0.9')).code).toBe('BAD_CREDENTIALS');
    // Each wrong password of one name, and each attempt while it is locked, counts the same.
    for (let i = 0; i < 7; i++) await fail('zhao', 'http:10.0.0.9');
    expect(journaled()).toHaveLength(50);
    // Another client is journaled as before, and so is the command line (no client).
    await fail('someone', 'http:10.0.0.10');
    await fail('someone');
    expect(journaled()).toHaveLength(52);
    now += 15 * MIN;
    await fail('guess-later', 'http:10.0.0.9');
    expect(journaled().at(-1)).toMatchObject({ type: 'login.failed', user: 'guess-later', detail: { client: 'http:10.0.0.9', unjournaled: 17 } });
    await fail('guess-later2', 'http:10.0.0.9');
    expect(journaled().at(-1)?.detail).not.toHaveProperty('unjournaled');
  });
});

describe('sessions', () => {
  let token: string;
  beforeEach(async () => {
    ({ token } = await auth.login({ name: 'wang.li', password: 'cashier pass' }));
    events = [];
  });

  it('authenticates the token and slides the idle expiry', async () => {
    now += 10 * MIN;
    const info = await auth.authenticate(token);
    expect(info).toMatchObject({ user: { name: 'wang.li', role: 'cashier', operatorNo: '01' }, expiresAt: '2026-11-27T07:05:00.000Z', absoluteExpiresAt: '2026-11-27T18:40:00.000Z' });
    now += 10 * MIN;
    expect((await auth.authenticate(token)).expiresAt).toBe('2026-11-27T07:15:00.000Z');
  });

  it('ends a session left idle for 15 minutes', async () => {
    now += 15 * MIN;
    const expired = await refusal(auth.authenticate(token));
    expect(expired).toBeInstanceOf(AuthenticationError);
    expect(expired).toMatchObject({ code: 'SESSION_EXPIRED', message: 'the session expired after 15 minutes without use', hint: 'sign in again', context: { reason: 'idle' } });
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('ends a session after 12 hours however busy, and never slides past that', async () => {
    for (let t = 0; t < 12 * 60 - 14; t += 14) {
      now += 14 * MIN;
      await auth.authenticate(token);
    }
    now = T0 + 12 * 60 * MIN - 5 * MIN;
    expect((await auth.authenticate(token)).expiresAt).toBe('2026-11-27T18:40:00.000Z');
    now = T0 + 12 * 60 * MIN;
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_EXPIRED', message: 'the session expired after the 12-hour limit', context: { reason: 'absolute' } });
  });

  it('honours configured session lengths', async () => {
    auth = service({ settings: { sessionIdleMs: 2 * MIN, sessionAbsoluteMs: 3 * MIN } });
    const short = await auth.login({ name: 'zhao', password: 'supervisor pass' });
    expect(short.expiresAt).toBe('2026-11-27T06:42:00.000Z');
    now += 2 * MIN - 1;
    expect((await auth.authenticate(short.token)).expiresAt).toBe('2026-11-27T06:43:00.000Z');
  });

  it('logs out', async () => {
    expect(await auth.logout(token)).toBe(true);
    expect(await auth.logout(token)).toBe(false);
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID', message: 'not signed in: the session is unknown or has ended', hint: 'sign in again' });
  });

  it('refuses a malformed or unknown token as SESSION_INVALID', async () => {
    for (const bad of ['', 'short', `${token}x`, token.replace(/^./, token.startsWith('A') ? 'B' : 'A'), sha256(token), undefined]) {
      expect(await refusal(auth.authenticate(bad as never))).toMatchObject({ code: 'SESSION_INVALID', denial: 'unauthenticated' });
    }
    expect(await auth.logout('not a token')).toBe(false);
  });

  it('ends every session of a user who is disabled', async () => {
    const other = await auth.login({ name: 'wang.li', password: 'cashier pass' });
    const theirs = await auth.login({ name: 'zhao', password: 'supervisor pass' });
    const user = await auth.disableUser('wang.li', 'boss');
    expect(user.disabled).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'user.disabled', user: 'wang.li', by: 'boss', detail: { sessionsEnded: 2, wasDisabled: false } });
    for (const t of [token, other.token]) expect(await refusal(auth.authenticate(t))).toMatchObject({ code: 'SESSION_INVALID' });
    expect((await auth.authenticate(theirs.token)).user.name).toBe('zhao');
    await auth.enableUser('wang.li');
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('ends every session when the password changes', async () => {
    await auth.setPassword('wang.li', 'brand new pass', 'boss');
    expect(events.at(-1)).toEqual({ type: 'user.password-changed', user: 'wang.li', by: 'boss', at: '2026-11-27T06:40:00.000Z', detail: { sessionsEnded: 1 } });
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
    expect(await refusal(auth.login({ name: 'wang.li', password: 'cashier pass' }))).toMatchObject({ code: 'BAD_CREDENTIALS' });
    await auth.login({ name: 'wang.li', password: 'brand new pass' });
  });

  it('refuses a session opened with a password changed since, even if it escaped the clean-up', async () => {
    const session = await store.getSession(sha256(token));
    await auth.setPassword('wang.li', 'brand new pass');
    // As if a sign-in with the old password had raced the change and written its session afterwards.
    await store.insertSession(session!);
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
    expect(await store.getSession(sha256(token))).toBeUndefined();
  });

  it('refuses a session of a user disabled behind its back', async () => {
    await store.updateUser('wang.li', { disabled: true, updatedAt: now });
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('purges expired sessions and old failures', async () => {
    await refusal(auth.login({ name: 'ghost', password: 'whatever pw' }));
    now += 24 * 60 * MIN + 1;
    // One failed sign-in counts twice: for the name at this client and for the name.
    expect(await auth.purge()).toEqual({ sessions: 1, failures: 2 });
    expect(await auth.purge()).toEqual({ sessions: 0, failures: 0 });
  });
});

describe('session cache', () => {
  let token: string;
  let reads: { mock: { calls: unknown[] } };
  beforeEach(async () => {
    ({ token } = await auth.login({ name: 'wang.li', password: 'cashier pass' }));
    reads = vi.spyOn(store, 'getSession');
  });

  it('reads a busy session from the store once per sessionCacheMs', async () => {
    for (let i = 0; i < 5; i++) expect((await auth.authenticate(token)).user.name).toBe('wang.li');
    expect(reads).toHaveBeenCalledTimes(1);
    now += auth.settings.sessionCacheMs - 1;
    await auth.authenticate(token);
    expect(reads).toHaveBeenCalledTimes(1);
    now += 1;
    await auth.authenticate(token);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('ends a cached session at once on logout, disable, a new password or a new role made here', async () => {
    await auth.authenticate(token);
    await auth.logout(token);
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });

    ({ token } = await auth.login({ name: 'wang.li', password: 'cashier pass' }));
    await auth.authenticate(token);
    await auth.setPassword('wang.li', 'brand new pass', 'boss');
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });

    ({ token } = await auth.login({ name: 'wang.li', password: 'brand new pass' }));
    await auth.authenticate(token);
    await auth.changeUser('wang.li', { role: 'supervisor' }, 'boss');
    expect((await auth.authenticate(token)).user.role).toBe('supervisor');

    await auth.disableUser('wang.li', 'boss');
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
  });

  /**
   * A request reading the session from the store while a logout, a disable or a new password
   * is made: it may still answer as it read (it began before the change), but what it read
   * must not be cached past the change, or the ended session works on for sessionCacheMs.
   */
  const whileReading = async (read: 'getSession' | 'getUser', change: () => Promise<unknown>) => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const real = store[read].bind(store) as (key: string) => Promise<unknown>;
    const spy = vi.spyOn(store, read).mockImplementationOnce((async (key: string) => {
      const found = await real(key);
      await held;
      return found;
    }) as never);
    const inFlight = auth.authenticate(token).catch(() => undefined);
    await vi.waitFor(() => expect(spy).toHaveBeenCalled());
    await change();
    release();
    await inFlight;
  };

  it("a disable made by another process while the first request reads the user ends the session at once (the store's watch starts before the reads)", async () => {
    await whileReading('getUser', () => store.updateUser('wang.li', { disabled: true, updatedAt: now }));
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('a logout made while a request reads the session ends it at once', async () => {
    await whileReading('getSession', () => auth.logout(token));
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('a request that reads the session while a logout is deleting it does not keep it in the cache', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const real = store.deleteSession.bind(store);
    const deleting = vi.spyOn(store, 'deleteSession').mockImplementationOnce(async (tokenHash) => {
      await held;
      return real(tokenHash);
    });
    const logout = auth.logout(token);
    await vi.waitFor(() => expect(deleting).toHaveBeenCalled());
    // Read before the delete lands: still signed in, as the logout has not finished.
    expect((await auth.authenticate(token)).user.name).toBe('wang.li');
    release();
    expect(await logout).toBe(true);
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('a disable or a new password made while a request reads the user ends the session at once', async () => {
    await whileReading('getUser', () => auth.disableUser('wang.li', 'boss'));
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });

    await auth.enableUser('wang.li', 'boss');
    ({ token } = await auth.login({ name: 'wang.li', password: 'cashier pass' }));
    await whileReading('getUser', () => auth.setPassword('wang.li', 'brand new pass', 'boss'));
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('a new role made while a request reads the user applies from the next request', async () => {
    await whileReading('getUser', () => auth.changeUser('wang.li', { role: 'supervisor' }, 'boss'));
    expect((await auth.authenticate(token)).user.role).toBe('supervisor');
  });

  /** The store as one that cannot watch for other processes' changes (UserStore.watchChanges left out). */
  const blind = (): UserStore => Object.assign(Object.create(store) as UserStore, { watchChanges: undefined });

  it("sees a change made behind its back (another process) at once, told by the store's watch", async () => {
    await auth.authenticate(token);
    await store.updateUser('wang.li', { disabled: true, updatedAt: now });
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
    expect(await store.getSession(sha256(token))).toBeUndefined();
  });

  it("sees a logout made by another server at once, told by the store's watch", async () => {
    await auth.authenticate(token);
    await store.deleteSession(sha256(token));
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('over a store that cannot watch, sees a change made behind its back within sessionCacheMs', async () => {
    auth = service({ store: blind() });
    ({ token } = await auth.login({ name: 'wang.li', password: 'cashier pass' }));
    await auth.authenticate(token);
    await store.updateUser('wang.li', { disabled: true, updatedAt: now });
    now += auth.settings.sessionCacheMs - 1;
    expect((await auth.authenticate(token)).user.name).toBe('wang.li');
    now += 1;
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('over a store that cannot watch, sees a logout made by another server within sessionCacheMs', async () => {
    auth = service({ store: blind() });
    ({ token } = await auth.login({ name: 'wang.li', password: 'cashier pass' }));
    await auth.authenticate(token);
    await store.deleteSession(sha256(token));
    now += auth.settings.sessionCacheMs;
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('checks expiry on every request, cached or not', async () => {
    auth = service({ settings: { sessionCacheMs: 60 * MIN } });
    ({ token } = await auth.login({ name: 'wang.li', password: 'cashier pass' }));
    await auth.authenticate(token);
    now += 15 * MIN;
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_EXPIRED', context: { reason: 'idle' } });
    expect(await store.getSession(sha256(token))).toBeUndefined();
  });

  it('still slides a cached session, and a slide that finds the session gone ends it', async () => {
    auth = service({ settings: { sessionCacheMs: 60 * MIN } });
    ({ token } = await auth.login({ name: 'wang.li', password: 'cashier pass' }));
    await auth.authenticate(token);
    now += 10 * MIN;
    expect((await auth.authenticate(token)).expiresAt).toBe('2026-11-27T07:05:00.000Z');
    expect((await store.getSession(sha256(token)))?.idleExpiresAt).toBe(Date.parse('2026-11-27T07:05:00.000Z'));
    await store.deleteSession(sha256(token));
    now += 2 * MIN;
    expect(await refusal(auth.authenticate(token))).toMatchObject({ code: 'SESSION_INVALID' });
  });
});

describe('step-up approval', () => {
  const request = { approver: 'zhao', password: 'supervisor pass', forUser: 'wang.li', action: 'reprint 10023456-000128-000457' };

  it('approves one action with the approver\'s credentials and opens no session', async () => {
    const insertSession = vi.spyOn(store, 'insertSession');
    now += MIN;
    const approval = await auth.approve({ ...request, approver: 'ZHAO' });
    expect(approval).toEqual({ approver: 'zhao', role: 'supervisor', at: '2026-11-27T06:41:00.000Z', forUser: 'wang.li', action: 'reprint 10023456-000128-000457' });
    expect(insertSession).not.toHaveBeenCalled();
    expect(events).toEqual([
      { type: 'approval.granted', user: 'zhao', at: '2026-11-27T06:41:00.000Z', detail: { forUser: 'wang.li', action: request.action, requires: 'reprint.approve', role: 'supervisor' } },
    ]);
  });

  it('refuses self-approval without checking any password', async () => {
    const error = await refusal(auth.approve({ ...request, approver: 'Wang.Li', password: 'cashier pass' }));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ code: 'SELF_APPROVAL', denial: 'forbidden', kind: 'forbidden', hint: expect.stringContaining('another user') });
    expect(hasher.verified).toEqual([]);
    expect(events).toEqual([expect.objectContaining({ type: 'approval.refused', user: 'wang.li', detail: expect.objectContaining({ reason: 'self-approval' }) })]);
  });

  it("refuses a wrong password or unknown approver with APPROVAL_REFUSED (the approver's, not the user's: 403, not 401)", async () => {
    expect(await refusal(auth.approve({ ...request, password: 'wrong password' }))).toMatchObject({ code: 'APPROVAL_REFUSED', kind: 'forbidden', message: "the approver's user name or password is wrong" });
    expect(await refusal(auth.approve({ ...request, approver: 'ghost' }))).toMatchObject({ code: 'APPROVAL_REFUSED' });
    expect(await refusal(auth.approve({ ...request, password: '' }))).toMatchObject({ code: 'CREDENTIALS_REQUIRED' });
    expect(events.map((e) => [e.type, e.user, e.detail.reason])).toEqual([
      ['approval.refused', 'zhao', 'bad-credentials'],
      ['approval.refused', 'ghost', 'bad-credentials'],
    ]);
  });

  it('refuses a disabled approver with APPROVER_DISABLED', async () => {
    await auth.disableUser('zhao');
    const error = await refusal(auth.approve(request));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ code: 'APPROVER_DISABLED', hint: expect.any(String) });
  });

  it('refuses an approver whose role lacks the permission', async () => {
    await auth.addUser({ name: 'qian', role: 'backoffice', password: 'finance dept' });
    await auth.addUser({ name: 'sun', role: 'cashier', password: 'another cashier' });
    for (const approver of [{ approver: 'qian', password: 'finance dept' }, { approver: 'sun', password: 'another cashier' }]) {
      expect(await refusal(auth.approve({ ...request, ...approver }))).toMatchObject({ code: 'APPROVER_NOT_PERMITTED', context: { requires: 'reprint.approve' } });
    }
    expect(await refusal(auth.approve({ ...request, requires: 'reprint.beyond-limit' }))).toMatchObject({ code: 'APPROVER_NOT_PERMITTED', context: { role: 'supervisor' } });
    expect((await auth.approve({ ...request, approver: 'boss', password: 'boss password', requires: 'reprint.beyond-limit' })).role).toBe('admin');
    expect(events.filter((e) => e.type === 'approval.refused').map((e) => e.detail.reason)).toEqual(['not-permitted', 'not-permitted', 'not-permitted']);
  });

  it('refuses a malformed request', async () => {
    expect(await refusal(auth.approve({ ...request, action: '' }))).toMatchObject({ code: 'INVALID_ACTION' });
    expect(await refusal(auth.approve({ ...request, forUser: 'who?' }))).toMatchObject({ code: 'INVALID_USER_NAME', message: expect.stringContaining('forUser') });
    expect(await refusal(auth.approve({ ...request, requires: 'everything' as never }))).toMatchObject({ code: 'UNKNOWN_PERMISSION', hint: expect.stringContaining('reprint.approve') });
  });

  it("throttles a user guessing an approver's password on its own count, journaled, never locking the approver's sign-in", async () => {
    for (let i = 0; i < 5; i++) expect((await refusal(auth.approve({ ...request, password: 'wrong password', client: 'till-1' }))).code).toBe('APPROVAL_REFUSED');
    const throttled = await refusal(auth.approve({ ...request, password: 'wrong password', client: 'till-1' }));
    expect(throttled).toBeInstanceOf(ThrottledError);
    expect(throttled).toMatchObject({ code: 'APPROVAL_THROTTLED', kind: 'throttled', retryAfterMs: 5 * MIN });
    expect(events.at(-1)).toMatchObject({ type: 'approval.throttled', user: 'zhao', detail: { forUser: 'wang.li', lock: 'requester-approver', retryAfterMs: 5 * MIN } });
    // Even the right password waits for this requester…
    expect((await refusal(auth.approve({ ...request, client: 'till-1' }))).code).toBe('APPROVAL_THROTTLED');
    // …but the approver signs in, from that very till too, and approves for someone else.
    expect((await auth.login({ name: 'zhao', password: 'supervisor pass', client: 'till-1' })).user.name).toBe('zhao');
    await auth.addUser({ name: 'sun', role: 'cashier', password: 'another cashier' }, 'boss');
    expect((await auth.approve({ ...request, forUser: 'sun', client: 'till-1' })).approver).toBe('zhao');
    now += 5 * MIN;
    expect((await auth.approve(request)).approver).toBe('zhao');
  });

  it('keeps sign-in failures off the approval count and the other way round', async () => {
    for (let i = 0; i < 4; i++) await refusal(auth.approve({ ...request, password: 'wrong password' }));
    for (let i = 0; i < 4; i++) await refusal(auth.login({ name: 'zhao', password: 'wrong password' }));
    expect((await auth.approve(request)).approver).toBe('zhao');
    expect((await auth.login({ name: 'zhao', password: 'supervisor pass' })).user.name).toBe('zhao');
  });

  it('hands out no approval the audit hook could not record', async () => {
    auth = service({
      onAudit: (event) => {
        if (event.type === 'approval.granted') throw new Error('journal unavailable');
      },
    });
    await expect(auth.approve(request)).rejects.toThrow('journal unavailable');
  });

  it('works without an audit hook', async () => {
    auth = service({ onAudit: undefined });
    expect((await auth.approve(request)).approver).toBe('zhao');
  });
});

describe('card numbers in names, and throttle keys (issue 9 item 7)', () => {
  const PAN = '4539148803436467';
  const NAMES = [PAN, '4539.1488.0343.6467', '4539_1488_0343_6467', '4539-1488-0343-6467', [...PAN].join('\u200d'), [...PAN].map((d) => String.fromCodePoint(0x660 + Number(d))).join(''), `9${PAN}`];

  let attempts: MockInstance<SqlUserStore['recordAttempt']>;
  let clears: MockInstance<SqlUserStore['clearFailures']>;
  /** Every throttle key the service handed the store. */
  const keysSeen = () => [...attempts.mock.calls.map((c) => c[0]), ...clears.mock.calls.map((c) => c[0])];

  beforeEach(async () => {
    store = await freshStore();
    events = [];
    auth = service({ throttleKey: Uint8Array.from({ length: 32 }, (_, i) => i) });
    await auth.bootstrapAdmin({ name: 'boss', password: 'boss password' });
    await auth.addUser({ name: 'zhao', role: 'supervisor', password: 'supervisor pass' }, 'boss');
    await auth.addUser({ name: 'li', role: 'cashier', password: 'cashier pass' }, 'boss');
    attempts = vi.spyOn(store, 'recordAttempt');
    clears = vi.spyOn(store, 'clearFailures');
    events = [];
  });

  it.each(NAMES)('refuses the sign-in name %j with PAN_NOT_MASKED before anything is counted, journaled or echoed', async (name) => {
    const error = await refusal(auth.login({ name, password: 'whatever', client: 'till-1' }));
    expect(error).toMatchObject({ code: 'PAN_NOT_MASKED', kind: 'input', context: { path: 'username' } });
    expect(error.message).not.toMatch(/\p{Nd}{4}/u);
    expect(keysSeen()).toEqual([]);
    expect(events).toEqual([]);
  });

  it.each(NAMES)("refuses the approver's name %j the same way", async (name) => {
    const error = await refusal(auth.approve({ approver: name, password: 'supervisor pass', forUser: 'li', action: 'reprint 10023456-000128-000457' }));
    expect(error).toMatchObject({ code: 'PAN_NOT_MASKED', context: { path: 'approver.username' } });
    expect(keysSeen()).toEqual([]);
    expect(events).toEqual([]);
  });

  it.each(NAMES.filter((n) => /^[0-9._-]+$/.test(n)))('refuses %j as a new user name, never echoing it', async (name) => {
    const error = await refusal(auth.addUser({ name, role: 'cashier', password: 'a long password' }, 'boss'));
    expect(error.code).toBe('PAN_NOT_MASKED');
    expect(error.message).not.toContain(name);
  });

  it('hands the store only keyed hashes of names and clients, never the text or its plain SHA-256', async () => {
    await refusal(auth.login({ name: 'Zhao', password: 'wrong password', client: '10.0.0.7' }));
    await auth.login({ name: 'zhao', password: 'supervisor pass', client: '10.0.0.7' });
    expect(keysSeen().length).toBeGreaterThanOrEqual(4);
    for (const key of keysSeen()) {
      expect(key).toMatch(/^(user|client|pair|approval):[A-Za-z0-9_-]{43}$/);
      for (const plain of ['zhao', '10.0.0.7']) {
        expect(key).not.toContain(plain);
        expect(key).not.toContain(sha256(plain));
        expect(key).not.toContain(Buffer.from(sha256(plain), 'hex').toString('base64url'));
      }
    }
  });

  it('keys the hash: services sharing the key count failures together, another key does not see them', async () => {
    const fail = (on: AuthService) => refusal(on.login({ name: 'zhao', password: 'wrong password' }));
    const sameKey = service({ throttleKey: Uint8Array.from({ length: 32 }, (_, i) => i) });
    const otherKey = service({ throttleKey: Uint8Array.from({ length: 32 }, () => 7) });
    for (let i = 0; i < 3; i++) await fail(auth);
    for (let i = 0; i < 2; i++) await fail(sameKey);
    expect((await refusal(sameKey.login({ name: 'zhao', password: 'supervisor pass' }))).code).toBe('LOGIN_THROTTLED');
    expect((await otherKey.login({ name: 'zhao', password: 'supervisor pass' })).user.name).toBe('zhao');
  });
});
