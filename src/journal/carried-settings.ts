import { IntegrityError, ReissueError, assertSafeInput } from '../core/index.js';
import type { JournalStore } from './store.js';

/**
 * Settings a copy of a journal carries over (a backup; the settings a shop seals for head
 * office): the zone and currency, and the key every verification code and e-receipt link was
 * signed with. A restore puts them only into a journal that has none; the rest of meta
 * belongs to the journal it was made from.
 */
const CARRIED_META = ['timeZone', 'currency', 'createdAt', 'verificationKey'] as const;
/** Settings kept one per key under these prefixes: e-receipt links withdrawn, by store and sale (server/e-receipt-withdrawal). */
export const WITHDRAWN_LINKS_META = 'eReceiptsWithdrawn ';
const CARRIED_META_PREFIXES = [WITHDRAWN_LINKS_META] as const;

/** The settings a copy of the journal carries (CARRIED_META and the keys under its prefixes), as they stand. */
export async function carriedSettings(from: Pick<JournalStore, 'getMeta' | 'metaStartingWith'>): Promise<[string, string][]> {
  const carried: [string, string][] = [];
  for (const key of CARRIED_META) {
    const value = await from.getMeta(key);
    if (value !== undefined) carried.push([key, value]);
  }
  for (const prefix of CARRIED_META_PREFIXES) carried.push(...(await from.metaStartingWith(prefix)));
  return carried;
}

/** A withdrawn-link key after its prefix: the store ('' for the journal's own) and the sale id (e-receipt-withdrawal keyOf). */
const WITHDRAWN_LINK = /^((?:[A-Za-z0-9][A-Za-z0-9_-]{0,31})?) ([0-9A-Za-z]{8}-\d{6}-\d{6})$/;
const CREATED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;
/** Hex of 32 random bytes, as every build has made it. */
const VERIFICATION_KEY = /^[0-9a-f]{64}$/;
/**
 * When a sale's links were withdrawn (epoch ms), between 2000 and 2090: 12 or 13 digits, the
 * 13 starting 1–3, where no network issues a 13-digit card (card-networks). A genuine time
 * passes even where its digits pass Luhn, as one in ten does, which the gate would refuse.
 */
const WITHDRAWN_FROM = Date.UTC(2000, 0, 1);
const WITHDRAWN_BEFORE = Date.UTC(2090, 0, 1);

/** Why a carried setting's value is not one Reissue writes under its key, or undefined. */
function valueFault(key: string, value: string): string | undefined {
  switch (key) {
    case 'timeZone':
      try {
        new Intl.DateTimeFormat('en', { timeZone: value });
        return /^[A-Za-z0-9_+\-/]{1,64}$/.test(value) ? undefined : 'its value is not a time zone name';
      } catch {
        return 'its value is not a time zone name';
      }
    case 'currency':
      return /^[A-Z]{3}$/.test(value) ? undefined : 'its value is not a three-letter currency code';
    case 'createdAt':
      return CREATED_AT.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'its value is not an ISO 8601 time';
    case 'verificationKey':
      return VERIFICATION_KEY.test(value) ? undefined : 'its value is not a key Reissue makes';
    default: {
      const ms = /^\d{12,13}$/.test(value) ? Number(value) : Number.NaN;
      return ms >= WITHDRAWN_FROM && ms < WITHDRAWN_BEFORE ? undefined : 'its value is not a time in milliseconds';
    }
  }
}

/** A key as an error may show it: its digits and anything unprintable hidden, never a card number. */
const shownKey = (key: string) => key.slice(0, 80).replace(/\p{Nd}/gu, '#').replace(/[^\p{L}#._ -]/gu, '?');

/**
 * Every carried setting checked as the journal's door would check it before any is taken: a
 * key Reissue carries in the shape it writes it, a value of that key's shape, no card number
 * in either. A copy handed over (a backup, the settings head office keeps) holds them
 * unhashed, so whoever edited one could hide a card number in a key or value. A key's sale id
 * whose digits read as a card number (one real id in eight, by accident) passes only when
 * `hasSale` finds that sale. BACKUP_CONTENT_REFUSED names the first setting refused, never
 * what it holds.
 */
export async function checkCarriedSettings(entries: readonly (readonly [string, string])[], hasSale: (saleId: string) => Promise<boolean>): Promise<void> {
  for (const [key, value] of entries) {
    const fault = await settingFault(key, value, hasSale);
    if (fault === undefined) continue;
    const setting = shownKey(String(key));
    throw new IntegrityError('BACKUP_CONTENT_REFUSED', `the carried setting "${setting}" is refused: ${fault}; nothing was restored`, {
      hint: 'restore from another backup: this one was not written by Reissue as it is',
      context: { setting, why: fault, rule: 'carried-setting' },
    });
  }
}

async function settingFault(key: unknown, value: unknown, hasSale: (saleId: string) => Promise<boolean>): Promise<string | undefined> {
  if (typeof key !== 'string' || typeof value !== 'string') return 'it is not text';
  try {
    if ((CARRIED_META as readonly string[]).includes(key)) {
      // The receipt key is random hex, a run of whose digits the gate reads as a card number in one key of two hundred: its shape (hex) is what is checked.
      if (key !== 'verificationKey') assertSafeInput(value, { saleIds: 'never' });
    } else {
      const link = key.startsWith(WITHDRAWN_LINKS_META) ? WITHDRAWN_LINK.exec(key.slice(WITHDRAWN_LINKS_META.length)) : null;
      if (!link) return 'it is not a setting Reissue carries';
      const saleId = link[2] as string;
      assertSafeInput(link[1], { saleIds: 'never' });
      let hiding = false;
      // The sale id is read as a whole, as the journal's door read it when the sale was recorded.
      assertSafeInput(saleId, { idHidingCardNumber: () => (hiding = true) });
      if (hiding && !(await hasSale(saleId))) return 'it holds a full card number';
    }
  } catch (error) {
    if (error instanceof ReissueError) return error.code === 'FORBIDDEN_CHARACTER' ? 'it holds a character no text may hold' : 'it holds a full card number';
    throw error;
  }
  return valueFault(key, value);
}

/**
 * Puts carried settings into a journal (`overwrite`: also over ones it has), each checked
 * first (checkCarriedSettings, a sale id looked up in the journal they go into): one refused
 * refuses them all, none written. Returns the keys written.
 */
export async function takeSettings(to: Pick<JournalStore, 'getMeta' | 'setMeta' | 'transactionsById'>, entries: readonly (readonly [string, string])[], overwrite: boolean): Promise<string[]> {
  await checkCarriedSettings(entries, async (saleId) => (await to.transactionsById(saleId, undefined, 1)).length > 0);
  const written: string[] = [];
  for (const [key, value] of entries) {
    if (overwrite || (await to.getMeta(key)) === undefined) {
      await to.setMeta(key, value);
      written.push(key);
    }
  }
  return written;
}
