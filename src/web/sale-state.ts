/**
 * A sale that a void cancelled or refunds gave back, as every page shows it: the mark
 * (已撤销 VOIDED, 已退货 REFUNDED, 部分退货 PARTLY REFUNDED) and each void or refund with its
 * voucher, time and amount — the same facts the duplicate prints under the sale's type.
 */
import type { SaleStatus } from '../core/index.js';
import { el } from './dom.js';
import { money, saleTime } from './format.js';
import { t } from './i18n.js';

/** The mark alone, for tight places (a table cell). */
export function saleStateMark(status: SaleStatus): HTMLElement {
  return el('strong', { class: `sale-state sale-state-${status.state}`, 'data-sale-state': status.state }, t(`saleState.${status.state}`));
}

/** The mark with each void or refund, and what was refunded in all when it was part of the sale. */
export function saleStateBlock(status: SaleStatus, options: { note?: boolean } = {}): HTMLElement {
  const lines = status.corrections.map((c) => el('li', {}, t(`saleState.${c.kind}`, { voucher: c.voucherNo, time: saleTime(c.occurredAt), amount: money(c.amount, c.currency) })));
  return el(
    'div',
    { class: 'sale-state-block', role: 'note', 'data-sale-state': status.state },
    saleStateMark(status),
    status.state === 'partly-refunded' ? el('span', { class: 'sale-state-total' }, ` ${t('saleState.refundedTotal', { amount: money(status.amount, status.currency) })}`) : null,
    el('ul', { class: 'sale-state-list' }, ...lines),
    options.note ? el('p', { class: 'muted' }, t('saleState.note')) : null,
  );
}

/** A receipt a tap captured from its POS, as every page marks it: "Captured · front-till". */
export function capturedMark(source: string): HTMLElement {
  return el('span', { class: 'captured', 'data-origin': 'capture' }, t('kind.captured', { source }));
}

/** The mark above a captured receipt's preview, with what it means for a reprint. */
export function capturedBlock(source: string): HTMLElement {
  return el('div', { class: 'sale-state-block', role: 'note', 'data-origin': 'capture' }, capturedMark(source), el('p', { class: 'muted' }, t('receipt.capturedNote')));
}
