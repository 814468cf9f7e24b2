const pad6 = (n: number) => String(n).padStart(6, '0');

/**
 * Batch and voucher numbers of one terminal. The batch advances with each business day (the
 * terminal settles overnight); the voucher (trace) no. runs on across batches like on a real
 * UnionPay terminal and wraps 999999 → 000001, and a wrap opens a new batch so that
 * terminal + batch + voucher never repeats.
 */
export class TerminalCounter {
  private batch = 0;
  private voucher: number;
  private day: string | undefined;

  /** `lastVoucher` lets tests start near the wrap; a new terminal starts at 0. */
  constructor(readonly terminalId: string, lastVoucher = 0) {
    this.voucher = lastVoucher;
  }

  /** Current batch no., or undefined before the first transaction. */
  get batchNo(): string | undefined {
    return this.batch === 0 ? undefined : pad6(this.batch);
  }

  get currentDay(): string | undefined {
    return this.day;
  }

  /** True when the next voucher would wrap and so open another batch. */
  get atWrap(): boolean {
    return this.voucher >= 999_999;
  }

  /** Keys for the next transaction taken on local business day `day` (YYYY-MM-DD, never decreasing). */
  next(day: string): { batchNo: string; voucherNo: string } {
    if (day !== this.day) {
      this.day = day;
      this.openBatch();
    }
    this.voucher++;
    if (this.voucher > 999_999) {
      this.voucher = 1;
      this.openBatch();
    }
    return { batchNo: pad6(this.batch), voucherNo: pad6(this.voucher) };
  }

  private openBatch(): void {
    if (this.batch >= 999_999) throw new RangeError(`terminal ${this.terminalId} ran out of batch numbers`);
    this.batch++;
  }
}
