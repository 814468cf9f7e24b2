import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { InputError } from '../../core/index.js';
import { MAX_BATCH_BYTES, SYNC_PATHS, eventsQuerySchema, pushBodySchema, settingsBodySchema, type HeadOffice } from '../../sync/index.js';
import { ProblemException } from '../problem.js';
import { route, type AppContext, type RouteSpec } from '../route.js';
import type { Runtime } from '../runtime.js';
import { parseWith } from '../validate.js';

const bearer = (c: AppContext) => /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];

/** Bytes a push body may inflate to. */
const MAX_INFLATED = MAX_BATCH_BYTES * 2;

/**
 * The output buffer to inflate a gzip body into: the size its trailer states (mod 2^32), so
 * zlib fills one buffer instead of growing 16 KiB chunks and joining them (about 40 % of its
 * time on a sync batch). Only a hint, never above the limit, which holds whatever the trailer
 * says (zlib checks the stated size itself and refuses a body whose trailer lies).
 */
function inflatedSizeHint(gzip: Buffer): number {
  const stated = gzip.length >= 18 ? gzip.readUInt32LE(gzip.length - 4) : 0;
  return Math.min(MAX_INFLATED, Math.max(16 * 1024, stated + 1));
}

/** A shop's body (a push, its sealed settings): JSON, gzip-compressed when Content-Encoding says so (never inflated past the batch limit). */
async function shopBody(c: AppContext): Promise<unknown> {
  const raw = Buffer.from(await c.req.arrayBuffer());
  const encoding = (c.req.header('Content-Encoding') ?? 'identity').trim().toLowerCase();
  let text: string;
  if (encoding === 'gzip') {
    try {
      text = gunzipSync(raw, { maxOutputLength: MAX_INFLATED, chunkSize: inflatedSizeHint(raw) }).toString('utf8');
    } catch {
      throw new InputError('BAD_SYNC_BODY', 'the push body is not gzip data of at most 2 MiB', { hint: 'send at most 1,000 events or 1 MB of JSON in one batch, gzip-compressed', context: { encoding } });
    }
  } else if (encoding === 'identity') {
    // The same bound as an inflated body: the global 5 MiB was left to one sent plain.
    if (raw.length > MAX_INFLATED) {
      const kib = Math.floor(MAX_INFLATED / 1024);
      throw new ProblemException(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than ${kib} KiB`, 'send at most 1,000 events or 1 MB of JSON in one batch, gzip-compressed', { kib });
    }
    text = raw.toString('utf8');
  } else {
    throw new ProblemException(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${encoding} is not accepted`, 'send gzip or no Content-Encoding');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InputError('BAD_JSON', 'the request body is not valid JSON', { hint: 'send the events as JSON' });
  }
}

/**
 * Head office's door for shops (present when the server runs with a HeadOffice): each call
 * carries the shop's token, which names the only shop it may push or read.
 */
export function syncRoutes(rt: Runtime, office: HeadOffice | undefined): RouteSpec[] {
  if (!office) return [];
  const chainParam = { chain: 'the chain: a terminal id, "audit", "store", a printer or capture chain' };
  const problems = { 401: { description: 'SHOP_TOKEN_INVALID', content: { 'application/problem+json': null } } };
  return [
    route({
      method: 'get',
      path: SYNC_PATHS.heads,
      operationId: 'syncHeads',
      tag: 'sync',
      summary: "What head office holds of the calling shop: each chain's head and the last push",
      access: 'public',
      answers: { 200: { description: 'the heads', content: { 'application/json': z.looseObject({ storeId: z.string(), chains: z.array(z.unknown()) }) } }, ...problems },
      async handle({ c }) {
        const storeId = await office.authenticate(bearer(c));
        return c.json(await office.heads(storeId), 200);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/sync/chains/{chain}/events',
      operationId: 'syncPush',
      tag: 'sync',
      summary: "A batch of one of the shop's chains, in order",
      description:
        'Body {events: [...]} (≤ 1,000 events, ≤ 1 MB, gzip with Content-Encoding: gzip). Taken only when it links to the head held here; events held already must be the same (a retry is a no-op). 409 CHAIN_FORK, CHAIN_BROKEN_LINK, CHAIN_EDITED, CHAIN_GAP, CHAIN_UNREADABLE, CHAIN_OTHER_STORE, CHAIN_TIME_REFUSED (the time of an event or of its sale outside what head office takes around its clock) name the chain and the position; each is journaled as an integrity.alert.',
      access: 'public',
      params: chainParam,
      answers: { 200: { description: 'taken', content: { 'application/json': z.looseObject({ accepted: z.number(), duplicates: z.number() }) } }, 409: { description: 'refused', content: { 'application/problem+json': null } }, ...problems },
      async handle({ c, params }) {
        const storeId = await office.authenticate(bearer(c));
        const body = parseWith(pushBodySchema, await shopBody(c));
        const result = await office.push(storeId, params.chain ?? '', body.events);
        return c.json(result, 200);
      },
    }),
    route({
      method: 'post',
      path: SYNC_PATHS.settings,
      operationId: 'syncKeepSettings',
      tag: 'sync',
      summary: "Keep the shop's journal settings, sealed with its token (head office cannot open them)",
      description:
        'Body {sealed: "v1.…"} (gzip with Content-Encoding: gzip): the shop\'s time zone, currency, the key its receipt codes and e-receipt links are signed with and the links withdrawn, encrypted by the shop with a key derived from its token. Replaces what the shop sent before; `reissue restore --from` takes it back.',
      access: 'public',
      answers: { 200: { description: 'kept', content: { 'application/json': z.object({ storedAt: z.number() }) } }, ...problems },
      async handle({ c }) {
        const storeId = await office.authenticate(bearer(c));
        const body = parseWith(settingsBodySchema, await shopBody(c));
        return c.json(await office.keepSettings(storeId, body.sealed), 200);
      },
    }),
    route({
      method: 'get',
      path: SYNC_PATHS.settings,
      operationId: 'syncSettings',
      tag: 'sync',
      summary: "The shop's sealed settings, for its restore",
      access: 'public',
      answers: { 200: { description: 'what the shop last sent (sealed), or null', content: { 'application/json': z.object({ sealed: z.string().nullable(), storedAt: z.number().nullable() }) } }, ...problems },
      async handle({ c }) {
        const storeId = await office.authenticate(bearer(c));
        return c.json(await office.settingsOf(storeId), 200);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/sync/chains/{chain}/events',
      operationId: 'syncEvents',
      tag: 'sync',
      summary: "The shop's events of one chain after a position (restore)",
      access: 'public',
      params: chainParam,
      query: eventsQuerySchema,
      answers: { 200: { description: 'the events, in order', content: { 'application/json': z.looseObject({ events: z.array(z.unknown()) }) } }, ...problems },
      async handle({ c, params, query }) {
        const storeId = await office.authenticate(bearer(c));
        const events = await office.eventsAfter(storeId, params.chain ?? '', query.after, query.limit);
        return c.json({ events }, 200);
      },
    }),
  ];
}

