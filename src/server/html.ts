const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to put in HTML content or a quoted attribute. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export interface PageProblemText {
  lang: 'zh' | 'en';
  title: string;
  detail: string;
  hint?: string | undefined;
}

/**
 * A problem as a page a person reads (an e-receipt link that no longer opens): in every
 * language given, the reader's first — a customer's phone may not say which it reads.
 */
export function problemPage(texts: readonly [PageProblemText, ...PageProblemText[]], style = 'body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}section+section{border-top:1px solid #ccc;margin-top:1.5rem}'): string {
  const [first] = texts;
  const section = (p: PageProblemText) => `<section lang="${p.lang}"><h1>${escapeMarkup(p.title)}</h1><p>${escapeMarkup(p.detail)}</p>${p.hint ? `<p>${escapeMarkup(p.hint)}</p>` : ''}</section>`;
  return (
    `<!doctype html><html lang="${first.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${escapeMarkup(texts.map((p) => p.title).join(' · '))}</title><style>${style}</style></head><body>${texts.map(section).join('')}</body></html>`
  );
}
