import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';
import { sale } from './support/fixtures.js';
import { checkDigit, leakedIn } from './support/pan-disguises.js';

/*
 * A backup's settings are not hashed: one edited to carry a card number (in a withdrawn-link
 * key or any carried value) is refused like an event holding one, before anything is restored.
 */
const NOW = Date.parse('2026-11-27T08:00:00Z');
const PAN = `${'453914880343646'}${checkDigit('453914880343646')}`;

let dir: ReturnType<typeof tempDir>;
const cli = (args: string[], db: string) => runCli(dir.path, [...args, '--db', db], { now: NOW, stdin: 'root-password\n' });
const fileBytes = (file: string) => Buffer.concat(['', '-wal'].filter((s) => existsSync(file + s)).map((s) => readFileSync(file + s)));

beforeEach(() => {
  dir = tempDir('reissue-restore-settings-');
});
afterEach(() => dir.remove());

describe('restore of a backup whose settings were edited', () => {
  it.each([
    ['a key holding a card number', `eReceiptsWithdrawn  ${PAN}`, `{"card":"${PAN}"}`],
    ['a withdrawn link whose value is a card number', 'eReceiptsWithdrawn  10023456-000128-000001', PAN],
    ['a time zone that is none', 'timeZone', 'Asia/Nowhere'],
  ])('refuses it (BACKUP_CONTENT_REFUSED), restoring nothing: %s', async (_, key, value) => {
    const shop = join(dir.path, 'shop.db');
    expect((await runCli(dir.path, ['record', '--db', shop], { now: NOW, stdin: JSON.stringify(sale()) })).code).toBe(0);
    const backupFile = join(dir.path, 'backup.db');
    const made = await cli(['backup', backupFile], shop);
    expect(made.code, made.stderr).toBe(0);
    const edit = new Database(backupFile);
    edit.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
    edit.close();

    const target = join(dir.path, 'restored.db');
    const restored = await cli(['restore', backupFile], target);
    expect(restored.code).not.toBe(0);
    expect(restored.stderr).toContain('BACKUP_CONTENT_REFUSED');
    expect(restored.stderr).toContain('nothing was restored');
    expect(leakedIn(restored.stdout + restored.stderr, [PAN])).toEqual([]);
    if (existsSync(target)) {
      expect(leakedIn(fileBytes(target), [PAN])).toEqual([]);
      const kept = new Database(target, { readonly: true });
      expect(kept.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 0 });
      kept.close();
    }
  });
});
