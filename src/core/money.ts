import { InputError } from './errors.js';

/** An amount in integer minor units (fen, cents) of an ISO 4217 currency. Never a float. */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

const exponentCache = new Map<string, number>();
let knownCurrencies: ReadonlySet<string> | undefined;

function currencies(): ReadonlySet<string> {
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies;
}

/** Number of minor-unit digits of a currency (CNY 2, JPY 0, KWD 3). */
export function currencyExponent(currency: string): number {
  const cached = exponentCache.get(currency);
  if (cached !== undefined) return cached;
  if (!/^[A-Z]{3}$/.test(currency) || !currencies().has(currency)) {
    throw new InputError('BAD_CURRENCY', `unknown currency "${currency}"`, {
      hint: 'use a three-letter ISO 4217 code in capitals, e.g. CNY, HKD, USD',
      context: { currency },
    });
  }
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  exponentCache.set(currency, digits);
  return digits;
}

const AMOUNT = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string such as "128.50" into minor units without ever going through a
 * float. More fraction digits than the currency has, exponents, separators and blanks are
 * refused rather than rounded.
 */
export function parseMoney(text: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const match = typeof text === 'string' ? AMOUNT.exec(text) : null;
  if (!match) {
    throw new InputError('BAD_AMOUNT', `"${String(text)}" is not an amount`, {
      hint: `write amounts as a decimal string with a dot, e.g. "128.50" (no thousands separators, no exponent)`,
      context: { rule: 'format', value: String(text) },
    });
  }
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new InputError('BAD_AMOUNT', `"${text}" has more decimals than ${currency} allows (${exponent})`, {
      hint: exponent === 0 ? `${currency} has no minor unit: write a whole number` : `use at most ${exponent} digits after the dot`,
      context: { rule: exponent === 0 ? 'no-decimals' : 'decimals', value: text, currency, exponent },
    });
  }
  const digits = (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  const minor = Number(digits);
  if (!Number.isSafeInteger(minor)) {
    throw new InputError('BAD_AMOUNT', `"${text}" is too large`, { hint: 'amounts must stay below 90 trillion minor units', context: { rule: 'too-large', value: text } });
  }
  return { minor: sign && minor !== 0 ? -minor : minor, currency };
}

/** Formats minor units back to the canonical decimal string: 12850 CNY → "128.50". */
export function formatMoney(money: Money): string {
  const exponent = currencyExponent(money.currency);
  const negative = money.minor < 0;
  const digits = String(Math.abs(money.minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * An amount as people read it, with its currency: "CNY 128.50"; `grouped` puts thousands
 * separators in ("CNY 12,345.00") for totals. Pages, terminals and messages all use this.
 */
export function displayMoney(money: Money, options: { grouped?: boolean } = {}): string {
  const text = formatMoney(money);
  return `${money.currency} ${options.grouped ? text.replace(/\B(?=(\d{3})+(?!\d))(?<!\.\d*)/g, ',') : text}`;
}

export function money(minor: number, currency: string): Money {
  if (!Number.isSafeInteger(minor)) {
    throw new InputError('BAD_AMOUNT', `${minor} is not a whole number of minor units`, {
      hint: 'money is counted in integer minor units (fen, cents)',
      context: { rule: 'not-whole', value: minor },
    });
  }
  currencyExponent(currency);
  return { minor, currency };
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) {
    throw new InputError('CURRENCY_MISMATCH', `cannot add ${a.currency} to ${b.currency}`, {
      hint: 'every amount of one transaction must be in the same currency',
      context: { rule: 'add', currency: a.currency, other: b.currency },
    });
  }
  return money(a.minor + b.minor, a.currency);
}
