import { InputError } from '../core/index.js';
import type { CliIo } from './io.js';

export interface SecretSpec {
  /** What it is, for the prompt and errors: "password for li". */
  label: string;
  /** Environment variable that may hold it. */
  env: string;
}

/**
 * Passwords never come from argv: with --password-stdin one line each, in the order the
 * command lists them; else from the named environment variables; else a prompt on a
 * terminal. Anything missing is a clear error, never an empty password.
 */
export async function readSecrets(io: CliIo, specs: readonly SecretSpec[], fromStdin: boolean): Promise<string[]> {
  if (specs.length === 0) return [];
  if (fromStdin) {
    const lines = (await io.readStdin()).split(/\r?\n/);
    return specs.map((spec, i) => {
      const line = lines[i];
      if (line === undefined || line === '') {
        throw new InputError('PASSWORD_MISSING', `--password-stdin: line ${i + 1} (${spec.label}) is missing`, { hint: `give ${specs.map((s) => s.label).join(', then ')} on separate lines` });
      }
      return line;
    });
  }
  const out: string[] = [];
  for (const spec of specs) {
    const fromEnv = io.env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') {
      out.push(fromEnv);
    } else if (io.promptSecret) {
      out.push(await io.promptSecret(`${spec.label}: `));
    } else {
      throw new InputError('PASSWORD_MISSING', `no ${spec.label} given`, { hint: `pipe it with --password-stdin, or set ${spec.env}; passwords are never taken from the command line` });
    }
  }
  return out;
}
