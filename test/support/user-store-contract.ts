import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Argon2idHasher,
  AuthService,
  cryptoRandom,
  type AuditEvent,
  type AuthSettings,
  type SessionRecord,
  type UserRecord,
  type UserStore,
} from '../../src/auth/index.js';
import { ReissueError } from '../../src/core/index.js';

/** What each adapter's test file provides to run the one UserStore contract. */
export interface UserStoreHarness {
  /** A fresh, empty store. */
  open(): Promise<UserStore>;
  /** A second store on the same database, as another server would have. */
  reopen(store: UserStore): Promise<UserStore>;
  /** Releases what open/reopen took (connections, handles). */
  close(store: UserStore): Promise<void>;
  /** A table's rows as someone reading the database directly sees them; absent for stores without one. */
  rows?(store: UserStore, table: 'users' | 'sessions' | 'login_failures'): Promise<Record<string, unknown>[]>;
}

const T0 = Date.parse('2026-11-27T06:40:00Z');
/** Past 2^32 ms and past 2^31 s: times must survive as whole numbers, not wrap or turn into strings. */
const FAR = Date.parse('2100-01-01T00:00:00Z');
const MIN = 60_000;
const ARGON2ID = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const user = (name: string, extra: Partial<UserRecord> = {}): UserRecord => ({
  name,
  role: 'cashier',
  operatorNo: null,
  terminal: null,
  stores: null,
  disabled: false,
  passwordHash: `$test$${name}`,
  createdAt: T0,
  updatedAt: T0,
  ...extra,
});

const session = (tokenHash: string, userName: string, extra: Partial<SessionRecord> = {}): SessionRecord => ({
  tokenHash,
  userName,
  stamp: 'stamp',
  createdAt: T0,
  idleExpiresAt: T0 + 15 * MIN,
  absoluteExpiresAt: T0 + 720 * MIN,
  ...extra,
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ReissueError) return error.code;
    throw error;
  }
  return 'none';
}

/**
 * The contract every UserStore adapter passes (memory, SQLite, PostgreSQL): first the port
 * itself, then the AuthService over it with the real argon2id hasher.
 */
export function userStoreContract(name: string, harness: UserStoreHarness): void {
  describe(`UserStore contract: ${name}`, () => {
    let store: UserStore;
    const extra: UserStore[] = [];

    beforeEach(async () => {
      store = await harness.open();
    });
    afterEach(async () => {
      for (const other of extra.splice(0)) await harness.close(other);
      await harness.close(store);
    });

    const second = async () => {
      const other = await harness.reopen(store);
      extra.push(other);
      return other;
    };

    describe('users', () => {
      it('starts empty', async () => {
        expect(await store.hasUsers()).toBe(false);
        expect(await store.listUsers()).toEqual([]);
        expect(await store.getUser('nobody')).toBeUndefined();
      });

      it('keeps every field of a user as given', async () => {
        const full = user('wang.li', { role: 'supervisor', operatorNo: '01', terminal: '10023456', disabled: true, createdAt: FAR, updatedAt: FAR + 1 });
        expect(await store.insertUser(full)).toBe('created');
        expect(await store.insertUser(user('zhao'))).toBe('created');
        expect(await store.getUser('wang.li')).toEqual(full);
        expect(await store.getUser('zhao')).toEqual(user('zhao'));
        expect(await store.hasUsers()).toBe(true);
      });

      it('lists users in byte order of their names', async () => {
        for (const n of ['zhao', 'an', 'b.c', 'a-b', 'a_b', 'a9']) await store.insertUser(user(n));
        expect((await store.listUsers()).map((u) => u.name)).toEqual(['a-b', 'a9', 'a_b', 'an', 'b.c', 'zhao']);
      });

      it('refuses a taken name and a taken operator no., and allows many without one', async () => {
        await store.insertUser(user('wang.li', { operatorNo: '01' }));
        expect(await store.insertUser(user('wang.li', { operatorNo: '02', role: 'admin' }))).toBe('name-taken');
        expect(await store.insertUser(user('wang.li', { operatorNo: '01' }))).toBe('name-taken');
        expect(await store.insertUser(user('zhao', { operatorNo: '01' }))).toBe('operator-no-taken');
        expect(await store.insertUser(user('zhao'))).toBe('created');
        expect(await store.insertUser(user('qian'))).toBe('created');
        expect((await store.getUser('wang.li'))?.role).toBe('cashier');
        expect((await store.listUsers()).length).toBe(3);
      });

      it('finds a user by operator no.', async () => {
        await store.insertUser(user('wang.li', { operatorNo: 'A01' }));
        expect((await store.userByOperatorNo('A01'))?.name).toBe('wang.li');
        expect(await store.userByOperatorNo('a01')).toBeUndefined();
      });

      it('updates only the fields given', async () => {
        await store.insertUser(user('wang.li', { operatorNo: '01', terminal: '10023456' }));
        await store.insertUser(user('zhao', { operatorNo: '02' }));
        expect(await store.updateUser('wang.li', { role: 'supervisor', disabled: true, updatedAt: FAR })).toBe('updated');
        expect(await store.getUser('wang.li')).toEqual(user('wang.li', { operatorNo: '01', terminal: '10023456', role: 'supervisor', disabled: true, updatedAt: FAR }));
        expect(await store.updateUser('wang.li', { operatorNo: null, terminal: null, disabled: false, passwordHash: '$new', updatedAt: FAR + 1 })).toBe('updated');
        expect(await store.getUser('wang.li')).toMatchObject({ operatorNo: null, terminal: null, disabled: false, passwordHash: '$new', updatedAt: FAR + 1 });
        expect(await store.updateUser('zhao', { operatorNo: '02', updatedAt: T0 })).toBe('updated');
        expect(await store.updateUser('wang.li', { operatorNo: '02', updatedAt: T0 })).toBe('operator-no-taken');
        expect((await store.getUser('wang.li'))?.operatorNo).toBeNull();
        expect(await store.updateUser('nobody', { disabled: true, updatedAt: T0 })).toBe('not-found');
      });

      it('keeps the stores a user is limited to, and lifts the limit', async () => {
        await store.insertUser(user('qian', { role: 'backoffice', stores: 'SH-001,SH-002' }));
        expect((await store.getUser('qian'))?.stores).toBe('SH-001,SH-002');
        expect(await store.updateUser('qian', { stores: 'SH-003', updatedAt: FAR })).toBe('updated');
        expect((await store.listUsers()).find((u) => u.name === 'qian')?.stores).toBe('SH-003');
        expect(await store.updateUser('qian', { stores: null, updatedAt: FAR })).toBe('updated');
        expect((await store.getUser('qian'))?.stores).toBeNull();
      });

      it('adds a first user only to an empty store', async () => {
        expect(await store.insertFirstUser(user('root', { role: 'admin' }))).toBe(true);
        expect(await store.insertFirstUser(user('other', { role: 'admin' }))).toBe(false);
        expect((await store.listUsers()).map((u) => u.name)).toEqual(['root']);
      });

      it('lets only one of several servers add the first user', async () => {
        const stores = [store, await second(), await second()];
        const results = await Promise.all(stores.map((s, i) => s.insertFirstUser(user(`root${i}`, { role: 'admin' }))));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.listUsers()).toHaveLength(1);
      });
    });

    describe('sessions', () => {
      beforeEach(async () => {
        await store.insertUser(user('wang.li'));
        await store.insertUser(user('zhao'));
      });

      it('keeps, moves on and ends a session', async () => {
        const s = session('a'.repeat(64), 'wang.li', { absoluteExpiresAt: FAR });
        await store.insertSession(s);
        expect(await store.getSession(s.tokenHash)).toEqual(s);
        expect(await store.touchSession(s.tokenHash, T0 + 30 * MIN)).toBe(true);
        expect(await store.getSession(s.tokenHash)).toEqual({ ...s, idleExpiresAt: T0 + 30 * MIN });
        expect(await store.deleteSession(s.tokenHash)).toBe(true);
        expect(await store.deleteSession(s.tokenHash)).toBe(false);
        expect(await store.touchSession(s.tokenHash, T0)).toBe(false);
        expect(await store.getSession(s.tokenHash)).toBeUndefined();
      });

      it('ends all sessions of one user', async () => {
        await store.insertSession(session('a', 'wang.li'));
        await store.insertSession(session('b', 'wang.li'));
        await store.insertSession(session('c', 'zhao'));
        expect(await store.deleteSessionsOf('wang.li')).toBe(2);
        expect(await store.deleteSessionsOf('wang.li')).toBe(0);
        expect(await store.getSession('c')).toBeDefined();
      });

      it('removes sessions past their idle or absolute expiry', async () => {
        await store.insertSession(session('idle', 'wang.li', { idleExpiresAt: T0 + MIN }));
        await store.insertSession(session('absolute', 'wang.li', { idleExpiresAt: T0 + 5 * MIN, absoluteExpiresAt: T0 + 2 * MIN }));
        await store.insertSession(session('live', 'zhao', { idleExpiresAt: T0 + 3 * MIN }));
        expect(await store.deleteExpiredSessions(T0 + MIN - 1)).toBe(0);
        expect(await store.deleteExpiredSessions(T0 + 2 * MIN)).toBe(2);
        expect(await store.getSession('live')).toBeDefined();
      });
    });

    describe('failed sign-ins', () => {
      const record = async (s: UserStore, key: string, at: number, since = 0) => s.recordAttempt(key, at, since);
      const bare = (id: number, key: string, at: number) => ({ id, key, at, subject: null, source: null });

      it('records attempts in order and hands back the earlier ones of the same key', async () => {
        const first = await record(store, 'user:zhao', T0);
        expect(first.earlier).toEqual([]);
        const other = await record(store, 'user:wang.li', T0 + 1);
        expect(other.earlier).toEqual([]);
        const third = await record(store, 'user:zhao', FAR);
        expect(third.earlier).toEqual([bare(first.id, 'user:zhao', T0)]);
        const fourth = await record(store, 'user:zhao', T0 + 2, T0 + 1);
        expect(fourth.earlier).toEqual([bare(third.id, 'user:zhao', FAR)]);
        const ids = [first.id, other.id, third.id, fourth.id];
        expect([...ids].sort((a, b) => a - b)).toEqual(ids);
        expect(await store.failuresOf('user:zhao', 0)).toEqual([bare(first.id, 'user:zhao', T0), bare(third.id, 'user:zhao', FAR), bare(fourth.id, 'user:zhao', T0 + 2)]);
        expect((await store.failuresOf('user:zhao', T0 + 1)).map((f) => f.at)).toEqual([FAR, T0 + 2]);
        expect(await store.failuresOf('user:nobody', 0)).toEqual([]);
      });

      it('removes one attempt, clears a key, and forgets old attempts', async () => {
        const { id: first } = await record(store, 'user:zhao', T0);
        await record(store, 'user:zhao', T0 + MIN);
        await record(store, 'client:till-1', T0);
        await record(store, 'client:till-1', T0 + 2 * MIN);
        await store.removeFailure(first);
        expect((await store.failuresOf('user:zhao', 0)).map((f) => f.at)).toEqual([T0 + MIN]);
        expect(await store.clearFailures('user:zhao')).toBe(1);
        expect(await store.failuresOf('user:zhao', 0)).toEqual([]);
        expect(await store.pruneFailures(T0 + 2 * MIN)).toBe(1);
        expect((await store.failuresOf('client:till-1', 0)).map((f) => f.at)).toEqual([T0 + 2 * MIN]);
      });

      it("keeps an attempt's subject and source, and clears every attempt on one subject", async () => {
        const first = await store.recordAttempt('pair:zhao@till-1', T0, 0, { subject: 'user:zhao', source: 'client:till-1' });
        await store.recordAttempt('user:zhao', T0, 0, { subject: 'user:zhao', source: 'client:till-1' });
        await store.recordAttempt('approval:li>zhao', T0 + 1, 0, { subject: 'user:zhao', source: 'user:li' });
        await store.recordAttempt('pair:li@till-1', T0 + 2, 0, { subject: 'user:li', source: 'client:till-1' });
        const again = await store.recordAttempt('pair:zhao@till-1', T0 + 3, 0, { subject: 'user:zhao', source: 'client:till-1' });
        expect(again.earlier).toEqual([{ id: first.id, key: 'pair:zhao@till-1', at: T0, subject: 'user:zhao', source: 'client:till-1' }]);
        expect(await store.clearSubject('user:zhao')).toBe(4);
        expect(await store.failuresOf('pair:zhao@till-1', 0)).toEqual([]);
        expect((await store.failuresOf('pair:li@till-1', 0)).map((f) => f.subject)).toEqual(['user:li']);
      });

      it('never gives a later attempt a smaller id, even after removals', async () => {
        const ids: number[] = [];
        for (let i = 0; i < 5; i++) {
          const { id } = await record(store, 'user:zhao', T0);
          ids.push(id);
          if (i % 2 === 0) await store.removeFailure(id);
        }
        expect([...new Set(ids)]).toEqual(ids);
        expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      });

      it('lets each of many simultaneous attempts, from several servers, see all that came before it', async () => {
        const stores = [store, await second(), await second()];
        const results = await Promise.all(Array.from({ length: 30 }, (_, i) => record(stores[i % 3]!, 'user:zhao', T0 + i)));
        const byId = [...results].sort((a, b) => a.id - b.id);
        byId.forEach((result, position) => {
          expect(result.earlier.map((f) => f.id)).toEqual(byId.slice(0, position).map((r) => r.id));
        });
      });
    });

    describe('AuthService over this store, with argon2id', () => {
      let now: number;
      let events: AuditEvent[];
      const hasher = new Argon2idHasher();
      // Servers on one database share the secret throttle keys are hashed with (the app derives it from the journal's key).
      const throttleKey = cryptoRandom(32);
      const serviceOn = (s: UserStore, settings: Partial<AuthSettings> = {}) =>
        new AuthService({ store: s, hasher, clock: () => now, random: cryptoRandom, settings, onAudit: (e) => void events.push(e), throttleKey });
      let auth: AuthService;

      beforeEach(async () => {
        now = T0;
        events = [];
        auth = serviceOn(store);
        await auth.bootstrapAdmin({ name: 'boss', password: 'boss password' });
        await auth.addUser({ name: 'wang.li', role: 'cashier', password: 'cashier pass', operatorNo: '01', terminal: '10023456' }, 'boss');
        await auth.addUser({ name: 'zhao', role: 'supervisor', password: 'supervisor pass' }, 'boss');
      });

      it('stores argon2id hashes, and no password anywhere', async () => {
        const stored = await store.getUser('wang.li');
        expect(stored?.passwordHash).toMatch(ARGON2ID);
        if (harness.rows) {
          const rows = await harness.rows(store, 'users');
          expect(rows).toHaveLength(3);
          for (const row of rows) expect(String(row.password_hash)).toMatch(ARGON2ID);
          expect(JSON.stringify(rows)).not.toMatch(/cashier pass|supervisor pass|boss password/);
        }
      });

      it('signs in, authenticates and signs out, keeping only the token hash in the database', async () => {
        const { token, user } = await auth.login({ name: 'Wang.Li', password: 'cashier pass' });
        expect(user).toMatchObject({ name: 'wang.li', role: 'cashier', operatorNo: '01', terminal: '10023456' });
        if (harness.rows) {
          const rows = await harness.rows(store, 'sessions');
          expect(rows.map((r) => r.token_hash)).toEqual([sha256(token)]);
          expect(JSON.stringify(rows)).not.toContain(token);
        }
        now += 10 * MIN;
        expect((await auth.authenticate(token)).expiresAt).toBe('2026-11-27T07:05:00.000Z');
        now += 14 * MIN;
        expect((await auth.authenticate(token)).user.name).toBe('wang.li');
        expect(await auth.logout(token)).toBe(true);
        expect(await codeOf(auth.authenticate(token))).toBe('SESSION_INVALID');
      });

      it('expires an idle session and purges it', async () => {
        const { token } = await auth.login({ name: 'zhao', password: 'supervisor pass' });
        const other = await auth.login({ name: 'wang.li', password: 'cashier pass' });
        now += 15 * MIN;
        expect(await codeOf(auth.authenticate(token))).toBe('SESSION_EXPIRED');
        expect(await auth.purge()).toEqual({ sessions: 1, failures: 0 });
        expect(await codeOf(auth.authenticate(other.token))).toBe('SESSION_INVALID');
      });

      it('refuses a wrong password and an unknown name alike, each after an argon2 check', async () => {
        await auth.login({ name: 'zhao', password: 'supervisor pass' });
        const timed = async (name: string) => {
          const started = performance.now();
          const code = await codeOf(auth.login({ name, password: 'not the password' }));
          return { code, ms: performance.now() - started };
        };
        const wrong = await timed('zhao');
        const unknown = await timed('nobody');
        expect([wrong.code, unknown.code]).toEqual(['BAD_CREDENTIALS', 'BAD_CREDENTIALS']);
        // Both paths ran argon2 (≈20 ms); without the dummy hash the unknown name would return in well under 1 ms.
        expect(unknown.ms).toBeGreaterThan(Math.min(5, wrong.ms / 4));
      });

      it('throttles a name at a client across servers sharing the database, and lets it in after the lock-out', async () => {
        const other = serviceOn(await second());
        for (let i = 0; i < 3; i++) expect(await codeOf(auth.login({ name: 'zhao', password: 'wrong password', client: 'till-1' }))).toBe('BAD_CREDENTIALS');
        for (let i = 0; i < 2; i++) expect(await codeOf(other.login({ name: 'zhao', password: 'wrong password', client: 'till-1' }))).toBe('BAD_CREDENTIALS');
        expect(await codeOf(auth.login({ name: 'zhao', password: 'supervisor pass', client: 'till-1' }))).toBe('LOGIN_THROTTLED');
        // Sign-in failures are not the approval's count.
        expect((await other.approve({ approver: 'zhao', password: 'supervisor pass', forUser: 'wang.li', action: 'reprint x' })).approver).toBe('zhao');
        now += 5 * MIN;
        expect((await other.login({ name: 'zhao', password: 'supervisor pass', client: 'till-1' })).user.name).toBe('zhao');
      });

      it("issue attack: a cashier's wrong approver passwords lock neither the supervisor's sign-in nor anyone else's approvals", async () => {
        const other = serviceOn(await second());
        const ask = (service: AuthService, password: string) => codeOf(service.approve({ approver: 'zhao', password, forUser: 'wang.li', action: 'reprint 10023456-000128-000457', client: 'till-1' }));
        const codes: string[] = [];
        for (let i = 0; i < 7; i++) codes.push(await ask(i % 2 === 0 ? auth : other, `guess number ${i}`));
        expect(codes).toEqual([...Array(5).fill('APPROVAL_REFUSED'), 'APPROVAL_THROTTLED', 'APPROVAL_THROTTLED']);
        expect(events.filter((e) => e.type === 'approval.refused')).toHaveLength(5);
        expect(events.filter((e) => e.type === 'approval.throttled').map((e) => [e.user, e.detail.forUser])).toEqual([['zhao', 'wang.li'], ['zhao', 'wang.li']]);
        // The supervisor signs in at once, from the cashier's till and from anywhere else.
        expect((await auth.login({ name: 'zhao', password: 'supervisor pass', client: 'till-1' })).user.name).toBe('zhao');
        expect((await other.login({ name: 'zhao', password: 'supervisor pass', client: 'office' })).user.name).toBe('zhao');
        // The cashier's own guessing waits, even with the right password; not another cashier's request.
        expect(await ask(auth, 'supervisor pass')).toBe('APPROVAL_THROTTLED');
        await auth.addUser({ name: 'sun', role: 'cashier', password: 'another cashier' }, 'boss');
        expect((await other.approve({ approver: 'zhao', password: 'supervisor pass', forUser: 'sun', action: 'reprint x', client: 'till-1' })).approver).toBe('zhao');
        if (harness.rows) expect(JSON.stringify(await harness.rows(store, 'login_failures'))).not.toMatch(/guess number/);
      });

      it('issue attack: twenty failures from one address lock out no account whose owner has not failed there, admin included', async () => {
        const other = serviceOn(await second());
        const fromShop = { client: '192.168.1.20' };
        for (let i = 0; i < 20; i++) expect(await codeOf((i % 2 === 0 ? auth : other).login({ name: `guess${i % 4}`, password: 'wrong password', ...fromShop }))).toBe('BAD_CREDENTIALS');
        // The address is spent for the names it guessed…
        expect(await codeOf(auth.login({ name: 'guess0', password: 'wrong password', ...fromShop }))).toBe('LOGIN_THROTTLED');
        // …but its admin, supervisor and cashier sign in with their right passwords, from that very address.
        for (const [name, password] of [['boss', 'boss password'], ['zhao', 'supervisor pass'], ['wang.li', 'cashier pass']] as const) {
          expect((await other.login({ name, password, ...fromShop })).user.name).toBe(name);
        }
        // A new guess from the address is checked once, then waits.
        expect(await codeOf(auth.login({ name: 'boss', password: 'wrong password', ...fromShop }))).toBe('BAD_CREDENTIALS');
        expect(await codeOf(auth.login({ name: 'boss', password: 'boss password', ...fromShop }))).toBe('LOGIN_THROTTLED');
        expect((await auth.login({ name: 'boss', password: 'boss password', client: '192.168.1.21' })).user.name).toBe('boss');
      });

      it('counts simultaneous wrong attempts against each other', async () => {
        const codes = await Promise.all(Array.from({ length: 10 }, () => codeOf(auth.login({ name: 'zhao', password: 'wrong password' }))));
        const bad = codes.filter((c) => c === 'BAD_CREDENTIALS').length;
        expect(codes.filter((c) => c === 'LOGIN_THROTTLED')).toHaveLength(10 - bad);
        expect(bad).toBe(5);
        expect(await codeOf(auth.login({ name: 'zhao', password: 'supervisor pass' }))).toBe('LOGIN_THROTTLED');
      });

      it('ends sessions when a user is disabled or the password changes', async () => {
        const cashier = await auth.login({ name: 'wang.li', password: 'cashier pass' });
        const supervisor = await auth.login({ name: 'zhao', password: 'supervisor pass' });
        await auth.disableUser('wang.li', 'boss');
        await auth.setPassword('zhao', 'a new password', 'boss');
        expect(await codeOf(auth.authenticate(cashier.token))).toBe('SESSION_INVALID');
        expect(await codeOf(auth.authenticate(supervisor.token))).toBe('SESSION_INVALID');
        expect(await codeOf(auth.login({ name: 'wang.li', password: 'cashier pass' }))).toBe('USER_DISABLED');
        expect(await codeOf(auth.login({ name: 'zhao', password: 'supervisor pass' }))).toBe('BAD_CREDENTIALS');
        expect((await auth.login({ name: 'zhao', password: 'a new password' })).user.role).toBe('supervisor');
        expect(events.filter((e) => e.type.startsWith('user.')).map((e) => [e.type, e.user, e.detail.sessionsEnded])).toEqual([
          ['user.added', 'boss', undefined],
          ['user.added', 'wang.li', undefined],
          ['user.added', 'zhao', undefined],
          ['user.disabled', 'wang.li', 1],
          ['user.password-changed', 'zhao', 1],
        ]);
      });

      it('ends a session cached here within moments when another server on the database signs it out, disables its user or changes the password', async () => {
        // The clock stands still, so the cache's own time bound never ends an entry: only the store's watch of the other server's change can.
        const elsewhere = serviceOn(await second());
        const endsHere = (token: string) => vi.waitFor(async () => expect(await codeOf(auth.authenticate(token))).toBe('SESSION_INVALID'), { timeout: 5000, interval: 5 });
        const cashier = await auth.login({ name: 'wang.li', password: 'cashier pass' });
        await auth.authenticate(cashier.token);
        expect(await elsewhere.logout(cashier.token)).toBe(true);
        await endsHere(cashier.token);

        const again = await auth.login({ name: 'wang.li', password: 'cashier pass' });
        await auth.authenticate(again.token);
        await elsewhere.disableUser('wang.li', 'boss');
        await endsHere(again.token);

        const supervisor = await auth.login({ name: 'zhao', password: 'supervisor pass' });
        await auth.authenticate(supervisor.token);
        await elsewhere.setPassword('zhao', 'another password', 'boss');
        await endsHere(supervisor.token);

        // A session nobody touched stays signed in, read from the store again once.
        const boss = await auth.login({ name: 'boss', password: 'boss password' });
        expect((await auth.authenticate(boss.token)).user.name).toBe('boss');
      });

      it('approves a step-up without opening a session, and refuses self-approval and a disabled approver', async () => {
        const approval = await auth.approve({ approver: 'zhao', password: 'supervisor pass', forUser: 'wang.li', action: 'reprint 10023456-000128-000457' });
        expect(approval).toEqual({ approver: 'zhao', role: 'supervisor', at: '2026-11-27T06:40:00.000Z', forUser: 'wang.li', action: 'reprint 10023456-000128-000457' });
        if (harness.rows) expect(await harness.rows(store, 'sessions')).toEqual([]);
        expect(await codeOf(auth.approve({ approver: 'zhao', password: 'supervisor pass', forUser: 'zhao', action: 'reprint x' }))).toBe('SELF_APPROVAL');
        expect(await codeOf(auth.approve({ approver: 'zhao', password: 'wrong password', forUser: 'wang.li', action: 'reprint x' }))).toBe('APPROVAL_REFUSED');
        await auth.addUser({ name: 'zhao2', role: 'supervisor', password: 'supervisor two' });
        await auth.disableUser('zhao2');
        expect(await codeOf(auth.approve({ approver: 'zhao2', password: 'supervisor two', forUser: 'wang.li', action: 'reprint x' }))).toBe('APPROVER_DISABLED');
        expect(await codeOf(auth.approve({ approver: 'wang.li', password: 'cashier pass', forUser: 'zhao', action: 'reprint x' }))).toBe('APPROVER_NOT_PERMITTED');
      });

      it('refuses duplicates and taken operator nos. through the service', async () => {
        expect(await codeOf(auth.addUser({ name: 'ZHAO', role: 'cashier', password: 'another pw1' }))).toBe('USER_EXISTS');
        expect(await codeOf(auth.addUser({ name: 'sun', role: 'cashier', password: 'another pw1', operatorNo: '01' }))).toBe('OPERATOR_NO_TAKEN');
        expect(await codeOf(auth.changeUser('zhao', { operatorNo: '01' }))).toBe('OPERATOR_NO_TAKEN');
        expect(await codeOf(auth.bootstrapAdmin({ name: 'root', password: 'root password' }))).toBe('ALREADY_BOOTSTRAPPED');
        expect((await auth.userByOperatorNo('01'))?.name).toBe('wang.li');
      });

      it('reports a damaged stored hash as PASSWORD_HASH_UNREADABLE rather than a wrong password', async () => {
        await store.updateUser('zhao', { passwordHash: 'edited by hand', updatedAt: now });
        expect(await codeOf(auth.login({ name: 'zhao', password: 'supervisor pass' }))).toBe('PASSWORD_HASH_UNREADABLE');
        await auth.setPassword('zhao', 'repaired password', 'boss');
        expect((await auth.login({ name: 'zhao', password: 'repaired password' })).user.name).toBe('zhao');
      });
    });
  });
}
