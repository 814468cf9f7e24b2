import { ConfigError } from '../core/index.js';

/** How sign-in behaves; every duration in milliseconds. */
export interface AuthSettings {
  /** A session unused this long ends. Each authenticated request moves it on. */
  sessionIdleMs: number;
  /** A session ends this long after sign-in however busy it is. */
  sessionAbsoluteMs: number;
  /**
   * Failed sign-ins for one user name from one client within failureWindowMs that lock that
   * name out at that client (and a cashier out of asking that approver, for approvals).
   */
  maxFailures: number;
  /**
   * Failed sign-ins from one client (till, address), whatever the names, within
   * failureWindowMs after which the client may try no name it has already failed on.
   */
  clientMaxFailures: number;
  failureWindowMs: number;
  /** The first lock-out; each further one within failureMemoryMs doubles, up to maxLockoutMs. */
  lockoutMs: number;
  maxLockoutMs: number;
  /**
   * The backstop of one name against guessing from many clients: this many failures within
   * failureWindowMs, from at least nameMinClients clients, lock the name for nameLockoutMs
   * (doubling up to nameMaxLockoutMs) — for every client that failed on it; a client that
   * has not is still let in with the right password.
   */
  nameMaxFailures: number;
  nameMinClients: number;
  nameLockoutMs: number;
  nameMaxLockoutMs: number;
  /** How long failed attempts are remembered (and lock-outs keep growing). */
  failureMemoryMs: number;
  minPasswordLength: number;
  /**
   * How long a session read from the store is trusted before it is read again. Logout,
   * disabling a user and a new password made through this server end sessions at once; made
   * by another process on the same users (the CLI, a second server) within milliseconds,
   * through the store's watch (UserStore.watchChanges) — and within this long should a
   * store not watch or the watch miss a change.
   */
  sessionCacheMs: number;
}

export const DEFAULT_AUTH_SETTINGS: Readonly<AuthSettings> = Object.freeze({
  sessionIdleMs: 15 * 60_000,
  sessionAbsoluteMs: 12 * 60 * 60_000,
  maxFailures: 5,
  clientMaxFailures: 20,
  failureWindowMs: 15 * 60_000,
  lockoutMs: 5 * 60_000,
  maxLockoutMs: 60 * 60_000,
  nameMaxFailures: 30,
  nameMinClients: 3,
  nameLockoutMs: 2 * 60_000,
  nameMaxLockoutMs: 15 * 60_000,
  failureMemoryMs: 24 * 60 * 60_000,
  minPasswordLength: 8,
  sessionCacheMs: 2000,
});

const COUNTS: readonly (keyof AuthSettings)[] = ['maxFailures', 'clientMaxFailures', 'nameMaxFailures', 'nameMinClients', 'minPasswordLength'];

/** Defaults overlaid with `given`; a value that makes no sense is a ConfigError BAD_AUTH_SETTING naming it. */
export function authSettings(given: Partial<AuthSettings> = {}): AuthSettings {
  const settings: AuthSettings = { ...DEFAULT_AUTH_SETTINGS };
  for (const [key, value] of Object.entries(given) as [keyof AuthSettings, unknown][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_AUTH_SETTINGS)) {
      throw new ConfigError('BAD_AUTH_SETTING', `unknown auth setting "${key}"`, { hint: `settings: ${Object.keys(DEFAULT_AUTH_SETTINGS).join(', ')}`, context: { key, rule: 'unknown', known: Object.keys(DEFAULT_AUTH_SETTINGS) } });
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new ConfigError('BAD_AUTH_SETTING', `auth setting ${key} must be a whole number ≥ 1 (got ${String(value)})`, {
        hint: COUNTS.includes(key) ? `the default is ${DEFAULT_AUTH_SETTINGS[key]}` : `durations are milliseconds; the default is ${DEFAULT_AUTH_SETTINGS[key]}`,
        context: { key, value: String(value), rule: 'whole' },
      });
    }
    settings[key] = value;
  }
  if (settings.sessionIdleMs > settings.sessionAbsoluteMs) {
    throw new ConfigError('BAD_AUTH_SETTING', 'auth setting sessionIdleMs must not be longer than sessionAbsoluteMs', {
      hint: 'a session cannot stay idle longer than it may live at all',
      context: { key: 'sessionIdleMs', rule: 'idle-longer' },
    });
  }
  if (settings.maxLockoutMs < settings.lockoutMs) {
    throw new ConfigError('BAD_AUTH_SETTING', 'auth setting maxLockoutMs must not be shorter than lockoutMs', { hint: 'lock-outs grow from lockoutMs up to maxLockoutMs', context: { key: 'maxLockoutMs', rule: 'lockout-order' } });
  }
  if (settings.nameMaxLockoutMs < settings.nameLockoutMs) {
    throw new ConfigError('BAD_AUTH_SETTING', 'auth setting nameMaxLockoutMs must not be shorter than nameLockoutMs', { hint: 'lock-outs grow from nameLockoutMs up to nameMaxLockoutMs', context: { key: 'nameMaxLockoutMs', rule: 'name-lockout-order' } });
  }
  if (settings.failureMemoryMs < settings.failureWindowMs) {
    throw new ConfigError('BAD_AUTH_SETTING', 'auth setting failureMemoryMs must not be shorter than failureWindowMs', {
      hint: 'failures must be remembered at least as long as the window they are counted in',
      context: { key: 'failureMemoryMs', rule: 'memory-order' },
    });
  }
  return settings;
}
