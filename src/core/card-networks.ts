/**
 * Card networks by issuer identification number (IIN, the leading digits) and the lengths
 * their card numbers have. A digit string that starts like a network's cards, has one of its
 * lengths and passes Luhn is read as a card number even where a bare Luhn check would be too
 * loose (inside a longer run of digits, across an irregular grouping, in the merchant no.).
 *
 * Left out on purpose: UATP (prefix 1, 15 digits) — airline cards a shop never takes, whose
 * range holds every Chinese merchant no. of the big banks (102…, 103…, 104…, 105…); and the
 * broad ISO "Maestro 50, 56–69" ranges, which would cover every Chinese EAN-13 (690–699):
 * Maestro is listed by the IINs actually issued.
 */
export interface CardNetwork {
  readonly name: string;
  /** Inclusive IIN ranges, both ends with the same number of digits. */
  readonly ranges: readonly (readonly [string, string])[];
  readonly lengths: readonly number[];
}

const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const one = (prefix: string) => [prefix, prefix] as const;

export const CARD_NETWORKS: readonly CardNetwork[] = [
  { name: 'visa', ranges: [one('4')], lengths: [13, 16, 19] },
  { name: 'mastercard', ranges: [['51', '55'], ['2221', '2720']], lengths: [16] },
  { name: 'amex', ranges: [one('34'), one('37')], lengths: [15] },
  // 81: UnionPay's second IIN range, issued since 2016 besides 62.
  { name: 'unionpay', ranges: [one('62'), one('81')], lengths: span(16, 19) },
  // Legacy Chinese domestic debit cards still in wallets (ICBC 9558, ABC 95599), 19 digits.
  { name: 'china-domestic', ranges: [one('9558'), one('95599')], lengths: [19] },
  { name: 'discover', ranges: [one('6011'), ['644', '649'], one('65')], lengths: span(16, 19) },
  { name: 'jcb', ranges: [['3528', '3589']], lengths: span(16, 19) },
  // No Diners card has 15 digits (14 classic, 16 since 2004): a 15-digit merchant no. starting 36 is not one.
  { name: 'diners', ranges: [['300', '305'], one('3095'), one('36'), ['38', '39']], lengths: [14, 16, 17, 18, 19] },
  { name: 'maestro', ranges: [one('5018'), one('5020'), one('5038'), one('5893'), one('6304'), one('6759'), ['6761', '6763']], lengths: span(13, 19) },
  { name: 'mir', ranges: [['2200', '2204']], lengths: span(16, 19) },
  { name: 'rupay', ranges: [one('60'), one('65'), ['81', '82'], one('508'), one('353'), one('356')], lengths: [16] },
  { name: 'verve', ranges: [['506099', '506198'], ['650002', '650027'], ['507865', '507964']], lengths: [16, 18, 19] },
  { name: 'troy', ranges: [one('9792')], lengths: [16] },
  { name: 'dankort', ranges: [one('5019')], lengths: [16] },
  { name: 'interpayment', ranges: [one('636')], lengths: span(16, 19) },
  { name: 'instapayment', ranges: [['637', '639']], lengths: [16] },
  { name: 'borica', ranges: [one('2205')], lengths: [16] },
  { name: 'humo', ranges: [one('9860')], lengths: [16] },
  { name: 'uzcard', ranges: [one('8600')], lengths: [16] },
  { name: 'lankapay', ranges: [one('357111')], lengths: [16] },
];

/**
 * Every IIN prefix of the table, expanded (2221–2720 becomes 500 prefixes), with a bit per
 * card length it allows, keyed by the prefix's value: no prefix starts with 0, so its value
 * names it, and the scan looks one up per prefix length without cutting a string.
 */
const PREFIX_LENGTHS = new Map<number, number>();
for (const network of CARD_NETWORKS) {
  const bits = network.lengths.reduce((all, n) => all | (1 << n), 0);
  for (const [lo, hi] of network.ranges) {
    for (let prefix = Number(lo); prefix <= Number(hi); prefix++) PREFIX_LENGTHS.set(prefix, (PREFIX_LENGTHS.get(prefix) ?? 0) | bits);
  }
}
const LONGEST_PREFIX = Math.max(...CARD_NETWORKS.flatMap((n) => n.ranges.map(([lo]) => lo.length)));

/**
 * The card lengths a number starting at `start` of `digits` (ASCII digits) could have, as a
 * bit per length (bit n set: an n-digit card number of some network starts like this).
 */
export function networkLengthsAt(digits: string, start: number): number {
  // No network's numbers start with 0 (ISO/IEC 7812), and a prefix of 0s would not name one.
  if (digits.charCodeAt(start) === 48) return 0;
  let bits = 0;
  let prefix = 0;
  for (let k = 0; k < LONGEST_PREFIX && start + k < digits.length; k++) {
    prefix = prefix * 10 + digits.charCodeAt(start + k) - 48;
    bits |= PREFIX_LENGTHS.get(prefix) ?? 0;
  }
  return bits;
}

/** The network whose card numbers start like `digits` and have its length (no Luhn check). */
export function cardNetworkOf(digits: string): string | undefined {
  if (!/^\d+$/.test(digits)) return undefined;
  for (const network of CARD_NETWORKS) {
    if (!network.lengths.includes(digits.length)) continue;
    if (network.ranges.some(([lo, hi]) => digits.length >= lo.length && digits.slice(0, lo.length) >= lo && digits.slice(0, lo.length) <= hi)) return network.name;
  }
  return undefined;
}
