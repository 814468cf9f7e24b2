import type { AuthSettings } from './settings.js';
import type { AttemptTags, LoginFailure } from './store.js';
import { throttleState, type ThrottlePolicy } from './throttle.js';

/** What a throttle key counts: a name (also the subject tag), a client, a name at a client, a requester at an approver. */
export type ThrottleKind = 'user' | 'client' | 'pair' | 'approval';

/** One count an attempt goes to: its key, when it locks, and what the attempt is about. */
export interface ThrottleBucket {
  key: string;
  policy: ThrottlePolicy;
  tags: AttemptTags;
  /** Which lock it is, for the audit trail. */
  by: 'name-client' | 'name' | 'client' | 'requester-approver';
}

export interface AttemptOf {
  /** The name tried, as typed in lower case. */
  name: string;
  client: string | undefined;
  /** For an approval: who asks for it. */
  requester: string | undefined;
  settings: AuthSettings;
  /** How a key is stored (the auth service hashes it). */
  keyOf: (kind: ThrottleKind, value: string) => string;
}

/**
 * The counts an attempt goes to, its own first. A sign-in: the name at this client, the name
 * from anywhere (the backstop against guessing from many clients) and, when the client is
 * known, the client whatever the name. An approval has its own count, per requester and
 * approver, and touches none of the approver's sign-in counts.
 */
export function attemptBuckets({ name, client, requester, settings: s, keyOf }: AttemptOf): ThrottleBucket[] {
  const subject = keyOf('user', name);
  const own: ThrottlePolicy = { maxFailures: s.maxFailures, windowMs: s.failureWindowMs, lockoutMs: s.lockoutMs, maxLockoutMs: s.maxLockoutMs };
  if (requester !== undefined) {
    const tags = { subject, source: keyOf('user', requester) };
    return [{ key: keyOf('approval', `${requester}\n${name}`), policy: own, tags, by: 'requester-approver' }];
  }
  const tags = { subject, source: keyOf('client', client ?? '') };
  const backstop: ThrottlePolicy = { maxFailures: s.nameMaxFailures, minSources: s.nameMinClients, windowMs: s.failureWindowMs, lockoutMs: s.nameLockoutMs, maxLockoutMs: s.nameMaxLockoutMs };
  const buckets: ThrottleBucket[] = [
    { key: keyOf('pair', `${name}\n${client ?? ''}`), policy: own, tags, by: 'name-client' },
    { key: subject, policy: backstop, tags, by: 'name' },
  ];
  if (client !== undefined) buckets.push({ key: tags.source, policy: { ...own, maxFailures: s.clientMaxFailures }, tags, by: 'client' });
  return buckets;
}

/**
 * Whether an attempt waits, and for which lock. Its own count decides first. The backstops
 * (the name from many clients, the client across names) hold back only a client that has
 * itself failed on this name within the window: a right password from a client that has
 * not failed is never locked out.
 */
export function lockOf(
  attempts: readonly { bucket: ThrottleBucket; earlier: readonly LoginFailure[] }[],
  now: number,
  windowMs: number,
): { until: number; by: ThrottleBucket['by'] } | undefined {
  const [own, ...backstops] = attempts;
  if (!own) return undefined;
  let lock = { until: throttleState(own.earlier.map((f) => f.at), own.bucket.policy).lockedUntil, by: own.bucket.by };
  if (own.earlier.some((f) => f.at > now - windowMs)) {
    for (const { bucket, earlier } of backstops) {
      const until = throttleState(earlier, bucket.policy).lockedUntil;
      if (until > lock.until) lock = { until, by: bucket.by };
    }
  }
  return now < lock.until ? lock : undefined;
}
