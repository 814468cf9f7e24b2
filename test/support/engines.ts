/**
 * The two journal engines a suite runs on (the contract pattern: one suite body, run per
 * engine). SQLite gets a file in the test's directory; PostgreSQL a new database on one
 * throwaway cluster per test file, started before the suite's own hooks and stopped after.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { startPostgres, type PostgresServer } from './postgres-server.js';

export interface Engine {
  name: 'SQLite' | 'PostgreSQL';
  /** A new, empty journal target: a file in `dir` for SQLite, a fresh database URL for PostgreSQL. */
  newTarget(dir: string, name?: string): Promise<string>;
}

export const sqliteEngine: Engine = {
  name: 'SQLite',
  newTarget: async (dir, name = 'journal.db') => join(dir, name),
};

/** PostgreSQL on the cluster `server()` returns once the suite's beforeAll has started it. */
export function postgresEngine(server: () => PostgresServer | undefined): Engine {
  return {
    name: 'PostgreSQL',
    newTarget: async () => {
      const running = server();
      if (!running) throw new Error('the PostgreSQL test cluster did not start (see the error of the first hook)');
      return running.createDatabase();
    },
  };
}

/** Runs `suite` once per engine, each inside its own describe named after it. */
export function onBothEngines(suite: (engine: Engine) => void): void {
  describe('on SQLite', () => suite(sqliteEngine));
  describe('on PostgreSQL', () => {
    let server: PostgresServer | undefined;
    beforeAll(async () => {
      server = await startPostgres();
    });
    afterAll(async () => {
      await server?.stop();
    });
    suite(postgresEngine(() => server));
  });
}
