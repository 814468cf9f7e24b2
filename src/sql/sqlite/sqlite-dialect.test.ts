import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from './better-sqlite3.js';
import { openSqliteFile, type SqliteDialect } from './sqlite-dialect.js';

/** Writes sharing commits, on a real WAL file with synchronous=FULL; a second connection sees what is committed. */
let dir: string;
let file: string;
let db: SqliteDialect;
let commits: number;
let reader: Database.Database;
/** The dialect's monotonic clock: still unless a test moves it, so how long writes take on this machine decides nothing. */
let now: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reissue-sqlite-dialect-'));
  file = join(dir, 'shared.db');
  commits = 0;
  now = 0;
  db = openSqliteFile({
    file,
    monotonicMs: () => now,
    open: (path, options) => {
      const handle = new Database(path, options);
      const exec = handle.exec.bind(handle);
      // Counts the commits the dialect makes, on the real handle.
      (handle as unknown as SqliteDatabase & { exec(sql: string): unknown }).exec = (sql: string) => {
        if (sql === 'COMMIT') commits++;
        return exec(sql);
      };
      return handle;
    },
  });
  db.db.exec('CREATE TABLE t (x INTEGER PRIMARY KEY)');
  reader = new Database(file, { readonly: true });
});

afterEach(async () => {
  reader.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const committed = () => (reader.prepare('SELECT x FROM t ORDER BY x').all() as { x: number }[]).map((r) => r.x);
const insert = (x: number) => db.transaction(async (tx) => tx.insert('INSERT INTO t (x) VALUES (?)', [x]));

describe('SqliteDialect: writes share commits', () => {
  it('commits writes asked for together once, and each resolves only when its write is on disk', async () => {
    const seenAtResolve: number[][] = [];
    const writes = Array.from({ length: 50 }, (_, i) => insert(i + 1).then((id) => {
      seenAtResolve.push(committed());
      return id;
    }));
    expect(await Promise.all(writes)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(commits).toBe(1);
    // Another connection already saw every row when the first write resolved.
    expect(seenAtResolve[0]).toHaveLength(50);
    expect(committed()).toHaveLength(50);
  });

  it('takes no more writes into a commit once its writes have run for the budget: the rest go into the next, in order', async () => {
    // Each write takes 6 ms by the dialect's clock: two fit the 10 ms budget of a commit.
    const slow = (x: number) =>
      db.transaction(async (tx) => {
        now += 6;
        return tx.insert('INSERT INTO t (x) VALUES (?)', [x]);
      });
    expect(await Promise.all(Array.from({ length: 10 }, (_, i) => slow(i + 1)))).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(commits).toBe(5);
    // The dialect counts the same commits the handle saw.
    expect(db.commits).toBe(5);
    expect(committed()).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('rolls back a failing write alone: the others in its commit are kept, and it gets its own error', async () => {
    const first = insert(1);
    const failing = db.transaction(async (tx) => {
      await tx.insert('INSERT INTO t (x) VALUES (?)', [100]);
      await tx.insert('INSERT INTO t (x) VALUES (?)', [1]); // taken by the first write: UNIQUE fails
    });
    const outcomes = await Promise.allSettled([first, failing, insert(2), db.transaction(async () => { throw new Error('refused by its own rule'); }), insert(3)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ message: expect.stringContaining('UNIQUE constraint failed') });
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({ message: 'refused by its own rule' });
    expect(committed()).toEqual([1, 2, 3]);
    expect(commits).toBe(1);
  });

  it('fails the writes of a commit that SQLite ended itself, and commits the ones after it', async () => {
    const outcomes = await Promise.allSettled([
      insert(1),
      db.transaction(async () => {
        // As SQLite does after a full disk or an I/O error: the whole transaction is gone.
        db.db.exec('ROLLBACK');
        throw new Error('disk I/O error');
      }),
      insert(2),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ message: 'disk I/O error' });
    expect(committed()).toEqual([2]);
  });

  it('runs writes in the order asked, each seeing the ones before it', async () => {
    const sums = await Promise.all([1, 2, 3, 4].map((x) => db.transaction(async (tx) => {
      await tx.insert('INSERT INTO t (x) VALUES (?)', [x]);
      return Number((await tx.get('SELECT sum(x) AS s FROM t'))?.s);
    })));
    expect(sums).toEqual([1, 3, 6, 10]);
  });

  it('starts a new commit for writes asked for after one is under way, and close waits for them', async () => {
    const first = insert(1);
    await first;
    const later = [insert(2), insert(3)];
    await db.close();
    await expect(Promise.all(later)).resolves.toEqual([2, 3]);
    expect(committed()).toEqual([1, 2, 3]);
    expect(commits).toBe(2);
    db = openSqliteFile({ file, open: (path, options) => new Database(path, options) });
  });
});
