import { InputError } from '../core/index.js';
import type { Journal } from './journal.js';

/** The store's time zone and currency: searches, reports and receipts read times in it. */
export interface StoreSettings {
  timeZone: string;
  currency: string;
}

/**
 * The journal's settings, written on first use from `defaults` (with the journal's
 * creation time); an existing journal keeps its own. With `write: false` (a journal opened
 * read-only) missing ones are taken from `defaults` and not written.
 */
export async function storeSettings(journal: Journal, defaults: StoreSettings & { now: number }, options: { write?: boolean } = {}): Promise<StoreSettings> {
  const write = options.write ?? true;
  let timeZone = await journal.meta('timeZone');
  let currency = await journal.meta('currency');
  if (!timeZone) {
    timeZone = defaults.timeZone;
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw new InputError('BAD_TIME_ZONE', `unknown time zone "${timeZone}"`, { hint: 'use an IANA name such as Asia/Shanghai', context: { timeZone } });
    }
    if (write) {
      await journal.setMeta('timeZone', timeZone);
      await journal.setMeta('createdAt', new Date(defaults.now).toISOString());
    }
  }
  if (!currency) {
    currency = defaults.currency;
    if (write) await journal.setMeta('currency', currency);
  }
  return { timeZone, currency };
}
