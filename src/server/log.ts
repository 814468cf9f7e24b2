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
export function loggedPath(url: URL): string {
  const bare = decoded(url.pathname).replace(/^\/r\/[^/]+$/, '/r/…');
  // Decoded first, so "4111%201111%20…" is seen (and masked) as the number it is.
  const query = [...url.searchParams].map(([k, v]) => `${k}=${v}`).join('&');
  return maskPans(query ? `${bare}?${query}` : bare);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
