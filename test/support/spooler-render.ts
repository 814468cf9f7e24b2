/** Receipts for the spooler tests (and the child process): each names its sale, kind, copy and job. */
import type { PrintedJob } from '../../src/emulator/index.js';
import { encodeEscPos } from '../../src/escpos/index.js';
import type { PrintJobRow } from '../../src/journal/index.js';
import type { PrinterTarget, RenderedJob } from '../../src/printer/index.js';
import { layoutScene, type ReceiptDocument } from '../../src/receipt/index.js';

/** A receipt that names its sale, kind, copy and job, so the paper can be counted per sale. */
export function receiptFor(job: PrintJobRow, columns = 48, dots = 576): ReceiptDocument {
  return {
    columns,
    dots,
    blocks: [
      { type: 'text', align: 'center', runs: [{ text: '好又多超市 HAOYOUDUO', style: { bold: true } }] },
      { type: 'text', runs: [{ text: `SALE ${job.transactionId || '-'}` }] },
      { type: 'text', runs: [{ text: `${job.kind.toUpperCase()} ${job.copy} JOB ${job.id}` }] },
      { type: 'rule' },
      { type: 'text', runs: [{ text: '合计 TOTAL ￥12.50' }] },
      { type: 'feed', lines: 1 },
      { type: 'cut', partial: true },
    ],
  };
}

/** The render tests use: a small receipt for the target's model. */
export async function testRender(job: PrintJobRow, target: PrinterTarget): Promise<RenderedJob> {
  const doc = receiptFor(job, target.profile.paper.columns, target.profile.paper.dots);
  return { bytes: encodeEscPos(doc, target.profile), paperMm: Math.round(layoutScene(doc).height / 8 * 10) / 10 };
}

/** What a printed receipt says about itself (see receiptFor). */
export function labelOf(job: Pick<PrintedJob, 'text'>): { sale: string; kind: string; copy: number; jobId: number } | undefined {
  const sale = /SALE (\S+)/.exec(job.text)?.[1];
  const rest = /([A-Z-]+) (\d+) JOB (\d+)/.exec(job.text);
  if (!sale || !rest) return undefined;
  return { sale, kind: (rest[1] ?? '').toLowerCase(), copy: Number(rest[2]), jobId: Number(rest[3]) };
}

