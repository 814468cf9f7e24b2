import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../../core/index.js';

/**
 * A journal holds the users' password hashes and the key that signs e-receipt links and
 * verification codes: only its owner may read it. SQLite gives a database's -wal, -shm and
 * -journal the mode of the database file, so creating that file 0600 covers all of them.
 */
export const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_FOLDER_MODE = 0o700;
const OPEN_TO_OTHERS = 0o077;

/** A file of a database that others than its owner may read or write, with its permission bits. */
export interface OpenToOthers {
  file: string;
  mode: number;
}

/**
 * Creates an empty file only its owner may read and write (SQLite takes an empty file as an
 * empty database), and its folder (owner only) if need be. Fails with EEXIST if it exists.
 */
export function createPrivateFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_FOLDER_MODE });
  closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
}

/** The database file, -wal and -shm (those that exist) that groups or others may open. */
export function filesOpenToOthers(file: string, platform: string = process.platform): OpenToOthers[] {
  // Windows has no owner/group/other bits (Node reports 0666 for every writable file).
  if (platform === 'win32') return [];
  const found: OpenToOthers[] = [];
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    let mode: number;
    try {
      mode = statSync(path).mode & 0o777;
    } catch {
      continue;
    }
    if ((mode & OPEN_TO_OTHERS) !== 0) found.push({ file: path, mode });
  }
  return found;
}

const octal = (mode: number) => `0${mode.toString(8).padStart(3, '0')}`;

/**
 * FILES_TOO_OPEN, a warning (the journal still opens): its files can be read by others than
 * its owner, and with them the password hashes and the key that signs links.
 */
export function filesTooOpenWarning(found: readonly OpenToOthers[]): ConfigError {
  const files = found.map((f) => `${f.file} (${octal(f.mode)})`).join(', ');
  return new ConfigError('FILES_TOO_OPEN', `others than its owner may open the journal's files: ${files}`, {
    hint: `let only the owner read them: chmod 600 ${found.map((f) => f.file).join(' ')}`,
    context: { files, paths: found.map((f) => f.file).join(' ') },
  });
}
