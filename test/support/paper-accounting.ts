/**
 * Accounts for every receipt a virtual printer put on paper against the journal: each piece of
 * paper must be the receipt of a job the journal says was sent to that printer — byte for byte
 * (bar the status queries and completion markers that share the connection), whole or, for a
 * job whose outcome is `unknown`, cut short — and each job printed exactly once as the journal
 * says. A half receipt from a dropped connection followed by a resend would show here as a
 * second piece for one sale; a receipt the journal calls printed but that never came out, as
 * a missing one.
 */
import type { PrintedJob } from '../../src/emulator/index.js';
import type { JournalStore, PrintJobRow } from '../../src/journal/index.js';
import type { PrinterDirectory } from '../../src/printer/index.js';
import { labelOf, testRender } from './spooler-render.js';

/** What one job left on paper. */
export type PaperOutcome = { kind: 'full'; piece: PrintedJob } | { kind: 'partial'; piece: PrintedJob; bytes: number; of: number } | { kind: 'none' };

export interface PaperAccount {
  /** Per job sent to this printer, in the order it was sent. */
  jobs: { job: PrintJobRow; paper: PaperOutcome }[];
  /** Everything that does not add up; empty when the paper and the journal agree. */
  problems: string[];
}

const DLE = 0x10;
const GS = 0x1d;

/** Length of the protocol command at `at` that prints nothing (status query, marker, ASB set-up, printer id), or 0. */
function protocolCommand(bytes: Uint8Array, at: number): number {
  const [a, b, c, d, e, f, g] = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3], bytes[at + 4], bytes[at + 5], bytes[at + 6]];
  if (a === DLE && b === 0x04 && c !== undefined && c >= 1 && c <= 4) return 3;
  if (a === GS && b === 0x28 && c === 0x48 && d === 6 && e === 0 && f === 48 && g === 48 && at + 11 <= bytes.length) return 11;
  if (a === GS && (b === 0x61 || b === 0x49) && c !== undefined) return 3;
  return 0;
}

/** Where in `piece` the receipt bytes start once the protocol commands before them are skipped, and how many of `receipt` they match; undefined if they are not a prefix of it. */
function matchReceipt(piece: Uint8Array, receipt: Uint8Array): number | undefined {
  let at = 0;
  for (;;) {
    const rest = piece.length - at;
    if (rest > 0 && rest <= receipt.length && Buffer.compare(Buffer.from(piece.subarray(at)), Buffer.from(receipt.subarray(0, rest))) === 0) return rest;
    const skip = protocolCommand(piece, at);
    if (skip === 0) return undefined;
    at += skip;
  }
}

const describePiece = (piece: PrintedJob) => `piece #${piece.n} (${piece.bytes.length} bytes, "${piece.text.split('\n').filter(Boolean).slice(0, 3).join(' / ')}")`;

/**
 * Matches the paper of `printer` (pieces in the order they came out) with the jobs the journal
 * says were sent to it (print.sending events, in journal order, which is the order they were
 * sent: one worker per printer sends one job at a time), each in its final state.
 */
export async function accountForPaper(store: JournalStore, directory: PrinterDirectory, printer: string, pieces: readonly PrintedJob[]): Promise<PaperAccount> {
  const sentIds: number[] = [];
  for await (const event of store.events()) {
    if (event.type !== 'print.sending') continue;
    const payload = JSON.parse(event.payload) as { jobId: number; printer?: { name?: string } };
    if (payload.printer?.name === printer) sentIds.push(payload.jobId);
  }
  const target = directory.resolve(printer);
  const sent: { job: PrintJobRow; bytes: Uint8Array }[] = [];
  for (const id of sentIds) {
    const job = await store.getJob(id);
    if (!job) throw new Error(`job ${id} has a print.sending event but no row`);
    sent.push({ job, bytes: (await testRender(job, target)).bytes });
  }
  const problems: string[] = [];
  const jobs: PaperAccount['jobs'] = sent.map(({ job }) => ({ job, paper: { kind: 'none' } }));
  const left = (i: number, why: string) => {
    const job = sent[i]?.job as PrintJobRow;
    if (job.state === 'printed') problems.push(`job ${job.id} (sale ${job.transactionId}) is printed in the journal but is not on ${printer}'s paper ${why}`);
  };
  let next = 0;
  for (const piece of pieces) {
    let found: number | undefined;
    let matched = 0;
    for (let i = next; i < sent.length; i++) {
      const printed = sent[i]?.job.state === 'printed';
      const length = matchReceipt(piece.bytes, sent[i]?.bytes as Uint8Array);
      // A printed job came out whole, and before anything sent after it: a piece that is not
      // that whole receipt cannot belong to a later job.
      if (length === undefined || (printed && length !== sent[i]?.bytes.length)) {
        if (printed) break;
        continue;
      }
      found = i;
      matched = length;
      break;
    }
    if (found === undefined) {
      const named = sent.find((s) => s.job.id === labelOf(piece)?.jobId);
      const hex = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 24)).toString('hex');
      const against = named ? `; job ${named.job.id} (${named.job.state}) would start ${hex(named.bytes)}` : '';
      problems.push(`${describePiece(piece)} on ${printer} is not (a beginning of) the receipt of any job sent to it after job ${sent[next - 1]?.job.id ?? '(none)'}: it starts ${hex(piece.bytes)}${against}`);
      continue;
    }
    for (let i = next; i < found; i++) left(i, `(the paper goes on with job ${sent[found]?.job.id})`);
    const { job, bytes } = sent[found] as { job: PrintJobRow; bytes: Uint8Array };
    const entry = jobs[found] as PaperAccount['jobs'][number];
    if (matched === bytes.length) {
      entry.paper = { kind: 'full', piece };
      const label = labelOf(piece);
      const expected = { sale: job.transactionId || '-', kind: job.kind, copy: job.copy, jobId: job.id };
      if (JSON.stringify(label) !== JSON.stringify(expected)) problems.push(`${describePiece(piece)} is labelled ${JSON.stringify(label)}, not ${JSON.stringify(expected)}`);
    } else {
      entry.paper = { kind: 'partial', piece, bytes: matched, of: bytes.length };
      if (job.state !== 'unknown') problems.push(`${describePiece(piece)} is the first ${matched} of ${bytes.length} bytes of job ${job.id}, whose state is ${job.state}, not unknown`);
    }
    next = found + 1;
  }
  for (let i = next; i < sent.length; i++) left(i, '(nothing came out after it)');
  // Once a byte may have gone out, a job is never expired, failed or sent again.
  for (const { job } of sent) if (job.state !== 'printed' && job.state !== 'unknown') problems.push(`job ${job.id} was sent to ${printer} but ended ${job.state}`);
  const seen = new Set<number>();
  for (const id of sentIds) {
    if (seen.has(id)) problems.push(`job ${id} was sent twice (two print.sending events)`);
    seen.add(id);
  }
  return { jobs, problems };
}
