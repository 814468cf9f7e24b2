/**
 * Child process for test/capture-fallback.test.ts: appends captured jobs to a fallback file
 * as fast as it can until it is killed, acknowledging every third. An id is printed only
 * after the append (or acknowledgement) that wrote it has resolved, so every printed line
 * names something on disk.
 *
 * usage: node dist/test/support/fallback-writer.js FILE RUN
 */
import { fallbackFile, type CapturedJob } from '../../src/capture/index.js';

async function main(): Promise<void> {
  const [file, run = 'run'] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: fallback-writer FILE RUN\n');
    process.exit(64);
  }
  const log = fallbackFile(file);
  // Receipts of different lengths, so the kill lands anywhere in a line.
  const body = '银联POS签购单 合计 128.50 '.repeat(40);
  for (let n = 1; ; n++) {
    const job: CapturedJob = {
      id: `${run}-job-${n}`,
      source: 'front-till',
      capturedAt: new Date(Date.UTC(2026, 10, 26, 12, 0, n % 60)).toISOString(),
      startedAt: new Date(Date.UTC(2026, 10, 26, 12, 0, n % 60)).toISOString(),
      channel: 'tcp',
      peer: '127.0.0.1:50000',
      connection: 1,
      seq: n,
      endedBy: 'cut',
      bytes: new Uint8Array(Buffer.from(body.slice(0, 50 + (n * 37) % 800))),
      text: body.slice(0, 50 + (n * 37) % 800),
      kanji: true,
      fields: {},
      maskedNumbers: 0,
      bytesWithheld: false,
    };
    await log.append(job);
    process.stdout.write(`append ${job.id}\n`);
    if (n % 3 === 0) {
      await log.acknowledge(job.id);
      process.stdout.write(`ack ${job.id}\n`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
