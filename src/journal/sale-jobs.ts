import { foldComplete, foldJobEvents, jobsOfFold, type SaidJob } from './job-projection.js';
import type { PrintJobRow } from './print-jobs.js';
import type { StoreWriter } from './store.js';

/** Sales whose jobs are kept folded; the least recently numbered are let go beyond this. */
export const KEPT_SALES = 1000;

/** A sale's print events folded up to (and including) event `upTo`. */
interface SaleFold {
  upTo: number;
  said: ReadonlyMap<number, SaidJob>;
}

/** Folds read inside one write, kept only once that write has committed. */
export type StagedFolds = Map<string, SaleFold>;

/**
 * A sale's jobs as its hash-chained events tell them, kept folded between writes so that a
 * write reads only the sale's print events newer than the fold (one reprint of a sale with
 * n copies read and parsed all n copies' events, and their rows, to number the next).
 *
 * Kept only where writes commit in the order they are made (SQLite: one writer at a time,
 * event ids given in commit order, no event ever deleted): there an event committed after a
 * fold was read always has a larger id, whichever process wrote it. Elsewhere (PostgreSQL,
 * where ids come from a sequence and a smaller one may commit later) every write reads all
 * the sale's events. A fold is kept only after its write committed, so a rolled-back write
 * leaves nothing behind; an older fold than the newest kept is never put back.
 */
export class SaleJobs {
  private readonly folds = new Map<string, SaleFold>();

  constructor(private readonly keep: boolean) {}

  /** The sale's jobs, oldest first, read in `writer`'s write; the fold read is staged in `staged`. */
  async read(writer: StoreWriter, transactionId: string, staged: StagedFolds): Promise<PrintJobRow[]> {
    // Where folds are not kept a second read in one write reads everything again too: a smaller id may have committed since.
    const earlier = this.keep ? (staged.get(transactionId) ?? this.folds.get(transactionId)) : undefined;
    const events = await writer.printEventsOfSale(transactionId, earlier?.upTo);
    const said = foldJobEvents(earlier?.said, events);
    staged.set(transactionId, { upTo: events.reduce((max, e) => Math.max(max, e.id), earlier?.upTo ?? 0), said });
    // Rows add only what events written before they named every column left out.
    return jobsOfFold(said, foldComplete(said) ? [] : await writer.jobsOfTransaction(transactionId));
  }

  /** After the write that read `staged` committed. */
  committed(staged: StagedFolds): void {
    if (!this.keep) return;
    for (const [transactionId, fold] of staged) {
      const kept = this.folds.get(transactionId);
      if (kept && kept.upTo >= fold.upTo) continue;
      this.folds.delete(transactionId);
      this.folds.set(transactionId, fold);
      if (this.folds.size > KEPT_SALES) this.folds.delete(this.folds.keys().next().value as string);
    }
  }
}
