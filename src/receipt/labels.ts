import type { PaymentMethod, SaleState, TransactionKind } from '../core/index.js';

export const ReceiptLanguages = ['zh', 'en', 'bilingual'] as const;
export type ReceiptLanguage = (typeof ReceiptLanguages)[number];

/** One label in both languages; the template decides how a bilingual receipt joins them. */
interface Label {
  zh: string;
  en: string;
}

// The bank slip writes "中文(ENGLISH)" as on UnionPay slips; retail puts "中文 ENGLISH".
export function slipLabel(label: Label, language: ReceiptLanguage): string {
  if (language === 'zh') return `${label.zh}:`;
  if (language === 'en') return `${label.en}:`;
  return `${label.zh}(${label.en}):`;
}

export function retailLabel(label: Label, language: ReceiptLanguage): string {
  if (language === 'zh') return label.zh;
  if (language === 'en') return label.en;
  return `${label.zh} ${label.en}`;
}

/** Slash-joined form used for values such as the transaction type: 消费/SALE. */
export function slashLabel(label: Label, language: ReceiptLanguage): string {
  if (language === 'zh') return label.zh;
  if (language === 'en') return label.en;
  return `${label.zh}/${label.en}`;
}

export const SLIP = {
  title: { zh: '银联POS签购单', en: 'UnionPay POS SLIP' },
  merchantCopy: { zh: '商户存根', en: 'MERCHANT COPY' },
  cardholderCopy: { zh: '持卡人存根', en: 'CARDHOLDER COPY' },
  merchantName: { zh: '商户名称', en: 'MERCHANT NAME' },
  merchantNo: { zh: '商户编号', en: 'MERCHANT NO' },
  terminalNo: { zh: '终端编号', en: 'TERMINAL NO' },
  operatorNo: { zh: '操作员号', en: 'OPERATOR NO' },
  issuer: { zh: '发卡行', en: 'ISSUER' },
  acquirer: { zh: '收单行', en: 'ACQUIRER' },
  cardNo: { zh: '卡号', en: 'CARD NO' },
  expiry: { zh: '有效期', en: 'EXP DATE' },
  transType: { zh: '交易类型', en: 'TRANS TYPE' },
  batchNo: { zh: '批次号', en: 'BATCH NO' },
  voucherNo: { zh: '凭证号', en: 'VOUCHER NO' },
  authNo: { zh: '授权码', en: 'AUTH NO' },
  refNo: { zh: '参考号', en: 'REF NO' },
  dateTime: { zh: '日期/时间', en: 'DATE/TIME' },
  amount: { zh: '金额', en: 'AMOUNT' },
  reference: { zh: '备注', en: 'REFERENCE' },
  origBatch: { zh: '原批次号', en: 'ORIG BATCH' },
  origVoucher: { zh: '原凭证号', en: 'ORIG VOUCHER' },
  origRef: { zh: '原参考号', en: 'ORIG REF' },
  signature: { zh: '持卡人签名', en: 'CARDHOLDER SIGNATURE' },
  acknowledge: { zh: '本人确认以上交易,同意将其记入本卡账户', en: 'I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES' },
} as const satisfies Record<string, Label>;

export const TRANS_TYPE: Readonly<Record<TransactionKind, Label>> = {
  sale: { zh: '消费', en: 'SALE' },
  void: { zh: '消费撤销', en: 'VOID' },
  refund: { zh: '退货', en: 'REFUND' },
  auth: { zh: '预授权', en: 'AUTH' },
  'auth-complete': { zh: '预授权完成', en: 'AUTH COMPLETE' },
};

export const RETAIL = {
  phone: { zh: '电话', en: 'TEL' },
  receiptNo: { zh: '单号', en: 'NO.' },
  cashier: { zh: '收银员', en: 'CASHIER' },
  item: { zh: '品名', en: 'ITEM' },
  unitPrice: { zh: '单价', en: 'PRICE' },
  quantity: { zh: '数量', en: 'QTY' },
  lineAmount: { zh: '金额', en: 'AMOUNT' },
  itemDiscount: { zh: '单品优惠', en: 'ITEM DISCOUNT' },
  subtotal: { zh: '合计', en: 'SUBTOTAL' },
  total: { zh: '应收', en: 'TOTAL' },
  refundTotal: { zh: '应退', en: 'REFUND DUE' },
  tendered: { zh: '实收', en: 'TENDERED' },
  change: { zh: '找零', en: 'CHANGE' },
  original: { zh: '原单号', en: 'ORIGINAL' },
  terminalNo: { zh: '终端号', en: 'TERMINAL NO' },
  verificationCode: { zh: '验证码', en: 'VERIFICATION CODE' },
  thanks: { zh: '谢谢惠顾  欢迎再来', en: 'THANK YOU, PLEASE COME AGAIN' },
} as const satisfies Record<string, Label>;

export const PAYMENT: Readonly<Record<PaymentMethod, Label>> = {
  card: { zh: '银行卡', en: 'CARD' },
  cash: { zh: '现金', en: 'CASH' },
  wechat: { zh: '微信支付', en: 'WECHAT PAY' },
  alipay: { zh: '支付宝', en: 'ALIPAY' },
  'unionpay-qr': { zh: '云闪付', en: 'UNIONPAY QR' },
  voucher: { zh: '购物券', en: 'VOUCHER' },
  other: { zh: '其他', en: 'OTHER' },
};

/** What later records did to the sale (see core saleStatus): the same words in every language, like the duplicate mark. */
export const SALE_STATE: Readonly<Record<SaleState, Label>> = {
  voided: { zh: '已撤销', en: 'VOIDED' },
  refunded: { zh: '已退货', en: 'REFUNDED' },
  'partly-refunded': { zh: '部分退货', en: 'PARTLY REFUNDED' },
};

export const STATUS = {
  refundedTotal: { zh: '已退金额', en: 'REFUNDED' },
} as const satisfies Record<string, Label>;

export const REPRINT = {
  reprinted: { zh: '重打印', en: 'REPRINTED' },
  operator: { zh: '操作员', en: 'OPERATOR' },
  approver: { zh: '主管', en: 'APPROVER' },
} as const satisfies Record<string, Label>;
