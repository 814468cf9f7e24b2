/**
 * How many refused sign-ins one client may have journaled in a window. A sign-in is open to
 * anyone on the network, a new name is never locked (so as not to lock out others behind the
 * same address), and the journal is append-only: one event per attempt let a single client
 * grow it by gigabytes a day and fill the disk that sales need. Past the quota an attempt is
 * counted, not journaled, and the next journaled one from that client says how many were not.
 */
export class AuditQuota {
  private readonly windows = new Map<string, { start: number; journaled: number; unjournaled: number }>();

  constructor(
    private readonly perWindow: number,
    private readonly windowMs: number,
    /** Clients remembered at most; the oldest is forgotten first (it may then journal again). */
    private readonly maxClients = 10_000,
  ) {}

  /**
   * Whether this attempt is journaled; if so, with how many of this client's were not since
   * its last journaled one (0: none).
   */
  take(client: string, now: number): { journal: false } | { journal: true; unjournaled: number } {
    let window = this.windows.get(client);
    if (!window || now - window.start >= this.windowMs) {
      const unjournaled = window?.unjournaled ?? 0;
      this.windows.delete(client);
      if (this.windows.size >= this.maxClients) {
        const oldest = this.windows.keys().next();
        if (!oldest.done) this.windows.delete(oldest.value);
      }
      window = { start: now, journaled: 0, unjournaled };
      this.windows.set(client, window);
    }
    if (window.journaled >= this.perWindow) {
      window.unjournaled += 1;
      return { journal: false };
    }
    window.journaled += 1;
    const unjournaled = window.unjournaled;
    window.unjournaled = 0;
    return { journal: true, unjournaled };
  }
}
