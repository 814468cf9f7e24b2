import { z } from 'zod';
import { InputError, NotFoundError, ReissueError, ValidationError, parseOccurredAt, parseStoreList, type FieldIssue, type SaleStatus } from '../../core/index.js';
import { cardSlipOf, printerOutput } from '../../config/index.js';
import { ReceiptCopies, type ReceiptCopy, type ReceiptLanguage } from '../../receipt/index.js';
import { AUDIT_CHAIN, prepareTransaction, searchFromRequest, type PreparedTransaction, type PrintJobRow, type RecordOutcome, type SearchRequest } from '../../journal/index.js';
import { originalRequests } from '../../printer/index.js';
import { renderReceipt } from '../../render/index.js';
import { ForbiddenError, actorOf, decideOriginalPrint, originalPrintNeed, type Actor } from '../../reprint/index.js';
import { parseWith } from '../validate.js';
import { readerLanguage, route, seesAddresses, signedIn, type AppContext, type RouteSpec } from '../route.js';
import { DAY_MS, journalFor, settleAll, type Runtime } from '../runtime.js';
import {
  batchBody,
  eReceiptBody,
  eReceiptView,
  eReceiptWithdrawnView,
  journaledView,
  jobViewSchema,
  printBody,
  printOutcomeView,
  receiptQuery,
  recordBody,
  recordBodyDoc,
  recordOutcomeView,
  replicaNoticeView,
  saleQuery,
  searchQuery,
  summaryView,
} from '../schemas.js';
import { linkIdOf, signReceiptToken } from '../signing.js';
import { withdrawLinks } from '../e-receipt-withdrawal.js';
import { clientKey } from '../security.js';
import { configuredPrinter, printerFor } from './configured-printer.js';
import { jobView, replicaNotice } from '../views.js';

/** A sale as the API shows it: with what voids and refunds did to it, when anything did. */
function withStatus<T extends object>(item: T, status: SaleStatus | undefined): T & { status?: SaleStatus } {
  return status ? { ...item, status } : item;
}
const ID_PARAM = { id: 'transaction id: terminal-batch-voucher, e.g. 10023456-000128-000457' };

const outcomeView = (o: RecordOutcome) => ({
  id: o.id,
  created: o.created,
  status: o.created ? ('created' as const) : ('already-on-record' as const),
  terminalId: o.terminalId,
  ...(o.seq === undefined ? {} : { seq: o.seq }),
  href: `/api/v1/transactions/${o.id}`,
});

/** The field issues of one refused item, with its place in the batch in front of each path. */
function itemIssues(error: ReissueError, prefix: string): FieldIssue[] {
  const at = (path: string) => (path === '' ? prefix : path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`);
  if (error instanceof ValidationError) return error.issues.map((i) => ({ ...i, path: at(i.path) }));
  const path = typeof error.context.path === 'string' ? error.context.path : '';
  return [{ path: at(path), message: `${error.message} [${error.code}]`, code: error.code, params: error.context }];
}

const DOWNLOAD_EXTENSION: Partial<Record<string, string>> = { png: 'png', escpos: 'bin', pdf: 'pdf' };

/** Paper, model and language of a receipt request: a configured printer's own (`for`), or as asked. */
function receiptOutput(rt: Runtime, query: z.output<typeof receiptQuery>): { paper?: string; printer?: string; language?: ReceiptLanguage } {
  if (query.for !== undefined) {
    const given = (['paper', 'printer', 'lang'] as const).filter((k) => query[k] !== undefined);
    if (given.length > 0) {
      throw new ValidationError(given.map((path) => ({ path, message: `leave ${path} out: "for" prints as the printer ${query.for} does`, code: 'NOT_WITH_PRINTER', params: { printer: query.for } })), { hint: 'ask for the receipt for a printer, or give paper and language yourself, not both' });
    }
    const configured = rt.deps.config.printers.find((p) => p.name === query.for);
    if (!configured) throw new NotFoundError('UNKNOWN_PRINTER', `no printer "${query.for}"`, { hint: 'see GET /api/v1/printers for the configured printers', context: { printer: query.for, known: rt.deps.config.printers.map((p) => p.name) } });
    return printerOutput(rt.deps.config, configured.name, configured.model);
  }
  return { ...(query.paper ? { paper: query.paper } : {}), ...(query.printer ? { printer: query.printer } : {}), ...(query.lang ? { language: query.lang } : {}) };
}

function receiptBody(rt: Runtime, c: AppContext, id: string, tx: Parameters<typeof renderReceipt>[0], query: z.output<typeof receiptQuery>, status: SaleStatus | undefined): Response {
  const format = query.format ?? 'text';
  const rendered = renderReceipt(tx, {
    format,
    // A look at the receipt, never one: whatever the format, it is marked as a preview. A
    // copy for the customer is a duplicate (reprint) or an e-receipt, under the policy.
    preview: true,
    ...(status ? { status } : {}),
    timeZone: rt.deps.settings.timeZone,
    font: rt.font,
    title: `Receipt ${id}`,
    ...receiptOutput(rt, query),
    ...(query.template ? { template: query.template } : {}),
    ...(query.copy ? { copy: query.copy } : {}),
  });
  const headers: Record<string, string> = { 'Content-Type': rendered.contentType };
  const extension = DOWNLOAD_EXTENSION[format];
  if (extension) headers['Content-Disposition'] = `inline; filename="${id}.${extension}"`;
  return typeof rendered.body === 'string' ? c.body(rendered.body, 200, headers) : c.body(new Uint8Array(rendered.body), 200, headers);
}

/** The copies that print differently on the default printer (a sale without a card has one face). */
function distinctCopies(rt: Runtime, tx: Parameters<typeof renderReceipt>[0]): ReceiptCopy[] {
  const output = printerOutput(rt.deps.config, rt.deps.config.defaultPrinter ?? '', 'generic-80');
  const text = (copy: ReceiptCopy) => renderReceipt(tx, { format: 'text', timeZone: rt.deps.settings.timeZone, font: rt.font, ...output, copy }).body;
  return text('merchant') === text('cardholder') ? [] : [...ReceiptCopies];
}

/**
 * An e-receipt is a copy the customer takes away, so it follows the reprint policy: a sale
 * past the reprint window can be viewed (a marked preview) but no longer re-issued. The
 * refusal is journaled like a refused reprint.
 */
async function refuseOutsideReprintWindow(rt: Runtime, saleId: string, actor: Actor, now: number, stores?: readonly string[]): Promise<void> {
  const { need, reprintWindowDays } = await rt.deps.reprint.assess(saleId, actor, stores);
  if (need.needs !== 'impossible' || need.why !== 'window-passed') return;
  const error = new ForbiddenError('E_RECEIPT_WINDOW_PASSED', `sale ${saleId} is older than ${reprintWindowDays} days: it can be viewed but no e-receipt is issued for it`, {
    hint: 'view the receipt instead (a marked preview)',
    context: { saleId, days: reprintWindowDays },
  });
  await rt.deps.audit('e-receipt.refused', { saleId, user: actor.name, code: error.code, message: error.message, at: new Date(now).toISOString() });
  throw error;
}

export function transactionRoutes(rt: Runtime): RouteSpec[] {
  const { journal, spooler } = rt.deps;
  return [
    route({
      method: 'post',
      path: '/api/v1/transactions',
      operationId: 'recordTransactions',
      tag: 'transactions',
      summary: 'Record one completed sale, or a batch {transactions: [...]}',
      description:
        'Idempotent: a sale is keyed by terminal + batch + voucher; sending it again answers 200 "already-on-record", the same key with other content is 409 IDEMPOTENCY_CONFLICT. ' +
        'A batch (1–1000) is recorded all or nothing: every item is checked first and a refusal names each bad field as transactions[i].path; the answer lists each item\'s outcome (201 when any was created, 200 when all were already on record). ' +
        'A full card number anywhere is refused (PAN_NOT_MASKED) and never echoed.',
      access: 'sales.record',
      body: recordBody,
      bodyGatedBy: 'transaction',
      bodyDoc: recordBodyDoc,
      answers: {
        201: { description: 'recorded (batch: at least one item was new)', content: { 'application/json': z.union([recordOutcomeView, z.object({ items: z.array(recordOutcomeView), created: z.number().int(), alreadyOnRecord: z.number().int() })]) } },
        200: { description: 'already on record (batch: every item was)', content: { 'application/json': z.union([recordOutcomeView, z.object({ items: z.array(recordOutcomeView), created: z.number().int(), alreadyOnRecord: z.number().int() })]) } },
        409: { description: 'IDEMPOTENCY_CONFLICT, ALREADY_VOIDED, ALREADY_REFUNDED, REFUND_EXCEEDS_SALE', content: { 'application/problem+json': null } },
      },
      async handle({ c, body, session }) {
        const recordedBy = { via: 'http' as const, user: signedIn(session).user.name };
        const batch = 'transactions' in body ? parseWith(batchBody, body).transactions : undefined;
        const inputs = batch ?? [body];
        const prepared: PreparedTransaction[] = [];
        const issues: FieldIssue[] = [];
        for (let i = 0; i < inputs.length; i++) {
          try {
            prepared.push(prepareTransaction(inputs[i]));
          } catch (error) {
            if (!(error instanceof ReissueError)) throw error;
            if (!batch) throw error;
            issues.push(...itemIssues(error, `transactions[${i}]`));
          }
        }
        if (issues.length > 0) {
          const invalid = new Set(issues.map((i) => /^transactions\[\d+\]/.exec(i.path)?.[0])).size;
          throw new InputError('INVALID_BATCH', `${invalid} of ${inputs.length} transactions are invalid; nothing was recorded`, {
            hint: 'fix the listed fields and send the batch again; transactions already on record are accepted again without duplicates',
            context: { issues, invalid, total: inputs.length },
          });
        }
        let outcomes: RecordOutcome[];
        try {
          outcomes = await journal.recordPrepared({ ok: true, items: prepared }, { recordedBy });
        } catch (error) {
          if (batch && error instanceof ReissueError && typeof error.context.line === 'number') error.context.path = `transactions[${error.context.line - 1}]`;
          throw error;
        }
        const created = outcomes.filter((o) => o.created).length;
        if (!batch) {
          const [outcome] = outcomes;
          if (!outcome) throw new Error('recording one transaction gave no outcome');
          c.header('Location', `/api/v1/transactions/${outcome.id}`);
          return c.json(outcomeView(outcome), outcome.created ? 201 : 200);
        }
        return c.json({ items: outcomes.map(outcomeView), created, alreadyOnRecord: outcomes.length - created }, created > 0 ? 201 : 200);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/transactions',
      operationId: 'searchTransactions',
      tag: 'transactions',
      summary: 'Find sales by time and amount, voucher, reference, card last-4, operator …',
      description: 'Newest first, `limit` a page (default 20, at most 500); pass `next` back as `cursor` for the next page. Times are store-local. Read exactly as `reissue find`. Read on a read replica, `replica` says how far it lags (REPLICA_BEHIND: the newest sales may be missing).',
      access: 'sales.read',
      query: searchQuery,
      answers: { 200: { description: 'a page of transactions (view=list: of list lines)', content: { 'application/json': z.object({ items: z.union([z.array(journaledView), z.array(summaryView)]), next: z.string().nullable(), replica: replicaNoticeView.optional() }) } } },
      async handle({ c, query, session }) {
        const { view, ...asked } = query;
        const journal = journalFor(rt, session);
        const request: SearchRequest = {};
        for (const [key, value] of Object.entries(asked)) if (value !== undefined) request[key as keyof SearchRequest] = value;
        const search = searchFromRequest(request, { ...rt.deps.settings, now: rt.now() });
        if (view === 'list') {
          const list = await journal.list(search);
          return c.json({ items: list.items, next: list.next ?? null, ...(await replicaNotice(journal, readerLanguage(c))) }, 200);
        }
        const page = await journal.find(search);
        // One read for the whole page: which of these sales a void or refund undid.
        const statuses = await journal.statusesOf(page.items);
        return c.json({ items: page.items.map((item) => withStatus(item, statuses.get(item.id))), next: page.next ?? null, ...(await replicaNotice(journal, readerLanguage(c))) }, 200);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/transactions/{id}',
      operationId: 'getTransaction',
      tag: 'transactions',
      summary: 'One transaction as journaled, with its print jobs',
      access: 'sales.read',
      params: ID_PARAM,
      query: saleQuery,
      answers: { 200: { description: 'the transaction', content: { 'application/json': journaledView.extend({ jobs: z.array(jobViewSchema) }) } } },
      async handle({ c, params, query, session }) {
        const journal = journalFor(rt, session, query.store);
        const found = await journal.get(params.id ?? '');
        // Jobs print the journal's own sales only: a shop's sale at head office has none, whatever head office printed under the same id.
        const jobs = (await rt.deps.journal.isOwn(found)) ? await journal.jobs({ transactionId: found.id, order: 'oldest' }) : [];
        return c.json({ ...withStatus(found, await journal.statusOf(found)), copies: distinctCopies(rt, found.transaction), jobs: jobs.map((j) => jobView(j, readerLanguage(c), seesAddresses(session))) }, 200);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/transactions/{id}/receipt',
      operationId: 'getReceipt',
      tag: 'transactions',
      summary: 'A preview of the receipt as it prints, marked 仅供查看 · PREVIEW — NOT A RECEIPT: text, PNG, HTML, ESC/POS bytes or PDF',
      description:
        'Rendered from the journaled transaction (never from today\'s settings), with a voided or refunded sale\'s mark. Every format is marked across the paper as a preview — a band at the top and bottom and the mark every few lines — so no download passes for a receipt: ' +
        'a copy the customer takes away is a numbered, journaled duplicate (POST …/reprints) or an e-receipt. Nothing is journaled. The PDF is one page the size of the receipt, holding its PNG.',
      access: 'sales.read',
      params: ID_PARAM,
      query: receiptQuery,
      answers: {
        200: { description: 'the receipt', content: { 'text/plain': null, 'text/html': null, 'image/png': null, 'application/octet-stream': null, 'application/pdf': null } },
      },
      async handle({ c, params, query, session }) {
        const journal = journalFor(rt, session, query.store);
        const found = await journal.get(params.id ?? '');
        return receiptBody(rt, c, found.id, found.transaction, query, await journal.statusOf(found));
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/transactions/{id}/print',
      operationId: 'printOriginal',
      tag: 'printing',
      summary: 'Print the original receipt through the spooler',
      description:
        'The job is journaled before a byte is sent. Waits up to 5 s (or `Prefer: wait=N`) for the printer: 201 with the final job (`printed` says whether it printed), or 202 with the job to poll at /api/v1/jobs/{id} (`Prefer: respond-async` answers 202 at once). ' +
        'For a card sale the printer\'s cardSlip setting adds the bank slips (签购单: the merchant copy, or both copies), each piece of paper its own job, queued together and listed in `pieces`; `template` prints just that piece. ' +
        'A piece whose original printed, is queued or has an unknown outcome is 409 (ALREADY_PRINTED, ALREADY_QUEUED, PRINT_OUTCOME_UNKNOWN): reprint a marked duplicate instead; a slip of a sale not paid by card is 400 NO_CARD_SLIP. ' +
        'Who may: the policy of the last-receipt reprint. A cashier prints the original of a sale of their own terminal within the cashier window (10 minutes); another terminal\'s sale or an older one needs a supervisor\'s step-up approval (`approver`), else 403 ORIGINAL_APPROVAL_REQUIRED (an approver limited to other stores than the sale\'s: 403 APPROVER_OTHER_STORE, as for a reprint); an admin any sale (back office, which records no sales, reprints a marked duplicate instead); none after the reprint window (403 ORIGINAL_WINDOW_PASSED). ' +
        '`printer` and `backup` are configured printer names only (404 UNKNOWN_PRINTER otherwise): addresses come from the configuration. Journaled as print.original (who asked, who approved, how it was allowed) or print.refused.',
      access: 'sales.record',
      params: ID_PARAM,
      query: saleQuery,
      body: printBody,
      bodyOptional: true,
      answers: {
        201: { description: 'the job ended (see `printed`)', content: { 'application/json': printOutcomeView } },
        202: { description: 'queued or printing; poll the job', content: { 'application/json': printOutcomeView }, headers: { Location: 'the job to poll' } },
        403: { description: 'ORIGINAL_APPROVAL_REQUIRED, ORIGINAL_WINDOW_PASSED, APPROVAL_REFUSED, APPROVER_OTHER_STORE … (journaled as print.refused)', content: { 'application/problem+json': null } },
        404: { description: 'TRANSACTION_NOT_FOUND, UNKNOWN_PRINTER (not a configured printer name)', content: { 'application/problem+json': null } },
        409: { description: "ALREADY_PRINTED, ALREADY_QUEUED, PRINT_OUTCOME_UNKNOWN; PRINTED_IN_ITS_SHOP (at head office, a shop's sale)", content: { 'application/problem+json': null } },
      },
      async handle({ c, params, query, body, session }) {
        const { user } = signedIn(session);
        const printer = printerFor(rt, body.printer);
        const backup = body.backup === undefined ? undefined : configuredPrinter(rt, body.backup);
        const journal = journalFor(rt, session, query.store);
        const found = await journal.get(params.id ?? '');
        const { id, transaction } = found;
        const now = rt.now();
        const policy = rt.deps.reprint.policy;
        let approver: string | null = null;
        let jobs: PrintJobRow[];
        try {
          await journal.refuseOtherShops(found);
          const need = originalPrintNeed(actorOf(user), { terminalId: transaction.terminalId, occurredAt: parseOccurredAt(transaction.occurredAt) }, now, policy);
          let approval: Actor | undefined;
          if (need.needs === 'supervisor' && body.approver) {
            // A wrong approver password is the approver's (APPROVAL_REFUSED, journaled by auth): the user stays signed in.
            const granted = await rt.deps.auth.approve({ approver: body.approver.username, password: body.approver.password, forUser: user.name, action: `print original ${id}`, client: clientKey(c, rt.transport, rt.deps.options?.clientAddress) });
            approver = granted.approver;
            // The approval names the person only: the stores they are limited to weigh as they do for a reprint.
            approval = actorOf(await rt.deps.auth.getUser(granted.approver));
          }
          const decision = decideOriginalPrint(need, { id, storeId: found.storeId, terminalId: transaction.terminalId }, approval, policy);
          const asked = { ...(body.template ? { template: body.template } : {}), ...(body.copy ? { copy: body.copy } : {}) };
          // Who asked is journaled in the write that queues the jobs: a job never prints without its trace.
          jobs = await spooler.enqueueAll(originalRequests(transaction, { transactionId: id, printer, ...(backup ? { backup } : {}) }, asked, cardSlipOf(rt.deps.config, printer)), async (queued, writer) => {
            await writer.append(AUDIT_CHAIN, 'print.original', { saleId: id, user: user.name, approver, basis: decision.basis, printer, jobIds: queued.map((j) => j.id), at: new Date(now).toISOString() });
          });
        } catch (error) {
          if (error instanceof ReissueError) {
            await rt.deps.audit('print.refused', { saleId: id, user: user.name, approver, printer, code: error.code, rule: typeof error.context.rule === 'string' ? error.context.rule : null, at: new Date(now).toISOString() });
            if (error.kind === 'forbidden') rt.log.write('warn', 'print.refused', { code: error.code, user: user.name, saleId: id });
          }
          throw error;
        }
        const settled = await settleAll(rt, c, jobs);
        const pending = settled.find((s) => s.status === 202) ?? settled[0];
        if (!pending) throw new Error(`printing ${id} queued no job`);
        c.header('Location', `/api/v1/jobs/${pending.job.id}`);
        const reader = readerLanguage(c);
        return c.json(
          { printed: settled.every((s) => s.printed), job: jobView(settled[0]?.job ?? pending.job, reader, seesAddresses(session)), pieces: settled.map((s) => jobView(s.job, reader, seesAddresses(session))) },
          settled.some((s) => s.status === 202) ? 202 : 201,
        );
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/transactions/{id}/e-receipt',
      operationId: 'createEReceipt',
      tag: 'transactions',
      summary: 'A signed link for the customer to open the receipt (HTML, and PDF at the same link + ".pdf")',
      description: 'The link names the sale and its expiry, signed with the journal\'s key (HMAC); it shows the cardholder copy and its verification code. The link starts with the server\'s public address (`reissue start --public-url`), else it is relative to this server. Journaled as e-receipt.issued.',
      access: 'reprint.any',
      params: ID_PARAM,
      query: saleQuery,
      body: eReceiptBody,
      bodyOptional: true,
      answers: {
        201: { description: 'the link', content: { 'application/json': eReceiptView } },
        403: { description: 'E_RECEIPT_WINDOW_PASSED: the sale is older than the reprint window (journaled as e-receipt.refused)', content: { 'application/problem+json': null } },
      },
      async handle({ c, params, query, body, session }) {
        const item = await journalFor(rt, session, query.store).get(params.id ?? '');
        const { id } = item;
        const now = rt.now();
        const user = signedIn(session).user;
        await refuseOutsideReprintWindow(rt, id, actorOf(user), now, query.store === undefined ? undefined : parseStoreList(query.store));
        const days = body.expiresInDays ?? rt.eReceiptDays;
        if (days > rt.eReceiptMaxDays) {
          throw new InputError('E_RECEIPT_TOO_LONG', `an e-receipt link lives at most ${rt.eReceiptMaxDays} days here (asked: ${days})`, { hint: `ask for ${rt.eReceiptMaxDays} days or fewer`, context: { days, max: rt.eReceiptMaxDays } });
        }
        const expiresAt = now + days * DAY_MS;
        // The link names the shop: at head office another shop may hold a sale with the same id.
        const store = (await journal.isOwn(item)) ? '' : item.storeId;
        const token = signReceiptToken(await rt.keys(), id, store, now, expiresAt);
        const expires = new Date(Math.floor(expiresAt / 1000) * 1000).toISOString();
        await rt.deps.audit('e-receipt.issued', { saleId: id, ...(store ? { store } : {}), link: linkIdOf(token), user: user.name, expiresAt: expires, at: new Date(now).toISOString() });
        return c.json({ url: `${rt.publicUrl}/r/${token}`, pdfUrl: `${rt.publicUrl}/r/${token}.pdf`, expiresAt: expires }, 201);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/transactions/{id}/e-receipt/withdraw',
      operationId: 'withdrawEReceipts',
      tag: 'transactions',
      summary: "Withdraws every e-receipt link of the sale made so far (sent to the wrong customer, say)",
      description: 'Links made until now answer E_RECEIPT_WITHDRAWN (404, an HTML page in Chinese and English) from now on; a link made later opens. Journaled as e-receipt.withdrawn.',
      access: 'reprint.any',
      params: ID_PARAM,
      query: saleQuery,
      answers: { 200: { description: 'withdrawn', content: { 'application/json': eReceiptWithdrawnView } } },
      async handle({ c, params, query, session }) {
        const item = await journalFor(rt, session, query.store).get(params.id ?? '');
        const now = rt.now();
        const store = (await journal.isOwn(item)) ? '' : item.storeId;
        await withdrawLinks(journal, store, item.id, now);
        const at = new Date(now).toISOString();
        await rt.deps.audit('e-receipt.withdrawn', { saleId: item.id, ...(store ? { store } : {}), user: signedIn(session).user.name, at });
        return c.json({ withdrawnAt: at }, 200);
      },
    }),
  ];
}

