const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to put in HTML content or a quoted attribute. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A small, self-contained HTML page for problems met by people rather than programs (e-receipt links). */
export function problemPage(title: string, detail: string, hint: string | undefined, style = 'body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}'): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${escapeMarkup(title)}</title><style>${style}</style></head><body><h1>${escapeMarkup(title)}</h1><p>${escapeMarkup(detail)}</p>` +
    `${hint ? `<p>${escapeMarkup(hint)}</p>` : ''}</body></html>`
  );
}
