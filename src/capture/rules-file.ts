import { z } from 'zod';
import { ConfigError, currencyExponent, fieldIssuesFromZod, withoutByteOrderMark, type FieldIssue } from '../core/index.js';
import { DEFAULT_SOURCE_RULES, FieldNames, type FieldName, type SourceRules } from './receipt-fields.js';

/** Recognition rules per source, as a rules file sets them. */
export interface CaptureRules {
  /** The rules for one source: its own section over the file's top level over the defaults. */
  forSource(source: string): SourceRules;
}

const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A group repeated as a whole that repeats inside too — (\d+)+ — can take forever on a long receipt. */
const NESTED_REPEAT = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/;
const TIME_GROUPS = ['year', 'month', 'day', 'hour', 'minute'] as const;

const patterns = z.union([z.string(), z.array(z.string()).max(20)]).transform((p) => (typeof p === 'string' ? [p] : p));
const fieldsSchema = z.object(Object.fromEntries(FieldNames.map((f) => [f, patterns.optional()])) as Record<FieldName, z.ZodOptional<typeof patterns>>).strict();

const sectionSchema = z
  .object({
    currency: z.string().optional(),
    timeZone: z.string().optional(),
    dateOrder: z.enum(['dmy', 'mdy']).optional(),
    builtIn: z.boolean().optional(),
    fields: fieldsSchema.optional(),
  })
  .strict();

const rulesSchema = sectionSchema.extend({ sources: z.record(z.string(), sectionSchema).optional() }).strict();

type Section = z.infer<typeof sectionSchema>;

/** Validates a parsed rules file; every problem is named with its path, like the configuration file's. */
export function parseCaptureRules(raw: unknown, origin: string): CaptureRules {
  const parsed = rulesSchema.safeParse(raw);
  if (!parsed.success) throw badRules(origin, fieldIssuesFromZod(parsed.error));
  const issues: FieldIssue[] = [];
  const { sources = {}, ...top } = parsed.data;
  const base = section(top, DEFAULT_SOURCE_RULES, '', issues);
  const bySource = new Map<string, SourceRules>();
  for (const [name, own] of Object.entries(sources)) {
    if (!SOURCE_NAME.test(name)) issues.push({ path: `sources.${name}`, message: 'a source name is 1–64 letters, digits, ".", "_" or "-"', code: 'BAD_SOURCE', params: { source: name } });
    bySource.set(name, section(own, base, `sources.${name}.`, issues));
  }
  if (issues.length > 0) throw badRules(origin, issues);
  return { forSource: (source) => bySource.get(source) ?? base };
}

/** Reads a rules file's text (the caller reads the file) and validates it. */
export function captureRulesFromText(text: string, origin: string): CaptureRules {
  let raw: unknown;
  try {
    raw = JSON.parse(withoutByteOrderMark(text));
  } catch (error) {
    throw new ConfigError('BAD_RULES', `${origin} is not valid JSON: ${(error as Error).message}`, {
      hint: `fix ${origin}; it is a JSON object such as {"sources": {"front": {"dateOrder": "dmy"}}}`,
      context: { file: origin, rule: 'json', reason: (error as Error).message },
    });
  }
  return parseCaptureRules(raw, origin);
}

/** No rules file: the built-in rules for every source. */
export const DEFAULT_CAPTURE_RULES: CaptureRules = { forSource: () => DEFAULT_SOURCE_RULES };

function section(own: Section, inherited: SourceRules, at: string, issues: FieldIssue[]): SourceRules {
  if (own.currency !== undefined) {
    try {
      currencyExponent(own.currency);
    } catch {
      issues.push({ path: `${at}currency`, message: `"${own.currency}" is not an ISO 4217 currency (e.g. CNY, HKD, USD)`, code: 'BAD_CURRENCY', params: { currency: own.currency } });
    }
  }
  if (own.timeZone !== undefined && !validZone(own.timeZone)) {
    issues.push({ path: `${at}timeZone`, message: `"${own.timeZone}" is not a time zone (e.g. Asia/Shanghai)`, code: 'BAD_TIME_ZONE', params: { timeZone: own.timeZone } });
  }
  const compiled: Partial<Record<FieldName, RegExp[]>> = { ...inherited.patterns } as Partial<Record<FieldName, RegExp[]>>;
  for (const field of FieldNames) {
    const list = own.fields?.[field];
    if (list) compiled[field] = list.flatMap((source, i) => compile(source, field, `${at}fields.${field}[${i}]`, issues) ?? []);
  }
  return {
    currency: own.currency ?? inherited.currency,
    timeZone: own.timeZone ?? inherited.timeZone,
    dateOrder: own.dateOrder ?? inherited.dateOrder,
    builtIn: own.builtIn ?? inherited.builtIn,
    patterns: compiled,
  };
}

function compile(source: string, field: FieldName, path: string, issues: FieldIssue[]): RegExp | undefined {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'im');
  } catch (error) {
    issues.push({ path, message: `is not a regular expression: ${(error as Error).message}`, code: 'NOT_A_PATTERN', params: { reason: (error as Error).message } });
    return undefined;
  }
  if (NESTED_REPEAT.test(source)) {
    issues.push({ path, message: 'repeats a group that repeats inside, which can take forever on a long receipt; drop the outer + or *', code: 'NESTED_REPEAT' });
    return undefined;
  }
  const groups = new Set([...source.matchAll(/\(\?<([A-Za-z][A-Za-z0-9]*)>/g)].map((m) => m[1]));
  const ok = groups.has(field) || (field === 'printedAt' && TIME_GROUPS.every((g) => groups.has(g)));
  if (!ok) {
    issues.push(
      field === 'printedAt'
        ? { path, message: 'needs a group (?<printedAt>…) around the date and time, or the groups year, month, day, hour and minute', code: 'NO_TIME_GROUPS' }
        : { path, message: `has no group named "${field}": put (?<${field}>…) around the part that is the ${field}`, code: 'NO_FIELD_GROUP', params: { field } },
    );
    return undefined;
  }
  return pattern;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function badRules(origin: string, issues: readonly FieldIssue[]): ConfigError {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ConfigError('BAD_RULES', `${origin}: ${first ? `${first.path || '(top level)'}: ${first.message}` : 'invalid'}${more}`, {
    hint: `fix ${origin}; see README "Use it with your existing POS" for the rules file`,
    context: { file: origin, issues },
  });
}
