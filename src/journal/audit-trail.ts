import type { EventRow } from './store.js';

/** The chain that holds who did what: reprints, refusals, approvals, user changes, sign-ins. */
export const AUDIT_CHAIN = 'audit';

export interface AuditFilter {
  /** Epoch ms, inclusive. */
  from?: number;
  to?: number;
  /** Whom it concerns, who did it, or who approved it (case-insensitive). */
  user?: string;
  type?: string;
  /** Head office: only these stores ('' is head office's own audit); every store when absent. */
  stores?: readonly string[];
  /** Most entries returned (default all that match). */
  limit?: number;
}

export interface AuditEntry {
  /** The shop whose audit chain holds it (head office); absent for the journal's own. */
  storeId?: string;
  seq: number;
  type: string;
  recordedAt: string;
  data: Record<string, unknown>;
}

/** The entries among `events` (newest first) that pass the filter. */
export function auditEntries(events: readonly EventRow[], filter: AuditFilter): AuditEntry[] {
  const user = filter.user?.toLowerCase();
  const out: AuditEntry[] = [];
  for (const e of events) {
    if (filter.limit !== undefined && out.length >= filter.limit) break;
    const at = Date.parse(e.recordedAt);
    if ((filter.from !== undefined && at < filter.from) || (filter.to !== undefined && at > filter.to) || (filter.type !== undefined && e.type !== filter.type)) continue;
    const data = JSON.parse(e.payload) as Record<string, unknown>;
    const who = [data.user, data.approver, data.by].filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase());
    if (user !== undefined && !who.includes(user)) continue;
    out.push({ ...(e.storeId === '' ? {} : { storeId: e.storeId }), seq: e.seq, type: e.type, recordedAt: e.recordedAt, data });
  }
  return out;
}

/**
 * An entry as one flat record (its payload's fields beside its place), for answers and JSON
 * output. Its place wins: a shop's entry stays that shop's (its payload — the shop's own words,
 * pushed with its token — cannot name another store), and no payload's `seq`, `type` or
 * `recordedAt` (an integrity alert's `seq` is the damaged event's) stands for the entry's.
 */
export function flatAuditEntry({ data, ...entry }: AuditEntry): Record<string, unknown> {
  return { ...data, ...entry };
}
