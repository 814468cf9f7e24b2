/**
 * Card numbers as an attacker or a careless operator writes them, for property tests: every
 * card network's numbers, in every separator, grouping and digit script, with stray digits
 * around them — and the scan that finds one in a file or a log however it was written.
 */
import fc from 'fast-check';
import { CARD_NETWORKS, normaliseForScan, type CardNetwork } from '../../src/core/index.js';

/** The check digit that makes `body` + digit pass Luhn. */
export function checkDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

const digit = fc.integer({ min: 0, max: 9 });

/** `prefix` completed to `length` digits with random digits and a Luhn check digit. */
const completed = (prefix: string, length: number) =>
  fc.array(digit, { minLength: length - prefix.length - 1, maxLength: length - prefix.length - 1 }).map((rest) => {
    const body = `${prefix}${rest.join('')}`;
    return `${body}${checkDigit(body)}`;
  });

/** A number of one network: an IIN from one of its ranges, one of its lengths, Luhn-valid. */
export const networkPanArb = (network: CardNetwork): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...network.ranges), fc.constantFrom(...network.lengths)).chain(([[lo, hi], length]) =>
    fc.integer({ min: Number(lo), max: Number(hi) }).chain((iin) => completed(String(iin).padStart(lo.length, '0'), length)),
  );

/** A number of any network in CARD_NETWORKS, with the network's name. */
export const anyNetworkPanArb: fc.Arbitrary<{ network: string; pan: string }> = fc
  .constantFrom(...CARD_NETWORKS)
  .chain((network) => networkPanArb(network).map((pan) => ({ network: network.name, pan })));

/** Any Luhn-valid number of 13–19 digits, whatever its first digits (private-label and domestic cards). */
export const anyLuhnPanArb: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 13, max: 19 }), fc.integer({ min: 1, max: 9 }))
  .chain(([length, first]) => completed(String(first), length));

/** The zero of every decimal digit set in Unicode (Nd), ASCII included. */
export const DIGIT_ZEROS: readonly number[] = (() => {
  const zeros: number[] = [];
  let runStart = -1;
  let previous = -2;
  // Every code point but the surrogates, searched at once: far faster than testing each.
  const chunks: string[] = [];
  for (let start = 0; start <= 0x10ffff; start += 0x1000) {
    const points = Array.from({ length: 0x1000 }, (_, i) => start + i).filter((cp) => cp < 0xd800 || cp > 0xdfff);
    chunks.push(String.fromCodePoint(...points));
  }
  for (const match of chunks.join('').matchAll(/\p{Nd}/gu)) {
    const cp = match[0].codePointAt(0) ?? 0;
    if (cp !== previous + 1) runStart = cp;
    if ((cp - runStart) % 10 === 0) zeros.push(cp);
    previous = cp;
  }
  return zeros;
})();

/** Separators a reader sees between the digit groups of a disguised number. */
export const VISIBLE_SEPARATORS = [' ', '-', '.', '/', '_', ',', ':', '\u3000', '．', '\u00a0', '–', ' - ', ' / ', '\n'] as const;
/** Separators a reader does not see: the groups on either side read as one. */
export const INVISIBLE_SEPARATORS = ['\u200b', '\u200c', '\u200d', '\u2060', '\u00ad'] as const;
/** Invisible characters a number may be sprinkled with between any two digits. */
export const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\u00ad', '\ufeff'] as const;

export interface Disguise {
  grouping: 'none' | 'card' | 'irregular';
  /** Group sizes for an irregular grouping (cut points), ignored otherwise. */
  cuts: number[];
  separators: string[];
  stray: 'none' | 'lead' | 'trail' | 'both';
  strayDigits: [number, number];
  /** The zero of the digit set each digit is written in (one for all, or one per digit). */
  zeros: number[];
  invisible: string | undefined;
}

/** Writes `pan` in disguise. */
export function disguise(pan: string, d: Disguise): string {
  const digits = `${d.stray === 'lead' || d.stray === 'both' ? d.strayDigits[0] : ''}${pan}${d.stray === 'trail' || d.stray === 'both' ? d.strayDigits[1] : ''}`;
  let groups: string[];
  if (d.grouping === 'card') groups = digits.match(/.{1,4}/g) ?? [];
  else if (d.grouping === 'irregular') {
    const points = [...new Set(d.cuts.map((c) => 1 + (c % (digits.length - 1))))].sort((a, b) => a - b);
    groups = [0, ...points].map((p, k) => digits.slice(p, points[k] ?? digits.length));
  } else groups = [digits];
  let k = 0;
  const script = (char: string) => String.fromCodePoint((d.zeros[k++ % d.zeros.length] ?? 48) + Number(char));
  const written = groups.map((g) => [...g].map(script).join(d.invisible ?? ''));
  return written.reduce((out, g, i) => (i === 0 ? g : `${out}${d.separators[(i - 1) % d.separators.length] ?? ' '}${g}`), '');
}

const zerosArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant([48]) },
  { weight: 1, arbitrary: fc.constant([0xff10]) },
  { weight: 4, arbitrary: fc.constantFrom(...DIGIT_ZEROS).map((z) => [z]) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...DIGIT_ZEROS), { minLength: 2, maxLength: 6 }) },
);

/**
 * A disguise. `needsNetwork`: irregular groupings and stray digits are only refused for
 * numbers that start with a card network's IIN (see core's pan-scan), so a number of unknown
 * prefix is only written plain or in card-style groups.
 */
export const disguiseArb = (withNetwork: boolean): fc.Arbitrary<Disguise> =>
  fc.record({
    grouping: withNetwork ? fc.constantFrom('none', 'card', 'irregular') : fc.constantFrom('none', 'card'),
    cuts: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 5 }),
    // Invisible separators join groups into an irregular grouping, refused for network numbers only.
    separators: fc.array(withNetwork ? fc.constantFrom(...VISIBLE_SEPARATORS, ...INVISIBLE_SEPARATORS) : fc.constantFrom(...VISIBLE_SEPARATORS), { minLength: 1, maxLength: 4 }),
    stray: withNetwork ? fc.constantFrom('none', 'lead', 'trail', 'both') : fc.constant('none'),
    strayDigits: fc.tuple(digit, digit),
    zeros: zerosArb,
    invisible: fc.option(fc.constantFrom(...INVISIBLE), { nil: undefined }),
  }) as fc.Arbitrary<Disguise>;

/** A card number of any network or prefix, disguised, with its plain digits. */
export const disguisedPanArb: fc.Arbitrary<{ pan: string; written: string; network: string }> = fc.oneof(
  { weight: 4, arbitrary: anyNetworkPanArb.chain(({ network, pan }) => disguiseArb(true).map((d) => ({ pan, network, written: disguise(pan, d) }))) },
  { weight: 1, arbitrary: anyLuhnPanArb.chain((pan) => disguiseArb(false).map((d) => ({ pan, network: 'any', written: disguise(pan, d) }))) },
);

/**
 * True when the written number reads as a sale id (8-6-6 digits with hyphens): Reissue reads
 * such a value part by part where it is an identifier (see core's SaleIdReading), so the
 * properties that cover identifiers leave these writings out.
 */
export function readsAsSaleId(written: string): boolean {
  return /[0-9A-Za-z]{8}\s*-\s*\d{6}\s*-\s*\d{6}/.test(normaliseForScan(written));
}

/**
 * The card numbers among `pans` that `bytes` (a file, a log) hold in any writing: the text is
 * read as UTF-8, normalised as the detector reads it (NFKC, invisible characters dropped,
 * every digit as ASCII, a long run of Chinese numerals as digits), and everything but
 * digits, letters and mask characters dropped — the letters drawn as marks too (modifier
 * letters, ꞏ, ᆞ) — so "4111.1111…", "٤١١١…", "4111\u200d1111…", "4111ː1111…" and
 * "四一一一一一一一…" all read as "41111111…".
 */
export function leakedIn(bytes: Buffer | string, pans: readonly string[]): string[] {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  const digitsOnly = normaliseForScan(text).replace(/[^0-9*\p{L}]+|[\p{Lm}\ua78f\u119e]+/gu, '');
  return pans.filter((pan) => digitsOnly.includes(pan));
}

// ——— what a shop really writes, none of it a card number ———

const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A Chinese merchant no.: acquirer code (UnionPay Merchant Services 898, the big banks 102–105, others 301–310), area code, MCC, serial. */
export const merchantNoArb = fc
  .tuple(fc.constantFrom('898', '102', '103', '104', '105', '301', '302', '303', '305', '308', '309', '310', '403', '831'), digits(4), fc.constantFrom('5411', '5812', '5311', '5999', '7011'), digits(4))
  .map(([acquirer, area, mcc, serial]) => `${acquirer}${area}${mcc}${serial}`);

/** A GS1 barcode with its check digit: Chinese EAN-13 (690–699), UPC-A, EAN-8. */
export const gtinArb = fc
  .oneof(
    fc.tuple(fc.integer({ min: 690, max: 699 }), digits(9)).map(([prefix, rest]) => `${prefix}${rest}`),
    digits(11),
    digits(7),
  )
  .map((body) => {
    let sum = 0;
    for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(body[i]) * weight;
    return `${body}${(10 - (sum % 10)) % 10}`;
  });

const dateParts = fc.record({ y: fc.integer({ min: 2016, max: 2036 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }) });

/** Dates and times as a till, a person or ISO 8601 writes them. */
export const dateTimeArb = dateParts.chain(({ y, mo, d, h, mi, s }) =>
  fc.constantFrom(
    `${y}-${pad(mo, 2)}-${pad(d, 2)} ${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}`,
    `${y}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}+08:00`,
    `${y}/${pad(mo, 2)}/${pad(d, 2)} ${pad(h, 2)}:${pad(mi, 2)}`,
    `${y}年${mo}月${d}日 ${pad(h, 2)}:${pad(mi, 2)}`,
    `${y}${pad(mo, 2)}${pad(d, 2)} ${pad(h, 2)}${pad(mi, 2)}${pad(s, 2)}`,
    `${pad(h, 2)}:${pad(mi, 2)}`,
  ),
);

/** Mobile and landline numbers, Chinese style. */
export const phoneArb = fc
  .tuple(fc.constantFrom('13', '15', '17', '18', '19'), digits(9), fc.constantFrom('010', '021', '0755', '0571'), digits(8))
  .chain(([head, rest, area, line]) =>
    fc.constantFrom(`${head}${rest}`, `+86 ${head}${rest.slice(0, 1)} ${rest.slice(1, 5)} ${rest.slice(5)}`, `${head}${rest.slice(0, 1)}-${rest.slice(1, 5)}-${rest.slice(5)}`, `${area}-${line}`, `(${area}) ${line.slice(0, 4)} ${line.slice(4)}`, `+86 ${area.slice(1)} ${line.slice(0, 4)} ${line.slice(4)}`, `400-${line.slice(0, 3)}-${line.slice(3, 7)}`),
  );

/** Amounts as written on a receipt or in a note. */
export const amountArb = fc
  .tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99 }))
  .chain(([whole, fen]) => fc.constantFrom(`${whole}.${pad(fen, 2)}`, `￥${whole.toLocaleString('en')}.${pad(fen, 2)}`, `RMB ${whole}.${pad(fen, 2)}`, `¥${whole}`));

/** A sale id, terminal-batch-voucher. */
export const saleIdArb = fc.tuple(digits(8), digits(6), fc.integer({ min: 1, max: 999_999 })).map(([t, b, v]) => `${t}-${b}-${pad(v, 6)}`);

/** A properly masked card number, as people write them (at least 4 digits hidden: a 13-digit number shows a shorter BIN). */
export const maskedCardArb = anyNetworkPanArb.chain(({ pan }) =>
  fc.constantFrom(`${pan.slice(0, Math.min(6, pan.length - 8))}${'*'.repeat(Math.max(4, pan.length - 10))}${pan.slice(-4)}`, `**** **** **** ${pan.slice(-4)}`, `尾号${pan.slice(-4)}`, `${pan.slice(0, 4)} ${pan.slice(4, 6)}** **** ${pan.slice(-4)}`),
);

const WORDS = ['会员', '客户电话', '订单', '参考号', '凭证号', '金额', '交易时间', '备注', 'ref', 'tel', 'order', 'paid', '退货', '卡号后四位'] as const;

/**
 * A realistic value that is not a card number, alone or in a note with words between the
 * numbers (numbers written right next to each other with only spaces between are one
 * stretch of digits to any reader, and are not what this generates). A 15-digit merchant
 * no. belongs in merchant.id, where it is checked by network; in free text a bare 13–19
 * digit number that passes Luhn is taken for a card. A sale id is an identifier where it is
 * one (saleIdArb): inside free text its 8-6-6 digits are read like any others.
 */
export const legitimateTextArb: fc.Arbitrary<string> = fc.oneof(
  digits(12),
  digits(6),
  dateTimeArb,
  phoneArb,
  amountArb,
  maskedCardArb,
  fc
    .array(fc.tuple(fc.constantFrom(...WORDS), fc.oneof(digits(12), digits(6), dateTimeArb, phoneArb, amountArb, maskedCardArb)), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.map(([word, value]) => `${word} ${value}`).join('，')),
);
