import type { TransactionKind } from '../core/index.js';
import { retailLabel, type ReceiptLanguage } from '../receipt/index.js';

/** One label in both languages; the language option decides how a line joins them. */
export interface ReportLabel {
  readonly zh: string;
  readonly en: string;
}

/** "中文 ENGLISH" for bilingual reports, else the one language: joined as retail receipts join their labels. */
export function joined(label: ReportLabel, language: ReceiptLanguage): string {
  return retailLabel(label, language);
}

export const REPORT = {
  listTitle: { zh: '交易明细', en: 'TRANSACTION LIST' },
  totalsTitle: { zh: '交易汇总', en: 'SETTLEMENT TOTALS' },
  merchant: { zh: '商户', en: 'MERCHANT' },
  terminal: { zh: '终端', en: 'TERMINAL' },
  batch: { zh: '批次', en: 'BATCH' },
  operator: { zh: '操作员', en: 'OPERATOR' },
  date: { zh: '日期', en: 'DATE' },
  hours: { zh: '小时', en: 'H' },
  timeZone: { zh: '时区', en: 'TIME ZONE' },
  printedAt: { zh: '打印时间', en: 'PRINTED' },
  all: { zh: '全部', en: 'ALL' },
  noTransactions: { zh: '无交易', en: 'NO TRANSACTIONS' },
  overall: { zh: '合计', en: 'TOTAL' },
  store: { zh: '门店', en: 'STORE' },
  byStore: { zh: '按门店', en: 'BY STORE' },
  byTerminal: { zh: '按终端', en: 'BY TERMINAL' },
  byBatch: { zh: '按批次', en: 'BY BATCH' },
  byOperator: { zh: '按操作员', en: 'BY OPERATOR' },
  count: { zh: '笔数', en: 'COUNT' },
  amount: { zh: '金额', en: 'AMOUNT' },
  type: { zh: '类型', en: 'TYPE' },
  net: { zh: '净额', en: 'NET' },
  // List columns.
  time: { zh: '时间', en: 'TIME' },
  voucher: { zh: '凭证号', en: 'VOUCHER' },
  card: { zh: '卡号', en: 'CARD' },
  reference: { zh: '参考号', en: 'REF NO' },
  voided: { zh: '已撤销', en: 'VOIDED' },
  original: { zh: '原', en: 'ORIG ' },
  end: { zh: '打印完毕', en: 'END OF REPORT' },
  // The journal's anchor on paper.
  heads: { zh: '日志链头', en: 'JOURNAL HEADS' },
  keepHeads: { zh: '请保存本页：日后据此核对日志有无被改写', en: 'KEEP THIS PAGE: IT SHOWS A JOURNAL REWRITTEN LATER' },
  chain: { zh: '链', en: 'CHAIN' },
  events: { zh: '条数', en: 'EVENTS' },
} as const satisfies Record<string, ReportLabel>;

/**
 * How the totals count, printed under them so nobody reads the net twice: phrases, so a
 * narrow paper breaks the lines between them.
 */
export const TOTALS_NOTES: Readonly<Record<'zh' | 'en', readonly (readonly string[])[]>> = {
  zh: [
    ['净额=消费+预授权完成', '-撤销-退货'],
    ['已撤销的消费仍计入消费,', '其撤销计入撤销'],
  ],
  en: [
    ['NET = SALES + COMPLETIONS', '- VOIDS - REFUNDS'],
    ['A VOIDED SALE COUNTS IN SALES,', 'ITS VOID IN VOIDS'],
  ],
};

/** Kinds in the totals table: the words of a Chinese settlement slip 交易汇总. */
export const TOTAL_KIND: Readonly<Record<TransactionKind, ReportLabel>> = {
  sale: { zh: '消费', en: 'SALES' },
  void: { zh: '撤销', en: 'VOIDS' },
  refund: { zh: '退货', en: 'REFUNDS' },
  auth: { zh: '预授权', en: 'AUTHS' },
  'auth-complete': { zh: '预授权完成', en: 'COMPLETIONS' },
};

/** Kinds in the list, four columns wide so a row fits 58 mm paper. */
export const LIST_KIND: Readonly<Record<TransactionKind, ReportLabel>> = {
  sale: { zh: '消费', en: 'SALE' },
  void: { zh: '撤销', en: 'VOID' },
  refund: { zh: '退货', en: 'RFND' },
  auth: { zh: '预授', en: 'AUTH' },
  'auth-complete': { zh: '完成', en: 'CMPL' },
};
