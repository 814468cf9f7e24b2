/**
 * The part of node-postgres (`pg`) the PostgreSQL dialect uses — one shape for the whole
 * project, so nothing above depends on the library and the composition root decides
 * which one provides it.
 */
export interface PgQueryResult {
  rows: Record<string, unknown>[];
  rowCount: number | null;
}

/** A named statement: parsed and planned on a connection's first use of the name, reused after. */
export interface PgNamedQuery {
  name: string;
  text: string;
  values?: unknown[];
}

export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
  query(named: PgNamedQuery): Promise<PgQueryResult>;
}

/** What pg's client runs in place of a query when given one (its `submit` protocol; copy-in.ts). */
export interface PgSubmittable {
  submit(connection: never): void;
}

export interface PgPoolClient extends PgQueryable {
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
  /** Runs a submittable (a COPY) when the connection gets to it; returns it as given. */
  query<T extends PgSubmittable>(submittable: T): T;
  /** Passing an error destroys the connection instead of returning it to the pool. */
  release(destroy?: Error | boolean): void;
  /** A connection lost while checked out is reported here as well as to the query in flight. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** What a LISTEN on this connection hears (pg_notify from any connection to the database). */
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

export interface PgPool extends PgQueryable {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface PgPoolConfig {
  connectionString: string;
  max?: number;
  /** Server settings for every connection of the pool, as `-c name=value …`. */
  options?: string;
}

export type PgPoolFactory = (config: PgPoolConfig) => PgPool;
