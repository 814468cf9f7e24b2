import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_INPUTS, BUILD_OUTPUTS, buildState, STAMP } from './support/build-once.js';
import { tempDir } from './support/cli.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('reissue-build-');
});
afterEach(() => dir.remove());

const at = (iso: string) => new Date(iso);
function file(path: string, when: Date): void {
  const full = join(dir.path, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, path);
  utimesSync(full, when, when);
}

/** A checkout whose sources date from `sources` and whose build was stamped at `built`. */
function checkout(sources: Date, built: Date | undefined): void {
  file('src/journal/journal.ts', sources);
  file('src/cli/bin.ts', sources);
  file('test/support/crash-writer.ts', sources);
  file('scripts/build-web.mjs', sources);
  file('tsconfig.json', sources);
  for (const output of BUILD_OUTPUTS) file(output, built ?? sources);
  if (built) file(STAMP, built);
}

describe('the test build (vitest global setup)', () => {
  it('is current when every source is older than the stamp', () => {
    checkout(at('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z'));
    expect(buildState(dir.path)).toMatchObject({ stale: false, files: 5 });
  });

  it('is stale after an edit anywhere under src/ — not only in the file a test runs', () => {
    checkout(at('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z'));
    file('src/journal/journal.ts', at('2026-01-03T00:00:00Z'));
    expect(buildState(dir.path)).toEqual({ stale: true, reason: 'src/journal/journal.ts is newer than the build', files: 5 });
  });

  it('is stale after a new file, a test helper or a tsconfig change', () => {
    const paths = ['src/printer/new-file.ts', 'test/support/spooler-child.ts', 'bench/run.ts', 'tsconfig.json', 'tsconfig.web.json'];
    checkout(at('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z'));
    for (const [i, path] of paths.entries()) {
      // Each a second newer than the one before, so it is the newest file.
      file(path, at(`2026-01-02T00:00:0${i + 1}Z`));
      expect(buildState(dir.path), path).toMatchObject({ stale: true, reason: `${path} is newer than the build` });
    }
    expect(BUILD_INPUTS).toEqual(expect.arrayContaining(['src', 'test', 'bench', 'scripts']));
  });

  it("is not stale after a bench writes its cached data (bench/.cache), only after a bench's source changes", () => {
    checkout(at('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z'));
    file('bench/.cache/scale-pg-1000000/data/base/1/16848', at('2026-01-03T00:00:00Z'));
    expect(buildState(dir.path)).toMatchObject({ stale: false, files: 5 });
    file('bench/scale-bench.ts', at('2026-01-03T00:00:00Z'));
    expect(buildState(dir.path)).toMatchObject({ stale: true, reason: expect.stringContaining('bench/scale-bench.ts') });
  });

  it('is stale when an output or the stamp is missing (a tsc run by hand does not count as this build)', () => {
    checkout(at('2026-01-01T00:00:00Z'), undefined);
    expect(buildState(dir.path)).toMatchObject({ stale: true, reason: `${STAMP} is missing (dist/ was not built by this setup)` });
    file(STAMP, at('2026-01-02T00:00:00Z'));
    const partial = buildState(dir.path, BUILD_INPUTS, [...BUILD_OUTPUTS, 'dist/src/not-built.js']);
    expect(partial).toMatchObject({ stale: true, incomplete: true, reason: 'dist/src/not-built.js is missing' });
  });
});
