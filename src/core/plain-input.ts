import type { CheckedInput } from './transaction.js';
import { EntryModes, FIELD_PATTERNS as P, LIST_MAX, MAX_QUANTITY, NO_VOUCHER, PaymentMethods, TEXT_MAX, TransactionKinds } from './transaction-fields.js';

/**
 * The schema's reading of an input that needs nothing of it but a yes: plain objects holding
 * only the fields a sale has, each already in the form the schema gives back (no blanks to
 * trim, no member to drop). Such an input is taken here in a fraction of the schema's time
 * and garbage; anything else — a field it does not know, a value left undefined, anything
 * the schema would change or refuse — gives undefined, and the schema reads it and says
 * what is wrong. The tests hold the two to the same answer on every input this takes.
 */
export function plainTransactionInput(input: unknown): CheckedInput | undefined {
  const taken = objectOf(input, TRANSACTION);
  return taken === NO ? undefined : (taken as CheckedInput);
}

/** What a field's value becomes, or NO: not taken here. */
type Rule = (value: unknown) => unknown;
const NO = Symbol('not taken here');

interface Shape {
  keys: readonly string[];
  rules: readonly Rule[];
  required: readonly boolean[];
  at: ReadonlyMap<string, number>;
}

/** Fields in the schema's order, so what is built here lists them as the schema's copy does. */
function shape(fields: readonly (readonly [key: string, rule: Rule, required?: 'required'])[]): Shape {
  return {
    keys: fields.map(([key]) => key),
    rules: fields.map(([, rule]) => rule),
    required: fields.map(([, , required]) => required === 'required'),
    at: new Map(fields.map(([key], i) => [key, i])),
  };
}

// An array is one whatever its prototype says (the schema refuses one where an object goes).
const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && !Array.isArray(value);

/** Each member read once (a getter answers once, as it does to the schema), checked, then copied in the schema's order. */
function objectOf(value: unknown, s: Shape): Record<string, unknown> | typeof NO {
  if (!isPlain(value)) return NO;
  const values: unknown[] = new Array<unknown>(s.keys.length);
  for (const key in value) {
    const i = s.at.get(key);
    if (i === undefined) return NO;
    const taken = (s.rules[i] as Rule)(value[key]);
    if (taken === NO) return NO;
    values[i] = taken;
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < s.keys.length; i++) {
    const taken = values[i];
    if (taken === undefined) {
      if (s.required[i]) return NO;
    } else {
      out[s.keys[i] as string] = taken;
    }
  }
  return out;
}

const listOf =
  (s: Shape, max: number): Rule =>
  (value) => {
    if (!Array.isArray(value) || value.length > max) return NO;
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = objectOf(value[i], s);
      if (item === NO) return NO;
      out.push(item);
    }
    return out;
  };

const object =
  (s: Shape): Rule =>
  (value) =>
    objectOf(value, s);

const anyText: Rule = (value) => (typeof value === 'string' ? value : NO);
const matching =
  (pattern: RegExp): Rule =>
  (value) =>
    typeof value === 'string' && pattern.test(value) ? value : NO;
/** Text the schema trims and bounds: taken only when trimming changes nothing. Counted in UTF-16 units, never more than the schema's count (code points). */
const text =
  (max: number): Rule =>
  (value) =>
    typeof value === 'string' && value.length > 0 && value.length <= max && value.trim() === value ? value : NO;
const oneOf = (values: readonly string[]): Rule => {
  const set = new Set(values);
  return (value) => (typeof value === 'string' && set.has(value) ? value : NO);
};
const quantity: Rule = (value) => {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 && value <= MAX_QUANTITY ? value : NO;
  return typeof value === 'string' && P.quantityText.test(value) && P.quantityNoLeadingZero.test(value) && Number(value) <= MAX_QUANTITY ? value : NO;
};
const voucherNo: Rule = (value) => (typeof value === 'string' && P.sixDigits.test(value) && value !== NO_VOUCHER ? value : NO);

const MERCHANT = shape([
  ['id', matching(P.merchantId), 'required'],
  ['name', text(TEXT_MAX.merchantName), 'required'],
  ['nameEn', text(TEXT_MAX.merchantName)],
]);
const STORE = shape([
  ['name', text(TEXT_MAX.storeName), 'required'],
  ['address', text(TEXT_MAX.address)],
  ['phone', text(TEXT_MAX.phone)],
]);
const CARD = shape([
  ['masked', anyText, 'required'],
  ['issuer', text(TEXT_MAX.bankName)],
  ['acquirer', text(TEXT_MAX.bankName)],
  ['entryMode', oneOf(EntryModes)],
  ['expiry', matching(P.expiry)],
]);
const ITEM = shape([
  ['name', text(TEXT_MAX.itemName), 'required'],
  ['sku', text(TEXT_MAX.sku)],
  ['quantity', quantity, 'required'],
  ['unitPrice', anyText, 'required'],
  ['discount', anyText],
  ['amount', anyText],
]);
const DISCOUNT = shape([
  ['name', text(TEXT_MAX.lineName), 'required'],
  ['amount', anyText, 'required'],
]);
const TAX = shape([
  ['name', text(TEXT_MAX.lineName), 'required'],
  ['rate', matching(P.taxRate)],
  ['amount', anyText, 'required'],
]);
const PAYMENT = shape([
  ['method', oneOf(PaymentMethods), 'required'],
  ['amount', anyText, 'required'],
  ['tendered', anyText],
  ['change', anyText],
  ['reference', text(TEXT_MAX.paymentReference)],
]);
const ORIGINAL = shape([
  ['batchNo', matching(P.sixDigits)],
  ['voucherNo', matching(P.sixDigits)],
  ['referenceNo', matching(P.referenceNo)],
]);
const TRANSACTION = shape([
  ['kind', oneOf(TransactionKinds), 'required'],
  ['merchant', object(MERCHANT), 'required'],
  ['store', object(STORE)],
  ['terminalId', matching(P.terminalId), 'required'],
  ['operatorId', matching(P.operatorId), 'required'],
  ['batchNo', matching(P.sixDigits), 'required'],
  ['voucherNo', voucherNo, 'required'],
  ['referenceNo', matching(P.referenceNo)],
  ['authCode', matching(P.authCode)],
  ['receiptNo', text(TEXT_MAX.receiptNo)],
  ['occurredAt', anyText, 'required'],
  ['amount', anyText, 'required'],
  ['currency', matching(P.currency), 'required'],
  ['card', object(CARD)],
  ['items', listOf(ITEM, LIST_MAX.items)],
  ['discounts', listOf(DISCOUNT, LIST_MAX.discounts)],
  ['tax', listOf(TAX, LIST_MAX.tax)],
  ['payments', listOf(PAYMENT, LIST_MAX.payments)],
  ['original', object(ORIGINAL)],
  ['note', text(TEXT_MAX.note)],
]);
