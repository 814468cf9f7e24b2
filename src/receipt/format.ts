import {
  formatInZone,
  formatMoney,
  groupCardNumber,
  parseMoney,
  parseOccurredAt,
  type EntryMode,
  type Transaction,
  type TransactionCard,
} from '../core/index.js';

/** Printed after the card number; a fallback read (chip failed, swiped) is its own mark. */
const ENTRY_SUFFIX: Readonly<Record<EntryMode, string>> = {
  swipe: '/S',
  chip: '/I',
  contactless: '/C',
  manual: '/M',
  fallback: '/F',
};

export function cardNumberText(card: TransactionCard): string {
  const grouped = groupCardNumber(card.masked);
  return card.entryMode ? `${grouped} ${ENTRY_SUFFIX[card.entryMode]}` : grouped;
}

/** Chinese slips name the renminbi "RMB"; other currencies print their ISO code. */
export function currencyLabel(currency: string): string {
  return currency === 'CNY' ? 'RMB' : currency;
}

/** Money taken back from the cardholder: Chinese slips print these amounts negative. */
export function isReversal(tx: Pick<Transaction, 'kind'>): boolean {
  return tx.kind === 'void' || tx.kind === 'refund';
}

export function slipAmount(tx: Transaction): string {
  return `${currencyLabel(tx.currency)} ${isReversal(tx) ? '-' : ''}${tx.amount}`;
}

/** "2026/11/27 14:32:05" on the bank slip, "2026-11-27 14:32:05" on retail receipts. */
export function storeTime(iso: string, timeZone: string, dateSeparator: '/' | '-'): string {
  const local = formatInZone(parseOccurredAt(iso), timeZone);
  return dateSeparator === '-' ? local : local.replace(/^(\d+)-(\d+)-(\d+)/, '$1/$2/$3');
}

export function negative(amount: string): string {
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}

export function sumAmounts(amounts: readonly string[], currency: string): string {
  return formatMoney({ minor: amounts.reduce((sum, a) => sum + parseMoney(a, currency).minor, 0), currency });
}
