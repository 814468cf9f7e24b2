import type { Block, ReceiptDocument, TextBlock } from './document.js';
import { displayWidth, padText } from './width.js';

/** What an e-receipt says it is, top and bottom, in every format: a copy sent by link, not the paper the shop printed. */
export const E_RECEIPT_MARK = '电子凭证 · E-RECEIPT';

function band(columns: number): TextBlock {
  const text = displayWidth(E_RECEIPT_MARK) <= columns ? E_RECEIPT_MARK : '电子凭证·E-RECEIPT';
  return { type: 'text', runs: [{ text: padText(text, columns, 'center'), style: { bold: true, invert: true } }] };
}

/**
 * The customer's e-receipt marked as one: a white-on-black band above the receipt and below
 * it (before its cut), so a printout of the link's page or PDF does not pass for the original
 * the shop printed. The receipt itself is unchanged between the bands; it opens no drawer.
 */
export function markEReceipt(doc: ReceiptDocument): ReceiptDocument {
  const body = doc.blocks.filter((b) => b.type !== 'drawer');
  const cut = body.findIndex((b) => b.type === 'cut');
  const blocks: Block[] = cut < 0 ? [band(doc.columns), ...body, band(doc.columns)] : [band(doc.columns), ...body.slice(0, cut), band(doc.columns), ...body.slice(cut)];
  return { ...doc, blocks };
}
