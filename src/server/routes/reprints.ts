import { z } from 'zod';
import { tapPrinterFirst } from '../../app.js';
import { InputError, NotFoundError, ReissueError, containsPan, parseStoreList } from '../../core/index.js';
import { DEFAULT_API_LANGUAGE, verdictText, type Language } from '../../i18n/index.js';
import { captureJobMarks, renderCapturedReceipt } from '../../capture/index.js';
import { printerProfile } from '../../escpos/index.js';
import { isCaptureId } from '../../journal/index.js';
import { receiptOptionsAsSent } from '../../printer/index.js';
import { renderReceipt } from '../../render/index.js';
import { NOT_GENUINE, actorOf, type LocateRequest, type ReprintAssessment, type Verdict } from '../../reprint/index.js';
import { readerLanguage, route, seesAddresses, signedIn, type AppContext, type RouteSpec, type Session } from '../route.js';
import { journalFor, settle, visibleJob, type Runtime } from '../runtime.js';
import { jobViewSchema, locatedReprintBody, reprintBody, reprintOutcomeView, reprintPolicyView, saleQuery, verifyView } from '../schemas.js';
import { jobView } from '../views.js';
import { printerFor } from './configured-printer.js';

type ReprintFields = z.output<typeof reprintBody>;

/** The policy's assessment as the dialog reads it: never the card's or the reference's digits. */
/** A print job number from the path: BAD_JOB_ID (400) for anything else. */
function jobNumber(text: string): number {
  if (!/^\d{1,12}$/.test(text)) throw new InputError('BAD_JOB_ID', `"${text.slice(0, 20)}" is not a print job number`, { hint: 'use the job id from the print or reprint answer', context: { value: text.slice(0, 20) } });
  return Number(text);
}

export function reprintPolicyAnswer(a: ReprintAssessment): z.output<typeof reprintPolicyView> {
  const { need, customerProof: proof } = a;
  return {
    saleId: a.saleId,
    needs: need.needs,
    why: 'why' in need ? need.why : null,
    basis: 'basis' in need ? need.basis : null,
    copiesSoFar: a.copiesSoFar,
    copyLimit: a.copyLimit,
    cashierWindowMinutes: a.cashierWindowMinutes,
    reprintWindowDays: a.reprintWindowDays,
    customer: proof.by === 'card' ? { by: 'card' } : { by: 'payment', methods: proof.methods.map((m) => ({ method: m.method, reference: m.referenceLast4 !== undefined })) },
  };
}

/** What a receipt check tells anyone: the public verdict, no printer, no staff. */
export function verifyAnswer(v: Verdict, reader: Language = DEFAULT_API_LANGUAGE): z.output<typeof verifyView> {
  return {
    genuine: v.genuine,
    message: v.publicMessage,
    messageText: verdictText(v, reader, 'public'),
    ...(v.saleId === undefined ? {} : { saleId: v.saleId }),
    ...(v.copy === undefined ? {} : { copy: v.copy }),
    ...(v.sale === undefined ? {} : { sale: v.sale }),
    ...(v.printedAt === undefined ? {} : { printedAt: v.printedAt }),
  };
}

/** A person's browser (it asks for HTML first), as opposed to a program asking for JSON. */
function wantsPage(accept: string | undefined): boolean {
  const first = (accept ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('text/html');
}

const REPRINT_DESCRIPTION =
  'Prints a marked duplicate ("***重印凭证 / DUPLICATE n***") of the journaled sale, with the signed-in user as the one who asks. ' +
  'The reprint policy decides: a cashier may reprint the last receipt of their own terminal within 10 minutes; older receipts or another terminal\'s need a supervisor\'s step-up approval ("approver"); back office any; copies beyond 3 need an admin; sales older than 180 days only show. ' +
  'Every reprint and every refusal is journaled in the audit chain. Refusals: 403 (APPROVAL_REQUIRED, REPRINT_NOT_ALLOWED, SELF_APPROVAL, COPY_LIMIT_REACHED, APPROVAL_REFUSED for a wrong approver password …), 400 for a missing reason or customer details. ' +
  'Waits up to 5 s (or `Prefer: wait=N`) for the printer: 201 when the job ended (`printed` says whether it printed), else 202 with the job to poll at /api/v1/jobs/{id}; `Prefer: respond-async` answers 202 at once.';

/** The facts of a refusal its wording needs (never a password or a card number). */
const REFUSAL_FACTS = ['rule', 'saleId', 'minutes', 'days', 'copies', 'limit', 'terminalId', 'count'] as const;
const pick = (from: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));

async function reprintFor(rt: Runtime, c: AppContext, session: Session | undefined, locate: LocateRequest, body: ReprintFields, store?: string): Promise<Response> {
  const { user } = signedIn(session);
  // A captured receipt asked for without a printer goes back to its tap's printer (the configuration's).
  const printer = body.printer === undefined && rt.deps.config.taps.length > 0 ? tapPrinterFirst(rt.deps.config, () => printerFor(rt, undefined)) : printerFor(rt, body.printer);
  // A wrong approver password is the approver's (APPROVAL_REFUSED, 403): the signed-in user stays signed in.
  const result = await rt.deps.reprint
    .reprint({
      locate,
      ...(store === undefined ? {} : { stores: parseStoreList(store) }),
      user: { actor: actorOf(user) },
      ...(body.approver ? { approver: { name: body.approver.username, password: body.approver.password } } : {}),
      reason: body.reason,
      ...(body.reasonText ? { reasonText: body.reasonText } : {}),
      printer,
      ...(body.template ? { template: body.template } : {}),
      ...(body.copy ? { copy: body.copy } : {}),
      ...(body.customer ? { customer: body.customer } : {}),
    })
    .catch((error: unknown) => {
      // A refusal is worth a line on the console of the person running the shop's server.
      if (error instanceof ReissueError && (error.kind === 'forbidden' || error.kind === 'input')) {
        rt.log.write('warn', 'reprint.refused', { code: error.code, user: user.name, saleId: locate.by === 'id' ? locate.id : null, ...pick(error.context, REFUSAL_FACTS) });
      }
      throw error;
    });
  rt.log.write('info', 'reprint.issued', { saleId: result.sale.id, copy: result.copy, user: user.name, approver: body.approver?.username ?? null, printer: result.job.printer, jobId: result.job.id });
  const settled = await settle(rt, c, result.job);
  c.header('Location', `/api/v1/jobs/${settled.job.id}`);
  return c.json(
    { saleId: result.sale.id, copy: result.copy, code: result.code, basis: result.decision.basis, printed: settled.printed, job: jobView(settled.job, readerLanguage(c), seesAddresses(session)), verifyUrl: `/api/v1/verify/${result.code}` },
    settled.status,
  );
}

/**
 * A job's receipt is one of the journal's own (the spooler prints no other): read there,
 * never a shop's of the same id. Only for a job visibleJob let the user see.
 */
const ownRows = (rt: Runtime) => rt.deps.journal.within(['']);

const ID_PARAM = { id: 'transaction id: terminal-batch-voucher, e.g. 10023456-000128-000457' };

const answers = {
  201: { description: 'the duplicate was issued and its job ended (see `printed`)', content: { 'application/json': reprintOutcomeView } },
  202: { description: 'issued; the job is queued or printing: poll it', content: { 'application/json': reprintOutcomeView }, headers: { Location: 'the job to poll' } },
  403: { description: 'refused by the reprint policy (journaled as reprint.refused)', content: { 'application/problem+json': null } },
  409: { description: "PRINTED_IN_ITS_SHOP: at head office, a shop's sale (it is reprinted in its shop)", content: { 'application/problem+json': null } },
};

export function reprintRoutes(rt: Runtime): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/api/v1/transactions/{id}/reprints',
      operationId: 'reprint',
      tag: 'printing',
      summary: 'Reprint a sale as a marked duplicate, under the reprint policy',
      description: REPRINT_DESCRIPTION,
      access: 'session',
      params: { id: 'transaction id, or a captured receipt id (cap-…)' },
      query: saleQuery,
      body: reprintBody,
      answers,
      handle: ({ c, params, query, body, session }) => reprintFor(rt, c, session, { by: 'id', id: params.id ?? '' }, body, query.store),
    }),
    route({
      method: 'post',
      path: '/api/v1/reprints',
      operationId: 'reprintLocated',
      tag: 'printing',
      summary: 'Reprint the sale found by "last of terminal", voucher, reference, or time and amount',
      description: `${REPRINT_DESCRIPTION} When several sales match, 409 AMBIGUOUS_SALE lists them as \`candidates\` (closest first): choose one by its id. At head office \`store\` narrows the search to those shops; the last receipt of a terminal number more than one shop uses is 409 AMBIGUOUS_SALE (rule last-stores) until the store is named. Nothing is ever guessed.`,
      access: 'session',
      body: locatedReprintBody,
      answers: { ...answers, 409: { description: "AMBIGUOUS_SALE with candidates; PRINTED_IN_ITS_SHOP (at head office, a shop's sale)", content: { 'application/problem+json': null } } },
      handle: ({ c, body, session }) => {
        const { locate, store, ...fields } = body;
        return reprintFor(rt, c, session, locate, fields, store);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/transactions/{id}/reprint-policy',
      operationId: 'reprintPolicy',
      tag: 'printing',
      summary: 'Before printing: whose approval a reprint of this sale by the signed-in user needs, and why',
      description:
        'Evaluates the same reprint policy, with the same facts, that POST …/reprints applies (age of the sale, the user\'s terminal, last receipt, copies so far): ' +
        '`needs` none, supervisor (too-old, other-terminal, not-last), admin (copy-limit) or impossible (window-passed, view-only); ' +
        'and what to ask a customer who lost the receipt. Nothing is printed or journaled.',
      access: 'sales.read',
      params: ID_PARAM,
      query: saleQuery,
      answers: { 200: { description: 'the assessment', content: { 'application/json': reprintPolicyView } } },
      async handle({ c, params, query, session }) {
        const { user } = signedIn(session);
        const assessment = await rt.deps.reprint.assess(params.id ?? '', actorOf(user), query.store === undefined ? undefined : parseStoreList(query.store));
        return c.json(reprintPolicyAnswer(assessment), 200);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/jobs/{id}',
      operationId: 'getJob',
      tag: 'printing',
      summary: 'A print job\'s state (poll it after a 202)',
      description: 'A job rerouted to the backup printer names its successor in `reroutedTo`. A user limited to some stores sees only their stores\' receipts\' jobs (another store\'s is 404 JOB_NOT_FOUND).',
      access: 'sales.read',
      params: { id: 'print job number' },
      answers: { 200: { description: 'the job', content: { 'application/json': jobViewSchema.extend({ reroutedTo: z.number().int().nullable() }) } } },
      async handle({ c, params, session }) {
        // A user limited to some stores polls their stores' jobs only: another store's is not found.
        const job = await visibleJob(rt, session, jobNumber(params.id ?? ''));
        const successor = await rt.deps.spooler.successor(job);
        return c.json({ ...jobView(job, readerLanguage(c), seesAddresses(session)), reroutedTo: successor?.id ?? null }, 200);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/jobs/{id}/cancel',
      operationId: 'cancelJob',
      tag: 'printing',
      summary: 'Cancel a print job still waiting to be sent (its printer busy, faulted, unreachable or mistyped)',
      description:
        'The job ends `failed` with who cancelled it (journaled as print.failed, reason cancelled); nothing of it prints, and the receipt may be printed again. A job being sent, awaiting its answer or ended is refused with 409 JOB_NOT_CANCELLABLE and its state.',
      access: 'printers.manage',
      params: { id: 'print job number' },
      answers: { 200: { description: 'cancelled', content: { 'application/json': jobViewSchema } }, 409: { description: 'JOB_NOT_CANCELLABLE', content: { 'application/problem+json': null } } },
      async handle({ c, params, session }) {
        const job = await visibleJob(rt, session, jobNumber(params.id ?? ''));
        return c.json(jobView(await rt.deps.spooler.cancel(job.id, signedIn(session).user.name), readerLanguage(c), seesAddresses(session)), 200);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/jobs/{id}/picture',
      operationId: 'getJobPicture',
      tag: 'printing',
      summary: 'A print job as it went to paper (PNG), marked 仅供查看 · PREVIEW — NOT A RECEIPT: a duplicate with its mark, reprint line and verification QR',
      description: 'Rendered from the journal with the options stored in the job and, for a duplicate, the mark it was sent with (the sale\'s status read when it printed; one not sent yet: as it would print now), for the printer model that took it: the same document the printer received.',
      access: 'sales.read',
      params: { id: 'print job number' },
      answers: { 200: { description: 'the picture', content: { 'image/png': null } } },
      async handle({ c, params, session }) {
        const job = await visibleJob(rt, session, jobNumber(params.id ?? ''));
        if (job.transactionId === '') throw new NotFoundError('NO_PICTURE', `job ${job.id} is a ${job.kind}, not a receipt`, { hint: 'pictures are kept for receipts and their duplicates', context: { jobId: job.id, jobKind: job.kind } });
        const events = await rt.deps.journal.checkJob(job);
        const model = rt.deps.config.printers.find((p) => p.name === job.printer)?.model;
        // As it went to paper, and marked as a preview: the picture is for looking, not a copy to hand out.
        const look = { format: 'png', preview: true, timeZone: rt.deps.settings.timeZone, font: rt.font } as const;
        let png: Uint8Array;
        if (isCaptureId(job.transactionId)) {
          // A captured receipt's job: the POS's own bytes, with a duplicate's mark, reprint line and QR.
          const { capture } = await ownRows(rt).getCapture(job.transactionId);
          png = renderCapturedReceipt(capture, { ...look, ...captureJobMarks(job), ...(model ? { printer: printerProfile(model) } : {}) }).body as Uint8Array;
        } else {
          const found = await ownRows(rt).get(job.transactionId);
          // A duplicate with the mark it was sent with (read when it printed); one not sent yet with the mark it would carry now.
          const { options, sent } = receiptOptionsAsSent(job, events);
          const { status: said, ...rest } = options;
          const status = job.kind === 'duplicate' && !sent ? await rt.deps.journal.statusOf(found) : said;
          png = renderReceipt(found.transaction, { ...rest, ...(status ? { status } : {}), ...look, ...(model ? { printer: model } : {}) }).body as Uint8Array;
        }
        return c.body(new Uint8Array(png), 200, { 'Content-Type': 'image/png' });
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/verify/{code}',
      operationId: 'verifyReceipt',
      tag: 'verification',
      summary: 'Is this receipt genuine? (the code in its QR)',
      description: 'Anyone holding the paper may ask: no sign-in. Answers 200 either way; `genuine` says which.',
      access: 'public',
      params: { code: 'the verification code (ID.COPY.CHECK) or the link holding it' },
      signedParams: ['code'],
      answers: {
        200: { description: 'the verdict: the sale\'s time, amount and operator no., which copy and when it printed (never a printer or a member of staff)', content: { 'application/json': verifyView } },
        303: { description: 'a browser (Accept: text/html first) is sent to the verification page /verify.html?code=…, when the server serves the web pages', headers: { Location: '/verify.html?code=CODE' } },
      },
      async handle({ c, params }) {
        const code = params.code ?? '';
        // The QR on a duplicate is this link: a phone that opens it gets the page, not JSON. A code
        // is not gated (its signature is its check), so one whose digits read as a card number is
        // sent on only if it is genuine: a forged one is not said back, even to its sender.
        if (rt.deps.options?.staticFiles && wantsPage(c.req.header('Accept'))) {
          const sendOn = !containsPan(code, { saleIds: 'never' }) || (await rt.deps.reprint.check(code).then((v) => v.genuine, () => false));
          return c.redirect(sendOn ? `/verify.html?code=${encodeURIComponent(code)}` : '/verify.html', 303);
        }
        const verdict = await rt.deps.reprint.check(code).catch((error: unknown) => {
          // To anyone holding the paper an altered sale is not genuine (the page says it may have been altered); which event and how is for staff: the integrity alert, `reissue check`.
          if (error instanceof ReissueError && error.code === 'RECORD_ALTERED') return NOT_GENUINE;
          throw error;
        });
        return c.json(verifyAnswer(verdict, readerLanguage(c)), 200);
      },
    }),
  ];
}
