/**
 * The words themselves: Chinese texts are Chinese (no English sentence left untranslated),
 * what cashiers and supervisors see carries no codes, field paths, API or command-line hints,
 * and every template names formatters that exist.
 */
import { describe, expect, it } from 'vitest';
import { CLI_TEXTS } from '../cli/texts.js';
import { ERRORS, FIELD_LABELS, FORMATTERS, ISSUE_TEXTS, JOB_DETAIL_TEXTS, LIST_ENTRY_LABELS, PRINTER_CONDITIONS, VERDICT_TEXTS, fill, type MessageTexts, type Wording } from './index.js';
import * as vocabulary from './catalog/vocabulary.js';

const wordings = (w: Wording | undefined): readonly string[] => (w === undefined ? [] : typeof w === 'string' ? [w] : w);

interface Text {
  where: string;
  text: string;
  language: 'zh' | 'en';
  /** Seen by staff on a screen (not only on the terminal or by programmers). */
  staff: boolean;
}

function errorTexts(): Text[] {
  const out: Text[] = [];
  for (const [code, entry] of Object.entries(ERRORS)) {
    for (const language of ['zh', 'en'] as const) {
      const parts: [string, Partial<MessageTexts>][] = [[code, entry[language]], ...Object.entries(entry.variants ?? {}).map(([rule, v]): [string, Partial<MessageTexts>] => [`${code}(${rule})`, v[language]])];
      for (const [where, texts] of parts) {
        for (const key of ['title', 'detail', 'hint', 'cliDetail', 'cliHint'] as const) {
          for (const text of wordings(texts[key])) out.push({ where: `${where}.${language}.${key}`, text, language, staff: entry.audience === 'staff' && !key.startsWith('cli') });
        }
      }
    }
  }
  return out;
}

function wordsOf(name: string, table: Readonly<Record<string, { zh: string | readonly string[]; en: string | readonly string[] }>>, staff: boolean): Text[] {
  return Object.entries(table).flatMap(([key, words]) =>
    (['zh', 'en'] as const).flatMap((language) => wordings(words[language]).map((text) => ({ where: `${name}.${key}.${language}`, text, language, staff }))),
  );
}

const fieldTexts = (): Text[] =>
  Object.entries(FIELD_LABELS).flatMap(([key, label]) =>
    (['zh', 'en'] as const).flatMap((language) => [
      { where: `field ${key}.${language}`, text: label[language], language, staff: true },
      ...(label.format ? [{ where: `field ${key}.format.${language}`, text: label.format[language], language, staff: true }] : []),
    ]),
  );

const vocabularies = Object.entries(vocabulary).filter((entry): entry is [string, Readonly<Record<string, vocabulary.Words>>] => entry[0].endsWith('_WORDS'));

const ALL: Text[] = [
  ...errorTexts(),
  ...wordsOf('ISSUE_TEXTS', ISSUE_TEXTS, true),
  ...fieldTexts(),
  ...wordsOf('LIST_ENTRY_LABELS', LIST_ENTRY_LABELS, true),
  ...wordsOf('PRINTER_CONDITIONS', PRINTER_CONDITIONS, true),
  ...wordsOf('JOB_DETAIL_TEXTS', JOB_DETAIL_TEXTS, true),
  ...wordsOf('VERDICT_TEXTS', VERDICT_TEXTS, true),
  ...vocabularies.flatMap(([name, table]) => wordsOf(name, table, true)),
  ...wordsOf('CLI_TEXTS', CLI_TEXTS, false),
];

/**
 * English words run together: three or more Latin words separated only by blanks and ASCII
 * punctuation, once placeholders ({saleId}) and code (`reissue init`) are taken out. A
 * product name or a unit ("GNU Unifont", "180 dpi", "HOST:PORT") stays under three.
 */
export function englishRuns(text: string): string[] {
  const bare = text.replace(/\{[^}]*\}/g, ' ').replace(/`[^`]*`/g, ' ');
  return [...bare.matchAll(/[A-Za-z][A-Za-z']*(?:[\s,.;:!?"'/()=-]+[A-Za-z][A-Za-z']*){2,}/g)].map((m) => m[0]);
}

describe('Chinese texts are Chinese', () => {
  it('checks the catalog it means to (the collection works)', () => {
    expect(ALL.filter((t) => t.language === 'zh').length).toBeGreaterThan(600);
    expect(englishRuns('交易 {saleId} 已超过 {minutes} 分钟')).toEqual([]);
    expect(englishRuns('打印机报告 paper out of order')).toEqual(['paper out of order']);
    expect(englishRuns('用 `reissue user list` 查看')).toEqual([]);
  });

  it('leaves no English sentence untranslated in any Chinese text', () => {
    const untranslated = ALL.filter((t) => t.language === 'zh').flatMap((t) => englishRuns(t.text).map((run) => `${t.where}: "${run}" in ${t.text}`));
    expect(untranslated).toEqual([]);
  });

  it('has a Chinese character in every Chinese sentence that has a letter at all', () => {
    // The program's own name ("reissue：…") is not a sentence.
    const english = ALL.filter((t) => t.language === 'zh' && /[A-Za-z]{3}/.test(t.text.replace(/\{[^}]*\}|`[^`]*`|\breissue\b/g, '')) && !/[\u4e00-\u9fff]/.test(t.text));
    expect(english.map((t) => `${t.where}: ${t.text}`)).toEqual([]);
  });

  it('never hands the error’s English words ({message}, {hint}) to a Chinese reader', () => {
    expect(ALL.filter((t) => t.language === 'zh' && /\{(message|hint)\}/.test(t.text)).map((t) => t.where)).toEqual([]);
  });
});

describe('what staff see on a screen', () => {
  const staff = ALL.filter((t) => t.staff);
  const rules: [string, RegExp][] = [
    ['an error code', /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/],
    ['a field path', /\b[a-z]\w*(?:\[\d*\])?\.[a-z][A-Za-z]+\b|\w\[\d+\]/],
    ['an API or OpenAPI hint', /openapi|\/api\/|\bPOST\b|\bGET\b/i],
    ['a command-line option', /(?:^|\s)--[a-z]/],
    ['a command', /`|\breissue [a-z]/],
    ['the error’s own English words', /\{(?:message|hint)\}/],
  ];

  it.each(rules)('has no %s', (_, pattern) => {
    expect(staff.filter((t) => pattern.test(t.text.replace(/\{[a-zA-Z]+(?::[a-zA-Z]+)?\}/g, (p) => (p === '{message}' || p === '{hint}' ? p : '')))).map((t) => `${t.where}: ${t.text}`)).toEqual([]);
  });

  it('checks enough texts to mean something', () => {
    expect(staff.length).toBeGreaterThan(500);
  });
});

describe('templates', () => {
  const sample = (name: string): unknown => (name === 'secret' ? { user: 'li', whose: 'own' } : name === 'secrets' ? [{ user: 'li', whose: 'own' }] : '1');

  it('name only formatters that exist, and fill', () => {
    const broken: string[] = [];
    for (const t of ALL) {
      const params = Object.fromEntries([...t.text.matchAll(/\{([A-Za-z]+)(?::([A-Za-z]+))?\}/g)].map((m) => [m[1] ?? '', sample(m[2] ?? '')]));
      try {
        if (fill(t.text, params, t.language, { ...FORMATTERS, basis: () => 'x' }, false) === undefined) broken.push(`${t.where}: did not fill`);
      } catch (error) {
        broken.push(`${t.where}: ${(error as Error).message}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
