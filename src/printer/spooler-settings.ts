import { ConfigError } from '../core/index.js';

/** How the spooler behaves; every duration in milliseconds. */
export interface SpoolerSettings {
  /** A job not printed this long after it was queued expires instead of printing a stale receipt. */
  expireAfterMs: number;
  /** First wait after a failure before any byte was sent (refused, connect timeout); doubles up to retryMaxMs. */
  retryInitialMs: number;
  retryMaxMs: number;
  /** Consecutive such failures after which a printer's jobs go to its backup. */
  failoverAfter: number;
  /** How long the completion answer may take once the data is sent. */
  ackTimeoutMs: number;
  /** How often a held printer's status is read. */
  statusPollMs: number;
  /** Paper (mm) after which the print head is due for cleaning. */
  cleanEveryMm: number;
  /**
   * A job another process left in sending/awaiting-ack without touching it for this long is
   * taken for abandoned (that process died) and becomes unknown. Live spoolers touch theirs
   * every third of it, so two spoolers sharing a journal never declare each other's jobs.
   */
  inFlightLeaseMs: number;
  /** An idle printer's connection is kept this long for the next job, then closed. */
  idleCloseMs: number;
}

export const DEFAULT_SPOOLER_SETTINGS: Readonly<SpoolerSettings> = Object.freeze({
  expireAfterMs: 10 * 60_000,
  retryInitialMs: 1_000,
  retryMaxMs: 30_000,
  failoverAfter: 3,
  ackTimeoutMs: 30_000,
  statusPollMs: 1_000,
  cleanEveryMm: 150_000,
  inFlightLeaseMs: 30_000,
  idleCloseMs: 2_000,
});

/** Defaults overlaid with `given`; a value that makes no sense is a ConfigError naming it. */
export function spoolerSettings(given: Partial<SpoolerSettings> = {}): SpoolerSettings {
  const settings: SpoolerSettings = { ...DEFAULT_SPOOLER_SETTINGS };
  for (const [key, value] of Object.entries(given) as [keyof SpoolerSettings, unknown][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_SPOOLER_SETTINGS)) {
      throw new ConfigError('BAD_SPOOLER_SETTING', `unknown spooler setting "${key}"`, { hint: `settings: ${Object.keys(DEFAULT_SPOOLER_SETTINGS).join(', ')}`, context: { rule: 'unknown', key, known: Object.keys(DEFAULT_SPOOLER_SETTINGS) } });
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ConfigError('BAD_SPOOLER_SETTING', `spooler setting ${key} must be a number ≥ 0 (got ${String(value)})`, { hint: 'durations are milliseconds, paper lengths millimetres', context: { rule: 'number', key, value: String(value) } });
    }
    settings[key] = value;
  }
  const positive: (keyof SpoolerSettings)[] = ['expireAfterMs', 'ackTimeoutMs', 'statusPollMs', 'cleanEveryMm', 'inFlightLeaseMs', 'retryInitialMs'];
  for (const key of positive) {
    if (settings[key] <= 0) throw new ConfigError('BAD_SPOOLER_SETTING', `spooler setting ${key} must be more than 0`, { hint: `the default is ${DEFAULT_SPOOLER_SETTINGS[key]}`, context: { rule: 'positive', key, default: DEFAULT_SPOOLER_SETTINGS[key] } });
  }
  if (!Number.isInteger(settings.failoverAfter) || settings.failoverAfter < 1) {
    throw new ConfigError('BAD_SPOOLER_SETTING', `spooler setting failoverAfter must be a whole number ≥ 1 (got ${settings.failoverAfter})`, { hint: 'the default is 3 failures', context: { rule: 'failover', key: 'failoverAfter', value: settings.failoverAfter } });
  }
  if (settings.retryMaxMs < settings.retryInitialMs) {
    throw new ConfigError('BAD_SPOOLER_SETTING', `retryMaxMs (${settings.retryMaxMs}) is less than retryInitialMs (${settings.retryInitialMs})`, { hint: 'the longest wait between retries must be at least the first one', context: { rule: 'retry-order', retryMaxMs: settings.retryMaxMs, retryInitialMs: settings.retryInitialMs } });
  }
  return settings;
}

/** Wait before the next try after `failures` consecutive failures: doubling from retryInitialMs, capped. */
export function retryDelay(failures: number, settings: Pick<SpoolerSettings, 'retryInitialMs' | 'retryMaxMs'>): number {
  const doubled = settings.retryInitialMs * 2 ** Math.max(0, Math.min(failures - 1, 30));
  return Math.min(settings.retryMaxMs, doubled);
}
