import type { z } from 'zod';
import type { FieldIssue } from './errors.js';

/** ["transactions", 2, "amount"] → "transactions[2].amount", after an optional prefix. */
export function fieldPath(parts: readonly PropertyKey[], prefix = ''): string {
  let path = prefix;
  for (const part of parts) {
    if (typeof part === 'number') path += `[${part}]`;
    else path += path === '' ? String(part) : `.${String(part)}`;
  }
  return path;
}

type ZodIssue = z.ZodError['issues'][number];

/** The issue code and values a schema problem is told by (see the i18n issue catalog). */
function coded(issue: ZodIssue): Pick<FieldIssue, 'code' | 'params'> {
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message) ? { code: 'REQUIRED' } : { code: 'WRONG_TYPE', params: { expected: issue.expected } };
    case 'invalid_format':
      return { code: 'FORMAT' };
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return minimum <= 1 ? { code: 'EMPTY' } : { code: 'TOO_SHORT', params: { minimum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'TOO_FEW', params: { minimum } };
      return minimum === 0 && issue.inclusive === false ? { code: 'NOT_POSITIVE' } : { code: 'TOO_SMALL', params: { minimum } };
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return { code: 'TOO_LONG', params: { maximum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'TOO_MANY', params: { maximum } };
      return { code: 'TOO_BIG', params: { maximum } };
    }
    case 'invalid_value':
      return { code: 'NOT_ONE_OF', params: { values: issue.values.map(String) } };
    case 'unrecognized_keys':
      return { code: 'UNKNOWN_FIELDS', params: { keys: issue.keys } };
    case 'custom': {
      const params = (issue.params ?? {}) as Record<string, unknown>;
      const { code, ...rest } = params;
      return typeof code === 'string' ? { code, params: rest } : { code: 'INVALID' };
    }
    default:
      return { code: 'INVALID' };
  }
}

/**
 * Every problem zod found, each with the path of its field, the schema's own English words,
 * and an issue code (with its values) that the edges turn into the reader's language.
 */
export function fieldIssuesFromZod(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => {
    const message = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
    return { path: fieldPath(issue.path, prefix), message, ...coded(issue) };
  });
}
