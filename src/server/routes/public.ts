import { z } from 'zod';
import { formatInZone } from '../../core/index.js';
import { escapeMarkup } from '../html.js';
import { renderReceipt } from '../../render/index.js';
import { verificationCode } from '../../reprint/index.js';
import { route, type RouteSpec } from '../route.js';
import type { Runtime } from '../runtime.js';
import { readReceiptToken } from '../signing.js';

const PAGE_STYLE =
  'body{margin:0;padding:1.5rem 1rem;background:#eceff1;font:15px/1.5 system-ui,sans-serif;color:#222}' +
  'main{max-width:40rem;margin:0 auto;text-align:center}.receipt{display:inline-block;box-shadow:0 1px 4px #0003;text-align:left;max-width:100%;overflow-x:auto}' +
  '.verify{margin-top:1rem;font-size:.9rem;word-break:break-all}.verify code{background:#fff;padding:.1rem .3rem}.note{color:#555;font-size:.85rem}';

export function publicRoutes(rt: Runtime): RouteSpec[] {
  const { journal, settings } = rt.deps;
  return [
    route({
      method: 'get',
      path: '/health',
      operationId: 'health',
      tag: 'system',
      summary: 'Liveness and readiness: the journal answers, the spooler runs',
      access: 'public',
      answers: {
        200: { description: 'ready', content: { 'application/json': z.object({ status: z.literal('ok'), journal: z.object({ status: z.string(), store: z.string() }), spooler: z.object({ running: z.boolean() }), version: z.string() }) } },
        503: { description: 'the journal does not answer', content: { 'application/json': null } },
      },
      async handle({ c }) {
        const store = journal.store.info.kind;
        try {
          await journal.store.getMeta('timeZone');
        } catch {
          return c.json({ status: 'unavailable', journal: { status: 'unavailable', store }, spooler: { running: rt.deps.spooler.running }, version: rt.version }, 503);
        }
        return c.json({ status: 'ok', journal: { status: 'ok', store }, spooler: { running: rt.deps.spooler.running }, version: rt.version }, 200);
      },
    }),
    route({
      method: 'get',
      path: '/r/{token}',
      operationId: 'eReceipt',
      tag: 'verification',
      summary: 'The customer\'s e-receipt: an HTML page (or, with ".pdf" after the token, the PDF)',
      description: 'No sign-in: the signed token (POST /api/v1/transactions/{id}/e-receipt) is the permission, until it expires. Shows the cardholder copy and its verification code.',
      access: 'public',
      params: { token: 'the signed token from the e-receipt link; append ".pdf" for the PDF' },
      answers: { 200: { description: 'the receipt', content: { 'text/html': null, 'application/pdf': null } }, 404: { description: 'E_RECEIPT_NOT_FOUND or E_RECEIPT_EXPIRED (an HTML page)', content: { 'text/html': null } } },
      async handle({ c, params }) {
        const raw = params.token ?? '';
        const pdf = raw.endsWith('.pdf');
        const token = pdf ? raw.slice(0, -4) : raw;
        const { saleId, expiresAt } = readReceiptToken(await rt.keys(), token, rt.now());
        const sale = await journal.get(saleId);
        const options = { timeZone: settings.timeZone, font: rt.font, copy: 'cardholder' as const };
        if (pdf) {
          const rendered = renderReceipt(sale.transaction, { ...options, format: 'pdf', title: `Receipt ${saleId}` });
          return c.body(new Uint8Array(rendered.body as Uint8Array), 200, {
            'Content-Type': 'application/pdf',
            'Content-Disposition': `inline; filename="${saleId}.pdf"`,
          });
        }
        const html = renderReceipt(sale.transaction, { ...options, format: 'html' }).body as string;
        const code = verificationCode(await rt.deps.reprint.verificationKey(), sale, 0);
        const page =
          `<!doctype html><html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
          `<title>Receipt ${escapeMarkup(saleId)}</title><style>${PAGE_STYLE}</style></head><body><main>` +
          `<div class="receipt">${html}</div>` +
          `<p class="verify">验证码 Verification code: <code>${escapeMarkup(code)}</code> — <a href="/api/v1/verify/${encodeURIComponent(code)}">check that it is genuine</a></p>` +
          `<p class="note"><a href="${escapeMarkup(token)}.pdf">PDF</a> · this link works until ${escapeMarkup(formatInZone(expiresAt, settings.timeZone).slice(0, 16))}</p>` +
          `</main></body></html>`;
        return c.html(page, 200);
      },
    }),
  ];
}
