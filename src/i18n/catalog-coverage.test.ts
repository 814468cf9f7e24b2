/**
 * The catalog against the code: every error code thrown anywhere in src/ (or reported as a
 * warning, like the tap's) has its Chinese and English texts, each rule a throw site names has its wording, each site gives the values its
 * fullest wording needs, and every issue code a validator sets can be said. New codes cannot
 * slip in without their texts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERRORS, ISSUE_TEXTS, placeholders, type MessageEntry, type Wording } from './index.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'web' && dir === SRC ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const FILES = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

/** The text of a call from its opening parenthesis to the matching close (strings and templates skipped). */
function callSpan(text: string, open: number): string {
  let depth = 0;
  let quote: string | undefined;
  const templateDepth: number[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (quote === '`' && c === '$' && text[i + 1] === '{') {
        templateDepth.push(depth);
        quote = undefined;
        depth++;
        i++;
      } else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (templateDepth.length > 0 && depth === templateDepth[templateDepth.length - 1] && c === '}') {
        templateDepth.pop();
        quote = '`';
        continue;
      }
      if (depth === 0) return text.slice(open, i + 1);
    }
  }
  return text.slice(open);
}

/** The `context: { … }` object literal of a call (or of the details it passes on), as text. */
function contextOf(span: string): string {
  return [...span.matchAll(/context: \{/g)].map((m) => callSpan(span, (m.index ?? 0) + m[0].length - 1)).join(' ');
}

interface Site {
  file: string;
  code: string;
  span: string;
  /** Values the class itself adds to the context (a subclass that fixes the code). */
  given: readonly string[];
  /** The site's context when it is not a `context: {…}` literal. */
  context?: string;
}

/** Classes taking a code whose constructor adds context of its own. */
const LITERAL_CLASSES: Readonly<Record<string, readonly string[]>> = {
  PrintConflictError: ['transactionId', 'jobId', 'state', 'printer', 'jobKind', 'copy'],
  ChainRefusedError: ['storeId', 'chain', 'seq', 'heldSeq'],
};

/** Classes that fix their code, and the context their constructor adds. */
const CODE_CLASSES: Readonly<Record<string, { code: string; given: readonly string[] }>> = {
  PrinterUnreachableError: { code: 'PRINTER_UNREACHABLE', given: [] },
  PrinterDisconnectedError: { code: 'PRINTER_DISCONNECTED', given: [] },
  PrinterTimeoutError: { code: 'PRINTER_TIMEOUT', given: [] },
  PrinterFaultError: { code: 'PRINTER_FAULT', given: ['faults', 'state', 'rule'] },
  ThrottledError: { code: 'LOGIN_THROTTLED', given: ['retryAfterMs'] },
  ApprovalThrottledError: { code: 'APPROVAL_THROTTLED', given: ['retryAfterMs'] },
  AmbiguousSaleError: { code: 'AMBIGUOUS_SALE', given: ['candidates', 'count'] },
  PrintWaitTimeoutError: { code: 'PRINT_WAIT_TIMEOUT', given: ['jobId', 'state', 'printer', 'timeoutMs'] },
  ValidationError: { code: 'INVALID_TRANSACTION', given: ['issues'] },
  RequestValidationError: { code: 'INVALID_REQUEST', given: ['issues'] },
};

const LITERAL_CODE = /(?:new (\w+(?:Error|Exception))|super)\(\s*(?:(?:'[^']*'|[^,()'`])*,\s*){0,2}'([A-Z][A-Z0-9_]+)'/g;

/** A warning reported, not thrown (the tap goes on printing): `{ type: 'warning', code: 'X', message, hint, context }`. */
const WARNING_CODE = /type: 'warning',\s*code: '([A-Z][A-Z0-9_]+)'/g;

function throwSites(): Site[] {
  const sites: Site[] = [];
  for (const { path, text } of FILES) {
    for (const match of text.matchAll(LITERAL_CODE)) {
      const code = match[2] ?? '';
      // The constructor of a class that fixes its code: its own `new` sites are checked instead.
      if (match[1] === undefined && Object.values(CODE_CLASSES).some((c) => c.code === code)) continue;
      const open = (match.index ?? 0) + match[0].indexOf('(');
      const span = callSpan(text, open);
      // ProblemException takes its context as its last argument.
      const context = match[1] === 'ProblemException' ? span : undefined;
      sites.push({ file: path, code, span, given: LITERAL_CLASSES[match[1] ?? ''] ?? [], ...(context ? { context } : {}) });
    }
    for (const match of text.matchAll(WARNING_CODE)) {
      // The event's object literal is its "call": its context is checked like a throw site's.
      const open = text.lastIndexOf('{', match.index ?? 0);
      sites.push({ file: path, code: match[1] ?? '', span: callSpan(text, open), given: [] });
    }
    for (const [name, fixed] of Object.entries(CODE_CLASSES)) {
      for (const match of text.matchAll(new RegExp(`new ${name}\\(`, 'g'))) {
        const open = (match.index ?? 0) + match[0].length - 1;
        sites.push({ file: path, code: fixed.code, span: callSpan(text, open), given: fixed.given });
      }
    }
  }
  return sites;
}

/** Codes that are not thrown as errors but answered by the server itself. */
function answeredCodes(): string[] {
  const problem = FILES.find((f) => f.path.endsWith('server/problem.ts'))?.text ?? '';
  const http = [...(/HTTP_CODES[^=]*=\s*\{([^}]*)\}/.exec(problem)?.[1] ?? '').matchAll(/'([A-Z_]+)'/g)].map((m) => m[1] ?? '');
  const conflicts = [...(/PrintConflictCodes = \[([^\]]*)\]/.exec(FILES.map((f) => f.text).join('\n'))?.[1] ?? '').matchAll(/'([A-Z_]+)'/g)].map((m) => m[1] ?? '');
  return [...http, ...conflicts, 'INTERNAL'];
}

const SITES = throwSites();
const THROWN = new Set([...SITES.map((s) => s.code), ...answeredCodes()]);

const wordings = (w: Wording | undefined): readonly string[] => (w === undefined ? [] : typeof w === 'string' ? [w] : w);

/** Values every error's wording may use without the throw site giving them (the localiser adds them). */
const ALWAYS = new Set(['code', 'message', 'hint']);
const FROM_ISSUES = ['count', 'first', 'more'];

describe('every error code thrown in src/ has its texts', () => {
  it('finds the throw sites (the scan itself works)', () => {
    expect(SITES.length).toBeGreaterThan(200);
    expect(THROWN).toContain('APPROVAL_REQUIRED');
    expect(THROWN).toContain('PRINTER_FAULT');
    expect(THROWN).toContain('LOGIN_THROTTLED');
    expect(THROWN).toContain('METHOD_NOT_ALLOWED');
    expect(THROWN).toContain('TAP_JOB_NOT_PRINTED');
  });

  it.each([...THROWN].sort())('%s has a Chinese and an English title and detail', (code) => {
    const entry = ERRORS[code];
    expect(entry, `${code} is thrown in src/ but has no entry in src/i18n/catalog`).toBeDefined();
    for (const language of ['zh', 'en'] as const) {
      expect(entry?.[language].title.trim(), `${code}.${language}.title`).not.toBe('');
      expect(wordings(entry?.[language].detail).length, `${code}.${language}.detail`).toBeGreaterThan(0);
    }
  });

  it('has no entry for a code nothing throws (the catalog stays the code’s own)', () => {
    const unused = Object.keys(ERRORS).filter((code) => !THROWN.has(code) && !['BAD_LANGUAGE_OPTION'].includes(code));
    expect(unused).toEqual([]);
  });

  it('has each rule a throw site names as a variant of its code, in both languages', () => {
    const missing: string[] = [];
    for (const site of SITES) {
      for (const match of site.span.matchAll(/\brule: '([a-z-]+)'/g)) {
        const rule = match[1] ?? '';
        const variant = ERRORS[site.code]?.variants?.[rule];
        // A rule may only pick a hint; but a named rule must exist in both languages or be a plain context fact.
        if (!variant && !PLAIN_RULES.has(`${site.code}:${rule}`)) missing.push(`${site.file}: ${site.code} rule "${rule}"`);
        else if (variant && (!variant.zh || !variant.en)) missing.push(`${site.code} rule "${rule}" lacks a language`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives, at every throw site, the values of at least one full wording of its detail and title', () => {
    const short: string[] = [];
    for (const site of SITES) {
      const entry: MessageEntry | undefined = ERRORS[site.code];
      if (!entry) continue;
      const rule = /\brule: '([a-z-]+)'/.exec(site.span)?.[1];
      const context = site.context ?? contextOf(site.span);
      const hasIssues = site.given.includes('issues') || /\bissues\b/.test(context);
      const available = (name: string) => ALWAYS.has(name) || site.given.includes(name) || (hasIssues && FROM_ISSUES.includes(name)) || new RegExp(`(?:^|[{,\\s])${name}\\b(?!\\s*\\()`).test(context);
      for (const language of ['zh', 'en'] as const) {
        const texts = { ...entry[language], ...(rule ? entry.variants?.[rule]?.[language] : {}) };
        // The fullest wording: plainer ones are for values a site may lack at run time, not by design.
        const sayable = (w: Wording | undefined) => wordings(w).slice(0, 1).some((t) => placeholders(t).every(available));
        if (!sayable(texts.detail)) short.push(`${site.file}: ${site.code}${rule ? ` (${rule})` : ''} ${language} detail needs ${wordings(texts.detail).map((t) => placeholders(t).join('+')).join(' | ')}`);
        if (!placeholders(texts.title).every(available)) short.push(`${site.file}: ${site.code} ${language} title needs ${placeholders(texts.title).join('+')}`);
      }
    }
    expect(short).toEqual([]);
  });
});

/** Rules that are facts in the context rather than wordings (the message is the same either way). */
const PLAIN_RULES = new Set([
  'BAD_TIME:format', 'BAD_AMOUNT:format', 'BAD_CARD:format', 'BAD_AUTH_SETTING:whole', 'WEAK_PASSWORD:required', 'PASSWORD_TOO_LONG:max-length',
  'BAD_CONFIG:fields', 'CURRENCY_MISMATCH:original', 'BAD_RANGE:time', 'BAD_TIME_WINDOW:both', 'BAD_LIMIT:whole',
]);

describe('every issue code a validator sets can be said', () => {
  const codes = new Set<string>();
  for (const { text } of FILES) {
    for (const match of text.matchAll(/code: '([A-Z][A-Z0-9_]+)'/g)) codes.add(match[1] ?? '');
  }
  // Codes the zod mapping gives (core/zod-issues.ts) are in the scan too, as `code: 'X'`.
  it('finds the issue codes', () => {
    expect(codes).toContain('LINE_AMOUNT_MISMATCH');
    expect(codes).toContain('REQUIRED');
    expect(codes).toContain('UNKNOWN_FIELDS');
  });

  it.each([...codes].sort())('%s has Chinese and English words (as an issue or an error)', (code) => {
    const issue = ISSUE_TEXTS[code];
    const error = ERRORS[code];
    expect(issue ?? error, `${code} is set on a field issue but neither ISSUE_TEXTS nor ERRORS has it`).toBeDefined();
    if (issue) {
      expect(issue.zh.trim()).not.toBe('');
      expect(issue.en.trim()).not.toBe('');
    }
  });
});
