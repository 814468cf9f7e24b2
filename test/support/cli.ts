import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/index.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Binary standard output, in order. */
  bytes: Buffer;
}

export interface CliOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
  now?: number;
  /** The command's clock (instead of the fixed `now`), e.g. runningClock() when printing has to wait. */
  clock?: () => number;
  /** Resolves when a long-running command (printer-emulator) should stop. */
  stop?: Promise<void>;
  /** Sees stdout as it is written, for long-running commands. */
  onStdout?: (text: string) => void;
  /** Sees stderr as it is written. */
  onStderr?: (text: string) => void;
  /** Run as if stderr were a terminal (default false). */
  isTty?: boolean;
  /** The random source (demo passwords); node:crypto's unless given. */
  randomBytes?: (size: number) => Uint8Array;
}

/** A clock that starts at `start` and moves on with real time: a spooler's retries, timeouts and expiry need time to pass. */
export function runningClock(start = Date.parse('2026-11-27T08:00:00Z')): () => number {
  const origin = performance.now();
  return () => start + Math.floor(performance.now() - origin);
}

/** Runs the real CLI main in-process against a working directory. */
export async function runCli(cwd: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const chunks: Buffer[] = [];
  const code = await main(args, {
    stdout: (t) => {
      stdout += t;
      options.onStdout?.(t);
    },
    stderr: (t) => {
      stderr += t;
      options.onStderr?.(t);
    },
    readStdin: async () => options.stdin ?? '',
    stdoutBytes: (data) => {
      chunks.push(Buffer.from(data));
    },
    writeFile: async (path, data, options) => {
      if (options?.private && existsSync(resolve(cwd, path))) chmodSync(resolve(cwd, path), 0o600);
      writeFileSync(resolve(cwd, path), data, options?.private ? { mode: 0o600 } : {});
    },
    readFileBytes: async (path) => readFileSync(resolve(cwd, path)),
    readFile: async (path) => readFileSync(resolve(cwd, path), 'utf8'),
    env: { REISSUE_TZ: 'Asia/Shanghai', ...options.env },
    cwd,
    now: options.clock ?? (() => options.now ?? Date.parse('2026-11-27T08:00:00Z')),
    randomBytes: options.randomBytes ?? ((size) => randomBytes(size)),
    isTty: options.isTty ?? false,
    untilStopped: () => options.stop ?? Promise.resolve(),
  });
  return { code, stdout, stderr, bytes: Buffer.concat(chunks) };
}

export function tempDir(prefix = 'reissue-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
