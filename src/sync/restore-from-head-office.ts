import { ConflictError, IntegrityError } from '../core/index.js';
import type { Journal } from '../journal/index.js';
import type { HeadOfficeLink } from './head-office-link.js';
import { MAX_BATCH_EVENTS } from './sync-protocol.js';

export interface RestoreFromHeadOfficeResult {
  storeId: string;
  events: number;
  chains: { chain: string; seq: number }[];
  /** When head office last took events from this shop (epoch ms): anything later was on the lost machine only. */
  lastPushAt: number | null;
}

/**
 * Rebuilds a shop's journal from head office's copy into an empty journal: chain by chain,
 * each batch checked as head office checked it (links, hashes, content, the shop's
 * identity), then the whole journal verified. Terminals continue their sequences from
 * where head office's copy ends.
 */
export async function restoreFromHeadOffice(link: HeadOfficeLink, target: Journal, onProgress?: (done: number, total: number) => void): Promise<RestoreFromHeadOfficeResult> {
  const { events: already } = await target.counts();
  if (already > 0) {
    throw new ConflictError('RESTORE_TARGET_NOT_EMPTY', `the journal at ${target.info.location} already holds ${already} events`, {
      hint: 'restore from head office into a new journal: pass --db with a path that does not exist yet',
      context: { events: already },
    });
  }
  const remote = await link.heads();
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
  return { storeId: remote.storeId, events: report.events, chains: remote.chains.map((c) => ({ chain: c.chain, seq: c.seq })), lastPushAt: remote.lastPushAt };
}
