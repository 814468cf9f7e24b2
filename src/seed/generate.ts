import { InputError, formatInZone, type TransactionInput } from '../core/index.js';
import { maskedCard, type CardInput } from './cards.js';
import { ZoneCalendar, arrivals, type Slot } from './clock.js';
import { MERCHANTS, type MerchantProfile } from './merchants.js';
import { Random } from './random.js';
import { TENDERS, basket, panFree, payments, slipAmount, yuan } from './receipts.js';
import { TerminalCounter } from './terminal.js';

export interface SeedOptions {
  /** Number of transactions to emit: sales plus the few voids and refunds among them. */
  count: number;
  seed: number | string;
  /** Epoch ms: the end of the period; every transaction happens before it. */
  until: number;
  /** IANA zone of the stores, e.g. Asia/Shanghai. */
  timeZone: string;
  /** Length of the period before `until`, in days. */
  days?: number;
}

const VOID_RATE = 0.01;
const REFUND_RATE = 0.01;
const RETAIL_RATE = 0.3;
/** A cashier voids a slip within minutes, before the batch is settled. */
const VOID_WINDOW_SECONDS = 20 * 60;
const REFUNDABLE_KEPT = 64;

interface Till {
  counter: TerminalCounter;
  operators: [string, string];
}

/** What the generator remembers of a sale so a void or refund can point at it. */
interface Sold {
  till: Till;
  at: number;
  day: string;
  batchNo: string;
  voucherNo: string;
  referenceNo: string | undefined;
  authCode: string | undefined;
  amount: number;
  card: CardInput | undefined;
  retail: boolean;
  voided: boolean;
  refunded: boolean;
}

interface Shop {
  profile: MerchantProfile;
  merchant: { id: string; name: string; nameEn?: string };
  tills: Till[];
  random: Random;
  slots: Iterator<Slot>;
  next: Slot | undefined;
  recent: Sold[];
  refundable: Sold[];
  sold: number;
}

function check(options: SeedOptions): Required<SeedOptions> {
  const { count, seed, until, timeZone, days = 30 } = options;
  if (!Number.isSafeInteger(count) || count < 0) throw new InputError('BAD_SEED_COUNT', `count must be a whole number ≥ 0 (got ${count})`, { hint: 'e.g. --count 10000' });
  if (!Number.isFinite(until)) throw new InputError('BAD_SEED_UNTIL', 'the end of the period is not a time', { hint: 'pass epoch milliseconds' });
  if (!(Number.isFinite(days) && days > 0 && days <= 3660)) throw new InputError('BAD_SEED_DAYS', `days must be between 0 and 3660 (got ${days})`, { hint: 'e.g. --days 30' });
  if (typeof seed !== 'string' && !Number.isFinite(seed)) throw new InputError('BAD_SEED', 'the seed must be a number or text', { hint: 'e.g. --seed 42' });
  formatInZone(until, timeZone);
  return { count, seed, until, timeZone, days };
}

/** Splits the count across merchants by share, largest remainders first, so it adds up exactly. */
function split(count: number): number[] {
  const exact = MERCHANTS.map((m) => m.share * count);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = count - out.reduce((s, n) => s + n, 0); k < left; k++) {
    const i = (order[k % order.length] as readonly [number, number])[1];
    out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}

/**
 * Reference numbers are an affine bijection of a running counter modulo 10¹², so they look
 * random yet never repeat within a seed (a repeat would make a refund find the wrong sale).
 */
function referenceNumbers(random: Random): () => string {
  const modulus = 1_000_000_000_000n;
  let multiplier = BigInt(random.int(100_000, 999_999)) * 1_000_003n;
  while (multiplier % 2n === 0n || multiplier % 5n === 0n) multiplier += 1n;
  const offset = BigInt(random.digits(12));
  let counter = 0n;
  return () => panFree(() => String((multiplier * counter++ + offset) % modulus).padStart(12, '0'));
}

function openShops(options: Required<SeedOptions>, root: Random): Shop[] {
  const identity = root.fork('identity');
  const from = Math.ceil((options.until - options.days * 86_400_000) / 1000);
  const calendar = new ZoneCalendar({ from, until: Math.ceil(options.until / 1000), timeZone: options.timeZone });
  const counts = split(options.count);
  const taken = new Set<string>();
  return MERCHANTS.map((profile, i) => {
    const tills: Till[] = [];
    while (tills.length < profile.terminals) {
      const id = `${identity.int(1, 9)}${identity.digits(7)}`;
      if (taken.has(id)) continue;
      taken.add(id);
      tills.push({ counter: new TerminalCounter(id), operators: ['01', '01'] });
    }
    // The journal exempts merchant.id from the card-number check, but a printed slip or a log
    // scanner may not: a Luhn-valid merchant no. would read as a 15-digit card number there.
    const merchantId = panFree(() => `898${profile.area}${profile.mcc}${identity.digits(4)}`);
    const merchant = { id: merchantId, name: profile.name, ...(profile.nameEn ? { nameEn: profile.nameEn } : {}) };
    const segments = calendar.segments(profile.hours, profile.weekend);
    const slots = arrivals(segments, counts[i] ?? 0, root.fork(`arrivals/${i}`), options.timeZone);
    const first = slots.next();
    return { profile, merchant, tills, random: root.fork(`content/${i}`), slots, next: first.done ? undefined : first.value, recent: [], refundable: [], sold: 0 };
  });
}

/**
 * Realistic demo transactions for `reissue seed`: eight Chinese and English merchants, bank
 * slips and retail receipts, a few voids and partial refunds, in time order. The same options
 * give the same sequence on every run; it is produced lazily, so any count fits in memory.
 * Different seeds give different merchant and terminal numbers, so several seeds can share
 * one journal; the same seed with a different period would reuse keys and conflict.
 */
export function generateSales(options: SeedOptions): Iterable<TransactionInput> {
  const checked = check(options);
  return run(checked);
}

function* run(options: Required<SeedOptions>): Generator<TransactionInput> {
  const root = new Random(`reissue-seed:${String(options.seed)}`);
  const nextReference = referenceNumbers(root.fork('references'));
  const shops = openShops(options, root);
  for (;;) {
    let shop: Shop | undefined;
    for (const candidate of shops) {
      if (candidate.next && (!shop?.next || candidate.next.at < shop.next.at)) shop = candidate;
    }
    const slot = shop?.next;
    if (!shop || !slot) return;
    yield transactionAt(shop, slot, nextReference);
    const step = shop.slots.next();
    shop.next = step.done ? undefined : step.value;
  }
}

function transactionAt(shop: Shop, slot: Slot, nextReference: () => string): TransactionInput {
  const roll = shop.random.next();
  if (roll < VOID_RATE) {
    const original = voidable(shop, slot);
    if (original) return voidOf(shop, slot, original, nextReference());
  } else if (roll < VOID_RATE + REFUND_RATE) {
    const original = refundable(shop);
    if (original) return refundOf(shop, slot, original, nextReference());
  }
  return sale(shop, slot, nextReference);
}

/** Keys and operator for the next transaction on a till; operators change at 15:00. */
function ring(shop: Shop, till: Till, slot: Slot) {
  if (till.counter.currentDay !== slot.day) {
    const staff = shop.profile.staff;
    const pick = () => String(shop.random.int(1, staff)).padStart(2, '0');
    till.operators = [pick(), pick()];
  }
  const keys = till.counter.next(slot.day);
  return { terminalId: till.counter.terminalId, operatorId: till.operators[slot.hour < 15 ? 0 : 1], ...keys };
}

function sale(shop: Shop, slot: Slot, nextReference: () => string): TransactionInput {
  const { random, profile } = shop;
  const till = random.pick(shop.tills);
  const keys = ring(shop, till, slot);
  const retail = random.chance(RETAIL_RATE);
  const tender = retail ? random.weighted(TENDERS) : 'card';
  const card = tender === 'card' ? maskedCard(random, profile.acquirer, profile.foreignCards) : undefined;
  const referenceNo = tender === 'cash' || tender === 'split' ? undefined : nextReference();
  const authCode = card && random.chance(0.9) ? random.digits(6) : undefined;
  const tx: TransactionInput = { kind: 'sale', merchant: { ...shop.merchant }, ...keys, occurredAt: slot.occurredAt, amount: '', currency: 'CNY' };
  let amount: number;
  if (retail) {
    const goods = basket(random, profile);
    amount = goods.total;
    tx.store = { ...profile.store };
    tx.receiptNo = `${profile.receiptPrefix}${slot.day.replace(/-/g, '')}-${keys.voucherNo}`;
    tx.items = goods.items;
    if (goods.discounts) tx.discounts = goods.discounts;
    const giftCard = `${profile.english ? 'Gift card' : '储值卡'} ****${random.digits(4)}`;
    tx.payments = payments(random, tender, amount, slot.day, giftCard);
  } else {
    amount = slipAmount(random, profile);
  }
  tx.amount = yuan(amount);
  if (referenceNo) tx.referenceNo = referenceNo;
  if (authCode) tx.authCode = authCode;
  if (card) tx.card = card;
  remember(shop, { till, at: slot.at, day: slot.day, batchNo: keys.batchNo, voucherNo: keys.voucherNo, referenceNo, authCode, amount, card, retail, voided: false, refunded: false });
  return tx;
}

function remember(shop: Shop, sold: Sold): void {
  shop.recent.push(sold);
  if (shop.recent.length > 8) shop.recent.shift();
  shop.sold++;
  if (!sold.referenceNo) return;
  // Reservoir sampling: any earlier sale is equally likely to come back for a refund.
  if (shop.refundable.length < REFUNDABLE_KEPT) shop.refundable.push(sold);
  else if (shop.random.next() * shop.sold < REFUNDABLE_KEPT) shop.refundable[shop.random.int(0, REFUNDABLE_KEPT - 1)] = sold;
}

/** The newest sale a cashier could still void: same day and batch, minutes ago, untouched. */
function voidable(shop: Shop, slot: Slot): Sold | undefined {
  for (let i = shop.recent.length - 1; i >= 0; i--) {
    const s = shop.recent[i] as Sold;
    if (s.voided || s.refunded || s.day !== slot.day || slot.at - s.at > VOID_WINDOW_SECONDS) continue;
    if (s.till.counter.batchNo !== s.batchNo || s.till.counter.atWrap) continue;
    return s;
  }
  return undefined;
}

function refundable(shop: Shop): Sold | undefined {
  if (shop.refundable.length === 0) return undefined;
  const i = shop.random.int(0, shop.refundable.length - 1);
  const s = shop.refundable[i] as Sold;
  // Taken out either way: a refunded sale is not refunded twice, a voided one never is.
  shop.refundable[i] = shop.refundable[shop.refundable.length - 1] as Sold;
  shop.refundable.pop();
  return s.voided || s.refunded ? undefined : s;
}

function voidOf(shop: Shop, slot: Slot, original: Sold, referenceNo: string): TransactionInput {
  original.voided = true;
  const keys = ring(shop, original.till, slot);
  const tx: TransactionInput = { kind: 'void', merchant: { ...shop.merchant }, ...keys, referenceNo, occurredAt: slot.occurredAt, amount: yuan(original.amount), currency: 'CNY' };
  if (original.retail) tx.store = { ...shop.profile.store };
  if (original.authCode) tx.authCode = original.authCode;
  if (original.card) tx.card = { ...original.card };
  tx.original = { voucherNo: original.voucherNo };
  return tx;
}

function refundOf(shop: Shop, slot: Slot, original: Sold, referenceNo: string): TransactionInput {
  original.refunded = true;
  const { random, profile } = shop;
  const part = Math.floor((original.amount * random.int(10, 90)) / 1000) * 10;
  const amount = Math.min(Math.max(part, 10), original.amount);
  const keys = ring(shop, random.pick(shop.tills), slot);
  const tx: TransactionInput = { kind: 'refund', merchant: { ...shop.merchant }, ...keys, referenceNo, occurredAt: slot.occurredAt, amount: yuan(amount), currency: 'CNY' };
  if (original.retail) tx.store = { ...profile.store };
  if (original.card) tx.card = { ...original.card };
  tx.original = { referenceNo: original.referenceNo };
  tx.note = profile.english ? 'Partial refund' : '部分退货';
  return tx;
}
