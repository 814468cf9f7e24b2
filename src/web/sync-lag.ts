/**
 * How far head office is behind this shop, from /health: events not yet sent and when the
 * last round got through. The shop never waits for head office; this says how long it has
 * been on its own. Nothing shows when the shop does not send to a head office.
 */
import { instant } from './format.js';
import { t } from './i18n.js';

export interface SyncLag {
  pending: number;
  lastSuccessAt: number | null;
  lastError: string | null;
}

export async function readSyncLag(): Promise<SyncLag | undefined> {
  const response = await fetch('/health', { headers: { Accept: 'application/json' } });
  const body = (await response.json()) as { sync?: SyncLag };
  return body.sync;
}

/** One line for staff (no codes): what is waiting, since when, and whether the last try failed. */
export function syncLagText(lag: SyncLag): string {
  const since = lag.lastSuccessAt === null ? t('sync.never') : instant(lag.lastSuccessAt);
  const said = lag.pending === 0 ? t('sync.allSent', { time: since }) : t('sync.pending', { n: lag.pending, time: since });
  return lag.lastError === null ? said : `${said} ${t('sync.failing')}`;
}
