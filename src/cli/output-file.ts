import { InputError } from '../core/index.js';
import type { CliIo } from './io.js';

/**
 * Writes a file the command line was told to write (--out, --token-file, a backup's heads).
 * One that cannot be written (a folder, a folder that does not exist, another user's) is
 * CANNOT_WRITE_FILE with the system's reason code, not an unexpected error.
 */
export async function writeOutputFile(io: CliIo, path: string, data: Uint8Array | string, options?: { private?: boolean }): Promise<void> {
  try {
    await io.writeFile(path, data, options);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError('CANNOT_WRITE_FILE', `cannot write ${path}: ${reason}`, {
      hint: 'give a file name (not a folder) in a folder that exists and this operating-system user may write to',
      cause: error,
      context: { file: path, reason },
    });
  }
}
