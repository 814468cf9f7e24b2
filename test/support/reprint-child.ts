/**
 * Child process for test/processes.test.ts: a second (or third) Reissue process numbering
 * duplicates of one sale in a journal another process also writes. Prints "ready", waits for
 * a line on stdin (so the processes start together), fires COUNT reprints at once, then
 * prints one JSON line per reprint — {"copy":n} or {"error":"CODE"} — and exits 0.
 *
 * usage: node dist/test/support/reprint-child.js JOURNAL SALE_ID COUNT COPY_LIMIT
 */
import { createInterface } from 'node:readline';
import { createSpooler, openJournal } from '../../src/app.js';
import { defaultConfig } from '../../src/config/index.js';
import { ReissueError } from '../../src/core/index.js';
import { ReprintService } from '../../src/reprint/index.js';

async function run(): Promise<void> {
  const [journalAt, saleId, countText, limitText] = process.argv.slice(2);
  const count = Number(countText);
  const copyLimit = Number(limitText);
  if (!journalAt || !saleId || !(count > 0) || !(copyLimit > 0)) {
    process.stderr.write('usage: reprint-child JOURNAL SALE_ID COUNT COPY_LIMIT\n');
    process.exit(64);
  }
  const now = Date.parse('2026-11-27T08:00:00Z');
  const context = { env: {}, cwd: process.cwd(), now: () => now };
  const opened = await openJournal(journalAt, context);
  // Not started: the copies stay queued, and a queued copy counts as issued.
  const spooler = createSpooler(opened, defaultConfig(), context);
  const actor = { name: 'bo', role: 'backoffice' };
  const service = new ReprintService({
    journal: opened.journal,
    auth: { verify: async () => actor, approve: async () => actor },
    queue: spooler,
    audit: (type, payload) => opened.journal.appendAudit(type, payload),
    clock: () => now,
    context: opened.settings,
    policy: { cashierWindowMs: 600_000, reprintWindowMs: 180 * 86_400_000, copyLimit },
  });
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
  const results = await Promise.all(
    Array.from({ length: count }, () =>
      service.reprint({ locate: { by: 'id', id: saleId }, user: { actor }, reason: 'customer_request', printer: '127.0.0.1:9' }).then(
        (r) => ({ copy: r.copy }),
        (error: unknown) => {
          if (error instanceof ReissueError) return { error: error.code };
          throw error;
        },
      ),
    ),
  );
  for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
  await spooler.stop();
  await opened.journal.close();
}

run().catch((error: unknown) => {
  process.stderr.write(`reprint-child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
