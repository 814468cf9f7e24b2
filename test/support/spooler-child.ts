/**
 * Child process for test/spooler-restart.test.ts: runs a spooler on a journal (a SQLite file
 * or a PostgreSQL URL) against the printer at 127.0.0.1:PORT until it is killed, writing one
 * line per journaled job change ("print.awaiting-ack 17") once the change is committed. With "drain" it exits 0 when no job
 * is left open instead.
 *
 * usage: node dist/test/support/spooler-child.js FILE|URL PORT LEASE_MS [drain]
 */
import { Journal } from '../../src/journal/index.js';
import { Spooler, printerDirectory, tcpConnector } from '../../src/printer/index.js';
import { openChildStore } from './child-store.js';
import { testRender } from './spooler-render.js';

async function run(): Promise<void> {
  const [file, portText, leaseText, mode] = process.argv.slice(2);
  const port = Number(portText);
  const lease = Number(leaseText);
  if (!file || !Number.isInteger(port) || !(lease > 0)) {
    process.stderr.write('usage: spooler-child FILE|URL PORT LEASE_MS [drain]\n');
    process.exit(64);
  }
  const store = await openChildStore(file);
  const journal = new Journal({ store });
  const spooler = new Spooler({
    journal,
    printers: printerDirectory([{ name: 'front', host: '127.0.0.1', port }]),
    // Generous: a busy machine must not pass for a hung printer (no test here is about one).
    connect: tcpConnector({ connectTimeoutMs: 5000, statusTimeoutMs: 10_000 }),
    render: testRender,
    settings: { inFlightLeaseMs: lease, statusPollMs: 40, ackTimeoutMs: 5000, retryInitialMs: 50, retryMaxMs: 200, expireAfterMs: 120_000 },
    onEvent: (event) => {
      if (event.type === 'job') process.stdout.write(`${event.event} ${event.job.id}\n`);
    },
  });
  await spooler.start();
  if (mode !== 'drain') return;
  for (;;) {
    const open = await store.listJobs({ states: ['queued', 'sending', 'awaiting-ack'], limit: 1 });
    if (open.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await spooler.stop();
  await journal.close();
}

run().catch((error: unknown) => {
  process.stderr.write(`spooler-child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
