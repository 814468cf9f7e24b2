import { FORMATTERS } from '../formatters.js';
import type { Language } from '../language.js';
import { fillFirst } from '../template.js';

/** What checking a receipt's verification code found, by verdict (reprint `check`). */
export const VERDICT_TEXTS: Readonly<Record<string, { zh: readonly string[]; en: readonly string[] }>> = {
  'not-genuine': {
    zh: ['不是真实有效的凭证：这个验证码不是本系统发出的（或交易记录被改动过）'],
    en: ['not genuine: this code was not issued by this journal (or the sale was altered)'],
  },
  original: {
    zh: ['真实有效：交易 {saleId}（{currency} {amount}，{saleTime}）的原始凭证'],
    en: ['genuine: the original of sale {saleId} ({currency} {amount}, {saleTime})'],
  },
  'unprinted-copy': {
    zh: ['验证码有效，是交易 {saleId}（{currency} {amount}，{saleTime}）的第 {copy} 份重印凭证，但这一份没有打印记录'],
    en: ['genuine code for copy {copy} of sale {saleId} ({currency} {amount}, {saleTime}), but that copy has no printed record'],
  },
  copy: {
    zh: [
      '真实有效：交易 {saleId}（{currency} {amount}，{saleTime}）的第 {copy} 份重印凭证，{printedAt} 由操作员 {operator} 在 {printer} 打印（主管 {approver} 授权）',
      '真实有效：交易 {saleId}（{currency} {amount}，{saleTime}）的第 {copy} 份重印凭证，{printedAt} 由操作员 {operator} 在 {printer} 打印',
    ],
    en: [
      'genuine: copy {copy} of sale {saleId} ({currency} {amount}, {saleTime}), printed at {printedAt} on {printer} by operator {operator} (approved by {approver})',
      'genuine: copy {copy} of sale {saleId} ({currency} {amount}, {saleTime}), printed at {printedAt} on {printer} by operator {operator}',
    ],
  },
};

/** A check's verdict in words. */
export function verdictText(verdict: string, facts: Readonly<Record<string, unknown>>, language: Language): string {
  return fillFirst(VERDICT_TEXTS[verdict]?.[language], facts, language, FORMATTERS) ?? verdict;
}
