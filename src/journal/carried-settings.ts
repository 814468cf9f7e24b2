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

/**
 * Puts carried settings into a journal (`overwrite`: also over ones it has); anything but
 * a carried setting is left out, whoever sent it. Returns the keys written.
 */
export async function takeSettings(to: Pick<JournalStore, 'getMeta' | 'setMeta'>, entries: readonly (readonly [string, string])[], overwrite: boolean): Promise<string[]> {
  const written: string[] = [];
  for (const [key, value] of entries) {
    const carried = (CARRIED_META as readonly string[]).includes(key) || CARRIED_META_PREFIXES.some((prefix) => key.startsWith(prefix));
    if (!carried || typeof value !== 'string') continue;
    if (overwrite || (await to.getMeta(key)) === undefined) {
      await to.setMeta(key, value);
      written.push(key);
    }
  }
  return written;
}

