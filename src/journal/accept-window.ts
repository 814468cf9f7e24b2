import { ValidationError, formatInZone } from '../core/index.js';
import type { PreparedTransaction } from './prepare.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * The times a sale may carry, around the journal's clock. A sale "in the future" is a till
 * with a wrong clock or made-up data: in year 9999 it would stay every terminal's "last
 * receipt" for ever; one from year 0001 is no sale of this shop.
 */
export interface AcceptWindow {
  /** How far ahead of the clock (a till's clock a little fast). */
  aheadMs: number;
  /** How far back (a late import of old sales). */
  backMs: number;
}

/** 5 minutes ahead, 10 years (3653 days) back. */
export const DEFAULT_ACCEPT_WINDOW: AcceptWindow = Object.freeze({ aheadMs: 5 * MINUTE, backMs: 3653 * DAY });

function span(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY} day${ms === DAY ? '' : 's'}`;
  if (ms % MINUTE === 0) return `${ms / MINUTE} minute${ms === MINUTE ? '' : 's'}`;
  return `${Math.round(ms / 1000)} s`;
}

/**
 * Refuses the first sale whose time lies outside the window, naming its line: `lines[i]`,
 * the line of item i in the caller's input, else its place among several items; nothing of
 * them is written.
 */
export function checkAcceptWindow(items: readonly PreparedTransaction[], now: number, window: AcceptWindow, lines?: readonly number[]): void {
  const latest = now + window.aheadMs;
  const earliest = now - window.backMs;
  for (let i = 0; i < items.length; i++) {
    const at = (items[i] as PreparedTransaction).occurredAt;
    if (at >= earliest && at <= latest) continue;
    const line = lines ? lines[i] : items.length > 1 ? i + 1 : undefined;
    const when = formatInZone(at, 'UTC');
    const issue =
      at > latest
        ? { path: 'occurredAt', code: 'SALE_TIME_AHEAD', params: { at: when, now: formatInZone(now, 'UTC'), aheadMs: window.aheadMs }, message: `${when} UTC is later than this system's clock allows (now ${formatInZone(now, 'UTC')} UTC, at most ${span(window.aheadMs)} ahead)` }
        : { path: 'occurredAt', code: 'SALE_TIME_TOO_OLD', params: { at: when, backMs: window.backMs }, message: `${when} UTC is further back than ${span(window.backMs)}` };
    const error = new ValidationError([issue], {
      hint: at > latest ? "check the till's clock and time zone, and this system's clock; the limits are set in the configuration file (sales.acceptAhead, sales.acceptBack)" : 'old sales are accepted up to sales.acceptBack in the configuration file',
      context: { rule: at > latest ? 'sale-time-ahead' : 'sale-time-too-old', ...(line !== undefined ? { line, inBatch: true } : {}) },
    });
    if (line !== undefined) (error as { message: string }).message = `line ${line}: ${error.message}; nothing was recorded`;
    throw error;
  }
}

/**
 * Slack head office adds to its own window for the events shops push. A shop's sales were in
 * its own window when recorded, by its clock, and reach head office later (a shop offline for
 * months, or connected after a year of trading). A shop's clock may be wrong, even by months:
 * its events keep the times they were recorded with (they are hashed), so refusing them would
 * hold its chain until head office's clock caught up. Head office's months are made from these
 * times, one table each: bounds keep them to the years around now, not every month between a
 * time far off and today.
 */
const REPLICA_AHEAD_SLACK_MS = 366 * DAY;
const REPLICA_BACK_SLACK_MS = 366 * DAY;

/** The times head office takes in shops' events (event and sale times), around its clock: its sales window widened by the slack above. */
export function replicaWindow(window: AcceptWindow): AcceptWindow {
  return { aheadMs: window.aheadMs + REPLICA_AHEAD_SLACK_MS, backMs: window.backMs + REPLICA_BACK_SLACK_MS };
}

/** Why a time (epoch ms) lies outside `window` around `now`, or undefined when it lies inside. */
export function outsideWindow(at: number, now: number, window: AcceptWindow): string | undefined {
  if (!Number.isFinite(at)) return 'its time cannot be read';
  if (at > now + window.aheadMs) return `its time ${iso(at)} is later than head office's clock allows (now ${iso(now)}, at most ${span(window.aheadMs)} ahead)`;
  if (at < now - window.backMs) return `its time ${iso(at)} is further back than head office takes (${span(window.backMs)})`;
  return undefined;
}

/** A time as ISO 8601 UTC, or its number where Date cannot hold it. */
export const iso = (ms: number) => (Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms));
