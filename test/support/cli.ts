import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/index.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
  now?: number;
}

/** Runs the real CLI main in-process against a working directory. */
export async function runCli(cwd: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => options.stdin ?? '',
    readFile: async (path) => readFileSync(resolve(cwd, path), 'utf8'),
    env: { REISSUE_TZ: 'Asia/Shanghai', ...options.env },
    cwd,
    now: () => options.now ?? Date.parse('2026-11-27T08:00:00Z'),
    isTty: false,
  });
  return { code, stdout, stderr };
}

export function tempDir(prefix = 'reissue-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
