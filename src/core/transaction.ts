import { z } from 'zod';
import { isGtin, parseMaskedCard } from './card.js';
import { cardNetworkOf } from './card-networks.js';
import { MAX_INPUT_DEPTH, assertSafeInput, type CardExemption } from './input-gate.js';
import { InputError, ReissueError, ValidationError, type FieldIssue } from './errors.js';
import { currencyExponent, formatMoney, parseMoney, type Money } from './money.js';
import { plainTransactionInput } from './plain-input.js';
import {
  EntryModes,
  FIELD_PATTERNS as P,
  LIST_MAX,
  MAX_QUANTITY,
  NO_VOUCHER,
  PaymentMethods,
  TEXT_MAX,
  TransactionKinds,
  type EntryMode,
  type PaymentMethod,
  type TransactionKind,
} from './transaction-fields.js';
import { fieldIssuesFromZod } from './zod-issues.js';

export { EntryModes, PaymentMethods, TransactionKinds, type EntryMode, type PaymentMethod, type TransactionKind };

const digits = (pattern: RegExp, n: number, what: string) => z.string().regex(pattern, `${what} must be exactly ${n} digits`);
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const amountText = z.string({ error: 'amounts are strings such as "128.50", never JSON numbers' });
const TOO_LARGE = `quantity is too large: at most ${MAX_QUANTITY}`;
const quantity = z.union([
  // Size first: zod's int() also refuses integers past 2^53 with its own limit in the words, and a
  // quantity that large is too large, whatever else is wrong with it.
  z.number().superRefine((n, ctx) => {
    if (n > MAX_QUANTITY) ctx.addIssue({ code: 'custom', message: TOO_LARGE, params: { code: 'QUANTITY_TOO_LARGE', maximum: MAX_QUANTITY } });
    else if (!Number.isInteger(n)) ctx.addIssue({ code: 'custom', message: 'a whole quantity is a JSON integer; a fractional one is a string such as "0.500"', params: { code: 'NOT_WHOLE_QUANTITY' } });
    else if (n <= 0) ctx.addIssue({ code: 'custom', message: 'quantity must be greater than zero', params: { code: 'QUANTITY_NOT_POSITIVE' } });
  }),
  z
    .string()
    .regex(P.quantityText, 'quantity is a decimal string with at most 3 decimals, e.g. "0.750"')
    .refine((q) => P.quantityNoLeadingZero.test(q), { message: 'quantity is written without leading zeros, e.g. "2" or "0.750"', params: { code: 'LEADING_ZERO_QUANTITY' } })
    .refine((q) => Number(q) <= MAX_QUANTITY, { message: TOO_LARGE, params: { code: 'QUANTITY_TOO_LARGE', maximum: MAX_QUANTITY } }),
]);

const inputSchema = z
  .object({
    kind: z.enum(TransactionKinds),
    merchant: z.object({ id: digits(P.merchantId, 15, 'merchant no.'), name: text(TEXT_MAX.merchantName), nameEn: text(TEXT_MAX.merchantName).optional() }),
    store: z.object({ name: text(TEXT_MAX.storeName), address: text(TEXT_MAX.address).optional(), phone: text(TEXT_MAX.phone).optional() }).optional(),
    terminalId: z.string().regex(P.terminalId, 'terminal no. must be 8 letters or digits'),
    operatorId: z.string().regex(P.operatorId, 'operator no. must be 1–10 letters or digits'),
    batchNo: digits(P.sixDigits, 6, 'batch no.'),
    voucherNo: digits(P.sixDigits, 6, 'voucher no.').refine((v) => v !== NO_VOUCHER, { message: 'voucher no. runs from 000001 to 999999', params: { code: 'VOUCHER_ZERO' } }),
    referenceNo: z.string().regex(P.referenceNo, 'reference no. must be 12 letters or digits').optional(),
    authCode: z.string().regex(P.authCode, 'auth code must be 6 letters or digits').optional(),
    receiptNo: text(TEXT_MAX.receiptNo).optional(),
    occurredAt: z.string(),
    amount: amountText,
    currency: z.string().regex(P.currency, 'currency is a three-letter ISO 4217 code such as CNY'),
    card: z
      .object({
        masked: z.string(),
        issuer: text(TEXT_MAX.bankName).optional(),
        acquirer: text(TEXT_MAX.bankName).optional(),
        entryMode: z.enum(EntryModes).optional(),
        expiry: z.string().regex(P.expiry, 'expiry is MM/YY').optional(),
      })
      .strict()
      .optional(),
    items: z
      .array(
        z.object({
          name: text(TEXT_MAX.itemName),
          sku: text(TEXT_MAX.sku).optional(),
          quantity,
          unitPrice: amountText,
          discount: amountText.optional(),
          amount: amountText.optional(),
        }),
      )
      .max(LIST_MAX.items)
      .optional(),
    discounts: z.array(z.object({ name: text(TEXT_MAX.lineName), amount: amountText })).max(LIST_MAX.discounts).optional(),
    tax: z.array(z.object({ name: text(TEXT_MAX.lineName), rate: z.string().regex(P.taxRate, 'rate is like "13%"').optional(), amount: amountText })).max(LIST_MAX.tax).optional(),
    payments: z
      .array(
        z.object({
          method: z.enum(PaymentMethods),
          amount: amountText,
          tendered: amountText.optional(),
          change: amountText.optional(),
          reference: text(TEXT_MAX.paymentReference).optional(),
        }),
      )
      .max(LIST_MAX.payments)
      .optional(),
    original: z
      .object({ batchNo: digits(P.sixDigits, 6, 'original batch no.').optional(), voucherNo: digits(P.sixDigits, 6, 'original voucher no.').optional(), referenceNo: z.string().regex(P.referenceNo).optional() })
      .optional(),
    note: text(TEXT_MAX.note).optional(),
  });

export type TransactionInput = z.input<typeof inputSchema>;
/** A transaction input as the schema gives it back: the shape every field rule holds for, not yet checked as a whole. */
export type CheckedInput = z.output<typeof inputSchema>;

/** The schema's reading of an input, for the tests that hold the plain-input path to it. */
export const checkInputShape = (input: unknown) => inputSchema.safeParse(input);

export interface TransactionItem {
  name: string;
  sku?: string;
  quantity: string;
  unitPrice: string;
  discount?: string;
  amount: string;
}

export interface TransactionCard {
  masked: string;
  last4: string;
  bin?: string;
  issuer?: string;
  acquirer?: string;
  entryMode?: EntryMode;
  expiry?: string;
}

/**
 * A completed transaction as it is journaled: every amount is the canonical decimal string
 * of its currency, the card is masked, and line amounts are filled in. Receipts are rendered
 * from this and nothing else.
 */
export interface Transaction {
  kind: TransactionKind;
  merchant: { id: string; name: string; nameEn?: string };
  store?: { name: string; address?: string; phone?: string };
  terminalId: string;
  operatorId: string;
  batchNo: string;
  voucherNo: string;
  referenceNo?: string;
  authCode?: string;
  receiptNo?: string;
  occurredAt: string;
  amount: string;
  currency: string;
  card?: TransactionCard;
  items?: TransactionItem[];
  discounts?: { name: string; amount: string }[];
  tax?: { name: string; rate?: string; amount: string }[];
  payments?: { method: PaymentMethod; amount: string; tendered?: string; change?: string; reference?: string }[];
  original?: { batchNo?: string; voucherNo?: string; referenceNo?: string };
  note?: string;
}

/** The key a sale is known by: voucher numbers wrap, so terminal + batch + voucher. */
export function transactionId(tx: Pick<Transaction, 'terminalId' | 'batchNo' | 'voucherNo'>): string {
  return `${tx.terminalId}-${tx.batchNo}-${tx.voucherNo}`;
}

const ID_PATTERN = /^([0-9A-Za-z]{8})-(\d{6})-(\d{6})$/;

export function parseTransactionId(id: string): { terminalId: string; batchNo: string; voucherNo: string } {
  const match = ID_PATTERN.exec(id.trim());
  if (!match) {
    throw new InputError('BAD_ID', `"${id}" is not a transaction id`, {
      hint: 'an id is terminal-batch-voucher, e.g. 10023456-000128-000457 (see `reissue find`)',
      context: { value: id },
    });
  }
  return { terminalId: match[1] ?? '', batchNo: match[2] ?? '', voucherNo: match[3] ?? '' };
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses an ISO 8601 time that must carry its UTC offset; returns epoch milliseconds. */
export function parseOccurredAt(value: string): number {
  const match = TIMESTAMP.exec(value);
  const ms = match ? Date.parse(value.replace(' ', 'T')) : Number.NaN;
  const [, y, mo, d, h, mi, s] = match ?? [];
  const fieldsValid =
    match !== null && Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 && Number(d) <= 31 && Number(h) < 24 && Number(mi) < 60 && Number(s) < 60;
  if (!fieldsValid || Number.isNaN(ms) || new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDate() !== Number(d)) {
    throw new InputError('BAD_TIME', `"${value}" is not a time with a UTC offset`, {
      hint: 'write it as ISO 8601 with the offset, e.g. "2026-11-27T14:32:05+08:00"',
      context: { rule: 'offset', value },
    });
  }
  return ms;
}

/**
 * A quantity's one written form: a whole number as digits ("2", whether sent as 2 or "2"), a
 * weighed one with exactly three decimals ("0.75" → "0.750").
 */
function canonicalQuantity(quantity: number | string): string {
  const text = String(quantity);
  const [whole = '0', fraction] = text.split('.');
  return fraction === undefined ? whole : `${whole}.${fraction.padEnd(3, '0')}`;
}

/** Line amount in minor units: unit price × quantity (3-decimal quantities round half up). */
function lineMinor(unit: Money, qty: string): number {
  const [whole = '0', fraction = ''] = qty.split('.');
  const thousandths = Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
  return Math.round((unit.minor * thousandths) / 1000);
}

/** A refused part of the input as a field issue that keeps the refusal's code and values. */
function issueOf(path: string, error: unknown): FieldIssue {
  if (error instanceof ReissueError) return { path, message: error.message, code: error.code, params: error.context };
  return { path, message: (error as Error).message };
}

const SKU_PATH = /^items\[\d+\]\.sku$/;
const QUANTITY_PATH = /^items\[\d+\]\.quantity$/;
/** Longer than any path the exemptions name (items[499].quantity). */
const SHORTEST_LONG_PATH = 32;

/**
 * Values that legitimately hold long digit runs that are not card numbers, each checked as
 * narrowly as it can be:
 * - a merchant no. of 15 ASCII digits is refused only when it is a card number by network prefix and
 *   length (an AmEx number is 15 digits; a merchant no. such as 898310058120123 starts with no
 *   card network's IIN), since one merchant no. in ten passes Luhn;
 * - an item's sku that is, whole, a GTIN barcode with a valid GS1 check digit (EAN-8, UPC-A,
 *   EAN-13, GTIN-14): one EAN-13 in ten passes Luhn too. A GTIN-14 that is also a card
 *   number by network (a 14-digit Diners Club number) is refused: no 13-digit card is
 *   issued any more, but 14-digit ones are;
 * - a quantity sent as a JSON number too large to hold its digits: the schema says it is too
 *   large, which is what it is.
 */
const notCardNumber: CardExemption = (path, value) => {
  // The paths exempted are short: a long one is not read (a regex copies the whole path first).
  if (path.length > SHORTEST_LONG_PATH) return false;
  if (path === 'merchant.id') return typeof value === 'string' && /^\d{15}$/.test(value) ? 'network' : false;
  if (typeof value === 'string' && SKU_PATH.test(path)) return isGtin(value) && !(value.length === 14 && cardNetworkOf(value) !== undefined);
  return typeof value === 'number' && QUANTITY_PATH.test(path) && !Number.isSafeInteger(value);
};

/**
 * Validates and normalises one transaction. Card data (and characters no text may hold) is
 * checked before anything else so that an unmasked number is refused whole, and never
 * echoed in an error; the check walks a bounded depth without recursion.
 */
/** The input gate of a transaction (PAN_NOT_MASKED, CARD_SECRET_REFUSED, …), on its own: head office applies it again to what shops send. */
export function checkTransactionCardData(input: unknown): void {
  const overlong: FieldIssue[] = [];
  overlongTexts(input, '', undefined, overlong, 0);
  if (overlong.length > 0) throw new ValidationError(overlong);
  // No field of a sale holds a sale id, so 8-6-6 digit groups are read like any others.
  assertSafeInput(input, { exempt: notCardNumber, saleIds: 'never' });
}

/**
 * No text of a sale is longer than this (the longest the schema takes is 200). A longer one is
 * refused before the card-number scan reads it: the scan's time grows with its input, and a
 * sale of megabytes held the event loop for seconds. Told by its path and length, never its value.
 */
export const LONGEST_SALE_TEXT = 1024;

/** A key as a path may show it: a key is not read yet either (it may hold anything, a card number too), so only a field's name is shown. */
const keyInPath = (key: string) => (/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key) ? key : '(unknown field)');

/** The path of a member, built only when it is shown or its own members need it: most values are short strings. */
function memberPath(parent: string, key: string | number | undefined): string {
  if (key === undefined) return parent;
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? keyInPath(key) : `${parent}.${keyInPath(key)}`;
}

function overlongTexts(value: unknown, parent: string, key: string | number | undefined, out: FieldIssue[], depth: number): void {
  if (typeof value === 'string') {
    if (value.length > LONGEST_SALE_TEXT && out.length < 10) out.push({ path: memberPath(parent, key), message: `must be at most ${LONGEST_SALE_TEXT} characters`, code: 'TOO_LONG', params: { maximum: LONGEST_SALE_TEXT } });
    return;
  }
  // Nesting past a sale's own depth is the schema's to refuse.
  // Every depth the gate walks: a longer key deeper down went into each of its values' paths, and
  // a key of 128 Ki over 49,000 numbers held the event loop 35 s.
  if (value === null || typeof value !== 'object' || depth > MAX_INPUT_DEPTH || out.length >= 10) return;
  const path = memberPath(parent, key);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) overlongTexts(value[i], path, i, out, depth + 1);
    return;
  }
  for (const name in value) {
    if (!Object.hasOwn(value, name)) continue;
    if (name.length > LONGEST_SALE_TEXT) out.push({ path: memberPath(path, name), message: `a field name must be at most ${LONGEST_SALE_TEXT} characters`, code: 'TOO_LONG', params: { maximum: LONGEST_SALE_TEXT } });
    overlongTexts((value as Record<string, unknown>)[name], path, name, out, depth + 1);
  }
}

/** The schema's reading of an input the plain path did not take: it says what is wrong, or gives the cleaned-up input. */
function schemaReading(input: unknown): CheckedInput {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldIssuesFromZod(parsed.error));
  return parsed.data;
}

export function parseTransaction(input: unknown): Transaction {
  checkTransactionCardData(input);
  const src = plainTransactionInput(input) ?? schemaReading(input);
  const issues: FieldIssue[] = [];
  const currency = src.currency;
  try {
    currencyExponent(currency);
  } catch (error) {
    throw new ValidationError([issueOf('currency', error)]);
  }
  const amountOf = (value: string, path: string): Money | undefined => {
    // One written form per amount, so a sale sent again as "10.00" after "10" is the same sale.
    if (/^-?0\d/.test(value)) {
      issues.push({ path, message: `"${value}" has a leading zero: write amounts as "10", "10.5" or "10.50" (stored as 10.50)`, code: 'LEADING_ZERO', params: { value } });
      return undefined;
    }
    try {
      return parseMoney(value, currency);
    } catch (error) {
      issues.push(issueOf(path, error));
      return undefined;
    }
  };
  const canonical = (m: Money | undefined, fallback: string) => (m ? formatMoney(m) : fallback);

  let occurredAt = src.occurredAt;
  try {
    parseOccurredAt(src.occurredAt);
    occurredAt = src.occurredAt.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  } catch (error) {
    issues.push(issueOf('occurredAt', error));
  }

  const total = amountOf(src.amount, 'amount');
  if (total && total.minor <= 0) issues.push({ path: 'amount', message: 'amount must be greater than zero', code: 'AMOUNT_NOT_POSITIVE' });

  let card: TransactionCard | undefined;
  if (src.card) {
    try {
      const masked = parseMaskedCard(src.card.masked);
      card = { ...src.card, ...masked };
    } catch (error) {
      issues.push(issueOf('card.masked', error));
    }
  }

  let itemsMinor = 0;
  // A line or payment whose amount cannot be read would make the totals disagree for the wrong
  // reason, so the totals are only compared when every part of them was read.
  let partsUnread = false;
  const items = src.items?.map((item, i): TransactionItem => {
    const qty = canonicalQuantity(item.quantity);
    const unit = amountOf(item.unitPrice, `items[${i}].unitPrice`);
    const discount = item.discount === undefined ? undefined : amountOf(item.discount, `items[${i}].discount`);
    let lineAmount = unit ? lineMinor(unit, qty) - (discount?.minor ?? 0) : 0;
    let lineRead = unit !== undefined && (item.discount === undefined || discount !== undefined);
    if (item.amount !== undefined) {
      const given = amountOf(item.amount, `items[${i}].amount`);
      lineRead = given !== undefined;
      if (given && unit && given.minor !== lineAmount) {
        const expected = formatMoney({ minor: lineAmount, currency });
        issues.push({ path: `items[${i}].amount`, message: `is ${item.amount} but quantity × unit price − discount is ${expected}`, code: 'LINE_AMOUNT_MISMATCH', params: { given: item.amount, expected } });
      }
      if (given) lineAmount = given.minor;
    }
    if (Number(qty) <= 0) issues.push({ path: `items[${i}].quantity`, message: 'quantity must be greater than zero', code: 'QUANTITY_NOT_POSITIVE' });
    if (!lineRead) partsUnread = true;
    itemsMinor += lineAmount;
    const out: TransactionItem = { name: item.name, quantity: qty, unitPrice: canonical(unit, item.unitPrice), amount: formatMoney({ minor: lineAmount, currency }) };
    if (item.sku !== undefined) out.sku = item.sku;
    if (discount) out.discount = formatMoney(discount);
    return out;
  });
  let discountMinor = 0;
  const discounts = src.discounts?.map((d, i) => {
    const amount = amountOf(d.amount, `discounts[${i}].amount`);
    if (!amount) partsUnread = true;
    discountMinor += amount?.minor ?? 0;
    return { name: d.name, amount: canonical(amount, d.amount) };
  });
  if (!partsUnread && items && items.length > 0 && total && itemsMinor - discountMinor !== total.minor) {
    const [amount, items] = [formatMoney(total), formatMoney({ minor: itemsMinor - discountMinor, currency })];
    issues.push({ path: 'amount', message: `is ${amount} but the items come to ${items} after discounts`, code: 'ITEMS_TOTAL_MISMATCH', params: { amount, items } });
  }
  const tax = src.tax?.map((t, i) => ({ ...t, amount: canonical(amountOf(t.amount, `tax[${i}].amount`), t.amount) }));
  let paid = 0;
  let paymentsUnread = false;
  const payments = src.payments?.map((p, i) => {
    const amt = amountOf(p.amount, `payments[${i}].amount`);
    if (!amt) paymentsUnread = true;
    paid += amt?.minor ?? 0;
    const out: NonNullable<Transaction['payments']>[number] = { method: p.method, amount: canonical(amt, p.amount) };
    if (p.tendered !== undefined) {
      const tendered = amountOf(p.tendered, `payments[${i}].tendered`);
      out.tendered = canonical(tendered, p.tendered);
      const change = tendered && amt ? { minor: tendered.minor - amt.minor, currency } : undefined;
      if (change && change.minor < 0) issues.push({ path: `payments[${i}].tendered`, message: 'is less than the amount paid', code: 'TENDERED_TOO_LOW' });
      if (p.change !== undefined) {
        const given = amountOf(p.change, `payments[${i}].change`);
        if (given && change && given.minor !== change.minor) issues.push({ path: `payments[${i}].change`, message: `should be ${formatMoney(change)} (tendered − amount)`, code: 'CHANGE_MISMATCH', params: { expected: formatMoney(change) } });
      }
      if (change) out.change = formatMoney(change);
    } else if (p.change !== undefined) {
      issues.push({ path: `payments[${i}].change`, message: 'change needs the amount tendered', code: 'CHANGE_WITHOUT_TENDERED' });
    }
    if (p.reference !== undefined) out.reference = p.reference;
    return out;
  });
  if (!paymentsUnread && payments && payments.length > 0 && total && paid !== total.minor) {
    const [sum, amount] = [formatMoney({ minor: paid, currency }), formatMoney(total)];
    issues.push({ path: 'payments', message: `add up to ${sum} but the amount is ${amount}`, code: 'PAYMENTS_TOTAL_MISMATCH', params: { paid: sum, amount } });
  }

  const needsOriginal = src.kind === 'void' || src.kind === 'refund';
  if (needsOriginal && !src.original?.voucherNo && !src.original?.referenceNo) {
    issues.push({ path: 'original', message: `a ${src.kind} must name the original sale by voucherNo (and batchNo) or referenceNo`, code: 'ORIGINAL_REQUIRED', params: { kind: src.kind } });
  }
  if (!needsOriginal && src.kind !== 'auth-complete' && src.original) {
    issues.push({ path: 'original', message: `a ${src.kind} does not refer to an original transaction`, code: 'ORIGINAL_NOT_EXPECTED', params: { kind: src.kind } });
  }
  if (issues.length > 0) throw new ValidationError(issues);

  // Build in a fixed key order with only present fields, so the journaled form is stable.
  const tx: Transaction = {
    kind: src.kind,
    merchant: src.merchant,
    terminalId: src.terminalId,
    operatorId: src.operatorId,
    batchNo: src.batchNo,
    voucherNo: src.voucherNo,
    occurredAt,
    amount: canonical(total, src.amount),
    currency,
  };
  if (src.store) tx.store = src.store;
  if (src.referenceNo !== undefined) tx.referenceNo = src.referenceNo;
  if (src.authCode !== undefined) tx.authCode = src.authCode;
  if (src.receiptNo !== undefined) tx.receiptNo = src.receiptNo;
  if (card) tx.card = card;
  if (items) tx.items = items;
  if (discounts) tx.discounts = discounts;
  if (tax) tx.tax = tax;
  if (payments) tx.payments = payments;
  if (src.original) tx.original = src.original;
  if (src.note !== undefined) tx.note = src.note;
  return tx;
}

/** The amount of a journaled transaction as Money. */
export function transactionAmount(tx: Pick<Transaction, 'amount' | 'currency'>): Money {
  return parseMoney(tx.amount, tx.currency);
}
