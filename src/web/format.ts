/**
 * Times and amounts as the pages show them, with the server's own formatters (src/core):
 * money is never a float here either, and times are the store's wall clock.
 */
import { displayMoney, formatInZone, parseMoney, zonedLocalToUtc } from '../core/index.js';

const ZONE_KEY = 'reissue.zone';

function storedZone(): string | undefined {
  try {
    return localStorage.getItem(ZONE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

let storeZone: string | undefined = storedZone();

/** The store's IANA zone, learned at sign-in (or from the day report), remembered for the other pages. */
export function setStoreZone(zone: string | undefined): void {
  if (!zone) return;
  storeZone = zone;
  try {
    localStorage.setItem(ZONE_KEY, zone);
  } catch {
    // private mode
  }
}

/** The store's zone, else the browser's. */
export function zone(): string {
  return storeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A sale's own local time, as printed on the receipt: "2026-11-27 14:32:05". */
export function saleTime(occurredAt: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/.exec(occurredAt);
  return match ? `${match[1]} ${match[2]}` : occurredAt;
}

/** Epoch ms of a sale's time (journaled with its UTC offset). */
export function saleInstant(occurredAt: string): number {
  return Date.parse(occurredAt);
}

/** An instant (ISO 8601 or epoch ms) in the store's zone: "2026-11-27 14:32:05". */
export function instant(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(ms) ? String(value) : formatInZone(ms, zone());
}

/** "CNY 128.50" from the journal's decimal string. */
export function money(amount: string, currency: string): string {
  return displayMoney(parseMoney(amount, currency));
}

/** "CNY 1,234.50" from integer minor units (totals). */
export function minor(amountMinor: number, currency: string): string {
  return displayMoney({ minor: amountMinor, currency }, { grouped: true });
}

/** Metres of paper from millimetres. */
export function metres(mm: number): string {
  return `${(mm / 1000).toFixed(2)} m`;
}

/** Store-local "YYYY-MM-DD HH:MM" → epoch ms (throws InputError BAD_TIME for nonsense). */
export function storeLocal(text: string, now = Date.now()): number {
  return zonedLocalToUtc(text, zone(), now);
}

/** A store-local "YYYY-MM-DD HH:MM" for the API from a datetime-local value ("YYYY-MM-DDTHH:MM"). */
export function localForApi(value: string): string {
  return value.replace('T', ' ');
}

/** Today's date in the store's zone, as a date input wants it ("YYYY-MM-DD"). */
export function todayInput(now = Date.now()): string {
  return formatInZone(now, zone()).slice(0, 10);
}
