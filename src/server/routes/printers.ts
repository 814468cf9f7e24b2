import { z } from 'zod';
import { NotFoundError } from '../../core/index.js';
import { ReceiptLanguages } from '../../receipt/index.js';
import { readerLanguage, route, seesAddresses, signedIn, type RouteSpec } from '../route.js';
import { jobVisible, settle, type Runtime } from '../runtime.js';
import { jobViewSchema, printOutcomeView, printersQuery, recentJobsQuery } from '../schemas.js';
import { jobView, printerView, shownPrinter } from '../views.js';
import { configuredPrinter } from './configured-printer.js';

const printerSchema = z.object({
  name: z.string(),
  address: z.string().nullable(),
  model: z.string().nullable(),
  paper: z.string().nullable(),
  group: z.string().nullable(),
  backup: z.string().nullable(),
  configured: z.boolean(),
  status: z.string(),
  faults: z.array(z.string()),
  warnings: z.array(z.string()),
  held: z.string().nullable(),
  conditions: z.array(z.string()).describe('status and warnings as codes: ready, paper-out, paper-near-end, cover-open, offline, unreachable, not-a-printer, not-checked …'),
  statusText: z.string().describe('status and warnings in the language of Accept-Language'),
  heldCodes: z.array(z.string()).nullable().describe('why the queue waits, as codes'),
  heldText: z.string().nullable().describe('why the queue waits, in the language of Accept-Language ("缺纸")'),
  checkedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorCode: z.string().nullable().describe('the code of the last error: PRINTER_UNREACHABLE, PRINTER_TIMEOUT …'),
  lastErrorText: z.string().nullable().describe('why the printer could not be asked, in the language of Accept-Language'),
  queued: z.number().int(),
  inFlight: z.number().int(),
  paperUsedMm: z.number(),
  paperSinceCleanMm: z.number(),
  cleaningDue: z.boolean(),
  lastCleanedAt: z.string().nullable(),
  lastPrintedAt: z.string().nullable(),
  language: z.enum(ReceiptLanguages).nullable().describe('the language its receipts print in; null: each receipt\'s own (bank slips bilingual, retail receipts Chinese)'),
});

const tapSchema = z.object({
  source: z.string(),
  printer: z.string().nullable().describe('as the configuration names it: a configured printer\'s name, or an address (null for a user without `printers.manage`)'),
  backup: z.string().nullable(),
  connections: z.number().int(),
  captured: z.number().int(),
  backlog: z.number().int().describe('captured jobs not yet in the journal: waiting in the fallback file while the journal cannot take them'),
  undelivered: z.number().int(),
});

const NAME_PARAM = { name: 'printer name from the configuration' };

export function printerRoutes(rt: Runtime): RouteSpec[] {
  const { spooler } = rt.deps;
  return [
    route({
      method: 'get',
      path: '/api/v1/printers',
      operationId: 'listPrinters',
      tag: 'printers',
      summary: 'Every printer: status, faults, queue, paper used, print-head cleaning',
      description: 'Status as last seen; `probe=true` reads the status of idle printers now (an unreachable printer takes a few seconds). `taps` lists the taps running in this server (configuration file) with their backlog. `address` is null for a user without `printers.manage` (a cashier).',
      access: 'session',
      query: printersQuery,
      answers: { 200: { description: 'the printers, and which one prints when none is named', content: { 'application/json': z.object({ items: z.array(printerSchema), defaultPrinter: z.string().nullable(), taps: z.array(tapSchema) }) } } },
      async handle({ c, query, session }) {
        const probe = query.probe === 'true' || query.probe === '1';
        const { config } = rt.deps;
        const reader = readerLanguage(c);
        // A printer's network address is for whoever manages printers: with it anyone could print past the journal.
        const addresses = seesAddresses(session);
        // A printer known only by its address (jobs sent to one from the command line) is not listed for the others.
        const reports = (await spooler.printers({ probe })).filter((p) => shownPrinter(p.name, addresses) !== null);
        const items = reports.map((p) => ({ ...printerView(p, config.printers.find((x) => x.name === p.name)?.language ?? null, reader), ...(addresses ? {} : { address: null }) }));
        // A tap may name its printer by address rather than by a configured name: the same rule.
        const named = (printer: string | undefined) => (printer === undefined ? null : shownPrinter(printer, addresses));
        const taps = (rt.deps.taps?.() ?? []).map(({ source, printer, backup, connections, captured, backlog, undelivered }) => ({ source, printer: named(printer), backup: named(backup), connections, captured, backlog, undelivered }));
        return c.json({ items, defaultPrinter: config.defaultPrinter ?? null, taps }, 200);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/printers/{name}/test-page',
      operationId: 'printTestPage',
      tag: 'printers',
      summary: 'Print a test page (name, model, paper, ruler, Chinese and English, QR)',
      description: 'Waits like a print: 201 when the job ended (`printed`), 202 with the job to poll.',
      access: 'printers.manage',
      params: NAME_PARAM,
      answers: {
        201: { description: 'the job ended', content: { 'application/json': printOutcomeView } },
        202: { description: 'queued or printing', content: { 'application/json': printOutcomeView } },
      },
      async handle({ c, params, session }) {
        const settled = await settle(rt, c, await spooler.testPage(configuredPrinter(rt, params.name ?? '')));
        c.header('Location', `/api/v1/jobs/${settled.job.id}`);
        return c.json({ printed: settled.printed, job: jobView(settled.job, readerLanguage(c), seesAddresses(session)) }, settled.status);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/printers/{name}/cleaned',
      operationId: 'markPrinterCleaned',
      tag: 'printers',
      summary: 'Record that the print head was cleaned (the cleaning reminder starts over)',
      access: 'printers.manage',
      params: NAME_PARAM,
      answers: { 200: { description: 'recorded', content: { 'application/json': z.object({ printer: z.string(), paperMm: z.number() }) } } },
      async handle({ c, params, session }) {
        return c.json(await spooler.markCleaned(configuredPrinter(rt, params.name ?? ''), signedIn(session).user.name), 200);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/printers/{name}/jobs/recent',
      operationId: 'recentPrinterJobs',
      tag: 'printers',
      summary: 'The printer\'s latest jobs, newest first',
      description: 'Of the latest `limit` jobs, a user limited to some stores sees those of their stores\' receipts, test pages and reports.',
      access: 'session',
      params: NAME_PARAM,
      query: recentJobsQuery,
      answers: { 200: { description: 'the jobs', content: { 'application/json': z.object({ items: z.array(jobViewSchema) }) } } },
      async handle({ c, params, query, session }) {
        const name = params.name ?? '';
        const limit = Math.min(100, Math.max(1, Number(query.limit ?? 20)));
        const latest = await rt.deps.journal.jobs({ printer: name, order: 'newest', limit });
        // A user limited to some stores sees, of the latest jobs, those of their stores' receipts (and test pages, reports).
        const shown = await Promise.all(latest.map((j) => jobVisible(rt, session, j)));
        const jobs = latest.filter((_, i) => shown[i]);
        if (latest.length === 0 && !rt.deps.config.printers.some((p) => p.name === name)) {
          throw new NotFoundError('UNKNOWN_PRINTER', `no printer "${name}"`, { hint: 'see GET /api/v1/printers for the configured printers', context: { printer: name, known: rt.deps.config.printers.map((p) => p.name) } });
        }
        return c.json({ items: jobs.map((j) => jobView(j, readerLanguage(c), seesAddresses(session))) }, 200);
      },
    }),
  ];
}
