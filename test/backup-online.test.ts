import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readChildLines } from './support/child-lines.js';
import { runCli, tempDir } from './support/cli.js';
import { onBothEngines } from './support/engines.js';

const WRITER_JS = resolve(import.meta.dirname, '..', 'dist/test/support/crash-writer.js');
let dir: ReturnType<typeof tempDir>;

beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

onBothEngines((engine) => {
  describe('reissue backup while another process keeps recording', () => {
    it('writes a copy that verifies on its own, and restores into an empty journal', async () => {
      const db = await engine.newTarget(dir.path, 'live.db');
      await runCli(dir.path, ['init', '--db', db]);
      const writer = spawn(process.execPath, [WRITER_JS, db, '1', '7'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let acknowledged = 0;
      const enough = new Promise<void>((done) => {
        readChildLines(writer, () => {
          acknowledged += 1;
          if (acknowledged >= 200) done();
        });
      });
      await enough;
      const backups = [join(dir.path, 'b1.db'), join(dir.path, 'b2.db')];
      try {
        for (const file of backups) {
          const r = await runCli(dir.path, ['backup', file, '--db', db]);
          expect(r.stderr).not.toContain('reissue:');
          expect(r.code).toBe(0);
          expect(r.stdout).toMatch(/events verify/);
        }
      } finally {
        writer.kill('SIGKILL');
      }
      const first = Number(/ok: (\d+) events/.exec((await runCli(dir.path, ['verify', '--db', backups[0] as string])).stdout)?.[1]);
      const second = Number(/ok: (\d+) events/.exec((await runCli(dir.path, ['verify', '--db', backups[1] as string])).stdout)?.[1]);
      expect(first).toBeGreaterThanOrEqual(200);
      expect(second).toBeGreaterThanOrEqual(first);
      const fresh = await engine.newTarget(dir.path, 'fresh.db');
      expect((await runCli(dir.path, ['restore', backups[1] as string, '--db', fresh])).code).toBe(0);
      expect((await runCli(dir.path, ['verify', '--db', fresh])).stdout).toContain(`ok: ${second} events`);
      // The journal that kept being written still verifies, and holds at least what the backups hold.
      expect((await runCli(dir.path, ['verify', '--db', db])).code).toBe(0);
    });
  });
});
