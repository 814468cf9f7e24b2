/**
 * Calls that come while the previous run is under way go together in the next run: one
 * round trip to the database for many requests (a look-up, a write) instead of one each.
 * Every call is served by a run that starts after the call was made, so it sees all that was
 * committed before it, as a run of its own would. A failed run fails each of its calls.
 */
export class Gathered<T, R> {
  /** The calls waiting for the next run, and that run. */
  private waiting: { items: T[]; done: Promise<readonly R[]> } | undefined;
  /** The run under way (settled). */
  private running: Promise<unknown> = Promise.resolve();

  /** `run` answers its items in their order. */
  constructor(private readonly run: (items: readonly T[]) => Promise<readonly R[]>) {}

  add(item: T): Promise<R> {
    if (!this.waiting) {
      const items: T[] = [];
      const done = this.running.then(() => {
        this.waiting = undefined;
        return this.run(items);
      });
      this.waiting = { items, done };
      this.running = done.catch(() => undefined);
    }
    const at = this.waiting.items.push(item) - 1;
    return this.waiting.done.then((results) => results[at] as R);
  }
}
