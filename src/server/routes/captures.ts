import { z } from 'zod';
import { renderCapturedReceipt } from '../../capture/index.js';
import { ReceiptOrigins, searchFromRequest, type JournaledCapture, type SearchRequest } from '../../journal/index.js';
import { ReceiptFormats } from '../../render/index.js';
import { markPreviewText } from '../../receipt/index.js';
import { readerLanguage, route, seesAddresses, type RouteSpec } from '../route.js';
import { journalFor, type Runtime } from '../runtime.js';
import { journaledView, jobViewSchema, replicaNoticeView, searchQuery } from '../schemas.js';
import { jobView, replicaNotice } from '../views.js';

const CAPTURE_PARAM = { id: 'captured receipt id: "cap-" and 24 letters, as GET /api/v1/receipts lists it' };

const amountView = z.object({ minor: z.number().int(), currency: z.string(), value: z.string() });

/** A captured receipt as a search lists it: what was read off it, and where it is in the journal. */
export const captureListingView = z.object({
  origin: z.literal('capture'),
  id: z.string(),
  source: z.string().describe("the tap's source (till) that captured it"),
  occurredAt: z.string().describe('the time printed on it when recognised, else when it was captured (UTC): what `around` matches'),
  capturedAt: z.string(),
  printedAt: z.string().nullable().describe('the date and time as printed, store-local, when recognised'),
  amount: amountView.nullable(),
  last4: z.string().nullable(),
  referenceNo: z.string().nullable(),
  voucherNo: z.string().nullable(),
  batchNo: z.string().nullable(),
  terminalId: z.string().nullable(),
  operatorId: z.string().nullable(),
  merchant: z.string().nullable(),
  eventId: z.number().int(),
  seq: z.number().int(),
  recordedAt: z.string(),
  hash: z.string(),
});

const receiptsQuery = searchQuery
  .extend({
    text: z.string().min(1).max(600).optional().describe('words printed on a captured receipt (all of them, any case; Chinese too)'),
    source: z.string().min(1).max(64).optional().describe("a tap's source: captured receipts of that till only"),
    origin: z.enum(ReceiptOrigins).optional().describe('sale or capture; both when left out'),
  })
  .strict();

export const captureView = z.object({
  origin: z.literal('capture'),
  id: z.string(),
  chain: z.string(),
  seq: z.number().int(),
  recordedAt: z.string(),
  hash: z.string(),
  source: z.string(),
  capturedAt: z.string(),
  channel: z.string(),
  peer: z.string(),
  endedBy: z.string(),
  text: z.string().describe('the receipt as printed, card numbers masked, marked 仅供查看 · PREVIEW — NOT A RECEIPT above, below and every 4 lines'),
  fields: z.record(z.string(), z.unknown()).describe('what was recognised: amount, printedAt, last4, referenceNo, voucherNo, batchNo, terminalId, operatorId, merchant'),
  bytes: z.number().int().describe('size of the journaled job (card numbers masked in place); 0 when only the text was kept'),
  maskedNumbers: z.number().int(),
  jobs: z.array(jobViewSchema),
});

/** A captured receipt as the API shows it: no raw bytes (GET …/receipt?format=escpos has them). */
function captureBody(found: JournaledCapture) {
  const { capture } = found;
  return {
    origin: 'capture' as const, id: found.id, chain: found.chain, seq: found.seq, recordedAt: found.recordedAt, hash: found.hash,
    source: capture.source, capturedAt: capture.capturedAt, channel: capture.channel, peer: capture.peer, endedBy: capture.endedBy,
    // The receipt as its POS printed it: marked like every preview, so no copy of it leaves as a receipt.
    text: markPreviewText(capture.text), fields: capture.fields, bytes: Buffer.from(capture.bytes, 'base64').length, maskedNumbers: capture.maskedNumbers,
  };
}

const DOWNLOAD_EXTENSION: Partial<Record<string, string>> = { png: 'png', escpos: 'bin', pdf: 'pdf' };

/** Sales and captured receipts found together; one captured receipt, and how it printed. */
export function captureRoutes(rt: Runtime): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/v1/receipts',
      operationId: 'searchReceipts',
      tag: 'transactions',
      summary: 'Find sales and captured receipts together, by the same filters (and words, source)',
      description: 'Newest first by the time each happened (a captured receipt: the time printed on it when recognised, else when it was captured); each item says its `origin`. Filters only sales have (kind, merchant) leave captured receipts out; `text` and `source` leave sales out. Read exactly as `reissue find`. Read on a read replica, `replica` says how far it lags (REPLICA_BEHIND: the newest receipts may be missing).',
      access: 'sales.read',
      query: receiptsQuery,
      answers: { 200: { description: 'a page of receipts', content: { 'application/json': z.object({ items: z.array(z.union([journaledView.extend({ origin: z.literal('sale') }), captureListingView])), next: z.string().nullable(), replica: replicaNoticeView.optional() }) } } },
      async handle({ c, query, session }) {
        const journal = journalFor(rt, session);
        const request: SearchRequest = {};
        for (const [key, value] of Object.entries(query)) if (value !== undefined) request[key as keyof SearchRequest] = value;
        const page = await journal.findReceipts(searchFromRequest(request, { ...rt.deps.settings, now: rt.now() }));
        const statuses = await journal.statusesOf(page.items.filter((i) => i.origin === 'sale'));
        const items = page.items.map((i) => (i.origin === 'sale' && statuses.has(i.id) ? { ...i, status: statuses.get(i.id) } : i));
        return c.json({ items, next: page.next ?? null, ...(await replicaNotice(journal, readerLanguage(c))) }, 200);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/captures/{id}',
      operationId: 'getCapture',
      tag: 'transactions',
      summary: 'One captured receipt as journaled (its event rechecked against its chain), with its print jobs',
      access: 'sales.read',
      params: CAPTURE_PARAM,
      answers: { 200: { description: 'the captured receipt', content: { 'application/json': captureView } } },
      async handle({ c, params, session }) {
        const journal = journalFor(rt, session);
        const found = await journal.getCapture(params.id ?? '');
        // As a sale's: jobs print the journal's own receipts only; a shop's capture at head office has none here.
        const jobs = (await rt.deps.journal.isOwn(found)) ? await journal.jobs({ transactionId: found.id, order: 'oldest' }) : [];
        return c.json({ ...captureBody(found), jobs: jobs.map((j) => jobView(j, readerLanguage(c), seesAddresses(session))) }, 200);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/captures/{id}/receipt',
      operationId: 'getCapturedReceipt',
      tag: 'transactions',
      summary: 'A preview of a captured receipt as its POS printed it, marked 仅供查看 · PREVIEW — NOT A RECEIPT: text, PNG, HTML, ESC/POS bytes or PDF (card numbers masked)',
      description: 'Rendered from the journaled job (its own bytes, read back) and marked across the paper as a preview in every format, as a sale\'s receipt is: a copy for the customer is a duplicate (reprint).',
      access: 'sales.read',
      params: CAPTURE_PARAM,
      query: z.object({ format: z.enum(ReceiptFormats).optional().describe('default text') }).strict(),
      answers: { 200: { description: 'the receipt', content: { 'text/plain': null, 'text/html': null, 'image/png': null, 'application/octet-stream': null, 'application/pdf': null } } },
      async handle({ c, params, query, session }) {
        const found = await journalFor(rt, session).getCapture(params.id ?? '');
        const format = query.format ?? 'text';
        const rendered = renderCapturedReceipt(found.capture, { format, preview: true, timeZone: rt.deps.settings.timeZone, font: rt.font, title: `Receipt ${found.id}` });
        const headers: Record<string, string> = { 'Content-Type': rendered.contentType };
        const extension = DOWNLOAD_EXTENSION[format];
        if (extension) headers['Content-Disposition'] = `inline; filename="${found.id}.${extension}"`;
        return typeof rendered.body === 'string' ? c.body(rendered.body, 200, headers) : c.body(new Uint8Array(rendered.body), 200, headers);
      },
    }),
  ];
}
