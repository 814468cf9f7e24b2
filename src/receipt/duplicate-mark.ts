import { InputError } from '../core/index.js';
import { storeTime } from './format.js';
import { REPRINT, type ReceiptLanguage } from './labels.js';
import { sanitizeText } from './width.js';

/** What a reprint adds to a receipt; everything else is rendered from the journal as is. */
export interface DuplicateInfo {
  /** 1 for the first reprint, 2 for the second… */
  copy: number;
  /** ISO 8601 with offset. */
  reprintedAt: string;
  operatorId: string;
  approverId?: string;
}

/**
 * The duplicate mark is the same in every language: staff, auditors and tools look for
 * "DUPLICATE" and for 重印凭证, whatever the receipt's labels are.
 */
export function duplicateMark(copy: number): string {
  if (!Number.isSafeInteger(copy) || copy < 1) {
    throw new InputError('BAD_COPY_NUMBER', `duplicate copy number ${copy} is not a whole number from 1`, {
      hint: 'the first reprint is copy 1, the next copy 2, and so on',
    });
  }
  return `***重印凭证 / DUPLICATE ${copy}***`;
}

/** The mark for a printer that has no Chinese characters (a captured job in code page 437). */
export function duplicateMarkAscii(copy: number): string {
  return duplicateMark(copy).replace('重印凭证 / ', '');
}

/**
 * "重打印 2026/11/28 09:12:40 操作员 02 主管 90" — when, by whom, approved by whom — as
 * phrases that a narrow paper puts on separate lines rather than splitting one.
 */
export function reprintPhrases(duplicate: DuplicateInfo, language: ReceiptLanguage, timeZone: string, dateSeparator: '/' | '-'): string[] {
  const lang = language === 'en' ? 'en' : 'zh';
  const phrases = [`${REPRINT.reprinted[lang]} ${storeTime(duplicate.reprintedAt, timeZone, dateSeparator)}`, `${REPRINT.operator[lang]} ${duplicate.operatorId}`];
  if (duplicate.approverId !== undefined) phrases.push(`${REPRINT.approver[lang]} ${duplicate.approverId}`);
  return phrases.map(sanitizeText);
}
