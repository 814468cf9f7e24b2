import { describe, expect, it } from 'vitest';
import { fairTurns } from './fair-turns.js';

/** Work that ends when the test says so, and says when it started. */
function held(log: string[], name: string) {
  let end: (value: string) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const work = () => {
    log.push(name);
    return new Promise<string>((resolve, reject) => {
      end = resolve;
      fail = reject;
    });
  };
  return { work, end: () => end(name), fail: (error: Error) => fail(error) };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('fairTurns', () => {
  it("starts each sender's work in turn: one sender's pile waits behind another's single piece", async () => {
    const turns = fairTurns(1);
    const started: string[] = [];
    const pieces = ['a1', 'a2', 'a3', 'a4'].map((name) => held(started, name));
    const done = pieces.map((p) => turns.run('shop-a', p.work));
    const b = held(started, 'b1');
    const bDone = turns.run('shop-b', b.work);
    expect(started).toEqual(['a1']);
    expect(turns.waiting).toBe(4);
    for (const name of ['a1', 'a2', 'b1', 'a3', 'a4']) {
      const piece = name === 'b1' ? b : pieces[Number(name[1]) - 1];
      piece?.end();
      await turn();
    }
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3', 'a4']);
    expect(await Promise.all([...done, bDone])).toEqual(['a1', 'a2', 'a3', 'a4', 'b1']);
    expect(turns.waiting).toBe(0);
  });

  it('runs at most `running` at once, and starts the next as soon as one ends', async () => {
    const turns = fairTurns(2);
    const started: string[] = [];
    const pieces = ['a', 'b', 'c'].map((name) => held(started, name));
    const done = pieces.map((p, i) => turns.run(`shop-${i}`, p.work));
    expect(started).toEqual(['a', 'b']);
    pieces[1]?.end();
    await turn();
    expect(started).toEqual(['a', 'b', 'c']);
    pieces[0]?.end();
    pieces[2]?.end();
    expect(await Promise.all(done)).toEqual(['a', 'b', 'c']);
  });

  it('passes on a failure, thrown or rejected, and goes on with the next piece', async () => {
    const turns = fairTurns(1);
    const started: string[] = [];
    const thrown = turns.run('shop-a', () => {
      throw new Error('thrown at once');
    });
    const rejected = held(started, 'rejects');
    const second = turns.run('shop-a', rejected.work);
    const last = held(started, 'last');
    const third = turns.run('shop-b', last.work);
    await expect(thrown).rejects.toThrow('thrown at once');
    await turn();
    rejected.fail(new Error('rejected later'));
    await expect(second).rejects.toThrow('rejected later');
    await turn();
    last.end();
    expect(await third).toBe('last');
    expect(started).toEqual(['rejects', 'last']);
  });

  it('refuses a number of running pieces that is not a whole number of at least one', () => {
    expect(() => fairTurns(0)).toThrow(/running must be a whole number ≥ 1, not 0/);
    expect(() => fairTurns(1.5)).toThrow(RangeError);
  });
});
