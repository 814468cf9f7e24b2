import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../core/index.js';

/**
 * A worker thread's compiled entry in this folder: beside the calling module in dist/; from
 * the TypeScript sources (vitest), the one tsc wrote under dist/. `here` is the caller's
 * import.meta.url (a module in src/capture/adapters).
 */
export function threadEntry(file: string, here: string): URL {
  const entry = here.endsWith('.ts') ? new URL(`../../../dist/src/capture/adapters/${file}`, here) : new URL(`./${file}`, here);
  if (!existsSync(entry)) {
    throw new ConfigError('CAPTURE_THREAD_NOT_BUILT', `the tap's worker thread ${fileURLToPath(entry)} is missing`, {
      hint: 'build the project first (npm run build): the worker thread runs the compiled JavaScript',
      context: { file: fileURLToPath(entry) },
    });
  }
  return entry;
}
