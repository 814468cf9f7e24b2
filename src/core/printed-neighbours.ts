import { InputError } from './errors.js';
import { formatMoney, parseMoney } from './money.js';
import { scanNormalised } from './pan-scan.js';
import { normaliseForScan } from './scan-text.js';
import type { Transaction } from './transaction.js';

/*
 * The gate reads each field of a sale on its own, but a receipt prints some of them one under
 * the other with nothing but spaces and line breaks between: the store's name over its address,
 * the merchant's name over its English name, an item's name beside its prices. Two fields of 8
 * digits each pass the gate and print as "4539 1488 / 0343 6467", a card number on paper, in
 * the preview and in every reprint. So the values the layouts (src/receipt: retail-receipt.ts,
 * item-table.ts, bank-slip.ts) print next to each other are read again together, joined by a
 * line break as on paper. A label between two values (letters) ends the reading, as it does
 * on paper; a value printed only on one paper width or language is read in each order it prints in.
 */

/** One value as a receipt prints it, and the field it comes from; `free` for text the sender wrote (a name, an address), the ones the check starts from. */
interface Printed {
  path: string;
  text: string;
  free?: boolean;
}

/** Values printed in a row with no label between them. */
type Stretch = Printed[];

const hasDigit = (text: string) => /\p{Nd}|[〇〡-〩]/u.test(text);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** The members of a list that are objects: head office reads what a shop wrote, which may be anything. */
const objects = <T>(value: readonly T[] | undefined): T[] => (Array.isArray(value) ? value.filter((v) => v !== null && typeof v === 'object') : []);
const negative = (amount: unknown) => {
  const text = String(amount ?? '');
  return text.startsWith('-') ? text.slice(1) : `-${text}`;
};

/** An amount as the item table prints it (before the item's own discount); the amount as it is when it cannot be read. */
function grossAmount(amount: string, discount: string | undefined, currency: string): string {
  if (discount === undefined) return amount;
  try {
    return formatMoney({ minor: parseMoney(amount, currency).minor + parseMoney(discount, currency).minor, currency });
  } catch {
    return amount;
  }
}

/**
 * The stretches of a sale's receipts: the shop receipt (store header; items with or without the
 * unit price column; subtotal and discounts; total and tax; each payment's last amount and its
 * reference) and the bank slip (merchant name and English name; the last original no. and the note).
 */
function stretchesOf(tx: Transaction): Stretch[] {
  const out: Stretch[] = [];
  const store = tx.store;
  const header = store ? { path: 'store.name', text: str(store.name) } : { path: 'merchant.name', text: str(tx.merchant?.name) };
  out.push(
    [
      { path: header.path, text: header.text ?? '', free: true },
      { path: 'store.address', text: str(store?.address) ?? '', free: true },
    ],
    [
      { path: 'merchant.name', text: str(tx.merchant?.name) ?? '', free: true },
      { path: 'merchant.nameEn', text: str(tx.merchant?.nameEn) ?? '', free: true },
    ],
  );

  const items = objects(tx.items);
  const currency = str(tx.currency) ?? '';
  for (const withPrice of [true, false]) {
    let run: Stretch = [];
    items.forEach((item, i) => {
      run.push({ path: `items[${i}].name`, text: str(item.name) ?? '', free: true });
      if (withPrice) run.push({ path: `items[${i}].unitPrice`, text: str(item.unitPrice) ?? '' });
      run.push({ path: `items[${i}].quantity`, text: String(item.quantity) }, { path: `items[${i}].amount`, text: grossAmount(item.amount, item.discount, currency) });
      // The item's discount line starts with its label: what follows its amount is the next item.
      if (item.discount !== undefined) {
        out.push(run);
        run = [{ path: `items[${i}].discount`, text: negative(item.discount) }];
      }
    });
    out.push(run);
  }

  const discounts = objects(tx.discounts);
  if (discounts.length > 0) {
    const subtotal = items.length > 0 ? [{ path: 'items', text: sumOf(items.map((i) => i.amount), currency) }] : [];
    out.push([...subtotal, ...discounts.flatMap((d, i) => [{ path: `discounts[${i}].name`, text: str(d.name) ?? '', free: true }, { path: `discounts[${i}].amount`, text: negative(d.amount) }])]);
  }
  const tax = objects(tx.tax);
  if (tax.length > 0) {
    const lines = tax.flatMap((t, i) => [{ path: `tax[${i}].name`, text: t.rate === undefined ? t.name : `${t.name} ${t.rate}`, free: true }, { path: `tax[${i}].amount`, text: t.amount }]);
    out.push([{ path: 'amount', text: str(tx.amount) ?? '' }, ...lines]);
  }
  objects(tx.payments).forEach((p, i) => {
    if (p.reference === undefined) return;
    const [last, text] = p.change !== undefined ? ['change', p.change] : p.tendered !== undefined ? ['tendered', p.tendered] : ['amount', p.amount];
    out.push([
      { path: `payments[${i}].${last}`, text },
      { path: `payments[${i}].reference`, text: p.reference, free: true },
    ]);
  });

  const original = tx.original !== null && typeof tx.original === 'object' ? tx.original : undefined;
  const lastOriginal = original?.referenceNo !== undefined ? 'referenceNo' : original?.voucherNo !== undefined ? 'voucherNo' : original?.batchNo !== undefined ? 'batchNo' : undefined;
  if (lastOriginal && original) {
    out.push([
      { path: `original.${lastOriginal}`, text: str(original[lastOriginal]) ?? '' },
      { path: 'note', text: str(tx.note) ?? '', free: true },
    ]);
  }
  return out;
}

function sumOf(amounts: readonly string[], currency: string): string {
  try {
    return formatMoney({ minor: amounts.reduce((sum, a) => sum + parseMoney(a, currency).minor, 0), currency });
  } catch {
    return '';
  }
}

/**
 * The fields of a stretch that print a card number together, or undefined. Read only when a
 * text the sender wrote holds a digit and a value next to it does too: most sales have none.
 */
function cardNumberAcross(stretch: Stretch): string[] | undefined {
  const digits = stretch.map((p) => hasDigit(p.text));
  const starts = stretch.some((p, k) => p.free && digits[k] && (digits[k - 1] || digits[k + 1]));
  if (!starts) return undefined;
  // Each value normalised on its own and joined by the line break a receipt puts between them,
  // so that an offset of the scan says which value its digit came from.
  let text = '';
  const ends: number[] = [];
  for (const p of stretch) {
    text += `${normaliseForScan(p.text)}\n`;
    ends.push(text.length);
  }
  let found: number[] | undefined;
  // No field of a sale holds a sale id, so 8-6-6 digit groups are read like any others.
  scanNormalised(text, (offsets) => ((found = offsets), true), { saleIds: 'never' });
  if (!found) return undefined;
  const members = new Set(found.map((o) => ends.findIndex((end) => o < end)));
  // A number inside one value is the gate's to refuse, by that value's path.
  if (members.size < 2) return undefined;
  return [...members].sort((a, b) => a - b).map((k) => stretch[k]?.path ?? '');
}

/**
 * Refuses a sale whose receipt would print a card number across fields that each passed the
 * gate: PAN_NOT_MASKED, naming the fields (first and last in `path` and `with`, all in `fields`).
 */
export function checkPrintedNeighbours(tx: Transaction, outcome = 'nothing was recorded'): void {
  for (const stretch of stretchesOf(tx)) {
    const fields = cardNumberAcross(stretch);
    if (!fields) continue;
    const [first = '', last = ''] = [fields[0], fields[fields.length - 1]];
    // The gate's code and hint; the message says why a field that holds no card number on its own is refused.
    throw new InputError('PAN_NOT_MASKED', `${fields.join(', ')} print next to each other on the receipt and together read as a full card number; ${outcome}`, {
      hint: 'send only a masked number such as "622588******4242" or the last four digits "4242"',
      context: { path: first, with: last, fields, rule: 'printed-together' },
    });
  }
}
