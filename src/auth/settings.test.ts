import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.js';
import { authSettings, DEFAULT_AUTH_SETTINGS } from './settings.js';

describe('authSettings', () => {
  it('defaults to 15 minutes idle, 12 hours absolute, 5 failures in 15 minutes, 8-character passwords', () => {
    expect(authSettings()).toEqual(DEFAULT_AUTH_SETTINGS);
    expect(DEFAULT_AUTH_SETTINGS).toMatchObject({ sessionIdleMs: 900_000, sessionAbsoluteMs: 43_200_000, maxFailures: 5, failureWindowMs: 900_000, minPasswordLength: 8, sessionCacheMs: 2000 });
  });

  it('overlays what is given and ignores undefined', () => {
    expect(authSettings({ sessionIdleMs: 60_000, maxFailures: undefined })).toMatchObject({ sessionIdleMs: 60_000, maxFailures: 5 });
  });

  it.each([
    [{ nope: 1 }, /unknown auth setting "nope"/],
    [{ maxFailures: 0 }, /maxFailures must be a whole number ≥ 1 \(got 0\)/],
    [{ sessionIdleMs: 1.5 }, /sessionIdleMs must be a whole number/],
    [{ lockoutMs: '5m' }, /lockoutMs must be a whole number/],
    [{ sessionIdleMs: 13 * 3_600_000 }, /sessionIdleMs must not be longer than sessionAbsoluteMs/],
    [{ maxLockoutMs: 1000 }, /maxLockoutMs must not be shorter than lockoutMs/],
    [{ failureMemoryMs: 1000 }, /failureMemoryMs must not be shorter than failureWindowMs/],
    [{ sessionCacheMs: 0 }, /sessionCacheMs must be a whole number ≥ 1 \(got 0\)/],
  ])('refuses %j with BAD_AUTH_SETTING', (given, message) => {
    expect(() => authSettings(given as never)).toThrow(message);
    expect(() => authSettings(given as never)).toThrow(expect.objectContaining({ code: 'BAD_AUTH_SETTING', kind: 'config', hint: expect.any(String) }));
    expect(() => authSettings(given as never)).toThrow(ConfigError);
  });
});
