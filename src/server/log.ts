import { containsPan } from '../core/index.js';
import { maskPans, redact } from './redact.js';

/** Where the server's log lines go: one JSON object a line (stderr, a file, a test's array). */
export type LogSink = (line: string) => void;

export const LogLevels = ['info', 'warn', 'error'] as const;
export type LogLevel = (typeof LogLevels)[number];

/** One request as logged: never its body, its cookies or its headers. */
export interface RequestLogFields {
  method: string;
  path: string;
  status: number;
  ms: number;
  user: string | null;
  /** Problem code, when the answer was an error. */
  code?: string;
}

export interface ServerLog {
  request(fields: RequestLogFields): void;
  write(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

/**
 * The logger every part of the server writes through. Every field is redacted (card numbers
 * masked, secret-named fields dropped) and the finished line is masked once more, so no
 * caller can log a card number by mistake.
 */
export function serverLog(sink: LogSink, clock: () => number): ServerLog {
  const emit = (level: LogLevel, event: string, fields: Record<string, unknown>) => emitTrusted(level, event, redact(fields) as Record<string, unknown>);
  const emitTrusted = (level: LogLevel, event: string, fields: object) => {
    const record = { at: new Date(clock()).toISOString(), level, event, ...fields };
    let line: string;
    try {
      line = JSON.stringify(record);
    } catch {
      line = JSON.stringify({ at: record.at, level, event, note: 'fields could not be logged' });
    }
    // Belt and braces: every field was masked, so a card number in the whole line means one
    // spread over two fields; masking the line text could break its JSON, so the fields go.
    if (containsPan(line)) line = JSON.stringify({ at: record.at, level, event, note: 'fields withheld: they held a card number' });
    try {
      sink(line);
    } catch {
      // A broken log sink must not fail the request.
    }
  };
  return {
    // A request line's fields are ours (the path already masked by loggedPath); the finished line is still masked.
    request: (fields) => emitTrusted(fields.status >= 500 ? 'error' : 'info', 'request', fields),
    write: (level, event, fields = {}) => emit(level, event, fields),
  };
}

/** The path as logged: card numbers masked, and e-receipt tokens (which open a receipt) cut. */
/**
 * An e-receipt link's path (however many slashes before it, and whatever follows its token: a
 * messenger adds a "/"): the token in it opens the receipt, so no log holds it.
 */
export const RECEIPT_LINK_PATH = /^\/+r\//i;
const cutToken = (path: string) => (RECEIPT_LINK_PATH.test(path) ? '/r/…' : path);

/**
 * How a request's text reads sale ids: as ids ('anywhere') once the request was checked (its
 * ids found, see AppEnv.saleIdsChecked); else as plain digits ('never'), for a card number
 * typed in a sale id's shape reads as one of the ids nobody found.
 */
export type PathReading = 'checked' | 'unchecked';
const readingOf = (reading: PathReading) => ({ saleIds: reading === 'checked' ? ('anywhere' as const) : ('never' as const) });

export function loggedPath(url: URL, reading: PathReading): string {
  const bare = cutToken(decoded(url.pathname));
  // Decoded first, so "4111%201111%20…" is seen (and masked) as the number it is.
  const query = [...url.searchParams].map(([k, v]) => `${k}=${v}`).join('&');
  return maskPans(query ? `${bare}?${query}` : bare, readingOf(reading));
}

/** A request target the URL parser leaves as it is (node-server's plain target, "%" too): no "#", backslash or blank; its path has no "%" or dot segment either. */
const PLAIN_TARGET = /^\/[!$%&-;=?-[\]_a-z~]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?]|$)/;

/** A query's part (name or value) as URLSearchParams reads it; undefined when it holds a "%" that is not UTF-8. */
function queryPart(text: string): string | undefined {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}

/**
 * loggedPath of a request's URL text, without building a URL when the path is plain (the
 * query read as URLSearchParams reads it): the same text, cheaper; any other URL is parsed.
 */
export function loggedPathOf(href: string, reading: PathReading): string {
  const scheme = href.indexOf('://');
  const start = scheme < 0 ? -1 : href.indexOf('/', scheme + 3);
  const target = start < 0 ? '' : href.slice(start);
  const mark = target.indexOf('?');
  const path = mark < 0 ? target : target.slice(0, mark);
  if (!PLAIN_TARGET.test(target) || path.includes('%') || DOT_SEGMENT.test(path)) return loggedPath(new URL(href), reading);
  const pairs: string[] = [];
  if (mark >= 0) {
    for (const pair of target.slice(mark + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = queryPart(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : queryPart(pair.slice(eq + 1));
      if (name === undefined || value === undefined) return loggedPath(new URL(href), reading);
      pairs.push(`${name}=${value}`);
    }
  }
  const bare = cutToken(path);
  const query = pairs.join('&');
  return maskPans(query ? `${bare}?${query}` : bare, readingOf(reading));
}

/** The path as a reader of a log or the audit sees it: decoded (tolerantly, see decoded), card numbers masked. */
export function maskedPathname(url: URL, reading: PathReading): string {
  return maskPans(decoded(url.pathname), readingOf(reading));
}

/**
 * Percent-escapes decoded. One escape that is not UTF-8 ("%ZZ", "%FF") must not leave the
 * rest encoded, where a card number written with "%2D" between its groups is not seen: each
 * run of escapes is then decoded on its own, bytes that are not UTF-8 as U+FFFD.
 */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
  }
}
