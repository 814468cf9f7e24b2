import { InputError, containsPan } from '../core/index.js';

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

const STORE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** A store id as people type it: 1–32 letters, digits, "-" or "_", starting with a letter or digit; never a card number. */
export function parseStoreId(text: string): string {
  const id = text.trim();
  if (!STORE_ID.test(id) || containsPan(id)) {
    throw new InputError('BAD_STORE_ID', `"${containsPan(id) ? id.replace(/\d/g, '#') : id.slice(0, 40)}" is not a store id`, {
      hint: 'use 1–32 letters, digits, "-" or "_", starting with a letter or digit, e.g. SH-001',
      context: { value: containsPan(id) ? '' : id.slice(0, 40) },
    });
  }
  return id;
}
