/**
 * A duplicate carries the mark that is true when it goes to paper, not when it was queued: one
 * that waits for paper while the sale is voided (or refunded) prints 已撤销 VOIDED (部分退货
 * PARTLY REFUNDED), and the journal says which mark it was sent with (printedWith on its
 * print.sending); its picture shows that mark. A duplicate printed before the void keeps the
 * mark it was printed with. Real server, real spooler, the virtual printer (found by a review
 * helper: a duplicate accepted while the printer was out of paper printed a voided sale as paid).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptOptionsAsSent } from '../src/printer/index.js';
import { CSRF_HEADER, createApp } from '../src/server/index.js';
import { sale } from './support/fixtures.js';
import { OLD, RECENT, serverHarness, type Harness } from './support/server-harness.js';
import { until } from './support/spooler-harness.js';

let h: Harness;
let app: ReturnType<typeof createApp>;
let bo: Record<string, string>;

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 200 });
  app = createApp(h.deps);
  const login = await app.request('http://localhost/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'bo', password: 'bo-password' }) });
  bo = { Cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), [CSRF_HEADER]: ((await login.json()) as { csrfToken: string }).csrfToken };
});
afterAll(async () => {
  await h?.close();
});

const reprint = async (id: string) => {
  const response = await app.request(`http://localhost/api/v1/transactions/${id}/reprints`, { method: 'POST', headers: { ...bo, 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'customer_request' }) });
  const answer = (await response.json()) as { code: string; job: { id: number; state: string } };
  expect([201, 202], JSON.stringify(answer)).toContain(response.status);
  return answer;
};

/**
 * The paper runs out, and the spooler has seen it: a job asked for now waits in the queue (a printer last seen
 * ready a moment ago would be handed the job at once, its bytes in the printer before any void).
 */
const paperOut = async () => {
  h.printer.setFault('paper-out');
  await until(() => !h.spooler.takesAtOnce('front'), 'the spooler to see the paper out');
};

/** Prints a job through to paper and gives back the text the printer printed. */
const printed = async (jobId: number) => {
  const done = await h.spooler.waitFor(jobId, { timeoutMs: 20_000 });
  expect(done.state, done.detail ?? '').toBe('printed');
  return { job: done, paper: h.printer.jobs().at(-1)?.text ?? '' };
};

/** Height in pixels of a job's picture (PNG IHDR): a mark and its correction lines make it taller. */
const pictureHeight = async (jobId: number) => {
  const response = await app.request(`http://localhost/api/v1/jobs/${jobId}/picture`, { headers: bo });
  expect(response.status).toBe(200);
  return new DataView(await response.arrayBuffer()).getUint32(20);
};

/** The printedWith of the job's print.sending, if it says one. */
const sentWith = async (jobId: number) => {
  const events = await h.opened.journal.checkJob((await h.opened.journal.job(jobId))!);
  const sending = events.filter((e) => e.type === 'print.sending').map((e) => JSON.parse(e.payload) as { printedWith?: unknown });
  expect(sending).toHaveLength(1);
  return sending[0]?.printedWith;
};

describe('a duplicate that waits in the queue prints the mark true when it goes to paper', () => {
  let before = { id: 0, height: 0 };

  it('a duplicate printed while the sale is paid is unmarked', async () => {
    const answer = await reprint(OLD);
    const { paper } = await printed(answer.job.id);
    expect(paper).toContain('***重印凭证 / DUPLICATE 1***');
    expect(paper).not.toContain('VOIDED');
    before = { id: answer.job.id, height: await pictureHeight(answer.job.id) };
  });

  it('one queued while the paper is out and voided before paper is loaded prints VOIDED; its sending says so, and its picture shows it', async () => {
    await paperOut();
    const answer = await reprint(OLD);
    expect(answer.job.state).toBe('queued');
    // Queued while the sale was paid: the job asks for no mark.
    const queued = await h.opened.journal.job(answer.job.id);
    expect(JSON.parse(queued?.options ?? '{}')).not.toHaveProperty('status');
    // The supervisor voids the sale while the printer waits for paper.
    await h.opened.journal.record(sale({ kind: 'void', voucherNo: '000458', referenceNo: undefined, occurredAt: '2026-11-27T15:01:02+08:00', original: { voucherNo: '000457' } }));
    h.printer.setFault(undefined);
    const { job, paper } = await printed(answer.job.id);
    expect(paper).toContain('***重印凭证 / DUPLICATE 2***');
    expect(paper).toContain('***已撤销 VOIDED***');
    expect(paper).toMatch(/凭证号 VOUCHER NO 000458/);
    // The journal says which mark went out, in the event written before the first byte.
    expect(await sentWith(job.id)).toMatchObject({ status: { state: 'voided', corrections: [{ voucherNo: '000458', kind: 'void' }] } });
    const { options, sent } = receiptOptionsAsSent(job, await h.opened.journal.checkJob(job));
    expect(sent).toBe(true);
    expect(options.status).toMatchObject({ state: 'voided' });
    // Its picture is the paper: taller than the unmarked copy 1 by the mark and the void's lines.
    expect(await pictureHeight(job.id)).toBeGreaterThan(before.height);
    // The check of copy 2 says it printed, and that the sale is voided: as the paper does.
    const verdict = (await (await app.request(`http://localhost/api/v1/verify/${answer.code}`, { headers: { 'Accept-Language': 'en' } })).json()) as Record<string, any>;
    expect(verdict).toMatchObject({ genuine: true, copy: 2, sale: { status: { state: 'voided' } } });
    expect(verdict.printedAt).toEqual(expect.any(String));
  });

  it('the copy printed before the void keeps the mark it was printed with (none)', async () => {
    expect(await pictureHeight(before.id)).toBe(before.height);
  });

  it('refunds recorded while a duplicate waits are on its paper too (部分退货 PARTLY REFUNDED)', async () => {
    await paperOut();
    const answer = await reprint(RECENT);
    expect(answer.job.state).toBe('queued');
    await h.opened.journal.record(sale({ kind: 'refund', voucherNo: '000501', referenceNo: undefined, amount: '20.00', occurredAt: '2026-11-27T15:59:10+08:00', original: { voucherNo: '000500' } }));
    h.printer.setFault(undefined);
    const { job, paper } = await printed(answer.job.id);
    expect(paper).toContain('***重印凭证 / DUPLICATE 1***');
    expect(paper).toContain('***部分退货 PARTLY REFUNDED***');
    expect(paper).toContain('已退金额 REFUNDED 20.00');
    expect(await sentWith(job.id)).toMatchObject({ status: { state: 'partly-refunded', amount: '20.00' } });
  });

  it('a duplicate of a sale still paid when sent says so too (status null): the record is never left to guess', async () => {
    await paperOut();
    const other = await h.opened.journal.record(sale({ voucherNo: '000600', referenceNo: '133041825700', occurredAt: '2026-11-27T15:30:00+08:00', amount: '9.90' }));
    const answer = await reprint(other.id);
    h.printer.setFault(undefined);
    const { job, paper } = await printed(answer.job.id);
    expect(paper).not.toMatch(/VOIDED|REFUNDED/);
    expect(await sentWith(job.id)).toEqual({ status: null });
  });
});
