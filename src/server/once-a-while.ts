/**
 * Says whether something keyed is due again: the first time, and then once `windowMs` has
 * passed since it last was. Remembers at most `capacity` keys (the oldest forgotten first),
 * so keys from the public side cannot grow it without bound; a forgotten key is due again.
 */
export class OnceAWhile {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly capacity: number,
  ) {}

  due(key: string, now: number): boolean {
    const at = this.last.get(key);
    if (at !== undefined && now - at < this.windowMs && now >= at) return false;
    // Re-inserted, so the Map's order stays oldest-first.
    this.last.delete(key);
    this.last.set(key, now);
    if (this.last.size > this.capacity) {
      const oldest = this.last.keys().next().value;
      if (oldest !== undefined) this.last.delete(oldest);
    }
    return true;
  }
}
