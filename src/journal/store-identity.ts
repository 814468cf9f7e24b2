/**
 * A journal's store id: the shop it belongs to in a chain of shops. It is set once, as a
 * hashed `store.identified` event in the journal's own "store" chain, so it is part of the
 * record (a backup, a verify and head office all see it) and can never quietly change; head
 * office files the shop's events under it.
 */
export const STORE_CHAIN = 'store';
export const StoreEventTypes = { identified: 'store.identified' } as const;

export interface StoreIdentifiedPayload {
  storeId: string;
  /** ISO 8601 UTC, when it was set. */
  at: string;
}

export { parseStoreId } from '../core/index.js';
