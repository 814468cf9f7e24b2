import { ERRORS } from './catalog/errors.js';
import { VERIFY_PROBLEM_WORDS } from './catalog/vocabulary.js';
import type { Language } from './language.js';

/**
 * Why an audit entry records a refusal or an alarm, in `language`: what an integrity alert
 * found wrong with a record, else its error code's title (print.refused, reprint.refused, a
 * shop's chain alarm at head office). Undefined for an entry with neither.
 */
export function auditWhy(entry: Readonly<Record<string, unknown>>, language: Language): string | undefined {
  const { code, problem } = entry;
  return (typeof problem === 'string' ? VERIFY_PROBLEM_WORDS[problem]?.[language] : undefined) ?? (typeof code === 'string' ? ERRORS[code]?.[language].title : undefined);
}
