import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Golden files under test/golden/<folder>: written on purpose (UPDATE_GOLDEN=1), checked by
 * eye, and from then on compared exactly. A missing one fails rather than being created
 * silently, so a typo in a name cannot pass; and CI never rewrites one — a run there with
 * UPDATE_GOLDEN=1 would compare every output with itself and pass whatever it printed.
 * Receipts, reports and ESC/POS bytes all go through here: one writer, one rule.
 */
export const GOLDEN_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../golden');

type Env = Readonly<Record<string, string | undefined>>;

/** CI=true, CI=1, CI=anything but empty, 0 or false. */
const inCi = (env: Env) => env.CI !== undefined && !['', '0', 'false'].includes(env.CI.trim().toLowerCase());

/** Whether goldens are to be rewritten; refused (thrown) under CI. */
export function updateRequested(env: Env = process.env): boolean {
  const update = env.UPDATE_GOLDEN;
  if (update === undefined || update === '' || update === '0') return false;
  if (update !== '1') throw new Error(`UPDATE_GOLDEN must be 1 (rewrite the golden files) or unset, not "${update}"`);
  if (inCi(env)) {
    throw new Error(`UPDATE_GOLDEN=1 is refused when CI is set (CI=${env.CI}): in CI goldens are compared, never rewritten; update them on your machine, check them by eye and commit them`);
  }
  return true;
}

export interface GoldenFiles {
  readonly dir: string;
  readonly updating: boolean;
  /** The golden file's content; when updating, `actual` is written first. */
  read(name: string, actual: string | Uint8Array): Buffer;
}

/** Golden files in test/golden/<folder> (or any directory, for tests of this helper). */
export function goldenFiles(folder: string, env: Env = process.env): GoldenFiles {
  const dir = isAbsolute(folder) ? folder : join(GOLDEN_ROOT, folder);
  const updating = updateRequested(env);
  return {
    dir,
    updating,
    read(name, actual) {
      const file = join(dir, name);
      if (updating) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, actual);
      }
      if (!existsSync(file)) throw new Error(`golden file ${join(folder, name)} is missing: run with UPDATE_GOLDEN=1 to create it, then check it by eye`);
      return readFileSync(file);
    },
  };
}

const receipts = goldenFiles('receipt');
/** The receipt goldens (test/golden/receipt). */
export const GOLDEN_DIR = receipts.dir;
export const updatingGoldens = receipts.updating;
export function readGolden(name: string, actual: string | Buffer): Buffer {
  return receipts.read(name, actual);
}
