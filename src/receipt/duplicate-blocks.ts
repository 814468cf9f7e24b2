import type { Block } from './document.js';
import { duplicateMark, duplicateMarkAscii, reprintPhrases, type DuplicateInfo } from './duplicate-mark.js';
import type { ReceiptLanguage } from './labels.js';
import { ReceiptLines } from './receipt-lines.js';
import { layoutCodeQr } from './template-context.js';

/** The duplicate mark centred in bold, and the reprint line under it (shop receipts, captured receipts). */
export function layoutCentredMark(out: ReceiptLines, duplicate: DuplicateInfo, language: ReceiptLanguage, timeZone: string, ascii = false): void {
  out.centered(ascii ? duplicateMarkAscii(duplicate.copy) : duplicateMark(duplicate.copy), { bold: true });
  out.phrases(reprintPhrases(duplicate, ascii ? 'en' : language, timeZone, '-'), { align: 'center' });
}

/** Where a reprint of someone else's receipt puts what it adds. */
export interface AddedParts {
  columns: number;
  dots: number;
  /** zh for a job printed in Chinese; en for one in code page 437, which has no Chinese characters. */
  language: 'zh' | 'en';
  timeZone: string;
}

/**
 * What a duplicate of a captured receipt adds to the POS's own bytes: the mark and the
 * reprint line at the top, and the verification QR with its code at the end, in the same
 * words and layout as Reissue's own duplicates.
 */
export function duplicateAdditions(duplicate: DuplicateInfo, verification: { url: string; code: string }, where: AddedParts): { head: Block[]; tail: Block[] } {
  const head = new ReceiptLines(where.columns);
  layoutCentredMark(head, duplicate, where.language, where.timeZone, where.language === 'en');
  head.rule();
  const tail = new ReceiptLines(where.columns);
  tail.feed(1);
  layoutCodeQr(tail, { dots: where.dots, language: where.language, code: verification.code }, verification.url);
  return { head: head.blocks, tail: tail.blocks };
}
