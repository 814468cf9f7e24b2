/** When failed sign-ins lock a key out; durations in milliseconds. */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
  maxLockoutMs: number;
}

export interface ThrottleState {
  /** Epoch ms until which the key is locked; 0 when it never was. */
  lockedUntil: number;
  /** Lock-outs within the remembered failures. */
  lockouts: number;
  /** Failures counting towards the next lock-out. */
  pending: number;
}

/**
 * The lock state a list of failure times (ascending) leads to. Replaying the remembered
 * failures, rather than keeping a counter, lets stores only append and delete rows, so two
 * servers failing at once never lose an update. `maxFailures` failures within `windowMs`
 * lock the key for lockoutMs · 2^(n-1) (the n-th lock-out), at most maxLockoutMs; failures
 * before a lock-out ends do not count towards the next.
 */
export function throttleState(failures: readonly number[], policy: ThrottlePolicy): ThrottleState {
  let lockedUntil = 0;
  let lockouts = 0;
  let window: number[] = [];
  for (const at of failures) {
    if (at < lockedUntil) continue;
    window = window.filter((t) => t > at - policy.windowMs);
    window.push(at);
    if (window.length >= policy.maxFailures) {
      lockouts += 1;
      const length = Math.min(policy.lockoutMs * 2 ** Math.min(lockouts - 1, 30), policy.maxLockoutMs);
      lockedUntil = at + length;
      window = [];
    }
  }
  return { lockedUntil, lockouts, pending: window.length };
}
