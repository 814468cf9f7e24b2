import type { Language } from './language.js';

/** Values a template is filled from: an error's context, an event's fields. */
export type Params = Readonly<Record<string, unknown>>;

/** Turns one value into words of a language (a role name, a field label, minutes …). */
export type Formatter = (value: unknown, language: Language) => string;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)(?::([A-Za-z]+))?\}/g;

/** The placeholder names a template uses, e.g. ["saleId", "minutes"]. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/**
 * Fills `{name}` and `{name:formatter}` from params. Undefined when a value is missing, so
 * the caller falls back to a text that needs none, never to "{minutes}" on a screen.
 */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const ALNUM = /[A-Za-z0-9]/;

/** Chinese text keeps a space between a Chinese character and a filled-in number or Latin word: "超过 10 分钟". */
function spaced(value: string, before: string, after: string): string {
  let out = value;
  if (CJK.test(before) && ALNUM.test(out.charAt(0))) out = ` ${out}`;
  if (CJK.test(after) && ALNUM.test(out.charAt(out.length - 1))) out = `${out} `;
  return out;
}

export function fill(template: string, params: Params, language: Language, formatters: Readonly<Record<string, Formatter>>, emptyIsMissing = true): string | undefined {
  let missing = false;
  const text = template.replace(PLACEHOLDER, (match: string, name: string, format: string | undefined, offset: number) => {
    const value = params[name];
    // An empty value is as good as none: "“”不是金额" helps nobody.
    if (value === undefined || value === null || (emptyIsMissing && value === '')) {
      missing = true;
      return '';
    }
    const formatter = format === undefined ? undefined : formatters[format];
    if (format !== undefined && !formatter) throw new Error(`unknown formatter "${format}" in "${template}"`);
    const said = formatter ? formatter(value, language) : String(value);
    return language === 'zh' ? spaced(said, template.charAt(offset - 1), template.charAt(offset + match.length)) : said;
  });
  return missing ? undefined : text;
}

/** The first of several wordings whose values are all there: the fullest one that can be said. */
export function fillFirst(templates: string | readonly string[] | undefined, params: Params, language: Language, formatters: Readonly<Record<string, Formatter>>): string | undefined {
  if (templates === undefined) return undefined;
  for (const template of typeof templates === 'string' ? [templates] : templates) {
    const text = fill(template, params, language, formatters);
    if (text !== undefined) return text;
  }
  return undefined;
}
