/**
 * Words that recur inside messages — roles, reprint reasons, transaction kinds, job states,
 * permissions — in the glossary's terms (/work/shared/reference/glossary-zh.md).
 */
export interface Words {
  zh: string;
  en: string;
}

export const ROLE_WORDS: Readonly<Record<string, Words>> = {
  cashier: { zh: '收银员', en: 'cashier' },
  supervisor: { zh: '主管', en: 'supervisor' },
  backoffice: { zh: '后台', en: 'back office' },
  auditor: { zh: '审计员', en: 'auditor' },
  admin: { zh: '管理员', en: 'admin' },
};

export const REASON_WORDS: Readonly<Record<string, Words>> = {
  paper_jam: { zh: '卡纸', en: 'paper jam' },
  paper_out: { zh: '缺纸', en: 'paper out' },
  printer_fault: { zh: '打印机故障', en: 'printer fault' },
  faint_print: { zh: '字迹模糊', en: 'faint print' },
  customer_lost: { zh: '顾客遗失', en: 'customer lost it' },
  customer_request: { zh: '顾客要求', en: 'customer request' },
  other: { zh: '其他', en: 'other' },
};

export const KIND_WORDS: Readonly<Record<string, Words>> = {
  sale: { zh: '消费', en: 'sale' },
  void: { zh: '消费撤销', en: 'void' },
  refund: { zh: '退货', en: 'refund' },
  auth: { zh: '预授权', en: 'pre-authorisation' },
  'auth-complete': { zh: '预授权完成', en: 'completion' },
  // Not a sale's kind: a receipt the tap took from the POS's own printer, listed beside sales.
  capture: { zh: '收银机小票', en: 'captured receipt' },
};

export const JOB_STATE_WORDS: Readonly<Record<string, Words>> = {
  queued: { zh: '排队中', en: 'queued' },
  sending: { zh: '打印中', en: 'printing' },
  'awaiting-ack': { zh: '打印中', en: 'printing' },
  printed: { zh: '已打印', en: 'printed' },
  failed: { zh: '打印失败', en: 'failed' },
  expired: { zh: '已过期', en: 'expired' },
  rerouted: { zh: '已转备用打印机', en: 'sent to backup printer' },
  unknown: { zh: '结果未知', en: 'outcome unknown' },
};

export const JOB_KIND_WORDS: Readonly<Record<string, Words>> = {
  original: { zh: '原始凭证', en: 'original receipt' },
  duplicate: { zh: '重印凭证', en: 'duplicate' },
  'test-page': { zh: '测试页', en: 'test page' },
  report: { zh: '报表', en: 'report' },
};

export const PERMISSION_WORDS: Readonly<Record<string, Words>> = {
  'sales.record': { zh: '录入交易', en: 'record sales' },
  'sales.read': { zh: '查看交易', en: 'view sales' },
  'reprint.own-last': { zh: '补打本机最后一张小票', en: 'reprint the last receipt of their own terminal' },
  'reprint.any': { zh: '补打任何小票', en: 'reprint any receipt' },
  'reprint.approve': { zh: '授权补打', en: 'approve reprints' },
  'reprint.beyond-limit': { zh: '超出份数上限补打', en: 'reprint beyond the copy limit' },
  'audit.read': { zh: '查看审计记录', en: 'read the audit trail' },
  'reports.read': { zh: '查看报表', en: 'read reports' },
  'printers.manage': { zh: '管理打印机', en: 'manage printers' },
  'users.manage': { zh: '管理用户', en: 'manage users' },
};

export const COPY_WORDS: Readonly<Record<string, Words>> = {
  merchant: { zh: '商户存根', en: 'merchant copy' },
  cardholder: { zh: '持卡人存根', en: 'cardholder copy' },
};

export const PAYMENT_WORDS: Readonly<Record<string, Words>> = {
  card: { zh: '银行卡', en: 'card' },
  cash: { zh: '现金', en: 'cash' },
  wechat: { zh: '微信支付', en: 'WeChat Pay' },
  alipay: { zh: '支付宝', en: 'Alipay' },
  'unionpay-qr': { zh: '云闪付', en: 'UnionPay QR' },
  voucher: { zh: '购物券', en: 'voucher' },
  other: { zh: '其他', en: 'other' },
};

/** The word for a value in a vocabulary, or the value itself when the vocabulary lacks it. */
export function word(vocabulary: Readonly<Record<string, Words>>, value: unknown, language: 'zh' | 'en'): string {
  const text = String(value);
  return vocabulary[text]?.[language] ?? text;
}

/** What `verify` found wrong with a chain (journal/verify.ts VerifyProblems). */
export const VERIFY_PROBLEM_WORDS: Readonly<Record<string, Words>> = {
  edited: { zh: '记录在写入后被改动', en: 'an event was edited after it was recorded' },
  missing: { zh: '缺少记录', en: 'events are missing' },
  reordered: { zh: '记录顺序被打乱', en: 'events were reordered' },
  'broken-link': { zh: '记录之间的链接被改动', en: 'the link between events was changed' },
  'index-mismatch': { zh: '查询索引与记录不一致', en: 'the search index does not match the events' },
  'orphan-index': { zh: '查询索引里有不存在的交易', en: 'the search index points at transactions that are not on record' },
  'guard-missing': { zh: '防改动保护被移除', en: 'the append-only guard was removed' },
  projection: { zh: '打印任务表与日志里的打印记录不一致', en: 'the print-job table disagrees with the print events in the journal' },
  'head-mismatch': { zh: '链头与之前保存的不一致（历史被改写）', en: 'a chain head differs from the one saved earlier (history was rewritten)' },
  'job-altered': { zh: '打印任务与日志里的打印记录不一致', en: 'a print job does not match the print events in the journal' },
};

/** The audit chain's entry types, as `reissue audit` names them (the back-office pages keep their own labels, src/web/i18n.ts). */
export const AUDIT_EVENT_WORDS: Readonly<Record<string, Words>> = {
  'reprint.issued': { zh: '补打', en: 'reprint issued' },
  'reprint.refused': { zh: '补打被拒', en: 'reprint refused' },
  'print.original': { zh: '打印原始小票', en: 'original printed' },
  'print.refused': { zh: '打印原始小票被拒', en: 'original print refused' },
  'integrity.alert': { zh: '记录被改动，拒绝使用', en: 'record altered — refused' },
  'approval.granted': { zh: '授权通过', en: 'approval granted' },
  'approval.refused': { zh: '授权被拒', en: 'approval refused' },
  'approval.throttled': { zh: '授权锁定', en: 'approval locked' },
  'login.succeeded': { zh: '登录', en: 'signed in' },
  'login.failed': { zh: '登录失败', en: 'sign-in failed' },
  'login.throttled': { zh: '登录锁定', en: 'sign-in locked' },
  'access.denied': { zh: '拒绝访问', en: 'access denied' },
  'e-receipt.issued': { zh: '发出电子凭证', en: 'e-receipt issued' },
  'e-receipt.refused': { zh: '电子凭证被拒', en: 'e-receipt refused' },
  'e-receipt.opened': { zh: '电子凭证被打开', en: 'e-receipt opened' },
  'e-receipt.withdrawn': { zh: '电子凭证链接已撤回', en: 'e-receipt links withdrawn' },
  'user.added': { zh: '新增用户', en: 'user added' },
  'user.changed': { zh: '修改用户', en: 'user changed' },
  'user.disabled': { zh: '停用用户', en: 'user disabled' },
  'user.enabled': { zh: '启用用户', en: 'user enabled' },
  'user.password-changed': { zh: '修改密码', en: 'password changed' },
  'shop.added': { zh: '新增门店', en: 'shop added' },
  'shop.revoked': { zh: '门店令牌已停用', en: "shop's token revoked" },
  'sync.events-read': { zh: '门店数据回读', en: "shop's events read back" },
  'sync.settings-kept': { zh: '保存门店加密设置', en: "shop's sealed settings kept" },
  'sync.settings-read': { zh: '门店加密设置回读', en: "shop's sealed settings read back" },
};

/** What a command is missing (requirePositional's English words) in Chinese. */
export const ARGUMENT_WORDS: Readonly<Record<string, Words>> = {
  'the transaction id': { zh: '交易编号', en: 'the transaction id' },
  'the file of ESC/POS bytes (or - for stdin)': { zh: 'ESC/POS 数据文件（或用 - 表示标准输入）', en: 'the file of ESC/POS bytes (or - for stdin)' },
  'the code from the receipt': { zh: '凭证上的验证码', en: 'the code from the receipt' },
  'the user name': { zh: '用户名', en: 'the user name' },
  'the backup file': { zh: '备份文件', en: 'the backup file' },
};

/** Whose password a command asks for. */
export type SecretWhose = 'own' | 'new' | 'approver' | 'by';

export interface SecretRef {
  user: string;
  whose: SecretWhose;
}

const SECRET_WORDS: Readonly<Record<SecretWhose, Words>> = {
  own: { zh: '{user} 的密码', en: 'password for {user}' },
  new: { zh: '{user} 的新密码', en: 'new password for {user}' },
  approver: { zh: '主管 {user} 的密码', en: 'password for {user} (approver)' },
  by: { zh: '确认人 {user} 的密码', en: 'password of {user}' },
};

/** "li 的密码" / "password for li": a password named for a prompt or an error. */
export function secretLabel(secret: SecretRef, language: 'zh' | 'en'): string {
  return (SECRET_WORDS[secret.whose] ?? SECRET_WORDS.own)[language].replace('{user}', secret.user);
}
