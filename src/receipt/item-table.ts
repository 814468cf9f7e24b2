import { formatMoney, parseMoney, type TransactionItem } from '../core/index.js';
import { negative } from './format.js';
import { RETAIL, retailLabel, type ReceiptLanguage } from './labels.js';
import type { ReceiptLines } from './receipt-lines.js';
import { displayWidth, padText, sanitizeText, wrapText } from './width.js';

interface Column {
  width: number;
  cell: (item: TransactionItem) => string;
}

/** Below this the name column would hold only a few characters: names go on their own line. */
const MIN_NAME_WIDTH = 8;

/** The quantity × unit price before the item's own discount, which is printed below it. */
function grossAmount(item: TransactionItem, currency: string): string {
  if (item.discount === undefined) return item.amount;
  return formatMoney({ minor: parseMoney(item.amount, currency).minor + parseMoney(item.discount, currency).minor, currency });
}

/**
 * Item lines in aligned columns (name, [unit price,] quantity, amount). Column widths follow
 * the widest value, so a long amount never pushes a column out of line; names wrap inside
 * their column, and the amount column ends at the paper's edge like the totals below it.
 */
export function layoutItemTable(out: ReceiptLines, items: readonly TransactionItem[], language: ReceiptLanguage, currency: string): void {
  const headerRows = language === 'bilingual' ? (['zh', 'en'] as const) : ([language] as const);
  const headerWidth = (l: { zh: string; en: string }) => Math.max(...headerRows.map((lang) => displayWidth(l[lang])));
  const widest = (values: string[], header: { zh: string; en: string }, min: number) =>
    Math.max(min, headerWidth(header), ...values.map(displayWidth));

  const gap = out.columns >= 42 ? 2 : 1;
  const amounts = items.flatMap((i) => [grossAmount(i, currency), ...(i.discount ? [negative(i.discount)] : [])]);
  const quantity: Column = { width: widest(items.map((i) => i.quantity), RETAIL.quantity, 4), cell: (i) => i.quantity };
  const amount: Column = { width: widest(amounts, RETAIL.lineAmount, 8), cell: (i) => grossAmount(i, currency) };
  const price: Column = { width: widest(items.map((i) => i.unitPrice), RETAIL.unitPrice, 7), cell: (i) => i.unitPrice };
  const withPrice = out.columns >= 42 ? [price, quantity, amount] : [quantity, amount];
  const fixed = (cols: Column[]) => cols.reduce((sum, c) => sum + c.width + gap, 0);
  const numeric = out.columns - fixed(withPrice) >= MIN_NAME_WIDTH ? withPrice : [quantity, amount];
  const nameWidth = out.columns - fixed(numeric);
  const labels = numeric.length === 3 ? [RETAIL.unitPrice, RETAIL.quantity, RETAIL.lineAmount] : [RETAIL.quantity, RETAIL.lineAmount];
  const cells = (values: string[]) => values.map((v, i) => ' '.repeat(gap) + padText(v, numeric[i]?.width ?? 0, 'right')).join('');

  if (nameWidth >= MIN_NAME_WIDTH) {
    for (const lang of headerRows) out.wrapped(padText(RETAIL.item[lang], nameWidth) + cells(labels.map((l) => l[lang])));
  } else {
    for (const lang of headerRows) out.justified(RETAIL.item[lang], labels.map((l) => l[lang]).join(' '));
  }

  const discountLabel = `  ${retailLabel(RETAIL.itemDiscount, language)}`;
  for (const item of items) {
    const values = cells(numeric.map((c) => c.cell(item)));
    if (nameWidth >= MIN_NAME_WIDTH) {
      const [first = '', ...rest] = wrapText(sanitizeText(item.name), nameWidth);
      out.wrapped(padText(first, nameWidth) + values);
      for (const line of rest) out.wrapped(line);
    } else {
      out.wrapped(sanitizeText(item.name));
      out.wrapped(values.trimStart(), { align: 'right' });
    }
    if (item.discount !== undefined) out.justified(discountLabel, negative(item.discount));
  }
}
