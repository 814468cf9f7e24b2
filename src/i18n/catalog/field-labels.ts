import type { Words } from './vocabulary.js';

/**
 * Every field a person can get wrong, named as the screen labels it. Keys are field names
 * inside their object ("amount", "card.masked"); a name inside a list is looked up with the
 * list's name first ("items.name" before "name"). `format` says what a good value looks like.
 */
export interface FieldLabel extends Words {
  format?: Words;
}

const AMOUNT_FORMAT: Words = { zh: '带引号的金额，如 "128.50"', en: 'a decimal in quotes, such as "128.50"' };
const SIX_DIGITS: Words = { zh: '6 位数字', en: '6 digits' };
const EIGHT_CHARS: Words = { zh: '8 位字母或数字', en: '8 letters or digits' };
const TWELVE_CHARS: Words = { zh: '12 位字母或数字', en: '12 letters or digits' };
const LAST4: Words = { zh: '4 位数字', en: 'four digits' };
const LOCAL_TIME: Words = { zh: '时间，如 14:30 或 2026-11-27 14:30', en: 'a time such as 14:30 or 2026-11-27 14:30' };
const WHOLE: Words = { zh: '整数', en: 'a whole number' };

export const FIELD_LABELS: Readonly<Record<string, FieldLabel>> = {
  // a transaction
  kind: { zh: '交易类型', en: 'transaction type' },
  merchant: { zh: '商户', en: 'merchant' },
  'merchant.id': { zh: '商户编号', en: 'merchant no.', format: { zh: '15 位数字', en: '15 digits' } },
  'merchant.name': { zh: '商户名称', en: 'merchant name' },
  'merchant.nameEn': { zh: '商户英文名称', en: 'merchant name in English' },
  store: { zh: '门店', en: 'store' },
  'store.name': { zh: '门店名称', en: 'store name' },
  'store.address': { zh: '门店地址', en: 'store address' },
  'store.phone': { zh: '门店电话', en: 'store phone' },
  terminalId: { zh: '终端号', en: 'terminal no.', format: EIGHT_CHARS },
  operatorId: { zh: '操作员号', en: 'operator no.', format: { zh: '1–10 位字母或数字', en: '1–10 letters or digits' } },
  batchNo: { zh: '批次号', en: 'batch no.', format: SIX_DIGITS },
  voucherNo: { zh: '凭证号', en: 'voucher no.', format: { zh: '000001 到 999999 的 6 位数字', en: '6 digits from 000001 to 999999' } },
  referenceNo: { zh: '参考号', en: 'reference no.', format: TWELVE_CHARS },
  authCode: { zh: '授权码', en: 'authorisation code', format: { zh: '6 位字母或数字', en: '6 letters or digits' } },
  receiptNo: { zh: '小票号', en: 'receipt no.' },
  occurredAt: { zh: '交易时间', en: 'time of sale', format: { zh: '带时区的时间，如 2026-11-27T14:32:05+08:00', en: 'a time with its UTC offset, such as 2026-11-27T14:32:05+08:00' } },
  amount: { zh: '金额', en: 'amount', format: AMOUNT_FORMAT },
  currency: { zh: '币种', en: 'currency', format: { zh: '三个大写字母的币种代码，如 CNY', en: 'a three-letter currency code such as CNY' } },
  card: { zh: '卡信息', en: 'card' },
  'card.masked': { zh: '卡号', en: 'card no.', format: { zh: '屏蔽后的卡号，如 622588******4242', en: 'a masked card number such as 622588******4242' } },
  'card.issuer': { zh: '发卡行', en: 'issuer' },
  'card.acquirer': { zh: '收单行', en: 'acquirer' },
  'card.entryMode': { zh: '读卡方式', en: 'card entry mode' },
  'card.expiry': { zh: '有效期', en: 'expiry date', format: { zh: '月/年，如 09/28', en: 'MM/YY, such as 09/28' } },
  items: { zh: '商品明细', en: 'items' },
  'items.name': { zh: '商品名称', en: 'item name' },
  'items.sku': { zh: '商品编码', en: 'item code' },
  'items.quantity': { zh: '数量', en: 'quantity', format: { zh: '整数，或最多 3 位小数的带引号数量，如 "0.750"', en: 'a whole number, or a quantity in quotes with up to 3 decimals such as "0.750"' } },
  'items.unitPrice': { zh: '单价', en: 'unit price', format: AMOUNT_FORMAT },
  'items.discount': { zh: '折扣', en: 'discount', format: AMOUNT_FORMAT },
  discounts: { zh: '折扣', en: 'discounts' },
  'discounts.name': { zh: '折扣名称', en: 'discount name' },
  tax: { zh: '税额', en: 'tax' },
  'tax.name': { zh: '税名', en: 'tax name' },
  'tax.rate': { zh: '税率', en: 'tax rate', format: { zh: '百分比，如 "13%"', en: 'a percentage such as "13%"' } },
  payments: { zh: '付款', en: 'payments' },
  'payments.method': { zh: '付款方式', en: 'payment method' },
  'payments.tendered': { zh: '实收', en: 'amount tendered', format: AMOUNT_FORMAT },
  'payments.change': { zh: '找零', en: 'change', format: AMOUNT_FORMAT },
  'payments.reference': { zh: '付款参考号', en: 'payment reference' },
  original: { zh: '原交易', en: 'original sale' },
  'original.batchNo': { zh: '原批次号', en: 'original batch no.', format: SIX_DIGITS },
  'original.voucherNo': { zh: '原凭证号', en: 'original voucher no.', format: SIX_DIGITS },
  'original.referenceNo': { zh: '原参考号', en: 'original reference no.', format: TWELVE_CHARS },
  note: { zh: '备注', en: 'note' },
  transactions: { zh: '交易', en: 'transactions' },

  // sign-in, users, approval
  username: { zh: '用户名', en: 'user name' },
  bearer: { zh: '令牌方式', en: 'bearer token' },
  password: { zh: '密码', en: 'password' },
  name: { zh: '名称', en: 'name' },
  role: { zh: '角色', en: 'role' },
  operatorNo: { zh: '操作员号', en: 'operator no.', format: { zh: '1–10 位字母或数字', en: '1–10 letters or digits' } },
  terminal: { zh: '终端号', en: 'terminal no.', format: EIGHT_CHARS },
  stores: { zh: '可查看的门店', en: 'stores the user may see', format: { zh: '门店编号，用逗号分隔，例如 SH-001,SH-002', en: 'store ids separated by commas, e.g. SH-001,SH-002' } },
  approver: { zh: '主管授权', en: 'supervisor approval' },
  'approver.username': { zh: '主管用户名', en: "supervisor's user name" },
  'approver.password': { zh: '主管密码', en: "supervisor's password" },

  // reprint
  reason: { zh: '补打原因', en: 'reason' },
  reasonText: { zh: '原因说明', en: 'reason in words' },
  printer: { zh: '打印机', en: 'printer' },
  backup: { zh: '备用打印机', en: 'backup printer' },
  copy: { zh: '存根', en: 'copy' },
  template: { zh: '凭证样式', en: 'receipt type' },
  customer: { zh: '顾客提供的信息', en: "the customer's details" },
  'customer.last4': { zh: '卡号后四位', en: 'card last 4', format: LAST4 },
  'customer.amount': { zh: '顾客所说金额', en: 'amount the customer states', format: { zh: '金额，如 128.50', en: 'an amount such as 128.50' } },
  'customer.method': { zh: '付款方式', en: 'payment method' },
  'customer.referenceLast4': { zh: '付款凭证号后四位', en: 'last 4 of the payment reference', format: { zh: '4 位字母或数字', en: '4 letters or digits' } },
  customerLast4: { zh: '卡号后四位', en: 'card last 4', format: LAST4 },
  customerAmount: { zh: '顾客所说金额', en: 'amount the customer states' },
  locate: { zh: '查找方式', en: 'how to find the sale' },
  'locate.by': { zh: '查找方式', en: 'how to find the sale' },
  // a sale named in a request's path (/api/v1/transactions/{id})
  id: { zh: '交易编号', en: 'transaction id' },
  'locate.id': { zh: '交易编号', en: 'transaction id', format: { zh: '终端号-批次号-凭证号，如 10023456-000128-000457', en: 'terminal-batch-voucher, such as 10023456-000128-000457' } },
  'locate.terminalId': { zh: '终端号', en: 'terminal no.', format: EIGHT_CHARS },
  'locate.voucherNo': { zh: '凭证号', en: 'voucher no.', format: { zh: '最多 6 位数字', en: 'up to 6 digits' } },
  'locate.batchNo': { zh: '批次号', en: 'batch no.', format: { zh: '最多 6 位数字', en: 'up to 6 digits' } },
  'locate.referenceNo': { zh: '参考号', en: 'reference no.' },
  'locate.around': { zh: '时间', en: 'time', format: LOCAL_TIME },
  'locate.within': { zh: '前后范围', en: 'window', format: { zh: '时长，如 15m 或 1h', en: 'a duration such as 15m or 1h' } },
  'locate.amount': { zh: '金额', en: 'amount', format: { zh: '金额，如 128.50', en: 'an amount such as 128.50' } },
  expiresInDays: { zh: '有效天数', en: 'days the link stays valid', format: { zh: '1 到 90 的整数', en: 'a whole number from 1 to 90' } },

  // search, reports, audit
  around: { zh: '时间', en: 'time', format: LOCAL_TIME },
  within: { zh: '前后范围', en: 'window', format: { zh: '时长，如 15m 或 1h', en: 'a duration such as 15m or 1h' } },
  from: { zh: '开始时间', en: 'from', format: LOCAL_TIME },
  to: { zh: '结束时间', en: 'to', format: LOCAL_TIME },
  voucher: { zh: '凭证号', en: 'voucher no.', format: { zh: '最多 6 位数字', en: 'up to 6 digits' } },
  batch: { zh: '批次号', en: 'batch no.', format: { zh: '最多 6 位数字', en: 'up to 6 digits' } },
  ref: { zh: '参考号', en: 'reference no.' },
  last4: { zh: '卡号后四位', en: 'card last 4', format: LAST4 },
  operator: { zh: '操作员号', en: 'operator no.', format: { zh: '1–10 位字母或数字', en: '1–10 letters or digits' } },
  limit: { zh: '每页条数', en: 'rows per page', format: WHOLE },
  cursor: { zh: '翻页位置', en: 'page position' },
  view: { zh: '显示方式', en: 'view' },
  date: { zh: '日期', en: 'date', format: { zh: '年-月-日，如 2026-11-27', en: 'YYYY-MM-DD, such as 2026-11-27' } },
  format: { zh: '格式', en: 'format' },
  paper: { zh: '纸张', en: 'paper' },
  lang: { zh: '语言', en: 'language' },
  for: { zh: '按哪台打印机', en: 'as printed by' },
  user: { zh: '用户', en: 'user' },
  type: { zh: '类型', en: 'type' },
  probe: { zh: '立即检查', en: 'check now' },
  body: { zh: '请求内容', en: 'request' },

  // the configuration file
  printers: { zh: '打印机', en: 'printers' },
  'printers.name': { zh: '打印机名称', en: 'printer name', format: { zh: '1–32 位字母、数字、- 或 _', en: '1–32 letters, digits, - or _' } },
  'printers.address': { zh: '地址', en: 'address', format: { zh: '主机:端口，如 192.168.1.50:9100', en: 'HOST:PORT, such as 192.168.1.50:9100' } },
  'printers.model': { zh: '型号', en: 'model' },
  'printers.group': { zh: '分组', en: 'group' },
  'printers.backup': { zh: '备用打印机', en: 'backup printer' },
  'printers.language': { zh: '打印语言', en: 'print language' },
  'printers.cardSlip': { zh: '打印签购单', en: 'bank slips printed' },
  defaultPrinter: { zh: '默认打印机', en: 'default printer' },
  spooler: { zh: '打印队列设置', en: 'spooler settings' },
  'spooler.expireAfter': { zh: '过期时间', en: 'expire after', format: { zh: '时长，如 10m', en: 'a duration such as 10m' } },
  'spooler.retryInitial': { zh: '首次重试间隔', en: 'first retry after', format: { zh: '时长，如 1s', en: 'a duration such as 1s' } },
  'spooler.retryMax': { zh: '最长重试间隔', en: 'longest retry wait', format: { zh: '时长，如 30s', en: 'a duration such as 30s' } },
  'spooler.failoverAfter': { zh: '转备用前失败次数', en: 'failures before the backup' },
  'spooler.ackTimeout': { zh: '完成确认等待时间', en: 'completion wait', format: { zh: '时长，如 60s', en: 'a duration such as 60s' } },
  'spooler.statusPoll': { zh: '状态查询间隔', en: 'status poll interval', format: { zh: '时长，如 1s', en: 'a duration such as 1s' } },
  'spooler.cleanEveryMetres': { zh: '打印头清洁间隔（米）', en: 'print-head cleaning every (metres)' },
  taps: { zh: '收银机小票采集', en: 'taps' },
  'taps.source': { zh: '来源（收银机名称）', en: 'source (till name)', format: { zh: '1–64 位字母、数字、.、_ 或 -，如 front-till', en: '1–64 letters, digits, ".", "_" or "-", such as front-till' } },
  'taps.listen': { zh: '监听地址', en: 'listen address', format: { zh: '主机:端口，如 0.0.0.0:9100', en: 'HOST:PORT, such as 0.0.0.0:9100' } },
  'taps.lpd': { zh: 'LPD 监听地址', en: 'LPD listen address', format: { zh: '主机:端口，如 0.0.0.0:515', en: 'HOST:PORT, such as 0.0.0.0:515' } },
  'taps.printer': { zh: '打印机', en: 'printer' },
  'taps.backup': { zh: '备用打印机', en: 'backup printer' },
  'taps.rules': { zh: '识别规则文件', en: 'rules file' },
  'taps.paper': { zh: '纸张', en: 'paper' },
  'taps.codePage': { zh: '编码', en: 'code page' },
  'taps.idleGap': { zh: '停顿多久算一张小票结束', en: 'pause that ends a job', format: { zh: '时长，如 2s', en: 'a duration such as 2s' } },
  'taps.fallback': { zh: '备用记录文件', en: 'fallback file' },
  sync: { zh: '总部同步设置', en: 'sync to head office' },
  'sync.to': { zh: '总部地址', en: "head office's address", format: { zh: '以 http 或 https 开头的网址', en: 'a web address starting with http or https' } },
  'sync.tokenFile': { zh: '令牌文件', en: 'token file' },
  'sync.every': { zh: '同步间隔（秒）', en: 'send every (seconds)' },
  readReplica: { zh: '只读副本', en: 'read replica', format: { zh: '以 postgres:// 开头的热备库地址', en: 'a hot standby address starting with postgres://' } },
  sales: { zh: '交易时间范围', en: 'sale times accepted' },
  'sales.acceptAhead': { zh: '最多提前', en: 'at most ahead of the clock', format: { zh: '时长，如 5m', en: 'a duration such as 5m' } },
  'sales.acceptBack': { zh: '最早可追溯', en: 'at most back', format: { zh: '时长，如 3653d', en: 'a duration such as 3653d' } },
};

/** A place in a list: "transactions[2]" is 第 3 笔 / transaction 3. */
export const LIST_ENTRY_LABELS: Readonly<Record<string, Words>> = {
  transactions: { zh: '第 {n} 笔', en: 'transaction {n}' },
  items: { zh: '第 {n} 项商品', en: 'item {n}' },
  discounts: { zh: '第 {n} 项折扣', en: 'discount {n}' },
  tax: { zh: '第 {n} 项税', en: 'tax line {n}' },
  payments: { zh: '第 {n} 笔付款', en: 'payment {n}' },
  printers: { zh: '第 {n} 台打印机', en: 'printer {n}' },
  taps: { zh: '第 {n} 个小票采集', en: 'tap {n}' },
};

const SEGMENT = /([^.[\]]+)?((?:\[\d+\])*)/g;

interface Segment {
  name: string;
  indexes: number[];
}

function segments(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.split('.')) {
    SEGMENT.lastIndex = 0;
    const match = SEGMENT.exec(part);
    const name = match?.[1] ?? '';
    const indexes = [...(match?.[2] ?? '').matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    if (name !== '' || indexes.length > 0) out.push({ name, indexes });
  }
  return out;
}

/** The label of a run of plain field names inside a list (or at the top). */
function runLabel(list: string | undefined, names: readonly string[]): FieldLabel | undefined {
  const joined = names.join('.');
  const last = names[names.length - 1] ?? '';
  return (list ? FIELD_LABELS[`${list}.${joined}`] : undefined) ?? FIELD_LABELS[joined] ?? (list ? FIELD_LABELS[`${list}.${last}`] : undefined) ?? FIELD_LABELS[last];
}

/** The field's own entry (label and format), by the same lookup as its label. */
export function fieldEntry(path: string): FieldLabel | undefined {
  let list: string | undefined;
  let run: string[] = [];
  for (const segment of segments(path)) {
    if (segment.indexes.length > 0) {
      list = segment.name || list;
      run = [];
    } else {
      run.push(segment.name);
    }
  }
  return run.length === 0 ? undefined : runLabel(list, run);
}

/**
 * "transactions[2].amount" → "第 3 笔 金额" / "transaction 3: amount"; "card.masked" →
 * "卡号" / "card no.". A name the catalog lacks is shown as it is written.
 */
export function fieldLabel(path: string, language: 'zh' | 'en'): string {
  const parts: string[] = [];
  let list: string | undefined;
  let run: string[] = [];
  const flush = () => {
    if (run.length === 0) return;
    parts.push(runLabel(list, run)?.[language] ?? run.join('.'));
    run = [];
  };
  for (const segment of segments(path)) {
    if (segment.indexes.length === 0) {
      run.push(segment.name);
      continue;
    }
    // "transactions[2]" names a place in a list: the list's own name is not said again.
    run = [];
    const name = segment.name || list || '';
    for (const index of segment.indexes) {
      const entry = LIST_ENTRY_LABELS[name];
      parts.push(entry ? entry[language].replace('{n}', String(index + 1)) : `${name}[${index}]`);
    }
    list = name;
  }
  flush();
  return parts.join(language === 'zh' ? ' ' : ': ');
}
