import { InputError } from '../core/index.js';
import type { Journal } from './journal.js';

/** The store's time zone and currency: searches, reports and receipts read times in it. */
export interface StoreSettings {
  timeZone: string;
  currency: string;
}

/**
 * The journal's settings, written on first use from `defaults` (with the journal's
 * creation time); an existing journal keeps its own.
 */
export async function storeSettings(journal: Journal, defaults: StoreSettings & { now: number }): Promise<StoreSettings> {
  let timeZone = await journal.meta('timeZone');
  let currency = await journal.meta('currency');
  if (!timeZone) {
    timeZone = defaults.timeZone;
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw new InputError('BAD_TIME_ZONE', `unknown time zone "${timeZone}"`, { hint: 'use an IANA name such as Asia/Shanghai', context: { timeZone } });
    }
    await journal.setMeta('timeZone', timeZone);
    await journal.setMeta('createdAt', new Date(defaults.now).toISOString());
  }
  if (!currency) {
    currency = defaults.currency;
    await journal.setMeta('currency', currency);
  }
  return { timeZone, currency };
}
