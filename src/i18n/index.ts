/**
 * Every sentence people read, in Chinese and English, chosen by code: error messages (by the
 * error's code, filled from its context), field labels, printer states and spooler events.
 * Pure data and string functions with no dependencies, so the server, the CLI and the web
 * pages (bundled for the browser) all use this one catalog.
 */
export { Languages, type Language, isLanguage, languageOfTag, languageFromAcceptLanguage, languageFromEnv, DEFAULT_API_LANGUAGE } from './language.js';
export { localiseError, localiseIssue, textsOf, type LocalisableError, type LocalisableIssue, type LocalisedError, type Surface } from './localise.js';
export { ERRORS, KIND_TITLES } from './catalog/errors.js';
export { ISSUE_TEXTS } from './catalog/issues.js';
export { FIELD_LABELS, LIST_ENTRY_LABELS, fieldLabel, fieldEntry, type FieldLabel } from './catalog/field-labels.js';
export { PRINTER_CONDITIONS, conditionCodes, conditionText } from './catalog/printer-conditions.js';
export { JOB_DETAIL_TEXTS, jobDetailText } from './catalog/job-details.js';
export { VERDICT_TEXTS, STATUS_TEXTS, verdictText, statusText, type VerdictLike } from './catalog/verdicts.js';
export { Audiences, type Audience, type MessageCatalog, type MessageEntry, type MessageTexts, type Wording } from './catalog/types.js';
export { ROLE_WORDS, REASON_WORDS, KIND_WORDS, JOB_STATE_WORDS, JOB_KIND_WORDS, PERMISSION_WORDS, COPY_WORDS, PAYMENT_WORDS, VERIFY_PROBLEM_WORDS, AUDIT_EVENT_WORDS, secretLabel, type SecretRef, type SecretWhose, type Words } from './catalog/vocabulary.js';
export { NOTICE_TEXTS, noticeText, type NoticeCode } from './catalog/notices.js';
export { FORMATTERS } from './formatters.js';
export { auditWhy } from './audit-why.js';
export { fill, fillFirst, placeholders, type Params, type Formatter } from './template.js';
