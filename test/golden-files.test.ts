import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './support/cli.js';
import { goldenFiles, GOLDEN_ROOT, updateRequested } from './support/golden.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('reissue-golden-');
});
afterEach(() => dir.remove());

describe('golden files (test/support/golden.ts)', () => {
  it('compares with the file on disk and never creates a missing one', () => {
    const goldens = goldenFiles(dir.path, {});
    expect(goldens.updating).toBe(false);
    expect(() => goldens.read('slip.txt', 'SALE')).toThrow('golden file');
    expect(() => goldens.read('slip.txt', 'SALE')).toThrow(/slip\.txt is missing: run with UPDATE_GOLDEN=1/);
    expect(existsSync(join(dir.path, 'slip.txt'))).toBe(false);
    writeFileSync(join(dir.path, 'slip.txt'), 'SALE 1');
    // Not written over: the golden wins, so a changed output shows up as a difference.
    expect(goldens.read('slip.txt', 'SALE 2').toString()).toBe('SALE 1');
  });

  it('writes the file with UPDATE_GOLDEN=1 on a developer machine', () => {
    const goldens = goldenFiles(dir.path, { UPDATE_GOLDEN: '1' });
    expect(goldens.updating).toBe(true);
    expect(goldens.read('new/slip.txt', 'SALE 3').toString()).toBe('SALE 3');
    expect(readFileSync(join(dir.path, 'new', 'slip.txt'), 'utf8')).toBe('SALE 3');
  });

  it('refuses UPDATE_GOLDEN=1 when CI is set, before anything is written', () => {
    for (const ci of ['true', '1', 'yes']) {
      expect(() => goldenFiles(dir.path, { UPDATE_GOLDEN: '1', CI: ci })).toThrow(/UPDATE_GOLDEN=1 is refused when CI is set/);
    }
    expect(existsSync(join(dir.path, 'slip.txt'))).toBe(false);
    // CI without an update request compares as usual; CI=false is a developer machine.
    expect(updateRequested({ CI: 'true' })).toBe(false);
    expect(updateRequested({ CI: 'false', UPDATE_GOLDEN: '1' })).toBe(true);
    expect(() => updateRequested({ UPDATE_GOLDEN: 'yes' })).toThrow('UPDATE_GOLDEN must be 1');
  });

  it('keeps every kind of golden in test/golden', () => {
    expect(goldenFiles('escpos', {}).dir).toBe(join(GOLDEN_ROOT, 'escpos'));
    for (const folder of ['receipt', 'reports', 'escpos']) expect(existsSync(join(GOLDEN_ROOT, folder)), folder).toBe(true);
  });
});
