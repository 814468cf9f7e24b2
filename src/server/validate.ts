import type { z } from 'zod';
import { RequestValidationError } from './problem.js';
import { zodIssues } from './route.js';

/** The value as the schema reads it, or RequestValidationError naming every bad field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RequestValidationError(zodIssues(parsed.error, prefix));
  return parsed.data;
}
