import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal } from '../src/app.js';
import { nthSale } from './support/fixtures.js';
import { runCli, tempDir } from './support/cli.js';

/**
 * Issue 9 item 16: the journal holds argon2id hashes and the key that signs links, so it,
 * its -wal and -shm, and every backup are made readable by their owner only; a journal
 * others can open is warned of (zh/en); a backup is one file, with no -wal or -shm beside it.
 */

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('reissue-modes-');
});
afterEach(() => dir.remove());

const mode = (path: string) => statSync(path).mode & 0o777;
const ndjson = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';
const NOW = Date.parse('2026-11-27T08:00:00Z');

describe('the journal’s files', () => {
  it('are created 0600 (the journal, its -wal and -shm) in a new folder made 0700', async () => {
    const db = join(dir.path, 'data', 'reissue.db');
    expect((await runCli(dir.path, ['init', '--db', db])).code).toBe(0);
    expect(mode(db)).toBe(0o600);
    expect(mode(join(dir.path, 'data'))).toBe(0o700);

    // While it is open and written, SQLite makes the log and the shared memory beside it.
    const opened = await openJournal(db, { env: {}, cwd: dir.path, now: () => NOW });
    try {
      await opened.journal.record(nthSale(1));
      expect(mode(`${db}-wal`)).toBe(0o600);
      expect(mode(`${db}-shm`)).toBe(0o600);
    } finally {
      await opened.journal.close();
    }
  });

  it('warns, in English and Chinese, when others than the owner may open them, and still does the work', async () => {
    const db = join(dir.path, 'open.db');
    await runCli(dir.path, ['record', '--db', db], { stdin: ndjson([nthSale(1)]) });
    expect((await runCli(dir.path, ['record', '--db', db], { stdin: ndjson([nthSale(4)]) })).stderr).not.toContain('FILES_TOO_OPEN');
    chmodSync(db, 0o644);
    // SQLite gives the -wal and -shm it makes the journal's mode: all three are named.
    const all = `${db} (0644), ${db}-wal (0644), ${db}-shm (0644)`;
    const paths = `${db} ${db}-wal ${db}-shm`;
    // Recording opens the journal read-write: SQLite makes the -wal and -shm.
    const en = await runCli(dir.path, ['record', '--db', db], { stdin: ndjson([nthSale(2)]) });
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('recorded');
    expect(en.stderr).toContain(
      `reissue: warning: others than its owner may open the journal's files: ${all} [FILES_TOO_OPEN]\n` +
        `  hint: the journal holds password hashes and the key that signs links; let only its owner read them: chmod 600 ${paths}\n`,
    );
    const zh = await runCli(dir.path, ['record', '--lang', 'zh', '--db', db], { stdin: ndjson([nthSale(3)]) });
    expect(zh.code).toBe(0);
    expect(zh.stderr).toContain(`reissue 警告：除了所有者，别人也能打开日志的文件：${all} [FILES_TOO_OPEN]\n  提示：日志里有密码的哈希和签发链接用的密钥；请只让所有者读写：chmod 600 ${paths}\n`);
    // verify reads it without changing it, and still says so.
    const read = await runCli(dir.path, ['verify', '--db', db]);
    expect(read.stdout).toMatch(/^ok: 4 events/);
    expect(read.stderr).toContain(`reissue: warning: others than its owner may open the journal's files: ${db} (0644)`);
    for (const file of [db, `${db}-wal`, `${db}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
    expect((await runCli(dir.path, ['verify', '--db', db])).stderr).not.toContain('FILES_TOO_OPEN');
  });
});

describe('a backup', () => {
  it('is one file, 0600, with no -wal or -shm beside it after it is written and restored from', async () => {
    const db = join(dir.path, 'journal.db');
    await runCli(dir.path, ['record', '--db', db], { stdin: ndjson([nthSale(1), nthSale(2)]) });
    const folder = join(dir.path, 'backups');
    const backup = join(folder, 'b1.db');
    const made = await runCli(dir.path, ['backup', backup, '--db', db]);
    expect(made.code, made.stderr).toBe(0);
    expect(readdirSync(folder)).toEqual(['b1.db', 'b1.db.heads.json']);
    expect(mode(backup)).toBe(0o600);
    expect(mode(folder)).toBe(0o700);

    const fresh = join(dir.path, 'fresh.db');
    expect((await runCli(dir.path, ['restore', backup, '--db', fresh])).stdout).toContain('2 events verify');
    expect(readdirSync(folder)).toEqual(['b1.db', 'b1.db.heads.json']);
    expect(mode(fresh)).toBe(0o600);
    expect(existsSync(`${fresh}-wal`)).toBe(false);
  });
});
