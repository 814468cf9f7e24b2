import { describe, expect, it } from 'vitest';
import { AuditQuota } from './audit-quota.js';

describe('AuditQuota', () => {
  it('journals the first n of a client a window, counts the rest, and tells them with the next window\'s first', () => {
    const quota = new AuditQuota(2, 1000);
    expect([quota.take('a', 0), quota.take('a', 10), quota.take('a', 20), quota.take('a', 30)]).toEqual([
      { journal: true, unjournaled: 0 },
      { journal: true, unjournaled: 0 },
      { journal: false },
      { journal: false },
    ]);
    expect(quota.take('b', 40)).toEqual({ journal: true, unjournaled: 0 });
    expect(quota.take('a', 1000)).toEqual({ journal: true, unjournaled: 2 });
    expect(quota.take('a', 1001)).toEqual({ journal: true, unjournaled: 0 });
  });

  it('remembers at most maxClients, forgetting the oldest', () => {
    const quota = new AuditQuota(1, 1000, 2);
    quota.take('a', 0);
    expect(quota.take('a', 1)).toEqual({ journal: false });
    quota.take('b', 2);
    quota.take('c', 3);
    // "a" was forgotten to make room for "c": its window starts again (and the one it missed is not told).
    expect(quota.take('a', 4)).toEqual({ journal: true, unjournaled: 0 });
    expect(quota.take('c', 5)).toEqual({ journal: false });
  });
});
