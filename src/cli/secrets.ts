import { InputError } from '../core/index.js';
import { secretLabel, type Language, type SecretRef } from '../i18n/index.js';
import type { CliIo } from './io.js';
import { cliText } from './texts.js';

export interface SecretSpec extends SecretRef {
  /** Environment variable that may hold it. */
  env: string;
}

/**
 * Passwords never come from argv: with --password-stdin one line each, in the order the
 * command lists them; else from the named environment variables; else a prompt on a
 * terminal. Anything missing is a clear error, never an empty password.
 */
export async function readSecrets(io: CliIo, specs: readonly SecretSpec[], fromStdin: boolean, language: Language = 'en'): Promise<string[]> {
  if (specs.length === 0) return [];
  const english = (spec: SecretRef) => secretLabel(spec, 'en');
  const refs = specs.map(({ user, whose }) => ({ user, whose }));
  if (fromStdin) {
    const lines = (await io.readStdin()).split(/\r?\n/);
    return specs.map((spec, i) => {
      const line = lines[i];
      if (line === undefined || line === '') {
        throw new InputError('PASSWORD_MISSING', `--password-stdin: line ${i + 1} (${english(spec)}) is missing`, {
          hint: `give ${specs.map(english).join(', then ')} on separate lines`,
          context: { rule: 'stdin', line: i + 1, secret: refs[i], secrets: refs },
        });
      }
      return line;
    });
  }
  const out: string[] = [];
  for (const [i, spec] of specs.entries()) {
    const fromEnv = io.env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') {
      out.push(fromEnv);
    } else if (io.promptSecret) {
      out.push(await io.promptSecret(cliText(language, 'secret.prompt', { label: secretLabel(spec, language) })));
    } else {
      throw new InputError('PASSWORD_MISSING', `no ${english(spec)} given`, {
        hint: `pipe it with --password-stdin, or set ${spec.env}; passwords are never taken from the command line`,
        context: { secret: refs[i], env: spec.env },
      });
    }
  }
  return out;
}
