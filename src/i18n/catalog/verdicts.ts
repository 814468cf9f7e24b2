import { FORMATTERS } from '../formatters.js';
import type { Language } from '../language.js';
import { fill, fillFirst } from '../template.js';

/** What checking a receipt's verification code found (reprint `check`), by verdict. */
export const VERDICT_TEXTS: Readonly<Record<string, { zh: readonly string[]; en: readonly string[] }>> = {
  'not-genuine': {
    zh: ['不是真实有效的凭证：这个验证码不是本系统发出的（或交易记录被改动过）'],
    en: ['not genuine: this code was not issued by this journal (or the sale was altered)'],
  },
  original: {
    zh: ['真实有效：交易 {id}（{currency} {amount}，{time}）的原始凭证'],
    en: ['genuine: the original of sale {id} ({currency} {amount}, {time})'],
  },
  'unprinted-copy': {
    zh: ['验证码有效，是交易 {id}（{currency} {amount}，{time}）的第 {copy} 份重印凭证，但这一份没有打印记录'],
    en: ['genuine code for copy {copy} of sale {id} ({currency} {amount}, {time}), but that copy has no printed record'],
  },
  copy: {
    zh: [
      '真实有效：交易 {id}（{currency} {amount}，{time}）的第 {copy} 份重印凭证，{printedAt} 由操作员 {printedBy} 在 {printer} 打印（主管 {approvedBy} 授权）',
      '真实有效：交易 {id}（{currency} {amount}，{time}）的第 {copy} 份重印凭证，{printedAt} 由操作员 {printedBy} 在 {printer} 打印',
      '真实有效：交易 {id}（{currency} {amount}，{time}）的第 {copy} 份重印凭证，{printedAt} 打印',
    ],
    en: [
      'genuine: copy {copy} of sale {id} ({currency} {amount}, {time}), printed at {printedAt} on {printer} by operator {printedBy} (approved by {approvedBy})',
      'genuine: copy {copy} of sale {id} ({currency} {amount}, {time}), printed at {printedAt} on {printer} by operator {printedBy}',
      'genuine: copy {copy} of sale {id} ({currency} {amount}, {time}), printed at {printedAt}',
    ],
  },
};

/**
 * What a void or refunds did to the checked sale, said after the verdict: the paper in the
 * customer's hand is genuine, but no longer a paid sale.
 */
export const STATUS_TEXTS: Readonly<Record<string, { zh: string; en: string }>> = {
  voided: { zh: '；该交易已撤销（已撤销 VOIDED）：{corrections}', en: '; the sale was VOIDED: {corrections}' },
  refunded: { zh: '；该交易已全部退货（已退货 REFUNDED，共 {currency} {amount}）：{corrections}', en: '; the sale was REFUNDED ({currency} {amount}): {corrections}' },
  'partly-refunded': { zh: '；该交易已部分退货（部分退货 PARTLY REFUNDED，已退 {currency} {amount}）：{corrections}', en: '; the sale was PARTLY REFUNDED ({currency} {amount} refunded): {corrections}' },
  void: { zh: '撤销凭证号 {voucherNo}，{time}，{currency} {amount}', en: 'void voucher no. {voucherNo}, {time}, {currency} {amount}' },
  refund: { zh: '退货凭证号 {voucherNo}，{time}，{currency} {amount}', en: 'refund voucher no. {voucherNo}, {time}, {currency} {amount}' },
};

interface StatusLike {
  state: string;
  amount: string;
  currency: string;
  corrections: readonly { kind: string; voucherNo: string; time?: string; occurredAt: string; amount: string; currency: string }[];
}

/** The sentence about a voided or refunded sale, or '' for one nothing undid. */
export function statusText(status: StatusLike | undefined, language: Language): string {
  if (!status) return '';
  const corrections = status.corrections
    .map((c) => fill(STATUS_TEXTS[c.kind]?.[language] ?? '', { ...c, time: c.time ?? c.occurredAt }, language, FORMATTERS) ?? '')
    .join(language === 'zh' ? '；' : '; ');
  return fill(STATUS_TEXTS[status.state]?.[language] ?? '', { ...status, corrections }, language, FORMATTERS) ?? '';
}

/** A check's verdict as reprint `check` gives it (structurally: i18n depends on no module). */
export interface VerdictLike {
  genuine: boolean;
  copy?: number;
  sale?: { id: string; time: string; amount: string; currency: string; status?: StatusLike | undefined };
  printedAt?: string | null;
  printer?: string;
  printedBy?: string;
  approvedBy?: string;
}

/**
 * A check's verdict in words. `public` leaves out who printed it and where (anyone holding the
 * paper may ask); staff see both.
 */
export function verdictText(verdict: VerdictLike, language: Language, audience: 'staff' | 'public' = 'staff'): string {
  const key = !verdict.genuine ? 'not-genuine' : verdict.copy === 0 ? 'original' : verdict.printedAt === null || verdict.printedAt === undefined ? 'unprinted-copy' : 'copy';
  const staff = audience === 'staff' ? { printer: verdict.printer, printedBy: verdict.printedBy, approvedBy: verdict.approvedBy } : {};
  const facts = { ...verdict.sale, copy: verdict.copy, printedAt: verdict.printedAt, ...staff };
  const text = fillFirst(VERDICT_TEXTS[key]?.[language], facts, language, FORMATTERS) ?? key;
  return verdict.genuine ? `${text}${statusText(verdict.sale?.status, language)}` : text;
}
