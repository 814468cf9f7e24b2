import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SqliteOpenOptions } from './better-sqlite3.js';
import { SQLITE_TUNING, openSqliteFile, type SqliteTuning } from './sqlite-dialect.js';

const dir = mkdtempSync(join(tmpdir(), 'reissue-sqlite-tuning-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const open = (file: string, options: SqliteOpenOptions) => new Database(file, options);
let n = 0;
const fresh = () => join(dir, `j${n++}.db`);

function settings(file: string, options: { readonly?: boolean; tuning?: SqliteTuning } = {}) {
  const dialect = openSqliteFile({ file, open, ...options });
  const read = (name: string) => dialect.db.pragma(name, { simple: true });
  // A new file takes its page size from its first write.
  if (!options.readonly) dialect.db.exec('CREATE TABLE IF NOT EXISTS t (x INTEGER)');
  const out = {
    pageSize: Number(read('page_size')),
    cacheSize: Number(read('cache_size')),
    mmapSize: Number(read('mmap_size')),
    autocheckpoint: Number(read('wal_autocheckpoint')),
    journalMode: String(read('journal_mode')),
    synchronous: Number(read('synchronous')),
  };
  dialect.db.close();
  return out;
}

describe('a journal file is opened with its storage settings chosen, not left to SQLite', () => {
  it('gives a new file 4 KiB pages, 32 MiB of cache, a 128 MiB map and a 32 MiB WAL between checkpoints, on WAL and synchronous=FULL', () => {
    expect(settings(fresh())).toEqual({
      pageSize: SQLITE_TUNING.pageSize,
      cacheSize: -SQLITE_TUNING.cacheKiB,
      mmapSize: SQLITE_TUNING.mmapBytes,
      autocheckpoint: SQLITE_TUNING.walAutocheckpointPages,
      journalMode: 'wal',
      synchronous: 2,
    });
    expect(SQLITE_TUNING).toEqual({ pageSize: 4096, cacheKiB: 32_768, mmapBytes: 134_217_728, walAutocheckpointPages: 8192 });
  });

  it('takes other settings when given (a bench comparing with SQLite defaults)', () => {
    const defaults: SqliteTuning = { pageSize: 8192, cacheKiB: 2000, mmapBytes: 0, walAutocheckpointPages: 1000 };
    expect(settings(fresh(), { tuning: defaults })).toMatchObject({ pageSize: 8192, cacheSize: -2000, mmapSize: 0, autocheckpoint: 1000 });
  });

  it('leaves the page size of an existing journal as it was made', () => {
    const file = fresh();
    settings(file, { tuning: { ...SQLITE_TUNING, pageSize: 8192 } });
    expect(settings(file).pageSize).toBe(8192);
  });

  it('reads a journal read-only with the cache and map, writing nothing to it', () => {
    const file = fresh();
    settings(file);
    expect(settings(file, { readonly: true })).toMatchObject({ pageSize: 4096, cacheSize: -SQLITE_TUNING.cacheKiB, mmapSize: SQLITE_TUNING.mmapBytes, journalMode: 'wal' });
  });
});
