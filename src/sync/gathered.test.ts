import { describe, expect, it } from 'vitest';
import { Gathered } from './gathered.js';

/** A run that waits until released, noting what each run was given. */
function runs() {
  const given: string[][] = [];
  const release: ((fail?: Error) => void)[] = [];
  const gathered = new Gathered<string, string>(
    (items) =>
      new Promise((resolve, reject) => {
        given.push([...items]);
        release.push((fail) => (fail ? reject(fail) : resolve(items.map((i) => `${i}@${given.length}`))));
      }),
  );
  return { gathered, given, release: (n: number, fail?: Error) => release[n]?.(fail) };
}

const tick = () => new Promise((done) => setImmediate(done));

describe('Gathered', () => {
  it('serves calls made together in one run, each with its own answer', async () => {
    const { gathered, given, release } = runs();
    const answers = Promise.all(['a', 'b', 'a'].map((id) => gathered.add(id)));
    await tick();
    release(0);
    expect(await answers).toEqual(['a@1', 'b@1', 'a@1']);
    expect(given).toEqual([['a', 'b', 'a']]);
  });

  it('serves a call made while a run is under way by the next run, started after that one', async () => {
    const { gathered, given, release } = runs();
    const first = gathered.add('a');
    await tick();
    const later = [gathered.add('b'), gathered.add('c')];
    await tick();
    // The second run waits for the first: a call is never answered by a run begun before it.
    expect(given).toEqual([['a']]);
    release(0);
    expect(await first).toBe('a@1');
    await tick();
    expect(given).toEqual([['a'], ['b', 'c']]);
    release(1);
    expect(await Promise.all(later)).toEqual(['b@2', 'c@2']);
  });

  it("fails every call of a failed run, and the next run goes ahead", async () => {
    const { gathered, release } = runs();
    const failing = [gathered.add('a'), gathered.add('b')];
    await tick();
    const next = gathered.add('c');
    release(0, new Error('database gone'));
    for (const call of failing) await expect(call).rejects.toThrow('database gone');
    await tick();
    release(1);
    expect(await next).toBe('c@2');
  });
});
