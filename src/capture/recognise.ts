import { parseMoney, type Money } from '../core/index.js';
import { recogniseAmount } from './amount-rule.js';
import { recogniseLabelled, recogniseLast4, recogniseMerchant } from './labelled-rules.js';
import { recognisePrintedTime, type TimeContext } from './printed-time-rule.js';
import { FieldNames, type FieldName, type PrintedTime, type RecognisedFields, type SourceRules } from './receipt-fields.js';

const MAX_VALUE = 64;

/**
 * Fields of a receipt from its printed text (card numbers already masked): the source's
 * own patterns first, then the built-in rules for Chinese and English receipts. A field
 * that is not printed stays absent — a kitchen ticket never gets an amount.
 */
export function recogniseFields(text: string, rules: SourceRules, capturedAt: number): RecognisedFields {
  // Full-width digits, colons and brackets read as their ASCII forms.
  const normal = text.normalize('NFKC').replace(/\r/g, '').replace(/\t/g, ' ');
  const lines = normal.split('\n').map((l) => l.trimEnd());
  const time: TimeContext = { dateOrder: rules.dateOrder, timeZone: rules.timeZone, capturedAt };
  const fields: RecognisedFields = {};
  for (const field of FieldNames) {
    const value = fromPatterns(rules.patterns[field] ?? [], normal, field, rules, time) ?? (rules.builtIn ? builtIn(field, lines, rules, time) : undefined);
    if (value !== undefined) (fields as Record<FieldName, unknown>)[field] = value;
  }
  return fields;
}

type FieldValue = string | Money | PrintedTime;

function builtIn(field: FieldName, lines: readonly string[], rules: SourceRules, time: TimeContext): FieldValue | undefined {
  switch (field) {
    case 'merchant':
      return recogniseMerchant(lines);
    case 'amount':
      return recogniseAmount(lines, rules.currency);
    case 'printedAt':
      return recognisePrintedTime(lines, time);
    case 'last4':
      return recogniseLast4(lines);
    default:
      return recogniseLabelled(lines, field);
  }
}

/** The first match of the source's patterns whose group reads as a value of the field. */
function fromPatterns(patterns: readonly RegExp[], text: string, field: FieldName, rules: SourceRules, time: TimeContext): FieldValue | undefined {
  for (const pattern of patterns) {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    for (const m of text.matchAll(global)) {
      const value = groupValue(m.groups ?? {}, field, rules, time);
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

function groupValue(groups: Record<string, string | undefined>, field: FieldName, rules: SourceRules, time: TimeContext): FieldValue | undefined {
  if (field === 'printedAt') {
    const { year, month, day, hour, minute, second } = groups;
    const text = groups.printedAt ?? (year && month && day && hour && minute ? `${year}-${month}-${day} ${hour}:${minute}${second ? `:${second}` : ''}` : undefined);
    return text === undefined ? undefined : recognisePrintedTime([text], time);
  }
  const raw = groups[field]?.trim();
  if (!raw) return undefined;
  if (field === 'amount') return patternAmount(raw, rules.currency);
  if (field === 'last4') return /(\d{4})\D*$/.exec(raw)?.[1];
  return raw.length <= MAX_VALUE ? raw : undefined;
}

/** What a source's own pattern captured as the amount: its digits, with the source's currency. */
function patternAmount(raw: string, currency: string): Money | undefined {
  const text = raw.replace(/[^\d.-]/g, '');
  try {
    return parseMoney(text, currency);
  } catch {
    return undefined;
  }
}
