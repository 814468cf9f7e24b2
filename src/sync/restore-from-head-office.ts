import { ConflictError, IntegrityError, ReissueError } from '../core/index.js';
import type { Journal } from '../journal/index.js';
import type { HeadOfficeLink } from './head-office-link.js';
import type { ShopSettings } from './sealed-settings.js';
import { MAX_BATCH_EVENTS } from './sync-protocol.js';

export interface RestoreFromHeadOfficeResult {
  storeId: string;
  events: number;
  chains: { chain: string; seq: number }[];
  /** When head office last took events from this shop (epoch ms): anything later was on the lost machine only. */
  lastPushAt: number | null;
  /**
   * The shop's settings head office kept sealed: the keys taken back (the receipt key among
   * them: receipts printed before check as genuine), or why none were: head office kept none
   * (the shop never synced with a build that sends them), or they were sealed with an earlier
   * token of the shop.
   */
  settings: { taken: string[] } | { missing: 'none-kept' | 'unreadable' | 'not-the-shops-key' };
}

/**
 * Rebuilds a shop's journal from head office's copy into an empty journal: chain by chain,
 * each batch checked as head office checked it (links, hashes, content, the shop's
 * identity), then the whole journal verified. Terminals continue their sequences from
 * where head office's copy ends. The settings the shop sealed for head office (its receipt
 * key, time zone, currency, withdrawn links) replace the new journal's defaults.
 */
export async function restoreFromHeadOffice(
  link: HeadOfficeLink,
  target: Journal,
  onProgress?: (done: number, total: number) => void,
  /** Whether a receipt key signs the codes the rebuilt journal recorded (reprint/keySignsRecordedCodes); unchecked without it. */
  keySigns?: (key: string) => Promise<boolean>,
): Promise<RestoreFromHeadOfficeResult> {
  const { events: already } = await target.counts();
  if (already > 0) {
    throw new ConflictError('RESTORE_TARGET_NOT_EMPTY', `the journal at ${target.info.location} already holds ${already} events`, {
      hint: 'restore from head office into a new journal: pass --db with a path that does not exist yet',
      context: { events: already },
    });
  }
  const remote = await link.heads();
  // The shop's own journal or nothing: an answer about another store (or a name that is no store id) is not written anywhere.
  if (link.storeId !== undefined && link.storeId !== '' && remote.storeId !== link.storeId) {
    throw new IntegrityError('HEAD_OFFICE_WRONG_STORE', `head office answered for another store than ${link.storeId}, the one the token names; nothing was restored`, {
      hint: 'check that --from names your head office and the token file is this shop\'s',
      context: { expected: link.storeId },
    });
  }
  // Read first: a head office that cannot answer for them fails the restore before anything is written.
  const kept = await keptSettings(link);
  // Refused before any event is written; a sale id in a withdrawn link is looked up once the events are in (takeSettings).
  if (!('missing' in kept)) await target.checkCarriedSettings(kept.meta, async () => true);
  const total = remote.chains.reduce((sum, c) => sum + c.seq, 0);
  let done = 0;
  for (const head of remote.chains) {
    for (let after = 0; after < head.seq; ) {
      const events = await link.events(head.chain, after, MAX_BATCH_EVENTS);
      if (events.length === 0) break;
      const result = await target.restoreChain(remote.storeId, head.chain, events);
      after = result.head.seq;
      done += result.accepted;
      onProgress?.(done, total);
    }
  }
  const report = await target.verify();
  const missing = remote.chains.find((c) => !report.heads.some((h) => h.terminalId === c.chain && h.seq === c.seq && h.hash === c.hash));
  if (!report.ok || missing) {
    throw new IntegrityError('RESTORE_NOT_VERIFIED', `the journal rebuilt from head office does not verify${missing ? ` (chain ${missing.chain} does not end at event ${missing.seq})` : `: ${report.failure?.detail ?? ''}`}`, {
      hint: 'do not use it; run `reissue verify` at head office and try again',
      context: { chain: missing?.chain ?? report.failure?.terminalId, seq: missing?.seq ?? report.failure?.seq },
    });
  }
  return { storeId: remote.storeId, events: report.events, chains: remote.chains.map((c) => ({ chain: c.chain, seq: c.seq })), lastPushAt: remote.lastPushAt, settings: await take(kept, target, keySigns) };
}

/**
 * The kept settings put into the rebuilt journal — none of them when their receipt key does
 * not sign the codes the journal's duplicates recorded: whoever holds the shop's token can
 * replace what head office keeps, and a key of theirs would make their codes check as genuine.
 */
async function take(kept: ShopSettings | { missing: 'none-kept' | 'unreadable' }, target: Journal, keySigns: ((key: string) => Promise<boolean>) | undefined): Promise<RestoreFromHeadOfficeResult['settings']> {
  if ('missing' in kept) return kept;
  const key = kept.meta.find(([k]) => k === 'verificationKey')?.[1];
  if (key !== undefined && keySigns && !(await keySigns(key))) return { missing: 'not-the-shops-key' };
  return { taken: await target.takeSettings(kept.meta, true) };
}

/** The settings head office keeps for the shop, opened, or why there are none to take. */
async function keptSettings(link: HeadOfficeLink): Promise<ShopSettings | { missing: 'none-kept' | 'unreadable' }> {
  try {
    return (await link.settings()) ?? { missing: 'none-kept' };
  } catch (error) {
    if (error instanceof ReissueError && error.code === 'SEALED_SETTINGS_UNREADABLE') return { missing: 'unreadable' };
    // A head office of a build before sealed settings has no door for them: it keeps none.
    if (error instanceof ReissueError && error.code === 'ROUTE_NOT_FOUND') return { missing: 'none-kept' };
    throw error;
  }
}
