import { describe, expect, it } from 'vitest';
import { throttleState, type ThrottlePolicy } from './throttle.js';

const MIN = 60_000;
const policy: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * MIN, lockoutMs: 5 * MIN, maxLockoutMs: 60 * MIN };
const at = (...minutes: number[]) => minutes.map((m) => m * MIN);

describe('throttleState', () => {
  it('does not lock before the fifth failure', () => {
    expect(throttleState([], policy)).toEqual({ lockedUntil: 0, lockouts: 0, pending: 0 });
    expect(throttleState(at(0, 1, 2, 3), policy)).toEqual({ lockedUntil: 0, lockouts: 0, pending: 4 });
  });

  it('locks for lockoutMs from the fifth failure within the window', () => {
    expect(throttleState(at(0, 1, 2, 3, 4), policy)).toEqual({ lockedUntil: 9 * MIN, lockouts: 1, pending: 0 });
  });

  it('does not count failures that fell out of the window', () => {
    expect(throttleState(at(0, 5, 10, 15, 20), policy).lockouts).toBe(0);
    expect(throttleState(at(0, 5, 10, 15, 20, 21), policy).lockouts).toBe(0);
    expect(throttleState(at(0, 5, 10, 15, 20, 21, 22), policy)).toMatchObject({ lockouts: 1, lockedUntil: 27 * MIN });
  });

  it('doubles each further lock-out, up to maxLockoutMs', () => {
    const second = throttleState(at(0, 0, 0, 0, 0, 10, 10, 10, 10, 10), policy);
    expect(second).toEqual({ lockedUntil: 20 * MIN, lockouts: 2, pending: 0 });
    const many = Array.from({ length: 8 }, (_, n) => Array(5).fill(n * 200) as number[]).flat();
    const state = throttleState(at(...many), policy);
    expect(state.lockouts).toBe(8);
    expect(state.lockedUntil).toBe((7 * 200 + 60) * MIN);
  });

  it('ignores failures recorded while locked', () => {
    expect(throttleState(at(0, 0, 0, 0, 0, 1, 2, 3, 4), policy)).toEqual({ lockedUntil: 5 * MIN, lockouts: 1, pending: 0 });
  });

  it('locks only when the failures come from enough distinct sources, when the policy asks for it', () => {
    const sources = (...list: string[]) => list.map((source, i) => ({ at: i * MIN, source }));
    const several = { ...policy, maxFailures: 4, minSources: 3 };
    expect(throttleState(sources('a', 'a', 'a', 'b', 'b'), several).lockouts).toBe(0);
    expect(throttleState(sources('a', 'a', 'b', 'c'), several)).toEqual({ lockedUntil: 8 * MIN, lockouts: 1, pending: 0 });
    expect(throttleState(sources('a', 'a', 'a', 'a'), policy).lockouts).toBe(0);
    expect(throttleState(sources('a', 'a', 'a', 'a', 'a'), policy).lockouts).toBe(1);
  });
});
