/** When failed sign-ins lock a key out; durations in milliseconds. */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
  maxLockoutMs: number;
  /** The failures that lock must come from at least this many distinct sources (default 1). */
  minSources?: number;
}

export interface ThrottleState {
  /** Epoch ms until which the key is locked; 0 when it never was. */
  lockedUntil: number;
  /** Lock-outs within the remembered failures. */
  lockouts: number;
  /** Failures counting towards the next lock-out. */
  pending: number;
}

/** A remembered failure: when, and (for a policy counting sources) where from. */
export type FailureAt = number | { at: number; source?: string | null };

const timeOf = (f: FailureAt) => (typeof f === 'number' ? f : f.at);
const sourceOf = (f: FailureAt) => (typeof f === 'number' ? null : (f.source ?? null));

/**
 * The lock state a list of failures (ascending in time) leads to. Replaying the remembered
 * failures, rather than keeping a counter, lets stores only append and delete rows, so two
 * servers failing at once never lose an update. `maxFailures` failures within `windowMs`
 * (from at least `minSources` distinct sources) lock the key for lockoutMs · 2^(n-1) (the
 * n-th lock-out), at most maxLockoutMs; failures before a lock-out ends do not count towards
 * the next.
 */
export function throttleState(failures: readonly FailureAt[], policy: ThrottlePolicy): ThrottleState {
  const minSources = policy.minSources ?? 1;
  let lockedUntil = 0;
  let lockouts = 0;
  let window: FailureAt[] = [];
  for (const failure of failures) {
    const at = timeOf(failure);
    if (at < lockedUntil) continue;
    window = window.filter((f) => timeOf(f) > at - policy.windowMs);
    window.push(failure);
    if (window.length >= policy.maxFailures && (minSources <= 1 || new Set(window.map(sourceOf)).size >= minSources)) {
      lockouts += 1;
      const length = Math.min(policy.lockoutMs * 2 ** Math.min(lockouts - 1, 30), policy.maxLockoutMs);
      lockedUntil = at + length;
      window = [];
    }
  }
  return { lockedUntil, lockouts, pending: window.length };
}
