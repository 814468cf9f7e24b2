import type { EntryMode, TransactionInput } from '../core/index.js';
import type { Random } from './random.js';

export type CardInput = NonNullable<TransactionInput['card']>;

interface Issuer {
  name: string;
  bin: string;
  length: number;
  weight: number;
}

/** Domestic UnionPay debit and credit BINs of the large Chinese banks. */
const DOMESTIC: readonly Issuer[] = [
  { name: '招商银行', bin: '622588', length: 16, weight: 18 },
  { name: '工商银行', bin: '622202', length: 19, weight: 24 },
  { name: '建设银行', bin: '621700', length: 19, weight: 20 },
  { name: '中国银行', bin: '621661', length: 19, weight: 14 },
  { name: '农业银行', bin: '622848', length: 19, weight: 14 },
  { name: '交通银行', bin: '622262', length: 19, weight: 10 },
];

/** Visa and Mastercard cards of visitors. */
const FOREIGN: readonly Issuer[] = [
  { name: 'HSBC VISA', bin: '451291', length: 16, weight: 30 },
  { name: 'CITIBANK MASTERCARD', bin: '542418', length: 16, weight: 25 },
  { name: 'STANDARD CHARTERED VISA', bin: '450875', length: 16, weight: 25 },
  { name: 'DBS MASTERCARD', bin: '520184', length: 16, weight: 20 },
];

const ENTRY_MODES: readonly (readonly [EntryMode, number])[] = [
  ['chip', 50],
  ['contactless', 39],
  ['swipe', 7],
  ['fallback', 2],
  ['manual', 2],
];

const weighed = (issuers: readonly Issuer[]) => issuers.map((i) => [i, i.weight] as const);
const DOMESTIC_WEIGHTS = weighed(DOMESTIC);
const FOREIGN_WEIGHTS = weighed(FOREIGN);

/** A masked card as a terminal prints it: BIN, stars, last four; never the middle digits. */
export function maskedCard(random: Random, acquirer: string, foreignShare: number): CardInput {
  const issuer = random.weighted(random.chance(foreignShare) ? FOREIGN_WEIGHTS : DOMESTIC_WEIGHTS);
  const masked = `${issuer.bin}${'*'.repeat(issuer.length - 10)}${random.digits(4)}`;
  return { masked, issuer: issuer.name, acquirer, entryMode: random.weighted(ENTRY_MODES) };
}
