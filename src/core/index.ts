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
  maskPans,
} from './card.js';
export { CARD_NETWORKS, type CardNetwork, cardNetworkOf, networkLengthsAt } from './card-networks.js';
export { normaliseForScan, withoutDigits } from './scan-text.js';
export { cardNumberSpans, type CardNumberSpan } from './card-number-spans.js';
export { maskCardNumbersIn, mayHoldCardNumber, saleIdHidingCardNumber, separatesDigits, type HiddenCardNumber, type MaskOptions, type ScanOptions, type SaleIdReading } from './pan-scan.js';
export {
  assertSafeInput,
  inspectInput,
  gateError,
  saleIdNamesNoSale,
  MAX_INPUT_DEPTH,
  MAX_INPUT_VALUES,
  type CardExemption,
  type GateOptions,
  type InputFinding,
} from './input-gate.js';
export { checkJsonText, jsonSyntaxErrorAt, withoutByteOrderMark, type NumberCardRule } from './json-text.js';
export { parseStoreId, parseStoreList } from './store-id.js';
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
  checkTransactionCardData,
  transactionAmount,
} from './transaction.js';
export { canonicalJson } from './canonical-json.js';
export { SaleStates, type SaleState, type SaleStatus, type SaleCorrection, type Dependent, saleStatus } from './sale-status.js';
export { zonedLocalToUtc, formatInZone, checkTimeZone, parseDuration } from './time.js';
