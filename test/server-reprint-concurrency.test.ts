/**
 * Many reprints of one sale at once over real HTTP (`Prefer: respond-async`): each copy is
 * numbered inside the one write that queues it, so the copies are 1..n exactly once each up
 * to the policy's limit, and every request past it is refused with COPY_LIMIT_REACHED.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import { startVirtualPrinter, type VirtualPrinter } from '../src/emulator/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { runningClock, tempDir } from './support/cli.js';
import { sale } from './support/fixtures.js';

const NOW = Date.parse('2026-11-27T08:00:00Z');
const AT_ONCE = 24;

let dir: ReturnType<typeof tempDir>;
let printer: VirtualPrinter;
let server: RunningServer;

beforeAll(async () => {
  dir = tempDir('reissue-reprints-');
  printer = await startVirtualPrinter({ port: 0, speedMmPerSecond: 50_000, keepJobs: 1 });
  const config = parseConfig({ printers: [{ name: 'front', address: `127.0.0.1:${printer.address?.port}` }], defaultPrinter: 'front' }, 'test');
  const context = { env: { REISSUE_TZ: 'Asia/Shanghai' }, cwd: dir.path, now: runningClock(NOW) };
  server = await startServer({ port: 0, db: join(dir.path, 'journal.db'), config, context, logger: () => undefined });
  await server.deps.auth.bootstrapAdmin({ name: 'root', password: 'root-password', operatorNo: '99' });
  await server.deps.auth.addUser({ name: 'bo', role: 'backoffice', password: 'bo-password', operatorNo: '12' }, 'root');
  await server.deps.journal.recordMany([sale(), sale({ voucherNo: '000458', referenceNo: '133041825601' })]);
});

afterAll(async () => {
  await server?.close();
  await printer?.stop();
  dir?.remove();
});

async function token(username: string): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-password`, bearer: true }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/** `count` reprints of `saleId` sent at once, each on its own connection; their statuses and bodies. */
async function reprintsAtOnce(saleId: string, bearer: string, count: number): Promise<{ status: number; body: Record<string, any> }[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const response = await fetch(`${server.url}/api/v1/transactions/${saleId}/reprints`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}`, Prefer: 'respond-async', Connection: 'close' },
        body: JSON.stringify({ reason: 'customer_request' }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    }),
  );
}

const sorted = (numbers: number[]) => [...numbers].sort((a, b) => a - b);
const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('reprints of one sale at once (respond-async, real sockets)', () => {
  it('numbers the copies 1..limit exactly once each and refuses the rest with COPY_LIMIT_REACHED, journaled', async () => {
    const saleId = '10023456-000128-000457';
    const answers = await reprintsAtOnce(saleId, await token('bo'), AT_ONCE);
    const accepted = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status !== 202);
    expect(sorted(accepted.map((a) => a.body.copy as number))).toEqual(oneToN(3));
    expect(refused).toHaveLength(AT_ONCE - 3);
    for (const r of refused) expect([r.status, r.body.code]).toEqual([403, 'COPY_LIMIT_REACHED']);
    const jobs = (await server.deps.journal.jobsOfSale(saleId)).filter((j) => j.kind === 'duplicate');
    expect(sorted(jobs.map((j) => j.copy))).toEqual(oneToN(3));
    const audit = (await server.deps.journal.eventsOf('audit', { types: ['reprint.issued', 'reprint.refused'], limit: 1000 })).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
    expect(sorted(audit.filter((e) => e.saleId === saleId && e.copy !== undefined).map((e) => e.copy as number))).toEqual(oneToN(3));
    expect(audit.filter((e) => e.saleId === saleId && e.code === 'COPY_LIMIT_REACHED')).toHaveLength(AT_ONCE - 3);
  });

  it('an admin past the limit: every request is a copy, numbered 1..n with none skipped or repeated', async () => {
    const saleId = '10023456-000128-000458';
    const answers = await reprintsAtOnce(saleId, await token('root'), AT_ONCE);
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: AT_ONCE }, () => 202));
    expect(sorted(answers.map((a) => a.body.copy as number))).toEqual(oneToN(AT_ONCE));
    const jobs = (await server.deps.journal.jobsOfSale(saleId)).filter((j) => j.kind === 'duplicate');
    expect(sorted(jobs.map((j) => j.copy))).toEqual(oneToN(AT_ONCE));
    // Each copy prints with its own number on it.
    for (const job of jobs) expect((await server.deps.spooler.waitFor(job.id)).state).toBe('printed');
  });
});
