import { FORMATTERS } from '../formatters.js';
import type { Language } from '../language.js';
import { fillFirst } from '../template.js';

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

/** A check's verdict as reprint `check` gives it (structurally: i18n depends on no module). */
export interface VerdictLike {
  genuine: boolean;
  copy?: number;
  sale?: { id: string; time: string; amount: string; currency: string };
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
  return fillFirst(VERDICT_TEXTS[key]?.[language], facts, language, FORMATTERS) ?? key;
}
