import { z } from 'zod';
import type { EventRow, ReplicaEvent } from '../journal/index.js';
import { MAX_SEALED_CHARS, SEALED_PATTERN } from './sealed-settings.js';

/**
 * What shop and head office say to each other over HTTP (JSON, the push body gzip
 * compressed), in one place for both sides:
 *   GET  /api/v1/sync/heads                          → HeadsAnswer
 *   POST /api/v1/sync/chains/{chain}/events  PushBody → PushAnswer (409 with the position on a refusal)
 *   GET  /api/v1/sync/chains/{chain}/events?after=N&limit=M → EventsAnswer
 *   POST /api/v1/sync/settings  SettingsBody (the shop's settings, sealed) → {storedAt}
 *   GET  /api/v1/sync/settings  → SettingsAnswer
 * Every request carries `Authorization: Bearer <shop token>`.
 */

/** Shop tokens read `rst_<storeId>.<secret>`: the id says which hash to compare with. */
export const TOKEN_PREFIX = 'rst_';

/** The store a shop token names (rst_<storeId>.<secret>); '' for a token of no such form. */
export function storeOfToken(token: string): string {
  return /^rst_([^.]+)\./.exec(token.trim())?.[1] ?? '';
}

/** A batch holds at most this many events … */
export const MAX_BATCH_EVENTS = 1000;
/** … and at most this many bytes of JSON before compression. */
export const MAX_BATCH_BYTES = 1024 * 1024;

/** A page of a chain as sent either way (a shop's push, head office's answer to a restore): at most MAX_BATCH_EVENTS events and MAX_BATCH_BYTES of JSON, and always one event, whatever its size. */
export function pageOfEvents(events: readonly EventRow[]): ReplicaEvent[] {
  const out: ReplicaEvent[] = [];
  let bytes = 0;
  for (const { seq, type, recordedAt, payload, prevHash, hash } of events) {
    const replica: ReplicaEvent = { seq, type, recordedAt, payload, prevHash, hash };
    bytes += Buffer.byteLength(JSON.stringify(replica)) + 1;
    if (out.length > 0 && (bytes > MAX_BATCH_BYTES || out.length >= MAX_BATCH_EVENTS)) break;
    out.push(replica);
  }
  return out;
}

export const SYNC_PATHS = {
  heads: '/api/v1/sync/heads',
  settings: '/api/v1/sync/settings',
  events: (chain: string) => `/api/v1/sync/chains/${encodeURIComponent(chain)}/events`,
} as const;

export interface ChainHeadView {
  chain: string;
  seq: number;
  hash: string;
}

export interface HeadsAnswer {
  storeId: string;
  /** Epoch ms of the last push head office took, null before the first. */
  lastPushAt: number | null;
  chains: ChainHeadView[];
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const replicaEventSchema = z.object({
  seq: z.number().int().min(1),
  type: z.string().min(1).max(100),
  recordedAt: z.string().min(1).max(40),
  payload: z.string(),
  prevHash: hex64,
  hash: hex64,
});

export const pushBodySchema = z.object({ events: z.array(replicaEventSchema).min(1).max(MAX_BATCH_EVENTS) });
export type PushBody = z.infer<typeof pushBodySchema>;

export interface PushAnswer {
  accepted: number;
  duplicates: number;
  head: { seq: number; hash: string };
}

export interface EventsAnswer {
  events: z.infer<typeof replicaEventSchema>[];
}

export const eventsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_BATCH_EVENTS).default(MAX_BATCH_EVENTS),
});

export const settingsBodySchema = z.object({ sealed: z.string().max(MAX_SEALED_CHARS).regex(SEALED_PATTERN, 'sealed settings: "v1." and base64url') });
export type SettingsBody = z.infer<typeof settingsBodySchema>;

export interface SettingsAnswer {
  /** The shop's settings as it sealed them; null when it never sent any. */
  sealed: string | null;
  /** Epoch ms they were kept, null with none. */
  storedAt: number | null;
}
