import { preparedRow, type PreparedTransaction } from './prepare.js';
import type { NewEventRow, StoreWriter, TransactionRow } from './store.js';

/**
 * The sales of one recorded batch, held until the batch ends (or something must read them
 * back) and then written as one statement of events and one of index rows. Against a server
 * database each statement is a round trip, so three a sale (look up, event, row) made a
 * 1,000-sale batch wait on 3,000 of them.
 */
export class SaleAppender {
  private events: NewEventRow[] = [];
  private sales: { p: PreparedTransaction; originalId: string | null }[] = [];
  /** Content hash of every sale this batch recorded, written or not. */
  private readonly recorded = new Map<string, string>();
  /** Sales on record before the batch, by id: looked up together when it begins. */
  private onRecord = new Map<string, TransactionRow>();

  constructor(private readonly writer: StoreWriter) {}

  /** Looks up which of the batch's sales are already on record, in one statement for all of them. */
  async lookUp(items: readonly PreparedTransaction[]): Promise<void> {
    const rows = await this.writer.transactionsByIds([...new Set(items.map((p) => p.id))]);
    this.onRecord = new Map(rows.map((row) => [row.id, row]));
  }

  /** The content hash of the sale with this id, if the journal or this batch has it. */
  contentHashOf(id: string): string | undefined {
    return this.recorded.get(id) ?? this.onRecord.get(id)?.contentHash;
  }

  add(event: NewEventRow, p: PreparedTransaction, originalId: string | null): void {
    this.events.push(event);
    this.sales.push({ p, originalId });
    this.recorded.set(p.id, p.contentHash);
  }

  /** Writes what is held: its events first, as each index row names its event's id. */
  async flush(): Promise<void> {
    if (this.events.length === 0) return;
    const ids = await this.writer.insertEvents(this.events);
    const rows = this.sales.map(({ p, originalId }, i) => {
      const eventId = ids[i];
      if (eventId === undefined) throw new Error(`insertEvents gave ${ids.length} ids for ${this.events.length} events`);
      return preparedRow(p, eventId, originalId);
    });
    await this.writer.insertTransactions(rows);
    this.events = [];
    this.sales = [];
  }
}
