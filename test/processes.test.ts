/**
 * Concurrency across processes (issue 16.2): copy numbers decided by two processes on one
 * SQLite file and on one PostgreSQL database, and print jobs claimed by two spoolers on one
 * journal (on both engines). Each child is the compiled build (dist/).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openJournal } from '../src/app.js';
import { verifyJournal } from '../src/journal/index.js';
import { readChildLines } from './support/child-lines.js';
import { sale } from './support/fixtures.js';
import { onBothEngines } from './support/engines.js';
import { labelOf, spoolerHarness, tempDir } from './support/spooler-harness.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** A compiled child; the global setup (test/support/build-once.ts) has built dist/ from these sources. */
const builtChild = (name: string) => join(ROOT, 'dist/test/support', `${name}.js`);

interface Child {
  process: ChildProcessWithoutNullStreams;
  lines: string[];
  readonly stderr: string;
  ready: Promise<void>;
  done: Promise<number | null>;
}

function start(js: string, args: string[]): Child {
  const child = spawn(process.execPath, [js, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let markReady = () => {};
  const ready = new Promise<void>((resolveReady) => (markReady = resolveReady));
  const lines: string[] = [];
  const output = readChildLines(child, (line) => (line === 'ready' ? markReady() : lines.push(line)));
  const done = new Promise<number | null>((resolveDone, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolveDone(code));
  });
  return {
    process: child,
    lines,
    get stderr() {
      return output.stderr;
    },
    ready,
    done,
  };
}

/** Two reprint processes, `each` reprints apiece, released together; every answer. */
async function reprintFromTwo(journal: string, saleId: string, each: number, limit: number): Promise<{ copy?: number; error?: string }[]> {
  const js = builtChild('reprint-child');
  const children = [start(js, [journal, saleId, String(each), String(limit)]), start(js, [journal, saleId, String(each), String(limit)])];
  await Promise.race([Promise.all(children.map((c) => c.ready)), ...children.map((c) => c.done.then(() => Promise.reject(new Error(c.stderr))))]);
  for (const c of children) c.process.stdin.end('go\n');
  for (const c of children) expect(await c.done, c.stderr).toBe(0);
  return children.flatMap((c) => c.lines.map((l) => JSON.parse(l) as { copy?: number; error?: string }));
}

const LIMITED = '10023456-000128-000457';
const OPEN = '10023456-000128-000500';

async function journalWithSales(location: string): Promise<void> {
  const opened = await openJournal(location, { env: {}, cwd: ROOT, now: () => Date.parse('2026-11-27T08:00:00Z') }, { create: true, timeZone: 'Asia/Shanghai' });
  try {
    await opened.journal.recordMany([sale(), sale({ voucherNo: '000500', referenceNo: '133041825600', occurredAt: '2026-11-27T15:58:00+08:00', amount: '66.00' })]);
  } finally {
    await opened.journal.close();
  }
}

/** What the two processes did, checked against the journal they shared. */
async function expectCopies(location: string): Promise<void> {
  // 24 reprints at a limit of 3: copies 1, 2, 3 once each, the other 21 refused.
  const limited = await reprintFromTwo(location, LIMITED, 12, 3);
  expect(limited.filter((r) => r.copy !== undefined).map((r) => r.copy).sort()).toEqual([1, 2, 3]);
  expect(limited.filter((r) => r.error === 'COPY_LIMIT_REACHED')).toHaveLength(21);
  // 24 reprints under no limit: 1..24, none repeated or skipped.
  const open = await reprintFromTwo(location, OPEN, 12, 1000);
  expect(open.map((r) => r.copy).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  const opened = await openJournal(location, { env: {}, cwd: ROOT, now: Date.now });
  try {
    const copies = async (id: string) => (await opened.journal.jobsOfSale(id)).map((j) => j.copy).sort((a, b) => a - b);
    expect(await copies(LIMITED)).toEqual([1, 2, 3]);
    expect(await copies(OPEN)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const issued = await opened.journal.auditTrail({ type: 'reprint.issued' });
    expect(issued).toHaveLength(27);
    expect((await opened.journal.verify()).ok).toBe(true);
  } finally {
    await opened.journal.close();
  }
}

onBothEngines((engine) => {
  describe('copy numbers from two processes', () => {
    const dir = tempDir('reissue-processes-');
    afterAll(() => dir.remove());

    it(`on one ${engine.name === 'SQLite' ? 'SQLite file' : 'PostgreSQL database'}: never above the limit, never a number repeated or skipped`, async () => {
      const target = await engine.newTarget(dir.path, 'shared.db');
      await journalWithSales(target);
      await expectCopies(target);
    }, 120_000);
  });

  describe('print jobs claimed by two spoolers on one journal', () => {
    it('prints each job once, whichever process takes it', async () => {
      const js = builtChild('spooler-child');
      const h = await spoolerHarness([{ name: 'front' }], { settings: { expireAfterMs: 600_000 }, engine });
      try {
        const port = h.ports.get('front') as number;
        const ids = await h.sales(30);
        const jobs = [];
        for (const id of ids) jobs.push(await h.spooler.enqueue({ transactionId: id, printer: 'front' }));
        // Lease long enough that neither takes the other's live job for abandoned.
        const children = [start(js, [h.target, String(port), '10000', 'drain']), start(js, [h.target, String(port), '10000', 'drain'])];
        for (const c of children) expect(await c.done, c.stderr).toBe(0);
        // Each job sent by exactly one process, once.
        const sent = children.flatMap((c) => c.lines.filter((l) => l.startsWith('print.sending ')).map((l) => Number(l.split(' ')[1])));
        expect(sent.sort((a, b) => a - b)).toEqual(jobs.map((j) => j.id));
        // One printer serving two spoolers may leave a status query unanswered: such a job is
        // "unknown" (maybe printed), never sent again; a printed one is on paper exactly once.
        const finals = await Promise.all(jobs.map((j) => h.spooler.job(j.id)));
        expect(finals.filter((j) => j.state !== 'printed' && j.state !== 'unknown')).toEqual([]);
        const onPaper = new Map<string, number>();
        for (const p of h.paper.get('front') ?? []) {
          const label = labelOf(p);
          if (label) onPaper.set(label.sale, (onPaper.get(label.sale) ?? 0) + 1);
        }
        for (const job of finals) {
          const copies = onPaper.get(job.transactionId) ?? 0;
          if (job.state === 'printed') expect(copies, `sale ${job.transactionId}`).toBe(1);
          else expect(copies, `sale ${job.transactionId}`).toBeLessThanOrEqual(1);
        }
        expect((await verifyJournal(h.store)).ok).toBe(true);
      } finally {
        await h.close();
      }
    }, 120_000);
  });
});
