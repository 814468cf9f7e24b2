import { ERRORS, KIND_TITLES } from './catalog/errors.js';
import { fieldEntry, fieldLabel } from './catalog/field-labels.js';
import { ISSUE_TEXTS } from './catalog/issues.js';
import type { MessageEntry, MessageTexts, Wording } from './catalog/types.js';
import { FORMATTERS } from './formatters.js';
import type { Language } from './language.js';
import { fillFirst, type Params } from './template.js';

/** What the localiser needs of an error: the shape of ReissueError, without depending on it. */
export interface LocalisableError {
  code: string;
  kind?: string;
  message: string;
  hint?: string | undefined;
  context?: Readonly<Record<string, unknown>>;
}

/** One field problem: FieldIssue, with the line of an NDJSON input where there is one. */
export interface LocalisableIssue {
  path: string;
  message: string;
  code?: string | undefined;
  params?: Params | undefined;
  line?: number | undefined;
}

/** Where the message is shown: a screen (web page, API client) or the terminal. */
export type Surface = 'screen' | 'cli';

export interface LocalisedError {
  title: string;
  detail: string;
  hint?: string;
  /** Every field problem, each with its path (for programs) and a message naming the field as the screen does. */
  errors?: { path: string; message: string }[];
}

/** The entry of a code (with the variant its context.rule picks) in one language. */
export function textsOf(code: string, language: Language, rule?: unknown): MessageTexts | undefined {
  const entry: MessageEntry | undefined = ERRORS[code];
  if (!entry) return undefined;
  const variant = typeof rule === 'string' ? entry.variants?.[rule]?.[language] : undefined;
  return variant ? { ...entry[language], ...variant } : entry[language];
}

const say = (wording: Wording | undefined, params: Params, language: Language) => fillFirst(wording, params, language, FORMATTERS);
/** On the terminal the reader edits the JSON, NDJSON line or config file: a field keeps its path there ("printers[0].group"). */
const CLI_FORMATTERS = { ...FORMATTERS, field: (value: unknown) => String(value) };
const sayCli = (wording: Wording | undefined, params: Params, language: Language) => fillFirst(wording, params, language, CLI_FORMATTERS);

function issuesOf(context: Readonly<Record<string, unknown>> | undefined): LocalisableIssue[] | undefined {
  const issues = context?.issues;
  if (!Array.isArray(issues)) return undefined;
  return issues.filter((i): i is LocalisableIssue => typeof i === 'object' && i !== null && typeof (i as LocalisableIssue).message === 'string').map((i) => ({ ...i, path: typeof i.path === 'string' ? i.path : '' }));
}

const colon = (language: Language) => (language === 'zh' ? '：' : ': ');

const IN_BATCH = { zh: '第 {line} 行：{detail}；这一批都没有记录', en: 'line {line}: {detail}; nothing in this batch was recorded' } as const;

/**
 * One field problem in words: on a screen "第 3 笔 金额：必须大于零" / "transaction 3: amount
 * must be greater than zero"; on the terminal, whose reader edits the JSON file or the
 * NDJSON line, the field keeps its path: "transactions[2].amount：必须大于零".
 */
export function localiseIssue(issue: LocalisableIssue, language: Language, surface: Surface = 'screen'): string {
  const entry = issue.path === '' ? undefined : fieldEntry(issue.path);
  const params: Params = { ...issue.params, ...(entry?.format ? { format: entry.format[language] } : {}) };
  const code = issue.path === '' && ISSUE_TEXTS[`${issue.code}_TOP`] ? `${issue.code}_TOP` : (issue.code ?? '');
  let text: string | undefined;
  let named = false;
  if ((code === 'FORMAT' || code === 'WRONG_TYPE') && entry?.format) text = say(ISSUE_TEXTS.FORMAT?.[language], params, language);
  else if (code === 'FORMAT') text = say(ISSUE_TEXTS.FORMAT_GENERIC?.[language], params, language);
  else if (ISSUE_TEXTS[code]) text = say(ISSUE_TEXTS[code]?.[language], params, language);
  else if (ERRORS[code]) {
    // An error standing for one field (a card number in transactions[2]): its sentence names the field itself.
    const texts = textsOf(code, language, issue.params?.rule);
    text = localiseError({ code, message: issue.message, context: { ...issue.params, path: issue.path } }, language, surface).detail;
    named = surface === 'screen' && issue.path !== '' && JSON.stringify(texts?.detail ?? '').includes('{path');
  }
  // Words without a code (none of Reissue's own) are the sender's: they follow the label after a colon.
  const own = text !== undefined;
  text ??= language === 'en' ? issue.message : (ISSUE_TEXTS.INVALID?.zh ?? '');
  let said: string;
  if (surface === 'cli') said = issue.path === '' ? text : `${issue.path}${colon(language)}${text}`;
  else {
    const label = issue.path === '' || named ? '' : fieldLabel(issue.path, language);
    said = label === '' ? text : language === 'zh' || !own ? `${label}${colon(language)}${text}` : `${label} ${text}`;
  }
  return issue.line === undefined ? said : `${language === 'zh' ? `第 ${issue.line} 行` : `line ${issue.line}`}${colon(language)}${said}`;
}

/**
 * An error in the reader's language, from its code and context: title, detail and hint, and
 * each field problem. A template whose values the error lacks falls back to a plainer one,
 * then (English) to the error's own words or (Chinese) to the title — never to a bare "{x}".
 */
export function localiseError(error: LocalisableError, language: Language, surface: Surface = 'screen'): LocalisedError {
  const context = error.context ?? {};
  const issues = issuesOf(context);
  // `message` and `hint` are the error's own English words: an English text for programmers may be just those.
  const params: Record<string, unknown> = { ...context, code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  if (issues && issues.length > 0) {
    params.count = issues.length;
    params.first = localiseIssue(issues[0] as LocalisableIssue, language, surface);
    if (issues.length > 1) params.more = issues.length - 1;
  }
  const texts = textsOf(error.code, language, context.rule);
  const kindTitle = KIND_TITLES[error.kind ?? 'internal']?.[language] ?? KIND_TITLES.internal?.[language] ?? '';
  if (!texts) {
    return { title: kindTitle, detail: language === 'en' ? error.message : kindTitle, ...(language === 'en' && error.hint ? { hint: error.hint } : {}) };
  }
  const cli = surface === 'cli';
  const sayHere = cli ? sayCli : say;
  let detail = (cli ? sayCli(texts.cliDetail, params, language) : undefined) ?? sayHere(texts.detail, params, language) ?? (language === 'en' ? error.message : (say(texts.title, params, language) ?? kindTitle));
  // A refusal inside a batch (journal recordPrepared) names its line, and that the whole batch was kept out.
  if (context.inBatch === true && typeof context.line === 'number') detail = say(IN_BATCH[language], { line: context.line, detail }, language) ?? detail;
  // A refusal of one NDJSON line whose text does not say the line itself (a repeated key on line 2) still names it.
  else if (typeof context.line === 'number' && !JSON.stringify([texts.detail, texts.cliDetail]).includes('{line')) detail = `${language === 'zh' ? `第 ${context.line} 行` : `line ${context.line}`}${colon(language)}${detail}`;
  const hint = (cli ? say(texts.cliHint, params, language) : undefined) ?? say(texts.hint, params, language);
  const title = say(texts.title, params, language) ?? say(ERRORS[error.code]?.[language].title, params, language) ?? kindTitle;
  const out: LocalisedError = { title, detail };
  if (hint) out.hint = hint;
  if (issues && issues.length > 0) out.errors = issues.map((i) => ({ path: i.path, message: localiseIssue(i, language, surface) }));
  return out;
}
