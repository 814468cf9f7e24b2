/**
 * Vitest global setup: every test runs against the current code. Tests that start real
 * processes (the `reissue` binary, the crash writer, the spooler child, the worker preparer,
 * the web root) run the compiled dist/ build, so before any test file starts, dist/ is built
 * again whenever a file under src/, test/, bench/ or scripts/ (or a tsconfig) is newer than
 * the last build — never per test, and never from one file's mtime alone.
 *
 * REISSUE_TEST_BUILD=always rebuilds on every run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** What the build reads, relative to the checkout. */
export const BUILD_INPUTS = ['src', 'test', 'bench', 'scripts', 'tsconfig.json', 'tsconfig.web.json', 'package.json'] as const;
/** What a complete build leaves; one missing means it must run. */
export const BUILD_OUTPUTS = ['dist/src/cli/bin.js', 'dist/test/support/crash-writer.js', 'dist/test/support/spooler-child.js', 'dist/web/index.html'] as const;
/** Written after a successful build, dated when that build began. */
export const STAMP = 'dist/.build-stamp';
/** tsc's incremental state: an edit to one test file rebuilds in seconds, not a full compile. */
const TS_BUILD_INFO = 'dist/.tsbuildinfo';

export interface BuildState {
  stale: boolean;
  /** An output is missing: rebuild everything. */
  incomplete?: boolean;
  /** Why it is (or is not) stale, for the log line. */
  reason: string;
  /** Files looked at. */
  files: number;
}

/**
 * Directories of data, not sources: the benchmarks' cached journals and PostgreSQL clusters
 * (bench/.cache, git-ignored), which a running bench writes to all the time and which hold
 * tens of thousands of files.
 */
const NOT_INPUTS = new Set(['.cache']);

/** Newest file under `path` (a file or a directory), skipping only NOT_INPUTS: a new file anywhere else counts. */
function newest(path: string, found: { file: string; mtimeMs: number; files: number }): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path)) if (!NOT_INPUTS.has(entry)) newest(join(path, entry), found);
    return;
  }
  found.files += 1;
  if (stat.mtimeMs > found.mtimeMs) {
    found.mtimeMs = stat.mtimeMs;
    found.file = path;
  }
}

/** Whether dist/ under `root` is older than any of its inputs, or incomplete. */
export function buildState(root: string, inputs: readonly string[] = BUILD_INPUTS, outputs: readonly string[] = BUILD_OUTPUTS, stamp: string = STAMP): BuildState {
  const found = { file: '', mtimeMs: -Infinity, files: 0 };
  for (const input of inputs) newest(join(root, input), found);
  const missing = outputs.find((output) => !existsSync(join(root, output)));
  if (missing) return { stale: true, incomplete: true, reason: `${missing} is missing`, files: found.files };
  const stampFile = join(root, stamp);
  if (!existsSync(stampFile)) return { stale: true, reason: `${stamp} is missing (dist/ was not built by this setup)`, files: found.files };
  const builtAt = statSync(stampFile).mtimeMs;
  if (found.mtimeMs > builtAt) return { stale: true, reason: `${relative(root, found.file)} is newer than the build`, files: found.files };
  return { stale: false, reason: `dist/ is newer than all ${found.files} source files`, files: found.files };
}

function run(label: string, args: string[]): void {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status === 0) return;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  throw new Error(`the build failed at ${label} (exit ${result.status ?? result.signal}); no test ran against a stale build:\n${output}`);
}

/** Builds dist/ (tsc, then the web pages) and stamps it with the time the build began. */
export function build(options: { full: boolean }): void {
  const began = new Date();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // With an output gone, tsc's incremental state would wrongly say there is nothing to emit.
  if (options.full) rmSync(join(ROOT, TS_BUILD_INFO), { force: true });
  run('tsc -p tsconfig.json', [tsc, '-p', join(ROOT, 'tsconfig.json'), '--incremental', '--tsBuildInfoFile', join(ROOT, TS_BUILD_INFO)]);
  run('node scripts/build-web.mjs', [join(ROOT, 'scripts', 'build-web.mjs')]);
  const stamp = join(ROOT, STAMP);
  writeFileSync(stamp, `built ${began.toISOString()}\n`);
  // Dated at the start: a file edited while tsc ran is newer than the build and triggers the next one.
  utimesSync(stamp, began, began);
}

export default function setup(): void {
  const mode = process.env.REISSUE_TEST_BUILD ?? 'if-stale';
  if (mode !== 'if-stale' && mode !== 'always') throw new Error(`REISSUE_TEST_BUILD must be if-stale or always, not "${mode}"`);
  const started = performance.now();
  const state = buildState(ROOT);
  const checkedMs = Math.round(performance.now() - started);
  if (!state.stale && mode !== 'always') {
    process.stderr.write(`build: ${state.reason} (checked in ${checkedMs} ms)\n`);
    return;
  }
  process.stderr.write(`build: ${mode === 'always' ? 'REISSUE_TEST_BUILD=always' : state.reason}: building dist/ (tsc + web pages)…\n`);
  build({ full: mode === 'always' || state.incomplete === true });
  process.stderr.write(`build: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
