/**
 * COPY … FROM STDIN on a pg client, without a stream library: the pg client hands a
 * "submittable" the connection, and this sends the statement, the rows as CopyData in COPY's
 * text format, and CopyDone. The rows go in one message train:
 * no parameters to bind, no arrays to unpack, and the server takes them in its bulk path
 * (several rows a heap page and a WAL record).
 */

/** The protocol surface of pg's connection that a COPY needs (pg/lib/connection.js). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** What the pg client may submit instead of a query (its `submit` protocol, as pg-copy-streams uses it). */
export interface CopySubmittable {
  submit(connection: CopyConnection): void;
  handleCopyInResponse(): void;
  handleCommandComplete(message: { text?: string }): void;
  handleReadyForQuery(): void;
  handleError(error: Error): void;
  /** Unused by COPY FROM; the client calls them on whatever it runs. */
  handleCopyData(): void;
  handleDataRow(): void;
  handleRowDescription(): void;
  handleEmptyQuery(): void;
  handlePortalSuspended(): void;
  callback?: unknown;
  then: Promise<number>['then'];
}

/** One value as COPY's text format writes it: \N for null, backslash escapes for the bytes it reserves. */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : typeof value === 'boolean' ? (value ? 't' : 'f') : String(value);
  // Only backslash, tab, newline and carriage return need escaping in the text format.
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

/** The rows as COPY text: one line a row, tab between values. */
export function copyRows(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += (i === 0 ? '' : '\t') + copyText(row[i]);
    out += '\n';
  }
  return out;
}

/** Largest CopyData message sent at once (the server takes any size; smaller ones keep memory even). */
const CHUNK = 1 << 20;

/**
 * `COPY table (columns) FROM STDIN` of `rows`, submitted to a pg client (`client.query(copyIn(…))`):
 * resolves with the number of rows the server took, or rejects with its error (the
 * transaction it ran in is then aborted, as after a failed INSERT).
 */
export function copyIn(sql: string, rows: readonly (readonly unknown[])[]): CopySubmittable {
  let resolve!: (n: number) => void;
  let reject!: (error: Error) => void;
  const done = new Promise<number>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  let count = 0;
  let error: Error | undefined;
  return {
    // The rows follow the statement at once, without waiting for the server's CopyInResponse:
    // one round trip, as an INSERT. Should the statement fail before COPY starts, the server
    // ignores CopyData and CopyDone outside a COPY (the protocol says so for this case).
    submit: (connection) => {
      connection.query(sql);
      const body = Buffer.from(copyRows(rows), 'utf8');
      for (let at = 0; at < body.length; at += CHUNK) connection.sendCopyFromChunk(body.subarray(at, at + CHUNK));
      connection.endCopyFrom();
    },
    handleCopyInResponse: () => undefined,
    handleCommandComplete: (message) => {
      count = Number(/COPY (\d+)/.exec(message.text ?? '')?.[1] ?? 0);
    },
    handleReadyForQuery: () => (error ? reject(error) : resolve(count)),
    // Rejected at once: after a lost connection no ReadyForQuery comes (the client queues what
    // it sends next until the server is ready, so nothing is sent into the failed COPY).
    handleError: (e) => {
      error = e;
      reject(e);
    },
    handleCopyData: () => undefined,
    handleDataRow: () => undefined,
    handleRowDescription: () => undefined,
    handleEmptyQuery: () => undefined,
    handlePortalSuspended: () => undefined,
    then: done.then.bind(done),
  };
}
