export * from './errors.js';
export { fieldIssuesFromZod, fieldPath } from './zod-issues.js';
export { type Money, parseMoney, formatMoney, displayMoney, money, addMoney, currencyExponent } from './money.js';
export {
  type MaskedCard,
  type SensitiveFinding,
  luhnValid,
  containsPan,
  findSensitiveCardData,
  assertNoSensitiveCardData,
  parseMaskedCard,
  groupCardNumber,
  isGtin,
} from './card.js';
export {
  TransactionKinds,
  type TransactionKind,
  EntryModes,
  type EntryMode,
  PaymentMethods,
  type PaymentMethod,
  type TransactionInput,
  type Transaction,
  type TransactionItem,
  type TransactionCard,
  transactionId,
  parseTransactionId,
  parseOccurredAt,
  parseTransaction,
  transactionAmount,
} from './transaction.js';
export { canonicalJson } from './canonical-json.js';
export { zonedLocalToUtc, formatInZone, checkTimeZone, parseDuration } from './time.js';
