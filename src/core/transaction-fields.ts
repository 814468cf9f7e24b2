/**
 * The rules of a sale's fields, written once for the two readers of an input: the schema,
 * which says what is wrong with a bad one, and the plain-input path, which takes a clean one
 * without building the schema's copies (plain-input.ts).
 */
export const TransactionKinds = ['sale', 'void', 'refund', 'auth', 'auth-complete'] as const;
export type TransactionKind = (typeof TransactionKinds)[number];

/** How the card was read; printed after the card number as /S /I /C /M. */
export const EntryModes = ['swipe', 'chip', 'contactless', 'manual', 'fallback'] as const;
export type EntryMode = (typeof EntryModes)[number];

export const PaymentMethods = ['card', 'cash', 'wechat', 'alipay', 'unionpay-qr', 'voucher', 'other'] as const;
export type PaymentMethod = (typeof PaymentMethods)[number];

export const FIELD_PATTERNS = {
  merchantId: /^\d{15}$/,
  terminalId: /^[0-9A-Za-z]{8}$/,
  operatorId: /^[0-9A-Za-z]{1,10}$/,
  /** Batch and voucher nos., the original's too. */
  sixDigits: /^\d{6}$/,
  referenceNo: /^[0-9A-Za-z]{12}$/,
  authCode: /^[0-9A-Za-z]{6}$/,
  currency: /^[A-Z]{3}$/,
  expiry: /^(0[1-9]|1[0-2])\/\d{2}$/,
  taxRate: /^\d{1,2}(\.\d{1,2})?%$/,
  quantityText: /^\d+(\.\d{1,3})?$/,
  /** A quantity written without leading zeros (checked after quantityText). */
  quantityNoLeadingZero: /^(0|[1-9]\d*)(\.|$)/,
} as const;

/** The voucher no. that no sale has: they run from 000001. */
export const NO_VOUCHER = '000000';

/** Quantities above this are refused as too large (no till sells a hundred thousand of one line). */
export const MAX_QUANTITY = 99_999;

/** The longest text each free-text field takes, after blanks around it are trimmed. */
export const TEXT_MAX = {
  merchantName: 80,
  storeName: 80,
  address: 120,
  phone: 40,
  receiptNo: 40,
  bankName: 40,
  itemName: 60,
  sku: 40,
  lineName: 40,
  paymentReference: 40,
  note: 200,
} as const;

/** The most lines of each list a sale may carry. */
export const LIST_MAX = { items: 500, discounts: 50, tax: 10, payments: 10 } as const;
