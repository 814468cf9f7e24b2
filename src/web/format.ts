/** Times and amounts as the pages show them. Money is never a float here either. */

const ZONE_KEY = 'reissue.zone';

function storedZone(): string | undefined {
  try {
    return localStorage.getItem(ZONE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

let storeZone: string | undefined = storedZone();

/**
 * The store's IANA zone, once a page has learned it (the day report carries it; no API
 * answer every role can read does), remembered for the other pages.
 */
export function setStoreZone(zone: string | undefined): void {
  if (!zone) return;
  storeZone = zone;
  try {
    localStorage.setItem(ZONE_KEY, zone);
  } catch {
    // private mode
  }
}

/** A sale's own local time, as printed on the receipt: "2026-11-27 14:32:05". */
export function saleTime(occurredAt: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/.exec(occurredAt);
  return match ? `${match[1]} ${match[2]}` : occurredAt;
}

/** An instant (ISO 8601 or epoch ms) in the store's zone (the browser's until known). */
export function instant(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const parts = new Intl.DateTimeFormat('en-CA', {
    ...(storeZone ? { timeZone: storeZone } : {}),
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** "CNY 128.50" from the journal's decimal string. */
export function money(amount: string, currency: string): string {
  return `${currency} ${amount}`;
}

function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "CNY 1,234.50" from integer minor units (exact: string arithmetic, no float division). */
export function minor(amountMinor: number, currency: string): string {
  const digits = fractionDigits(currency);
  const negative = amountMinor < 0;
  const text = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
  return `${negative ? '-' : ''}${currency} ${whole}${fraction}`;
}

/** Metres of paper from millimetres. */
export function metres(mm: number): string {
  return `${(mm / 1000).toFixed(2)} m`;
}

/** A store-local "YYYY-MM-DD HH:MM" for the API from a datetime-local value ("YYYY-MM-DDTHH:MM"). */
export function localForApi(value: string): string {
  return value.replace('T', ' ');
}

/** Today (or now) in the browser's clock, as the inputs want it. */
export function todayInput(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
