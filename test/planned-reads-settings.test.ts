import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postgresDialect } from '../src/app.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';

/**
 * The planned-reads pool (searches) must read the database the main pool writes: the same
 * tables, under the same server settings the operator gave, with only its plan settings added.
 */

let server: PostgresServer | undefined;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

/** The journal's tables in schema shop; a table of the same name in public holds something else. */
async function twoSchemas(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query("CREATE SCHEMA shop; CREATE TABLE shop.counters (name text); INSERT INTO shop.counters VALUES ('journal'); CREATE TABLE public.counters (name text); INSERT INTO public.counters VALUES ('other')");
  } finally {
    await admin.end();
  }
}

/** Both pools read shop's table, and the planned-reads connections have their plan settings. */
async function readsShopsTablePlanned(db: ReturnType<typeof postgresDialect>): Promise<void> {
  const read = 'SELECT name FROM counters WHERE name <> ? ORDER BY name';
  expect(await db.all(read, [''])).toEqual([{ name: 'journal' }]);
  expect(await db.all(read, [''], { planOnce: true })).toEqual([{ name: 'journal' }]);
  expect(await db.all("SELECT current_setting('jit') AS jit, current_setting('plan_cache_mode') AS mode WHERE ? = 1", [1], { planOnce: true })).toEqual([{ jit: 'off', mode: 'force_generic_plan' }]);
}

it("keeps the operator's PGOPTIONS (a search_path) on the planned-reads connections, with no JIT there", async () => {
  const url = await server!.createDatabase();
  await twoSchemas(url);
  const before = process.env.PGOPTIONS;
  process.env.PGOPTIONS = '-c search_path=shop';
  const db = postgresDialect(url);
  try {
    await readsShopsTablePlanned(db);
  } finally {
    if (before === undefined) delete process.env.PGOPTIONS;
    else process.env.PGOPTIONS = before;
    await db.close();
  }
});

it("keeps options given in the URL (?options=) on the planned-reads connections, with its own plan settings added, not replaced", async () => {
  const url = await server!.createDatabase();
  await twoSchemas(url);
  const db = postgresDialect(`${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c search_path=shop')}`);
  try {
    await readsShopsTablePlanned(db);
  } finally {
    await db.close();
  }
});
