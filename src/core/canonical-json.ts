/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, undefined members
 * left out. The journal hashes this text, so the same value always gives the same bytes.
 * Only plain data is accepted: a Date or Map would silently become a string or "{}".
 */
export function canonicalJson(value: unknown): string {
  // A sorted copy through the native JSON.stringify is several times faster than
  // concatenating the text by hand, and the journal encodes every sale with it. Engines
  // order integer-like keys ("9", "10") numerically in any object, so data holding such
  // keys takes the slower path that writes the text itself.
  try {
    return JSON.stringify(sortedCopy(value));
  } catch (error) {
    if (error !== INTEGER_KEY) throw error;
    return concatenated(value);
  }
}

const INTEGER_KEY = Symbol('integer-like key');
const INTEGER_LIKE = /^(0|[1-9]\d*)$/;

function concatenated(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(sortedCopy(value));
  if (Array.isArray(value)) return `[${value.map((item: unknown) => (item === undefined ? 'null' : concatenated(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${concatenated(record[key])}`);
  return `{${members.join(',')}}`;
}

function sortedCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold NaN or Infinity');
      return value;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((item: unknown) => (item === undefined ? null : sortedCopy(item)));
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`canonical JSON holds plain objects only, not a ${(value as object).constructor?.name ?? 'class instance'}`);
      }
      const record = value as Record<string, unknown>;
      // No prototype, so a "__proto__" key in the input stays an ordinary member.
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(record).sort()) {
        if (INTEGER_LIKE.test(key)) throw INTEGER_KEY;
        const item = record[key];
        if (item !== undefined) out[key] = sortedCopy(item);
      }
      return out;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}
