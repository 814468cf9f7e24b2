import { NotFoundError } from '../core/index.js';
import { WITHDRAWN_LINKS_META, type Journal } from '../journal/index.js';
import type { ReceiptLink } from './signing.js';

/**
 * Withdrawing a sale's e-receipt links (sent to the wrong customer, say): every link of the
 * sale made until then stops opening; links made later open. The time is kept in the journal's
 * settings by store and sale (read on every opening; a restore carries them); the withdrawal itself is journaled.
 */
const keyOf = (store: string, saleId: string) => `${WITHDRAWN_LINKS_META}${store} ${saleId}`;

export async function withdrawLinks(journal: Journal, store: string, saleId: string, at: number): Promise<void> {
  await journal.setMeta(keyOf(store, saleId), String(at));
}

/** E_RECEIPT_WITHDRAWN when the link was made before its sale's links were withdrawn (a link from before links said when they were made: any withdrawal). */
export async function refuseWithdrawn(journal: Journal, store: string, link: Pick<ReceiptLink, 'saleId' | 'issuedAt'>): Promise<void> {
  const withdrawn = await journal.meta(keyOf(store, link.saleId));
  if (withdrawn === undefined || (link.issuedAt !== undefined && link.issuedAt > Number(withdrawn))) return;
  throw new NotFoundError('E_RECEIPT_WITHDRAWN', 'the shop has withdrawn this receipt link', { hint: 'ask the shop for a new link' });
}
