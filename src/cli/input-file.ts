import { InputError } from '../core/index.js';
import type { CliIo } from './io.js';

/** What a file named on the command line is for: the hint says what to give instead. */
export type InputFileRule = 'input' | 'heads' | 'tls';

const HINTS: Readonly<Record<InputFileRule, string>> = {
  input: 'check the path, or use - to read standard input',
  heads: 'give the .heads.json file written beside a backup, or one saved from `reissue verify --json`',
  tls: 'check the paths given with --tls-key and --tls-cert',
};

/** A file that cannot be read (no such file, a folder, another user's): NO_INPUT_FILE with the system's reason code, not an unexpected error. */
function unreadable(path: string, rule: InputFileRule, error: unknown): InputError {
  const reason = (error as NodeJS.ErrnoException).code ?? 'error';
  return new InputError('NO_INPUT_FILE', `cannot read ${path}: ${reason}`, { hint: HINTS[rule], cause: error, context: { file: path, reason, ...(rule === 'input' ? {} : { rule }) } });
}

/** The text of a file named on the command line. */
export async function readInputText(io: CliIo, path: string, rule: InputFileRule = 'input'): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    throw unreadable(path, rule, error);
  }
}

/** The bytes of a file named on the command line. */
export async function readInputBytes(io: CliIo, path: string, rule: InputFileRule = 'input'): Promise<Uint8Array> {
  try {
    return await io.readFileBytes(path);
  } catch (error) {
    throw unreadable(path, rule, error);
  }
}
