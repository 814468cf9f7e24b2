/**
 * Headers added to an answer without the cost of a Headers object.
 *
 * @hono/node-server answers a Response made in the server (c.json, c.body, new Response)
 * from [status, body, headers] it keeps under a private symbol. Headers given as a plain
 * object are written as they are; reading `response.headers` first turns them into a Headers
 * object (each set validated, the names sorted when read), which it then copies back into a
 * plain object and appends Content-Length to. On a busy server that round trip was a tenth of
 * an answer's CPU. Here the same plain object is built directly: names lower-cased and sorted
 * (the Headers order), then the content-type node-server supplies when none was given, then
 * Content-Length — so the bytes on the wire are exactly those of the Headers route. Anything
 * of another shape (a real Response, a stream, a Headers object, a cookie, a header value
 * Headers would reject or trim) takes the Headers route.
 */

/** node-server's type of a body without one (its defaultContentType). */
const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A value Headers keeps as it is: bytes (no character above U+00FF), no surrounding blanks, no NUL, CR or LF. */
const PLAIN_VALUE = /^(?:[^\0\t\n\r \u0100-\uffff](?:[^\0\n\r\u0100-\uffff]*[^\0\t\n\r \u0100-\uffff])?)?$/;

type Cache = [number, unknown, unknown];

/** The private symbol, once a response of node-server's has shown it. */
let cacheKey: symbol | undefined;

function cacheOf(response: Response): Cache | undefined {
  if (cacheKey === undefined) {
    cacheKey = Object.getOwnPropertySymbols(response).find((s) => s.description === 'cache');
    if (cacheKey === undefined) return undefined;
  }
  const cache = (response as unknown as Record<symbol, unknown>)[cacheKey];
  if (!Array.isArray(cache) || cache.length !== 3 || typeof cache[0] !== 'number') return undefined;
  return cache as Cache;
}

/** What an answer's headers are made of, kept so a header added later (Connection: close) lands where Headers would put it. */
interface Parts {
  /** Lower-cased names → values, in no order (shared: copied before a change). */
  named: ReadonlyMap<string, string>;
  /** Set when the body needs node-server's default content type. */
  defaultType: boolean;
  /** The headers as written, but for Content-Length. */
  written: Readonly<Record<string, string>>;
  /** Body length → the headers written with it: answers of one shape have few lengths. */
  byLength: Map<number, Record<string, string | number>>;
}

/** Headers written → their parts (for addPlainHeaders); an object is written for many answers. */
const partsOfWritten = new WeakMap<object, Parts>();
const KEPT_LENGTHS = 256;

function partsOf(named: ReadonlyMap<string, string>, defaultType: boolean): Parts {
  const written: Record<string, string> = {};
  for (const name of [...named.keys()].sort()) written[name] = named.get(name) as string;
  if (defaultType && !named.has('content-type')) written['content-type'] = DEFAULT_CONTENT_TYPE;
  const p: Parts = { named, defaultType, written, byLength: new Map() };
  partsOfWritten.set(written, p);
  return p;
}

/** The headers of an answer of this shape and length (node-server and Node only read them; shared). */
function headersOf(p: Parts, length: number | undefined): Record<string, string | number> {
  if (length === undefined || p.named.has('content-length')) return p.written;
  let headers = p.byLength.get(length);
  if (headers === undefined) {
    headers = { ...p.written, 'Content-Length': length };
    if (p.byLength.size >= KEPT_LENGTHS) p.byLength.clear();
    p.byLength.set(length, headers);
    partsOfWritten.set(headers, p);
  }
  return headers;
}

/**
 * An answer's given headers and added set → its parts: answers come in few shapes, and a
 * hit skips the checks and the sort. Keyed by the given headers length-prefixed (no two
 * header lists read the same), and per added set; emptied when it grows large (file names).
 */
const shapes = new WeakMap<object, Map<string, Parts>>();
const KEPT_SHAPES = 256;

function shapeKey(body: unknown, given: object | undefined): string | undefined {
  let key = body === null ? '0' : '1';
  if (given === undefined) return key;
  for (const [name, value] of Object.entries(given)) {
    if (typeof value !== 'string') return undefined;
    key += `${name.length}:${name}${value.length}:${value}`;
  }
  return key;
}

/** The parts of new headers, or undefined when Headers would read them otherwise (refuse, trim, join, a cookie). */
function newParts(body: unknown, given: object | undefined, added: Readonly<Record<string, string>>): Parts | undefined {
  const named = new Map<string, string>();
  if (given === undefined) {
    if (body !== null) named.set('content-type', DEFAULT_CONTENT_TYPE);
  } else {
    for (const [name, value] of Object.entries(given)) {
      const lower = name.toLowerCase();
      if (typeof value !== 'string' || !TOKEN.test(name) || !PLAIN_VALUE.test(value) || lower === 'set-cookie' || named.has(lower)) return undefined;
      named.set(lower, value);
    }
  }
  for (const [name, value] of Object.entries(added)) named.set(name.toLowerCase(), value);
  return partsOf(named, body !== null);
}

/**
 * Sets `added` (name → value, as Headers.set would) on the response without a Headers
 * object; false when the response is not of the shape this handles (then nothing changed:
 * set them through response.headers). `added` should be one of a few frozen sets.
 */
export function setPlainHeaders(response: Response, added: Readonly<Record<string, string>>): boolean {
  const cache = cacheOf(response);
  if (cache === undefined) return false;
  const [, body, given] = cache;
  if (typeof given === 'object' && given !== null && partsOfWritten.has(given)) return addPlainHeaders(response, added);
  let length: number | undefined;
  if (body === null) length = undefined;
  else if (typeof body === 'string') length = Buffer.byteLength(body);
  else if (body instanceof Uint8Array) length = body.byteLength;
  else return false;
  const plain = given === undefined || given === null ? undefined : isPlain(given) ? given : null;
  if (plain === null) return false;
  const key = shapeKey(body, plain);
  if (key === undefined) return false;
  let known = shapes.get(added);
  let p = known?.get(key);
  if (p === undefined) {
    p = newParts(body, plain, added);
    if (p === undefined) return false;
    if (!known) shapes.set(added, (known = new Map()));
    if (known.size >= KEPT_SHAPES) known.clear();
    known.set(key, p);
  }
  cache[2] = headersOf(p, length);
  return true;
}

/** Sets more headers on a response setPlainHeaders handled; false (nothing changed) for any other. */
export function addPlainHeaders(response: Response, added: Readonly<Record<string, string>>): boolean {
  const cache = cacheOf(response);
  const written = cache?.[2];
  const known = typeof written === 'object' && written !== null ? partsOfWritten.get(written) : undefined;
  if (cache === undefined || known === undefined) return false;
  const length = (written as Record<string, unknown>)['Content-Length'];
  const named = new Map(known.named);
  for (const [name, value] of Object.entries(added)) named.set(name.toLowerCase(), value);
  // Written for this answer alone: its parts are not shared.
  const p = partsOf(named, known.defaultType);
  const headers = typeof length === 'number' ? { ...p.written, 'Content-Length': length } : { ...p.written };
  partsOfWritten.set(headers, p);
  cache[2] = headers;
  return true;
}

function isPlain(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
