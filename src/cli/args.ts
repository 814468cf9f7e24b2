import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError, gateError, mayHoldCardNumber, normaliseForScan, saleIdHidingCardNumber } from '../core/index.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** What node:util parseArgs objected to, as a rule and the option concerned (its words are English only). */
function usageProblem(message: string): { rule?: string; option?: string } {
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (/^Unknown option/.test(message)) return { rule: 'unknown-option', option };
  if (/argument missing/.test(message)) return { rule: 'missing-value', option };
  if (/does not take an argument/.test(message)) return { rule: 'takes-no-value', option };
  return {};
}

/** node:util parseArgs with errors that name the command and point at its help. */
/**
 * `saleIdPositionals`: how many of the leading arguments are sale ids (or a receipt's code),
 * which the command looks up; no other argument or option takes one (see refuseHiddenIds).
 */
export function parseCommandArgs(command: string, args: string[], options: OptionSpec, maxPositionals = 0, saleIdPositionals = 0): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new InputError('BAD_USAGE', `${command}: ${message}`, { hint: `see \`reissue ${command} --help\``, context: { command, ...usageProblem(message) } });
  }
  // Before any message could quote an argument.
  refuseHiddenIds(parsed.values, parsed.positionals.slice(saleIdPositionals), saleIdPositionals);
  if (parsed.positionals.length > maxPositionals) {
    throw new InputError('BAD_USAGE', `${command}: unexpected argument "${parsed.positionals[maxPositionals]}"`, { hint: `see \`reissue ${command} --help\``, context: { command, rule: 'unexpected', value: parsed.positionals[maxPositionals] } });
  }
  return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
}

/**
 * A value in a sale id's shape whose digits read as a card number (see saleIdHidingCardNumber)
 * is a sale's id only where a command looks it up; anywhere else (an option, a store id, a file
 * name) nothing would before it is kept or shown, so it is refused as a card number.
 */
function refuseHiddenIds(values: Record<string, unknown>, positionals: readonly string[], firstPositional: number): void {
  const refuse = (text: unknown, where: string) => {
    if (typeof text === 'string' && mayHoldCardNumber(text) && saleIdHidingCardNumber(normaliseForScan(text)) !== undefined) {
      throw gateError({ path: where, reason: 'pan' }, 'nothing was done');
    }
  };
  for (const [name, value] of Object.entries(values)) for (const text of Array.isArray(value) ? value : [value]) refuse(text, `--${name}`);
  positionals.forEach((text, i) => refuse(text, `argument ${firstPositional + i + 1}`));
}

export function stringOption(values: ParsedArgs['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A string option that must be one of `allowed`, or undefined when not given. */
export function choiceOption<T extends string>(values: ParsedArgs['values'], name: string, allowed: readonly T[]): T | undefined {
  const value = stringOption(values, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError('BAD_USAGE', `--${name} must be one of ${allowed.join(', ')}, not "${value}"`, { hint: `e.g. --${name} ${allowed[0]}`, context: { rule: 'one-of', option: `--${name}`, allowed, value, example: allowed[0] } });
  }
  return value as T;
}

export function requirePositional(command: string, positionals: string[], index: number, what: string): string {
  const value = positionals[index];
  if (value === undefined) throw new InputError('BAD_USAGE', `${command}: missing ${what}`, { hint: `see \`reissue ${command} --help\``, context: { command, rule: 'missing', what } });
  return value;
}
