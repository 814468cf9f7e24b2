import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Golden files under test/golden/receipt. They are written once (UPDATE_GOLDEN=1), checked
 * by eye, and from then on compared exactly; a missing one fails rather than being created
 * silently, so a typo in a name cannot pass.
 */
export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '../golden/receipt');
export const updatingGoldens = process.env.UPDATE_GOLDEN === '1';

export function readGolden(name: string, actual: string | Buffer): Buffer {
  const file = join(GOLDEN_DIR, name);
  if (updatingGoldens) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 to create it, then check it by eye`);
  return readFileSync(file);
}
