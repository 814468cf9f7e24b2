import type { SaleState } from '../core/index.js';
import { storeTime } from './format.js';
import { SALE_STATE, SLIP, STATUS, TRANS_TYPE, retailLabel, slashLabel } from './labels.js';
import type { ReceiptLines } from './receipt-lines.js';
import type { TemplateContext } from './template-context.js';

/**
 * "***已撤销 VOIDED***": the same in every language, so that staff, auditors and tools find
 * it whatever the receipt's labels are.
 */
export function statusMark(state: SaleState): string {
  const words = SALE_STATE[state];
  return `***${words.zh} ${words.en}***`;
}

/**
 * What undid the sale, where the eye lands first (under its type): the mark, then each void
 * or refund with its voucher, time and amount, and for a partial refund what was refunded in
 * all. A receipt of a sale nothing undid prints nothing here.
 */
export function layoutStatus(out: ReceiptLines, ctx: TemplateContext, dateSeparator: '/' | '-'): void {
  const status = ctx.status;
  if (!status) return;
  const { language } = ctx;
  out.big(statusMark(status.state), { align: 'center' });
  for (const c of status.corrections) {
    out.phrases(
      [slashLabel(TRANS_TYPE[c.kind], language), `${retailLabel(SLIP.voucherNo, language)} ${c.voucherNo}`, storeTime(c.occurredAt, ctx.timeZone, dateSeparator), `${retailLabel(SLIP.amount, language)} ${c.amount}`],
      { align: 'center' },
    );
  }
  if (status.state === 'partly-refunded') out.centered(`${retailLabel(STATUS.refundedTotal, language)} ${status.amount}`, { bold: true });
}
