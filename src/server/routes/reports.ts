import { z } from 'zod';
import { zonedLocalToUtc } from '../../core/index.js';
import { paperProfile, type ReceiptLanguage } from '../../receipt/index.js';
import { flatAuditEntry } from '../../journal/index.js';
import { collectDay, localDate, reportCsv, reportText } from '../../reports/index.js';
import { readerLanguage, route, seesAddresses, type RouteSpec } from '../route.js';
import { auditEntryView } from '../views.js';
import { journalFor, type Runtime } from '../runtime.js';
import { auditQuery, reportQuery } from '../schemas.js';

export function reportRoutes(rt: Runtime): RouteSpec[] {
  const { settings } = rt.deps;
  return [
    route({
      method: 'get',
      path: '/api/v1/stores',
      operationId: 'stores',
      tag: 'reports',
      summary: 'The stores the signed-in user may search (the store filter of the pages)',
      description:
        'At head office (`headOffice`: true) the registered shops, or only those a user limited to some stores may see; in a shop its own store id, when set. ' +
        'Pages show a store column at head office, and a store filter when there is more than one store to choose.',
      access: 'sales.read',
      answers: { 200: { description: 'the stores', content: { 'application/json': z.object({ headOffice: z.boolean(), limited: z.boolean(), stores: z.array(z.object({ id: z.string(), name: z.string().optional() })) }) } } },
      async handle({ c, session }) {
        const limit = session?.user.stores;
        const office = rt.deps.headOffice;
        let stores: { id: string; name?: string }[];
        if (office) {
          const shops = (await office.listShops()).map((s) => ({ id: s.id, name: s.name }));
          // A limited user sees their stores, registered or not yet (a store of theirs that has not pushed is still theirs).
          stores = limit ? limit.map((id) => shops.find((s) => s.id === id) ?? { id }) : shops;
        } else {
          const own = await rt.deps.journal.storeIdentity();
          stores = own === undefined || (limit && !limit.includes(own)) ? [] : [{ id: own }];
        }
        return c.json({ headOffice: office !== undefined, limited: limit !== undefined, stores }, 200);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/reports/day',
      operationId: 'dayReport',
      tag: 'reports',
      summary: "The day's transaction list (交易明细) and totals (交易汇总)",
      description: 'One store-local day (default today), optionally for one terminal, batch or operator. JSON, CSV (UTF-8 with BOM, CRLF, for a spreadsheet) or text as the receipt printer prints it.',
      access: 'reports.read',
      query: reportQuery,
      answers: { 200: { description: 'the report', content: { 'application/json': z.looseObject({ date: z.string(), entries: z.array(z.unknown()), totals: z.unknown() }), 'text/csv': null, 'text/plain': null } } },
      async handle({ c, query, session }) {
        const now = rt.now();
        const report = await collectDay(journalFor(rt, session, query.store), {
          date: query.date ?? localDate(now, settings.timeZone),
          timeZone: settings.timeZone,
          clock: () => now,
          ...(query.terminal !== undefined ? { terminalId: query.terminal } : {}),
          ...(query.batch !== undefined ? { batchNo: query.batch } : {}),
          ...(query.operator !== undefined ? { operatorId: query.operator } : {}),
        });
        const format = query.format ?? 'json';
        if (format === 'csv') {
          return c.body(reportCsv(report), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="report-${report.date}.csv"` });
        }
        if (format === 'text') {
          const text = reportText(report, { paper: paperProfile(query.paper ?? '80'), printedAt: now, ...(query.lang ? { language: query.lang as ReceiptLanguage } : {}) });
          return c.body(text, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
        }
        return c.json(report, 200);
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/audit',
      operationId: 'audit',
      tag: 'reports',
      summary: 'Who reprinted, approved, was refused, signed in or changed users',
      description: 'The audit chain, newest first: reprint.issued, reprint.refused, print.original, print.refused, integrity.alert, approval.granted, approval.refused, login.failed, login.throttled, user.added, access.denied, e-receipt.issued, e-receipt.opened, … Each entry is a hash-chained journal event; a refusal or an integrity alert also carries `why`, its reason in the reader\'s language (Accept-Language), which is not part of the event.',
      access: 'audit.read',
      query: auditQuery,
      answers: {
        200: { description: 'audit entries', content: { 'application/json': z.object({ items: z.array(z.looseObject({ seq: z.number().int(), type: z.string(), recordedAt: z.string() })) }) } },
      },
      async handle({ c, query, session }) {
        const now = rt.now();
        const journal = journalFor(rt, session, query.store);
        const from = query.from === undefined ? -Infinity : zonedLocalToUtc(query.from, settings.timeZone, now);
        const to = query.to === undefined ? Infinity : zonedLocalToUtc(query.to, settings.timeZone, now);
        const limit = Math.min(1000, Math.max(1, Number(query.limit ?? 200)));
        const entries = await journal.auditTrail({ from, to, limit, ...(query.user !== undefined ? { user: query.user } : {}), ...(query.type !== undefined ? { type: query.type } : {}) });
        const reader = readerLanguage(c);
        const addresses = seesAddresses(session);
        return c.json({ items: entries.map((e) => auditEntryView(flatAuditEntry(e), reader, addresses)) }, 200);
      },
    }),
  ];
}
