/** The languages every message a person sees is written in. */
export const Languages = ['zh', 'en'] as const;
export type Language = (typeof Languages)[number];

/**
 * Clients that say nothing get English: integrators, scripts and logs read a stable
 * language, while every browser (and the web pages, which send the page's language)
 * states its own, so a Chinese cashier gets Chinese.
 */
export const DEFAULT_API_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return value === 'zh' || value === 'en';
}

/** "zh", "zh-CN", "zh_TW.UTF-8" → zh; "en…" → en; anything else undefined. */
export function languageOfTag(tag: string | undefined): Language | undefined {
  const lower = (tag ?? '').trim().toLowerCase();
  if (/^zh(?:$|[-_.@])/.test(lower)) return 'zh';
  if (/^en(?:$|[-_.@])/.test(lower)) return 'en';
  return undefined;
}

/**
 * The language an HTTP client asks for (RFC 9110 Accept-Language, with q-values): the
 * first of zh* / en* it accepts most; English when it names neither or sends nothing.
 */
export function languageFromAcceptLanguage(header: string | null | undefined): Language {
  if (!header) return DEFAULT_API_LANGUAGE;
  let best: { language: Language; q: number; order: number } | undefined;
  header.split(',').forEach((part, order) => {
    const [tag = '', ...params] = part.split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const language = languageOfTag(tag);
    if (language === undefined || !(q > 0)) return;
    if (!best || q > best.q) best = { language, q, order };
  });
  return best?.language ?? DEFAULT_API_LANGUAGE;
}

/**
 * The CLI's language when `--lang` is not given: REISSUE_LANG, else the locale
 * (LC_ALL, then LC_MESSAGES, then LANG — the POSIX order) starting with zh → zh; else en.
 */
export function languageFromEnv(env: Readonly<Record<string, string | undefined>>): Language {
  const chosen = languageOfTag(env.REISSUE_LANG);
  if (chosen) return chosen;
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return languageOfTag(locale) === 'zh' ? 'zh' : 'en';
}
