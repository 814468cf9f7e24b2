/**
 * The whole way of a captured receipt, with the composition root's parts: jobs made by three
 * public encoders, sent by real TCP clients through a tap (createTap) to the virtual printer,
 * journaled in a real SQLite journal, found with the same search as sales, and re-issued as
 * a marked duplicate of the POS's own bytes through the spooler, under the reprint policy.
 */
import iconv from 'iconv-lite';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createReprintService, createSpooler, createTap, openAuth, openJournal, type AppContext, type OpenedJournal } from '../src/app.js';
import type { AuthService } from '../src/auth/index.js';
import type { Tap, TapEvent } from '../src/capture/index.js';
import { defaultConfig } from '../src/config/index.js';
import { containsPan } from '../src/core/index.js';
import { parsePrinterAddress, type Spooler } from '../src/printer/index.js';
import { renderText } from '../src/receipt/index.js';
import { tamperSqlite } from './support/tamper.js';
import { cardNumber } from './support/card-numbers.js';
import { tempDir } from './support/cli.js';
import { ENCODERS, encodedJob } from './support/encoder-jobs.js';
import { recordingPrinter, type RecordingPrinter } from './support/recording-printer.js';
import { posClient } from './support/tap-harness.js';

const PAN = cardNumber('622588123456789');
// 19:47:31 in Shanghai, the time the jobs print, is 11:47:31 UTC; a quarter of an hour later.
const NOW = Date.parse('2026-11-26T12:02:00Z');

interface Rig {
  /** The SQLite journal's file. */
  db: string;
  opened: OpenedJournal;
  auth: AuthService;
  context: AppContext;
  tap: Tap;
  port: number;
  printer: RecordingPrinter;
  spooler: Spooler;
  kept: TapEvent[];
  /** Resolves once `n` jobs have been kept (in the journal or the fallback file). */
  keptCount(n: number): Promise<void>;
  close(): Promise<void>;
}

async function rig(): Promise<Rig> {
  const dir = tempDir('reissue-capture-');
  const context = { env: {}, cwd: dir.path, now: () => NOW };
  const db = join(dir.path, 'reissue.db');
  const opened = await openJournal(db, context, { create: true, timeZone: 'Asia/Shanghai', currency: 'CNY' });
  const auth = await openAuth(db, opened.journal, context);
  const printer = await recordingPrinter();
  const kept: TapEvent[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const keep = (e: TapEvent) => {
    if (e.type !== 'job-kept') return;
    kept.push(e);
    for (const w of waiters.filter((w) => kept.length >= w.n)) w.resolve();
  };
  const tap = createTap(
    opened,
    { source: 'front-till', listen: { host: '127.0.0.1', port: 0 }, printer: parsePrinterAddress(printer.address), fallbackPath: join(dir.path, 'tap-front-till.jsonl'), onEvent: keep },
    context,
  );
  const { tcp } = await tap.start();
  const spooler = createSpooler(opened, defaultConfig(), context);
  return {
    db, opened, auth: auth.auth, context, tap, port: tcp?.port ?? 0, printer, spooler, kept,
    keptCount: (n) => (kept.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: async () => {
      await tap.stop();
      await auth.close();
      await spooler.stop();
      await printer.virtual.stop();
      await opened.journal.close();
      dir.remove();
    },
  };
}


describe('captured receipts in the journal, found and re-issued', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('three encoders through the tap: byte-identical at the printer, journaled masked, found like sales, reprinted as a marked duplicate of their own bytes', async () => {
    r = await rig();
    const rig_ = r;
    const jobs = ENCODERS.map((encoder, i) => encodedJob(encoder, `T01-000${i + 1}`, `${35 + i}.50`, i === 1 ? PAN : undefined));
    for (const job of jobs) {
      const pos = await posClient(rig_.port);
      await pos.send(job.bytes);
      await pos.finish();
    }
    await rig_.keptCount(jobs.length);
    expect(rig_.kept.every((e) => e.type === 'job-kept' && e.where === 'journal')).toBe(true);
    // Each POS connection reached the printer byte for byte (the unmasked card number too: the customer's paper is the POS's business).
    jobs.forEach((job, i) => expect(rig_.printer.bytesOf(i)).toEqual(Buffer.from(job.bytes)));

    const { journal } = rig_.opened;
    // Found by the time and amount the customer remembers, as sales are.
    const byAmount = await journal.findReceipts({ from: Date.parse('2026-11-26T11:40:00Z'), to: Date.parse('2026-11-26T11:55:00Z'), amountMin: 3650, amountMax: 3650, currency: 'CNY', limit: 20 });
    expect(byAmount.items).toHaveLength(1);
    const found = byAmount.items[0];
    expect(found).toMatchObject({ origin: 'capture', source: 'front-till', last4: PAN.slice(-4), amount: { minor: 3650, currency: 'CNY' } });
    expect((await journal.findReceipts({ words: ['T01-0003'], limit: 20 })).items.map((i) => i.id)).toHaveLength(1);
    expect((await journal.findReceipts({ source: 'front-till', limit: 20 })).items).toHaveLength(3);
    expect((await journal.findReceipts({ origin: 'sale', limit: 20 })).items).toHaveLength(0);
    const id = found?.id ?? '';
    const stored = await journal.getCapture(id);
    expect(containsPan(JSON.stringify(stored))).toBe(false);
    expect(containsPan(Buffer.from(stored.capture.bytes, 'base64').toString('latin1'))).toBe(false);

    // Re-issued under the policy, through the spooler, to the same virtual printer.
    const service = createReprintService(rig_.opened, rig_.auth, rig_.spooler, rig_.context);
    const refused = await service.reprint({ locate: { by: 'id', id }, user: { actor: { name: 'li', role: 'cashier', terminalId: 'T09' } }, reason: 'paper_jam', printer: rig_.printer.address }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'APPROVAL_REQUIRED' });
    const result = await service.reprint({ locate: { by: 'id', id }, user: { actor: { name: 'wang', role: 'backoffice', operatorNo: '90' } }, reason: 'paper_jam', printer: rig_.printer.address });
    expect(result).toMatchObject({ copy: 1, sale: { id } });
    await rig_.spooler.start();
    const final = await rig_.spooler.waitFor(result.job.id, { timeoutMs: 20_000 });
    expect(final.state).toBe('printed');
    const printed = rig_.printer.virtual.jobs().at(-1);
    const text = renderText(printed?.document ?? { columns: 48, dots: 576, blocks: [] });
    expect(text).toContain('***重印凭证 / DUPLICATE 1***');
    expect(text).toContain('T01-0002');
    expect(text).toContain(result.code);
    // The duplicate carries the masked number, never the full one.
    expect(containsPan(Buffer.from(printed?.bytes ?? []).toString('latin1'))).toBe(false);
    expect(text).toContain(PAN.slice(-4));
    const second = await service.reprint({ locate: { by: 'id', id }, user: { actor: { name: 'wang', role: 'backoffice', operatorNo: '90' } }, reason: 'customer_lost', customer: { last4: PAN.slice(-4), amount: '36.50' }, printer: rig_.printer.address });
    expect(second.copy).toBe(2);
    const verdict = await service.check(result.code);
    expect(verdict).toMatchObject({ genuine: true, saleId: id, copy: 1, sale: { origin: 'capture', amount: '36.50', currency: 'CNY' } });
    const audit = await journal.auditTrail({});
    expect(audit.filter((a) => a.type === 'reprint.issued').map((a) => a.data.saleId)).toEqual([id, id]);
    expect(audit.filter((a) => a.type === 'reprint.refused')).toHaveLength(1);
    expect((await journal.jobs({ transactionId: id })).map((j) => [j.kind, j.copy, j.terminalId])).toEqual([
      ['duplicate', 1, 'capture:front-till'],
      ['duplicate', 2, 'capture:front-till'],
    ]);
    // Only duplicates of a captured receipt: its POS printed the original.
    await expect(rig_.spooler.enqueue({ transactionId: id, printer: rig_.printer.address })).rejects.toMatchObject({ code: 'CAPTURE_NOT_ORIGINAL' });
    // Two at once for the last copy the limit (3) allows: each is numbered and judged inside the
    // write that queues it, so one gets copy 3 and the other is refused, never both copy 3.
    const backoffice = { locate: { by: 'id' as const, id }, user: { actor: { name: 'wang', role: 'backoffice', operatorNo: '90' } }, reason: 'paper_jam' as const, printer: rig_.printer.address };
    const both = await Promise.allSettled([service.reprint(backoffice), service.reprint(backoffice)]);
    expect(both.filter((b) => b.status === 'fulfilled').map((b) => b.value.copy)).toEqual([3]);
    expect(both.filter((b) => b.status === 'rejected').map((b) => (b.reason as { code?: string }).code)).toEqual(['COPY_LIMIT_REACHED']);
    // An edited capture record is re-hashed before anything renders it: refused, and an integrity alert journaled.
    tamperSqlite(rig_.db, `UPDATE events SET payload = replace(payload, '"minor":3650', '"minor":365') WHERE type = 'capture.recorded' AND payload LIKE '%${id}%'`);
    await expect(service.reprint(backoffice)).rejects.toMatchObject({ code: 'RECORD_ALTERED' });
    await expect(journal.getCapture(id)).rejects.toMatchObject({ code: 'RECORD_ALTERED' });
    expect((await journal.auditTrail({})).filter((a) => a.type === 'integrity.alert')).toHaveLength(1);
  });
});

describe('a captured receipt whose copies start with a QR code (扫码开票), re-issued', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('the duplicates print the POS QR codes the original printed, next to the verification QRs', async () => {
    r = await rig();
    const rig_ = r;
    const b = (...parts: (number[] | Uint8Array | string)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? iconv.encode(p, 'gb18030') : Buffer.from(p))));
    const qrStore = (data: string) => b([0x1d, 0x28, 0x6b, data.length + 3, 0, 49, 80, 48], Buffer.from(data, 'latin1'));
    const qrPrint = [0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48];
    const cut = [0x1d, 0x56, 0x42, 0x00];
    const job = b([0x1b, 0x40, 0x1c, 0x26, 0x1b, 0x61, 1], qrStore('https://fp.example/inv?no=A1'), qrPrint, [0x1b, 0x61, 0],
      '\n扫码开票 持卡人存根\n日期时间 DATE/TIME: 2026/11/26 19:47:31\n金额 AMOUNT: RMB 36.50\n\n', cut,
      [0x1b, 0x61, 1], qrStore('https://fp.example/inv?no=A2'), qrPrint, [0x1b, 0x61, 0], '\n商户存根\n金额 AMOUNT: RMB 36.50\n\n', cut);
    const pos = await posClient(rig_.port);
    await pos.send(job);
    await pos.finish();
    await rig_.keptCount(2);
    const qrs = (jobs: ReturnType<RecordingPrinter['virtual']['jobs']>) => jobs.flatMap((j) => j.document.blocks.flatMap((x) => (x.type === 'qr' ? [x.data] : [])));
    expect(qrs(rig_.printer.virtual.jobs())).toEqual(['https://fp.example/inv?no=A1', 'https://fp.example/inv?no=A2']);

    const service = createReprintService(rig_.opened, rig_.auth, rig_.spooler, rig_.context);
    const before = rig_.printer.virtual.jobs().length;
    const items = (await rig_.opened.journal.findReceipts({ source: 'front-till', limit: 20 })).items;
    const results = [];
    for (const item of items) results.push(await service.reprint({ locate: { by: 'id', id: item.id }, user: { actor: { name: 'wang', role: 'backoffice', operatorNo: '90' } }, reason: 'paper_jam', printer: rig_.printer.address }));
    await rig_.spooler.start();
    for (const result of results) expect((await rig_.spooler.waitFor(result.job.id, { timeoutMs: 20_000 })).state).toBe('printed');
    const dups = rig_.printer.virtual.jobs().slice(before);
    expect(dups.map((d) => renderText(d.document)).join('\n')).toContain('***重印凭证 / DUPLICATE 1***');
    const printed = qrs(dups);
    expect(printed).toEqual(expect.arrayContaining(['https://fp.example/inv?no=A1', 'https://fp.example/inv?no=A2']));
    expect(printed).toHaveLength(4);
  });
});
