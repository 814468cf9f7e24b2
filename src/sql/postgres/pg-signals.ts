import type { SignalTopic } from '../sql-dialect.js';
import type { PgPool, PgPoolClient } from './pg.js';

/** How long a lost listening connection waits before it is opened again. */
const RELISTEN_MS = 1000;

/** The channel of a topic: one per database, whatever schema a store uses. */
const channelOf = (topic: SignalTopic) => `reissue_${topic}`;

/**
 * Signals between the servers on one PostgreSQL database: NOTIFY, and one connection held
 * for LISTEN (PostgresDialectOptions.listening), opened at the first watch (a command-line run that never watches
 * holds none). Watchers are told when the connection is lost and again once it listens
 * (a signal may have passed meanwhile); a lost one is opened again a second later. A
 * connection pooler in transaction mode (PgBouncer) delivers no NOTIFY: watchers then keep
 * to their own time bound. Best effort: nothing here throws.
 */
export class PgSignals {
  private readonly listeners = new Map<SignalTopic, Set<() => void>>();
  private client: PgPoolClient | undefined;
  private connecting: Promise<void> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly released = new WeakSet<PgPoolClient>();

  constructor(
    /** Where NOTIFY is sent from. */
    private readonly pool: PgPool,
    /** Where the connection held for LISTEN comes from. */
    private readonly listening: PgPool = pool,
  ) {}

  async signal(topic: SignalTopic): Promise<void> {
    try {
      await this.pool.query('SELECT pg_notify($1, $2)', [channelOf(topic), String(process.pid)]);
    } catch {
      // The watchers keep to their own time bound.
    }
  }

  watch(topic: SignalTopic, onSignal: () => void): () => void {
    const set = this.listeners.get(topic) ?? new Set();
    this.listeners.set(topic, set);
    set.add(onSignal);
    const client = this.client;
    if (client) this.listen(client, [topic]).then(() => this.tell([topic]), (error: unknown) => this.lost(client, error));
    else this.connect();
    return () => set.delete(onSignal);
  }

  private tell(topics: Iterable<SignalTopic>): void {
    for (const topic of topics) for (const listener of this.listeners.get(topic) ?? []) listener();
  }

  private connect(): void {
    if (this.closed || this.connecting || this.client) return;
    this.connecting = (async () => {
      let client: PgPoolClient | undefined;
      try {
        client = await this.listening.connect();
        const held = client;
        client.on('error', (error) => this.lost(held, error));
        client.on('notification', (message) => {
          const topic = [...this.listeners.keys()].find((t) => channelOf(t) === message.channel);
          if (topic) this.tell([topic]);
        });
        if (this.closed) return this.release(client, true);
        this.client = client;
        await this.listen(client, this.listeners.keys());
        // Listening from now on: what was read before (the first time too, or while the connection was lost) may predate a signal.
        this.tell(this.listeners.keys());
      } catch (error) {
        if (client) this.lost(client, error);
        else this.later();
      } finally {
        this.connecting = undefined;
      }
    })();
  }

  private async listen(client: PgPoolClient, topics: Iterable<SignalTopic>): Promise<void> {
    for (const topic of [...topics]) await client.query(`LISTEN ${channelOf(topic)}`);
  }

  /** The connection broke (its error event and the query in flight may both say so: once is enough). */
  private lost(client: PgPoolClient, error: unknown): void {
    if (this.released.has(client)) return;
    if (this.client === client) this.client = undefined;
    this.release(client, error instanceof Error ? error : new Error(String(error)));
    this.tell(this.listeners.keys());
    this.later();
  }

  /** Destroyed, not put back: a connection that LISTENs must not serve the pool's other work. */
  private release(client: PgPoolClient, why: Error | true): void {
    if (this.released.has(client)) return;
    this.released.add(client);
    client.release(why);
  }

  private later(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect();
    }, RELISTEN_MS);
    this.retry.unref();
  }

  /** Gives the listening connection back, so the pool can end (one still being opened is given back when it comes: connect() sees closed). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (client) this.release(client, true);
    this.listeners.clear();
  }
}
