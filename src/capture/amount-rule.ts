import { currencyExponent, parseMoney, type Money } from '../core/index.js';

/**
 * Labels of the amount paid, strongest first. A receipt printing several (合计 then 应收
 * after a discount; SUBTOTAL then TOTAL) is read by the strongest; the last one printed
 * wins between equals.
 */
const TOTAL_LABELS: readonly (readonly [RegExp, number])[] = [
  [/应收|应付|实付|\b(?:AMOUNT|BALANCE|TOTAL)\s+DUE\b|\bPLEASE\s+PAY\b/i, 4],
  [/合计|总计|总额|总金额|\bGRAND\s+TOTAL\b|\bTOTAL\b/i, 3],
  [/金额|\bAMOUNT\b|\bAMT\b/i, 2],
];
const SUBTOTAL = /小计|\bSUB[\s-]?TOTAL\b/i;
/** Lines that carry other money: cash handed over, change, discounts, tax, tips, counts. */
const NOT_THE_AMOUNT = /实收|找零|找赎|优惠|折扣|积分|数量|件数|小费|\bTENDERED\b|\bCHANGE\b|\bDISCOUNTS?\b|\bSAVINGS?\b|\bTIPS?\b|\bGRATUITY\b|\bQTY\b|\bITEMS?\b|\bPOINTS\b/i;
/** A tax line, unless it says the total includes tax ("合计(含税)", "TOTAL INCL. VAT"). */
const TAX = /税额|增值税|税金|税费|\b(?:TAX|VAT|GST)\b/i;
const TAX_INCLUDED = /含税|\bINCL/i;

const SIGNS: Readonly<Record<string, string>> = { '¥': 'CNY', RMB: 'CNY', CNY: 'CNY', 'HK$': 'HKD', HKD: 'HKD', 'US$': 'USD', USD: 'USD', '€': 'EUR', EUR: 'EUR', '£': 'GBP', GBP: 'GBP', MOP: 'MOP', 'MOP$': 'MOP', 'NT$': 'TWD' };
// One run of blanks before the number when no currency sign stands there: two optional runs side
// by side split a long run of blanks every way, cubic in its length (30 s for 4,000 blanks).
export const AMOUNT = /(?<![\d.,])(-)?\s*(?:(HK\$|US\$|MOP\$|NT\$|RMB|CNY|HKD|USD|EUR|GBP|MOP|[$¥€£])\s*)?(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,3}))?(?![\d%:/.])(\s*元)?/gi;

/** A money token on a line: the last one, as totals are printed at the right. */
export function lastAmount(text: string, currency: string): Money | undefined {
  let found: Money | undefined;
  for (const m of text.matchAll(AMOUNT)) {
    const money = toMoney(m, currency);
    if (money) found = money;
  }
  return found;
}

/** A line that is nothing but an amount (a slip prints "金额(AMOUNT):" and the sum on the next line). */
function onlyAmount(line: string, currency: string): Money | undefined {
  const m = new RegExp(`^\\s*${AMOUNT.source}\\s*$`, 'i').exec(line);
  return m ? toMoney(m, currency) : undefined;
}

/**
 * Amounts need the form of money: the currency's decimals, a sign, or 元 — so "合计 3 件"
 * or a year is not taken for one. Amounts in another currency than the source's are kept
 * in that currency.
 */
function toMoney(m: RegExpMatchArray, currency: string): Money | undefined {
  const [, minus1, sign, minus2, whole = '', fraction, yuan] = m;
  const code = sign ? (SIGNS[sign.toUpperCase()] ?? (sign === '$' ? dollarOf(currency) : currency)) : currency;
  const exponent = currencyExponent(code);
  const marked = sign !== undefined || yuan !== undefined;
  if (fraction === undefined ? !marked && exponent > 0 : fraction.length > exponent) return undefined;
  const text = `${minus1 || minus2 ? '-' : ''}${whole.replace(/,/g, '')}${fraction ? `.${fraction}` : ''}`;
  try {
    return parseMoney(text, code);
  } catch {
    return undefined;
  }
}

/** "$" is the source's own dollar when it has one, else US dollars. */
function dollarOf(currency: string): string {
  return ['HKD', 'USD', 'TWD', 'SGD', 'AUD', 'CAD', 'NZD', 'MOP'].includes(currency) ? currency : 'USD';
}

/** The amount paid on a receipt, or undefined when it prints none (a kitchen ticket, a report). */
export function recogniseAmount(lines: readonly string[], currency: string): Money | undefined {
  let best: { rank: number; money: Money } | undefined;
  lines.forEach((line, i) => {
    const rank = amountRank(line);
    if (rank === 0) return;
    const label = labelEnd(line);
    const money = lastAmount(line.slice(label), currency) ?? nextLineAmount(lines, i, currency);
    if (money && (!best || rank >= best.rank)) best = { rank, money };
  });
  return best?.money;
}

function amountRank(line: string): number {
  if (NOT_THE_AMOUNT.test(line) || (TAX.test(line) && !TAX_INCLUDED.test(line))) return 0;
  if (SUBTOTAL.test(line)) return 1;
  for (const [label, rank] of TOTAL_LABELS) if (label.test(line)) return rank;
  return 0;
}

/** Where the label ends, so a number inside it ("TOTAL 2") is not read twice. */
function labelEnd(line: string): number {
  let end = 0;
  for (const [label] of [...TOTAL_LABELS, [SUBTOTAL, 1] as const]) {
    const m = label.exec(line);
    if (m) end = Math.max(end, m.index + m[0].length);
  }
  return end;
}

function nextLineAmount(lines: readonly string[], i: number, currency: string): Money | undefined {
  for (let j = i + 1; j < lines.length && j <= i + 2; j++) {
    const line = lines[j] ?? '';
    if (line.trim() === '') continue;
    return onlyAmount(line, currency);
  }
  return undefined;
}
