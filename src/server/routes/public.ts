import { syncStatus } from '../../sync/index.js';
import { z } from 'zod';
import { ReissueError, formatInZone } from '../../core/index.js';
import type { WriteCheck } from '../../journal/index.js';
import { escapeMarkup } from '../html.js';
import { renderSvg } from '../../receipt/index.js';
import { renderReceipt } from '../../render/index.js';
import { verificationCode } from '../../reprint/index.js';
import { route, type RouteSpec } from '../route.js';
import { DAY_MS, type Runtime } from '../runtime.js';
import { invalidLink, readReceiptToken } from '../signing.js';
import { refuseWithdrawn } from '../e-receipt-withdrawal.js';

// A phone first: the receipt is a vector picture as wide as the screen (no sideways swipe,
// Chinese in its printer cells, never letter-spaced); sentences wrap between words, only the
// code may break anywhere.
const PAGE_STYLE =
  'body{margin:0;padding:1rem .75rem;background:#eceff1;font:16px/1.5 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#222;overflow-wrap:break-word}' +
  'main{max-width:36rem;margin:0 auto}.receipt{background:#fff;box-shadow:0 1px 4px #0003;padding:.5rem}.receipt svg{display:block;width:100%;height:auto}' +
  '.verify{margin:1rem 0 .3rem}.verify code{background:#fff;padding:.1rem .3rem;overflow-wrap:anywhere;font-size:.9rem}.phrase{white-space:nowrap}' +
  '.check{display:inline-block;margin:.2rem 0;padding:.5rem .9rem;border-radius:4px;background:#1d4e89;color:#fff;text-decoration:none}.note{color:#555;font-size:.9rem}';

export function publicRoutes(rt: Runtime): RouteSpec[] {
  const { journal, settings } = rt.deps;
  return [
    route({
      method: 'get',
      path: '/health',
      operationId: 'health',
      tag: 'system',
      summary: 'Liveness and readiness: the journal answers and can take a write, the spooler runs',
      description:
        'The journal is read, and whether it can take a write is found without writing: the room left on its disk (SQLite: the free space and the file\'s page limit; ' +
        'PostgreSQL, whose server\'s disks a client cannot see: whether the last write here failed for lack of space). `journal.status` is ok, not-writable (with `reason`: disk-full, read-only) or unavailable. ' +
        'With taps in the configuration, `taps` lists each: POS connections open, jobs captured since start, `backlog` (captured jobs waiting in the fallback file for the journal) and jobs its printer did not take.',
      access: 'public',
      answers: {
        200: {
          description: 'ready',
          content: {
            'application/json': z.object({
              status: z.literal('ok'),
              journal: z.object({ status: z.string(), store: z.string() }),
              spooler: z.object({ running: z.boolean() }),
              sync: z.object({ pending: z.number(), lastSuccessAt: z.number().nullable(), lastError: z.string().nullable() }).optional().describe('a shop sending to head office: events not yet acknowledged'),
              taps: z.array(z.object({ source: z.string(), connections: z.number(), captured: z.number(), backlog: z.number(), undelivered: z.number() })).optional(),
              version: z.string(),
            }),
          },
        },
        503: { description: 'the journal does not answer, or cannot take a write (disk full)', content: { 'application/json': null } },
      },
      async handle({ c }) {
        const store = journal.info.kind;
        const spooler = { running: rt.deps.spooler.running };
        const tapList = rt.deps.taps?.();
        // Counts only: printer addresses stay off this public answer.
        const taps = tapList ? { taps: tapList.map(({ source, connections, captured, backlog, undelivered }) => ({ source, connections, captured, backlog, undelivered })) } : {};
        let check: WriteCheck;
        try {
          await journal.meta('timeZone');
          check = await journal.writable();
        } catch {
          return c.json({ status: 'unavailable', journal: { status: 'unavailable', store }, spooler, ...taps, version: rt.version }, 503);
        }
        if (!check.writable) return c.json({ status: 'unavailable', journal: { status: 'not-writable', reason: check.reason, store }, spooler, ...taps, version: rt.version }, 503);
        // A shop that sends to head office shows how far behind head office is (from its last acknowledgement).
        const sync = rt.deps.config.sync ? await syncStatus(journal) : undefined;
        return c.json({ status: 'ok', journal: { status: 'ok', store }, spooler, ...(sync ? { sync: { pending: sync.pending, lastSuccessAt: sync.lastSuccessAt, lastError: sync.lastError } } : {}), ...taps, version: rt.version }, 200);
      },
    }),
    route({
      method: 'get',
      path: '/r/{token}',
      operationId: 'eReceipt',
      tag: 'verification',
      summary: 'The customer\'s e-receipt: an HTML page (or, with ".pdf" after the token, the PDF)',
      description: 'No sign-in: the signed token (POST /api/v1/transactions/{id}/e-receipt) is the permission, until it expires. Shows the cardholder copy and its verification code. Journaled as e-receipt.opened (the sale, its store, the link and the format), once in 10 minutes a link and format, so a link opened in a loop cannot fill the journal.',
      access: 'public',
      params: { token: 'the signed token from the e-receipt link; append ".pdf" for the PDF' },
      signedParams: ['token'],
      answers: { 200: { description: 'the receipt', content: { 'text/html': null, 'application/pdf': null } }, 404: { description: 'E_RECEIPT_NOT_FOUND, E_RECEIPT_EXPIRED or E_RECEIPT_WITHDRAWN (an HTML page)', content: { 'text/html': null } } },
      async handle({ c, params }) {
        const raw = params.token ?? '';
        const pdf = raw.endsWith('.pdf');
        const token = pdf ? raw.slice(0, -4) : raw;
        const link = readReceiptToken(await rt.keys(), token, rt.now(), rt.eReceiptMaxDays * DAY_MS);
        const { saleId, expiresAt } = link;
        // A link of before links named their store, at head office holding the id from several shops, opens none: the
        // refusal would name the shops to whoever holds the link.
        const sale = await (link.store === undefined ? journal : journal.within([link.store])).get(saleId).catch((error: unknown) => {
          throw error instanceof ReissueError && error.code === 'SALE_IN_SEVERAL_STORES' ? invalidLink() : error;
        });
        const store = (await journal.isOwn(sale)) ? '' : sale.storeId;
        await refuseWithdrawn(journal, store, link);
        // The copy that leaves is traced (the link is the right): once a while per link and format, so a link opened in a loop cannot fill the journal.
        const format = pdf ? 'pdf' : 'html';
        if (rt.eReceiptOpenings.due(`${link.linkId} ${format}`, rt.now())) {
          await rt.deps.audit('e-receipt.opened', { saleId, ...(store ? { store } : {}), link: link.linkId, format, expiresAt: new Date(expiresAt).toISOString(), at: new Date(rt.now()).toISOString() });
        }
        // A sale voided or refunded since the link was made says so to the customer too.
        const status = await journal.statusOf(sale);
        // Marked as what it is, in the page and the PDF alike: printed out, it does not pass for the paper the shop printed.
        const options = { timeZone: settings.timeZone, font: rt.font, copy: 'cardholder' as const, eReceipt: true, ...(status ? { status } : {}) };
        if (pdf) {
          const rendered = renderReceipt(sale.transaction, { ...options, format: 'pdf', title: `Receipt ${saleId}` });
          return c.body(new Uint8Array(rendered.body as Uint8Array), 200, {
            'Content-Type': 'application/pdf',
            'Content-Disposition': `inline; filename="${saleId}.pdf"`,
          });
        }
        const { doc } = renderReceipt(sale.transaction, { ...options, format: 'text' });
        const code = verificationCode(await rt.deps.reprint.verificationKey(), sale, 0);
        const until = escapeMarkup(formatInZone(expiresAt, settings.timeZone).slice(0, 16));
        const page =
          `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
          `<title>电子凭证 Receipt ${escapeMarkup(saleId)}</title><style>${PAGE_STYLE}</style></head><body><main>` +
          `<div class="receipt" role="img" aria-label="电子凭证 Receipt ${escapeMarkup(saleId)}">${renderSvg(doc)}</div>` +
          `<p class="verify"><span class="phrase">验证码</span> <span class="phrase" lang="en">Verification code</span>: <code>${escapeMarkup(code)}</code></p>` +
          `<p><a class="check" href="/api/v1/verify/${encodeURIComponent(code)}"><span class="phrase">核验真伪</span> · <span class="phrase" lang="en">Check that it is genuine</span></a></p>` +
          `<p class="note"><a href="${escapeMarkup(token)}.pdf">PDF</a> · <span class="phrase">链接有效期至 ${until}</span> · <span class="phrase" lang="en">valid until ${until}</span></p>` +
          `</main></body></html>`;
        return c.html(page, 200);
      },
    }),
  ];
}
