/**
 * A file the command line is told to write (--out, --token-file) that cannot be written — a
 * folder, a folder that does not exist, another user's — is said as such, in Chinese and
 * English, and what it held is not lost: a shop's token, shown once, still reaches the screen.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sale } from './support/fixtures.js';
import { runCli, tempDir } from './support/cli.js';

let dir: ReturnType<typeof tempDir>;
const db = () => join(dir.path, 'j.db');
const cli = (args: string[], options: { stdin?: string } = {}) => runCli(dir.path, [...args, '--db', db()], options);

beforeEach(async () => {
  dir = tempDir();
  await cli(['record'], { stdin: JSON.stringify(sale()) });
});
afterEach(() => dir.remove());

describe('files the command line writes', () => {
  it('says a --out it cannot write as CANNOT_WRITE_FILE, not as a bug', async () => {
    for (const args of [
      ['receipt', '10023456-000128-000457', '--out', dir.path],
      ['receipt', '10023456-000128-000457', '--format', 'png', '--out', join(dir.path, 'no-such-folder', 'r.png')],
      ['report', '--date', '2026-11-27', '--format', 'csv', '--out', dir.path],
    ]) {
      const r = await cli([...args, '--lang', 'zh']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('CANNOT_WRITE_FILE');
      expect(r.stderr).toContain('无法写入');
      expect(r.stderr).not.toContain('意外错误');
    }
  });

  it('still shows a new shop its token when the token file cannot be written (the token is shown once)', async () => {
    const r = await cli(['hq', 'store', 'add', 'SH-001', '--name', '浦东店', '--token-file', join(dir.path, 'no-such-folder', 'SH-001.token')]);
    expect(r.stderr).toContain('CANNOT_WRITE_FILE');
    expect(r.stdout).toContain('its token, shown once');
    const token = r.stdout.trim().split('\n').at(-1) ?? '';
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(r.stdout).not.toContain('token written to');
    expect(existsSync(join(dir.path, 'no-such-folder'))).toBe(false);
  });
});
