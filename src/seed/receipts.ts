import { containsPan, type TransactionInput } from '../core/index.js';
import type { MerchantProfile } from './merchants.js';
import type { Random } from './random.js';

type Item = NonNullable<TransactionInput['items']>[number];
type Payment = NonNullable<TransactionInput['payments']>[number];

/** Fen → "128.50". */
export function yuan(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

/** Draws until the text could not be taken for a card number (the journal would refuse it). */
export function panFree(make: () => string): string {
  for (;;) {
    const text = make();
    if (!containsPan(text)) return text;
  }
}

/** A card-slip amount in fen: log-normal around the shop's median, prices ending like prices do. */
export function slipAmount(random: Random, profile: MerchantProfile): number {
  const { median, sigma, min, max, wholeYuan } = profile.slip;
  const value = Math.min(Math.max(median * Math.exp(sigma * random.normal()), min), max);
  if (wholeYuan) return Math.round(value) * 100;
  const fen = Math.round(value * 100);
  return random.chance(0.7) ? Math.max(10, Math.round(fen / 10) * 10) : fen;
}

export interface Basket {
  items: Item[];
  discounts?: { name: string; amount: string }[];
  /** Items less discounts, in fen: the receipt's amount. */
  total: number;
}

/** 1–10 distinct lines from the shop's catalogue, mostly few; line amounts as core computes them. */
export function basket(random: Random, profile: MerchantProfile): Basket {
  const [low, high] = profile.lines;
  const catalog = profile.items;
  const lines = Math.min(low + Math.floor(random.next() ** 2 * (high - low + 1)), catalog.length);
  const order = catalog.map((_, i) => i);
  const items: Item[] = [];
  let subtotal = 0;
  for (let n = 0; n < lines; n++) {
    const j = n + Math.floor(random.next() * (order.length - n));
    const chosen = order[j] as number;
    order[j] = order[n] as number;
    const product = catalog[chosen];
    if (!product) continue;
    let quantity: number | string;
    let line: number;
    if (product.weighed) {
      const grams = random.int(150, 2500);
      quantity = `${Math.floor(grams / 1000)}.${String(grams % 1000).padStart(3, '0')}`;
      // Same rounding as the journal: unit price × kilograms, half up.
      line = Math.round((product.price * grams) / 1000);
    } else {
      quantity = 1 + Math.floor(random.next() ** 2 * product.maxQty);
      line = product.price * quantity;
    }
    subtotal += line;
    const item: Item = { name: product.name, quantity, unitPrice: yuan(product.price), amount: yuan(line) };
    if (product.sku) item.sku = product.sku;
    items.push(item);
  }
  if (subtotal >= 2000 && random.chance(0.15)) {
    const off = Math.min(Math.max(10, Math.floor((subtotal * random.int(3, 12)) / 1000) * 10), subtotal - 1);
    return { items, discounts: [{ name: random.pick(profile.discounts), amount: yuan(off) }], total: subtotal - off };
  }
  return { items, total: subtotal };
}

export type Tender = 'card' | 'wechat' | 'alipay' | 'cash' | 'split';

export const TENDERS: readonly (readonly [Tender, number])[] = [
  ['card', 35],
  ['wechat', 30],
  ['alipay', 20],
  ['cash', 12],
  ['split', 3],
];

/** What a customer hands over for cash: exact, or the next note up. */
function cash(random: Random, amount: number): Payment {
  const steps = [100, 1000, 5000, 10000].map((note) => Math.ceil(amount / note) * note);
  const tendered = random.chance(0.2) ? amount : random.pick(steps);
  return { method: 'cash', amount: yuan(amount), tendered: yuan(tendered), change: yuan(tendered - amount) };
}

/** 28-digit wallet transaction numbers as WeChat Pay and Alipay print them. */
function walletReference(random: Random, method: 'wechat' | 'alipay', day: string): string {
  const date = day.replace(/-/g, '');
  return panFree(() => (method === 'wechat' ? `4200${random.digits(6)}${date}${random.digits(10)}` : `${date}2200${random.digits(16)}`));
}

/** Payments that add up to the amount exactly. */
export function payments(random: Random, tender: Tender, amount: number, day: string, giftCard: string): Payment[] {
  switch (tender) {
    case 'card':
      return [{ method: 'card', amount: yuan(amount) }];
    case 'wechat':
    case 'alipay':
      return [{ method: tender, amount: yuan(amount), reference: walletReference(random, tender, day) }];
    case 'cash':
      return [cash(random, amount)];
    case 'split': {
      const stored = amount > 5000 ? 5000 : 0;
      if (stored === 0) return [cash(random, amount)];
      return [{ method: 'voucher', amount: yuan(stored), reference: giftCard }, cash(random, amount - stored)];
    }
  }
}
