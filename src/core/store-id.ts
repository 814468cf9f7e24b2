import { containsPan } from './card.js';
import { InputError } from './errors.js';

const STORE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** A store id as people type it: 1–32 letters, digits, "-" or "_", starting with a letter or digit; never a card number. */
export function parseStoreId(text: string): string {
  const id = text.trim();
  // A store id is never a sale id: one in that shape is read as the digits it holds.
  const pan = containsPan(id, { saleIds: 'never' });
  if (!STORE_ID.test(id) || pan) {
    throw new InputError('BAD_STORE_ID', `"${pan ? id.replace(/\d/g, '#') : id.slice(0, 40)}" is not a store id`, {
      hint: 'use 1–32 letters, digits, "-" or "_", starting with a letter or digit, e.g. SH-001',
      context: { value: pan ? '' : id.slice(0, 40) },
    });
  }
  return id;
}

/** "SH-001,SH-002" → each store id checked, in order, once (an empty item is BAD_STORE_ID). */
export function parseStoreList(text: string): string[] {
  return [...new Set(text.split(',').map(parseStoreId))];
}
