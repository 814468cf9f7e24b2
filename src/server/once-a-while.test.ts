import { describe, expect, it } from 'vitest';
import { OnceAWhile } from './once-a-while.js';

describe('OnceAWhile', () => {
  it('is due the first time, not again within the window, and again after it', () => {
    const once = new OnceAWhile(600_000, 10);
    expect(once.due('a', 1_000)).toBe(true);
    expect(once.due('a', 1_000 + 599_999)).toBe(false);
    expect(once.due('b', 2_000)).toBe(true);
    expect(once.due('a', 1_000 + 600_000)).toBe(true);
    expect(once.due('a', 1_000 + 600_001)).toBe(false);
  });

  it('is due again when the clock was set back (never silent for longer than a window)', () => {
    const once = new OnceAWhile(600_000, 10);
    expect(once.due('a', 5_000_000)).toBe(true);
    expect(once.due('a', 1_000)).toBe(true);
    expect(once.due('a', 2_000)).toBe(false);
  });

  it('forgets the oldest key past its capacity, which is then due again', () => {
    const once = new OnceAWhile(600_000, 2);
    expect(once.due('a', 0)).toBe(true);
    expect(once.due('b', 1)).toBe(true);
    expect(once.due('a', 2)).toBe(false);
    // 'a' was last journaled first: it goes when 'c' comes.
    expect(once.due('c', 3)).toBe(true);
    expect(once.due('b', 4)).toBe(false);
    expect(once.due('a', 5)).toBe(true);
    expect(once.due('b', 6)).toBe(true);
  });
});
