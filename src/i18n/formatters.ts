import { fieldEntry, fieldLabel } from './catalog/field-labels.js';
import { VALUE_TYPES } from './catalog/issues.js';
import { conditionText } from './catalog/printer-conditions.js';
import { ARGUMENT_WORDS, AUDIT_EVENT_WORDS, COPY_WORDS, JOB_KIND_WORDS, JOB_STATE_WORDS, KIND_WORDS, PAYMENT_WORDS, PERMISSION_WORDS, REASON_WORDS, ROLE_WORDS, VERIFY_PROBLEM_WORDS, secretLabel, word, type SecretRef, type Words } from './catalog/vocabulary.js';
import type { Language } from './language.js';
import type { Formatter } from './template.js';

const listOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : String(value).split(/\s*,\s*/));
const joined = (parts: readonly string[], language: Language) => parts.join(language === 'zh' ? '、' : ', ');
const vocabulary = (words: Readonly<Record<string, Words>>): Formatter => (value, language) => word(words, value, language);
const whole = (value: unknown, unit: number) => Math.max(1, Math.ceil(Number(value) / unit));

/** `{name:formatter}` in a template: how a value turns into words. */
export const FORMATTERS: Readonly<Record<string, Formatter>> = {
  field: (value, language) => fieldLabel(String(value), language),
  /** What a good value of the field looks like ("8 位字母或数字"). */
  fieldFormat: (value, language) => fieldEntry(String(value))?.format?.[language] ?? '',
  role: vocabulary(ROLE_WORDS),
  reason: vocabulary(REASON_WORDS),
  kind: vocabulary(KIND_WORDS),
  state: vocabulary(JOB_STATE_WORDS),
  jobKind: vocabulary(JOB_KIND_WORDS),
  permission: vocabulary(PERMISSION_WORDS),
  copy: vocabulary(COPY_WORDS),
  payment: vocabulary(PAYMENT_WORDS),
  valueType: vocabulary(VALUE_TYPES),
  verifyProblem: vocabulary(VERIFY_PROBLEM_WORDS),
  auditEvent: vocabulary(AUDIT_EVENT_WORDS),
  argument: vocabulary(ARGUMENT_WORDS),
  secret: (value, language) => secretLabel(value as SecretRef, language),
  secrets: (value, language) => (Array.isArray(value) ? value : []).map((s: SecretRef) => secretLabel(s, language)).join(language === 'zh' ? '，然后是' : ', then '),
  roles: (value, language) => joined(listOf(value).map((r) => word(ROLE_WORDS, r, language)), language),
  reasons: (value, language) => joined(listOf(value).map((r) => word(REASON_WORDS, r, language)), language),
  conditions: (value, language) => conditionText(listOf(value), language),
  list: (value, language) => joined(listOf(value), language),
  /** Store ids, the journal's own ('') named as head office. */
  stores: (value, language) => joined(listOf(value).map((s) => s || (language === 'zh' ? '总部' : 'head office')), language),
  /** Each value in quotes: “a”、“b” / "a", "b". */
  quoted: (value, language) => joined(listOf(value).map((v) => (language === 'zh' ? `“${v}”` : `"${v}"`)), language),
  /** Milliseconds as whole minutes (at least 1). */
  minutes: (value) => String(whole(value, 60_000)),
  /** Milliseconds as whole seconds (at least 1). */
  seconds: (value) => String(whole(value, 1000)),
  /** Milliseconds as whole days. */
  days: (value) => String(Math.round(Number(value) / 86_400_000)),
  /** A size in bytes in the unit that reads best: 512 字节 / 3.5 KB / 200 MB. */
  bytes: (value, language) => {
    const n = Number(value);
    if (n < 1024) return language === 'zh' ? `${n} 字节` : `${n} bytes`;
    const [size, unit] = n < 1024 ** 2 ? [n / 1024, 'KB'] : n < 1024 ** 3 ? [n / 1024 ** 2, 'MB'] : [n / 1024 ** 3, 'GB'];
    return `${Number(size.toFixed(1))} ${unit}`;
  },
  /** Millimetres as metres with one decimal. */
  metres: (value) => (Number(value) / 1000).toFixed(1),
};
