/**
 * scripts/test.sh's closing line (scripts/test-summary.mjs), from a real vitest JSON report:
 * a test file whose beforeAll throws shows its tests as skipped, and the line must still
 * count that file as failed — "0 failed, 2 skipped" alone would read as a pass.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from './support/binary.js';
import { tempDir } from './support/cli.js';

const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const SUMMARY = join(ROOT, 'scripts', 'test-summary.mjs');

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('reissue-summary-');
});
afterEach(() => dir.remove());

/** The environment without this vitest's own variables, so the inner run is a run of its own. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_ENV' && key !== 'TEST'));
}

/** Runs vitest on `files` in a project of their own, then the summary on its report. */
function runSuite(files: Record<string, string>): { vitest: number | null; line: string; summary: number | null } {
  const project = join(dir.path, 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'vitest.config.mjs'), 'export default {};\n');
  for (const [name, body] of Object.entries(files)) writeFileSync(join(project, name), body);
  const report = join(dir.path, 'results.json');
  const vitest = spawnSync(process.execPath, [VITEST, 'run', '--root', project, '--reporter=json', `--outputFile=${report}`], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
  const summary = spawnSync(process.execPath, [SUMMARY, report], { cwd: project, encoding: 'utf8' });
  return { vitest: vitest.status, line: summary.stdout, summary: summary.status };
}

const PASSING = "import { expect, it } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\nit('concatenates', () => expect('a' + 'b').toBe('ab'));\n";
const BROKEN_SETUP =
  "import { beforeAll, expect, it } from 'vitest';\nbeforeAll(() => { throw new Error('the database did not start'); });\nit('one', () => expect(1).toBe(1));\nit('two', () => expect(2).toBe(2));\n";

describe('the closing line of scripts/test.sh', () => {
  it('counts a file whose beforeAll threw as a failed file, and names it', () => {
    const r = runSuite({ 'fine.test.mjs': PASSING, 'broken.test.mjs': BROKEN_SETUP });
    expect(r.vitest).toBe(1);
    expect(r.line).toBe('2 passed, 0 failed, 2 skipped; 1 of 2 test files failed — setup failed in broken.test.mjs (the database did not start)\n');
    expect(r.summary).toBe(1);
  });

  it('says all passed, and exits 0, only when they did', () => {
    const r = runSuite({ 'fine.test.mjs': PASSING });
    expect(r).toEqual({ vitest: 0, line: '2 passed, 0 failed; 0 of 1 test file failed\n', summary: 0 });
  });

  it('says so when there is no report at all (the run stopped before any test)', () => {
    const r = spawnSync(process.execPath, [SUMMARY, join(dir.path, 'missing.json')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^no test results: .*missing\.json could not be read \(ENOENT\); the run stopped before any test/);
  });
});
