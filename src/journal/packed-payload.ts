/**
 * How a sale's payload is kept on disk since journal schema 7: the canonical JSON with its
 * member names and most common values swapped for control characters, which canonical JSON
 * never holds raw (JSON escapes U+0000–U+001F inside strings and has no whitespace outside
 * them). Unpacking swaps them back and gives the exact canonical text, so the hash is still
 * over — and verification still recomputes it from — the canonical bytes. Nearly half of a
 * sale's payload was member names (docs/storage.md).
 *
 * Packed text starts with PACKED_V1; anything else (every payload before schema 7, and every
 * event that is not a sale) is canonical JSON as is. The table below is part of the file
 * format: entries are never changed or reordered, only appended (and only with a new marker).
 * Values a person would look for stay as written (amounts, numbers, names): only member names
 * and a few fixed words are coded, so the stored text still shows the sale's figures.
 */

/** First character of a packed payload (canonical JSON starts with "{"). */
export const PACKED_V1 = '\u0001';
/** Introduces a two-character code: the character after it indexes TOKENS from SINGLE on. */
const TWO = '\u001f';
/** U+0002–U+001E: one-character codes. */
const SINGLE = 0x1e - 0x02 + 1;

/** Characters after TWO: printable ASCII from "0". */
const SECOND_BASE = 0x30;

const KEYS = [
  'amount', 'name', 'referenceNo', 'occurredAt', 'operatorId', 'terminalId', 'voucherNo', 'currency', 'batchNo', 'unitPrice',
  'entryMode', 'quantity', 'acquirer', 'authCode', 'issuer', 'masked', 'last4', 'nameEn', 'bin', 'receiptNo', 'sku', 'address',
  'method', 'phone', 'reference', 'expiry', 'kind', 'id', 'discount', 'rate', 'tendered', 'change', 'note',
];

/** Most valuable first: these get one-character codes. Sorted keys make `","key":"` the usual context. */
const TOKENS: readonly string[] = [
  '{"id":"', '","transaction":{"amount":"', '","card":{"acquirer":"', '"},"currency":"CNY","items":[{"amount":"',
  ...KEYS.slice(0, 25).map((k) => `","${k}":"`),
  // from here on: two-character codes
  ...KEYS.slice(25).map((k) => `","${k}":"`),
  ...KEYS.map((k) => `"${k}":`),
  '","kind":"sale","merchant":{"id":"', '","kind":"void","merchant":{"id":"', '","kind":"refund","merchant":{"id":"',
  '"transaction":', '"card":', '"currency":"CNY"', '"items":[{', '"merchant":{', '"payments":[{', '"store":{', '"discounts":[{',
  '"tax":[{', '"original":{', '"originalId":', '"recordedBy":{"user":', '"via":"http"', '"via":"cli"', '","method":"card"',
  '","method":"cash"', '","method":"wechat"', '","method":"alipay"', '","entryMode":"chip"', '","entryMode":"contactless"',
  '","entryMode":"swipe"', '","quantity":"1"', '"},{', '"}],', '"},', '"}}', '+08:00', '+00:00', '","currency":"CNY"', '{"amount":"', '{"name":"', '{"address":"', '","items":[{"amount":"',
  '","payments":[{"amount":"', '","store":{"address":"', '","merchant":{"id":"', '","discounts":[{"amount":"', '","tax":[{"amount":"', '","original":{"batchNo":"', 'China UMS', '银联商务',
];

if (new Set(TOKENS).size !== TOKENS.length || TOKENS.length - SINGLE > 0xff - SECOND_BASE) throw new Error('packed-payload: the token table has a repeat or too many entries');
const CODES = new Map<string, string>();
TOKENS.forEach((token, i) => CODES.set(token, i < SINGLE ? String.fromCharCode(0x02 + i) : TWO + String.fromCharCode(SECOND_BASE + i - SINGLE)));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest first: at each position the longest token that fits wins.
const FIND = new RegExp([...TOKENS].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u001f]/;

const codeOf = (token: string) => CODES.get(token) as string;

/** The packed form of canonical JSON; text that holds a raw control character (not canonical JSON) is kept as is. */
export function packPayload(text: string): string {
  if (RAW_CONTROL.test(text)) return text;
  return PACKED_V1 + text.replace(FIND, codeOf);
}

/** The end of a sale's payload packed ahead: the sale's text it was packed from, the packed text and how many characters of the payload it stands for. */
export interface PackedTail {
  from: string;
  length: number;
  packed: string;
}

/** Where a sale's text is cut for packing ahead: its first member's name packs with the payload's head (`","transaction":{"amount":"` is one code). */
const SALE_TEXT_HEAD = '{"amount":"';

/**
 * The end of a sale's payload — its canonical text after the first member's name, and the
 * payload's closing brace — packed where the sale is prepared (on the preparer's thread), so
 * the write packs only the payload's short head (packPayloadEnding). Undefined for text that
 * does not start as a sale's canonical JSON does, or holds a raw control character.
 */
export function packSaleText(text: string): PackedTail | undefined {
  if (!text.startsWith(SALE_TEXT_HEAD) || RAW_CONTROL.test(text)) return undefined;
  const tail = `${text.slice(SALE_TEXT_HEAD.length)}}`;
  return { from: text, length: tail.length, packed: tail.replace(FIND, codeOf) };
}

/**
 * packPayload(payload) for a payload that ends with the text `tail` was packed from: only the
 * head is packed here. Codes are self-contained, so the two packed parts unpack to the whole
 * payload whatever the head holds; and since every head a sale's payload has ends in a code
 * (`…"transaction":{"amount":"`), the bytes are the ones packPayload gives.
 */
export function packPayloadEnding(payload: string, tail: PackedTail): string {
  if (tail.length > payload.length) return packPayload(payload);
  const head = payload.slice(0, payload.length - tail.length);
  if (RAW_CONTROL.test(head)) return packPayload(payload);
  return PACKED_V1 + head.replace(FIND, codeOf) + tail.packed;
}

/** The token a code stands for; U+FFFD for a code no version wrote, so the hash of an altered row cannot match. */
function tokenOf(code: string): string {
  if (code.length === 1) return code === TWO ? '\ufffd' : (TOKENS[code.charCodeAt(0) - 0x02] as string);
  const index = SINGLE + code.charCodeAt(1) - SECOND_BASE;
  return index >= SINGLE ? (TOKENS[index] ?? '\ufffd') : '\ufffd';
}

/** The canonical JSON a stored payload stands for: packed payloads unpacked, anything else as is. */
export function unpackPayload(stored: string): string {
  if (stored.charCodeAt(0) !== 0x01) return stored;
  // A loop over char codes: several times faster than replace() with a callback, and every search page unpacks its rows.
  let out = '';
  let from = 1;
  for (let i = 1; i < stored.length; i++) {
    const c = stored.charCodeAt(i);
    if (c >= 0x20) continue;
    if (i > from) out += stored.slice(from, i);
    if (c === 0x1f) {
      i++;
      out += i < stored.length ? tokenOf(stored.slice(i - 1, i + 1)) : '\ufffd';
    } else {
      out += c >= 0x02 ? tokenOf(stored[i] as string) : '\ufffd';
    }
    from = i + 1;
  }
  return from < stored.length ? out + stored.slice(from) : out;
}
