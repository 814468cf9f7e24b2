import { containsPan } from '../core/index.js';

/** A product on the shelf; prices in fen. */
export interface CatalogItem {
  name: string;
  price: number;
  /** Sold by weight: the quantity is kilograms with three decimals. */
  weighed?: boolean;
  /** Most units one receipt line takes. */
  maxQty: number;
  sku?: string;
}

function eanCheckDigit(twelve: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (twelve.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/**
 * A Chinese EAN-13 (prefix 690–695) for an item name. About one EAN in ten is also
 * Luhn-valid and would be refused at the door as a card number, so those are skipped.
 */
function ean13(name: string): string {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  for (let attempt = 0; ; attempt++) {
    const body = `69${(h >>> 0) % 6}${String(((h >>> 0) + attempt * 7919) % 1e9).padStart(9, '0')}`;
    const ean = `${body}${eanCheckDigit(body)}`;
    if (!containsPan(ean)) return ean;
  }
}

const yuan = (price: number) => Math.round(price * 100);

/** Shelf goods: packaged items carry a barcode. */
export const goods = (list: readonly (readonly [string, number, number?])[]): CatalogItem[] =>
  list.map(([name, price, maxQty = 1]) => ({ name, price: yuan(price), maxQty, sku: ean13(name) }));

/** Menu or counter items without barcodes. */
export const menu = (list: readonly (readonly [string, number, number?])[]): CatalogItem[] =>
  list.map(([name, price, maxQty = 1]) => ({ name, price: yuan(price), maxQty }));

/** Loose produce priced per kilogram. */
export const produce = (list: readonly (readonly [string, number])[]): CatalogItem[] =>
  list.map(([name, price]) => ({ name, price: yuan(price), maxQty: 1, weighed: true }));
