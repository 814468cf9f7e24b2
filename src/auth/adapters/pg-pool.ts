/**
 * The part of node-postgres (`pg`) the PostgreSQL user store uses — the same shape as the
 * journal's PgPool, so one pool (or another on the same database) serves both.
 */
export interface PgUserQueryResult {
  rows: Record<string, unknown>[];
  rowCount: number | null;
}

export interface PgUserQueryable {
  query(text: string, values?: unknown[]): Promise<PgUserQueryResult>;
}

export interface PgUserClient extends PgUserQueryable {
  /** Passing an error destroys the connection instead of returning it to the pool. */
  release(destroy?: Error | boolean): void;
}

export interface PgUserPool extends PgUserQueryable {
  connect(): Promise<PgUserClient>;
}
