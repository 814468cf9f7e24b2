import { messages } from './types.js';

/** Finding a sale again and the reprint rules (who may reprint what, with whose approval). */
export const REPRINT_ERRORS = messages('staff', {
  APPROVAL_REQUIRED: {
    zh: { title: '需主管授权', detail: ['交易 {saleId} 需要主管授权才能补打', '这次补打需要主管授权'], hint: '请主管输入自己的用户名和密码，为这一次补打授权', cliHint: '请主管授权：加上 --approver 主管用户名（密码另行输入）' },
    en: { title: 'Supervisor approval needed', detail: ['sale {saleId}: a supervisor must approve this reprint', 'a supervisor must approve this reprint'], hint: 'ask a supervisor to approve this one reprint with their own name and password', cliHint: 'ask a supervisor to approve it: add --approver NAME (the password is asked for separately)' },
    variants: {
      'too-old': {
        zh: { title: '需主管授权：超过 {minutes} 分钟', detail: ['交易 {saleId} 已超过 {minutes} 分钟：需要主管授权补打', '这笔交易已超过收银员可自行补打的时间：需要主管授权'] },
        en: { title: 'Supervisor approval needed: over {minutes} minutes', detail: ['sale {saleId} is more than {minutes} minutes old: a supervisor must approve this reprint', 'the sale is too old for a cashier to reprint alone: a supervisor must approve'] },
      },
      'not-last': {
        zh: { title: '需主管授权：不是本机最后一笔', detail: ['交易 {saleId} 不是本机最后一张小票：需要主管授权补打', '这不是本机最后一张小票：需要主管授权补打'] },
        en: { title: 'Supervisor approval needed: not the last receipt', detail: ['sale {saleId} is not the last receipt of your terminal: a supervisor must approve this reprint', 'this is not the last receipt of your terminal: a supervisor must approve'] },
      },
      'other-terminal': {
        zh: { title: '需主管授权：其他终端的交易', detail: ['交易 {saleId} 来自终端 {terminalId}，不是本机：需要主管授权补打', '这笔交易不是本机的：需要主管授权补打'] },
        en: { title: 'Supervisor approval needed: another terminal', detail: ['sale {saleId} is from terminal {terminalId}, not yours: a supervisor must approve this reprint', 'the sale is from another terminal: a supervisor must approve'] },
      },
    },
  },
  COPY_LIMIT_REACHED: {
    zh: { title: '已达补打份数上限', detail: ['交易 {saleId} 已补打 {copies} 份，已达 {limit} 份上限：再补打需管理员', '已达补打份数上限：再补打需管理员'], hint: '请管理员授权这次补打' },
    en: { title: 'Copy limit reached', detail: ['sale {saleId} already has {copies} duplicate(s); more need an admin', 'the copy limit is reached; more need an admin'], hint: 'ask an admin to approve this reprint' },
  },
  ORIGINAL_APPROVAL_REQUIRED: {
    zh: { title: '需主管授权', detail: ['打印交易 {saleId} 的原始凭证需要主管授权', '打印这张原始凭证需要主管授权'], hint: '请主管输入自己的用户名和密码，为这一次打印授权；或者补打一张标明“重印”的凭证' },
    en: { title: 'Supervisor approval needed', detail: ['sale {saleId}: a supervisor must approve printing its original', 'a supervisor must approve printing this original'], hint: 'ask a supervisor to approve this one print with their own name and password, or reprint a marked duplicate' },
    variants: {
      'too-old': {
        zh: { title: '需主管授权：超过 {minutes} 分钟', detail: ['交易 {saleId} 已超过 {minutes} 分钟：打印原始凭证需要主管授权', '这笔交易已超过收银员可自行打印原始凭证的时间：需要主管授权'] },
        en: { title: 'Supervisor approval needed: over {minutes} minutes', detail: ['sale {saleId} is more than {minutes} minutes old: a supervisor must approve printing its original', 'the sale is too old for a cashier to print its original alone: a supervisor must approve'] },
      },
      'other-terminal': {
        zh: { title: '需主管授权：其他终端的交易', detail: ['交易 {saleId} 属于终端 {terminalId}，不是您的终端：打印原始凭证需要主管授权', '这笔交易不属于您的终端：打印原始凭证需要主管授权'] },
        en: { title: 'Supervisor approval needed: another terminal', detail: ['sale {saleId} is from terminal {terminalId}, not yours: a supervisor must approve printing its original', 'the sale is from another terminal: a supervisor must approve printing its original'] },
      },
    },
  },
  ORIGINAL_WINDOW_PASSED: {
    zh: { title: '不能再打印原始凭证', detail: ['交易 {saleId} 已超过 {days} 天：不能再打印原始凭证', '交易太久了：不能再打印原始凭证'], hint: '可以查看凭证，或导出 PDF' },
    en: { title: 'Too old to print', detail: ['sale {saleId} is older than {days} days: its original can no longer be printed', 'the sale is too old: its original can no longer be printed'], hint: 'view the receipt instead (it can still be shown and exported as PDF)' },
  },
  REPRINT_WINDOW_PASSED: {
    zh: { title: '超过可补打期限', detail: ['交易 {saleId} 已超过 {days} 天：只能查看，不能补打', '交易太久了：只能查看，不能补打'], hint: '可以查看凭证，或导出 PDF' },
    en: { title: 'Too old to reprint', detail: ['sale {saleId} is older than {days} days: it can be viewed but not reprinted', 'the sale is too old: it can be viewed but not reprinted'], hint: 'view the receipt instead (it can still be shown and exported as PDF)' },
  },
  E_RECEIPT_WINDOW_PASSED: {
    zh: { title: '超过可补打期限', detail: ['交易 {saleId} 已超过 {days} 天：只能查看，不能再发电子凭证', '交易太久了：只能查看，不能再发电子凭证'], hint: '可以查看凭证（预览，不是凭证）' },
    en: { title: 'Too old for an e-receipt', detail: ['sale {saleId} is older than {days} days: it can be viewed but no e-receipt is issued for it', 'the sale is too old: it can be viewed but no e-receipt is issued for it'], hint: 'view the receipt instead (a marked preview)' },
  },
  REPRINT_NOT_ALLOWED: {
    zh: { title: '不能补打', detail: '审计员可以查看凭证，但不能补打', hint: '请收银员、主管或后台补打' },
    en: { title: 'Reprint not allowed', detail: 'auditors can view receipts but not reprint them', hint: 'ask a cashier, supervisor or back office to reprint' },
  },
  NOT_AN_APPROVER: {
    zh: { title: '不能授权补打', detail: ['{approver} 是{role:role}，不能授权补打', '这位用户不能授权补打'], hint: '补打由主管或管理员授权' },
    en: { title: 'Not an approver', detail: ['{approver} is a {role:role} and cannot approve reprints', 'this user cannot approve reprints'], hint: 'a supervisor or an admin approves reprints' },
  },
  APPROVER_OTHER_STORE: {
    zh: { title: '不能授权其他门店的补打', detail: ['{approver} 不能授权门店 {storeId} 的交易补打', '这位用户不能授权这家门店的补打'], hint: '请该门店的主管（或可看所有门店的主管）授权' },
    en: { title: 'Approver of another store', detail: ['{approver} may not approve a reprint of a sale of store {storeId}', 'this user may not approve reprints for this store'], hint: 'ask a supervisor of that store, or one of every store, to approve' },
    variants: {
      original: {
        zh: { title: '不能授权其他门店的打印', detail: ['{approver} 不能授权打印门店 {storeId} 的交易原始凭证', '这位用户不能授权打印这家门店的原始凭证'] },
        en: { detail: ['{approver} may not approve printing the original of a sale of store {storeId}', 'this user may not approve printing originals for this store'] },
      },
    },
  },
  REASON_REQUIRED: {
    zh: { title: '请选择补打原因', detail: ['“{value}”不是补打原因', '补打要有原因'], hint: ['可选：{allowed:reasons}（选“其他”要写几句说明）', '请选择补打原因'], cliHint: ['可选：--reason {allowed:list}（other 要加 --reason-text）', '加上 --reason 原因'] },
    en: { title: 'Reason needed', detail: ['"{value}" is not a reprint reason', 'a reprint needs a reason'], hint: ['give one of: {allowed:reasons} (with a few words for "other")', 'choose a reason'], cliHint: ['--reason {allowed:list} (other needs --reason-text)', 'add --reason CODE'] },
    variants: {
      missing: { zh: { detail: '补打要有原因' }, en: { detail: 'a reprint needs a reason' } },
    },
  },
  REASON_TEXT_REQUIRED: {
    zh: { title: '请写明原因', detail: '原因选了“其他”，要写几句说明', hint: '写明谁要这份凭证、为什么要' },
    en: { title: 'Say why', detail: 'the reason "other" needs a few words saying why', hint: 'add the reason text: who asked for the copy and why' },
  },
  CUSTOMER_DETAILS_REQUIRED: {
    zh: { title: '请核对顾客信息', detail: '顾客遗失小票时，要问顾客卡号后四位和金额', hint: '填写顾客说的卡号后四位和金额' },
    en: { title: "Customer's details needed", detail: 'for a lost receipt, ask the customer for the card last-4 and the amount', hint: 'enter the card last-4 and the amount the customer states' },
  },
  CUSTOMER_PAYMENT_REQUIRED: {
    zh: { title: '请核对顾客信息', detail: '顾客遗失小票时，要问顾客金额和付款方式', hint: '填写顾客说的金额和付款方式' },
    en: { title: "Customer's details needed", detail: 'for a lost receipt, ask the customer for the amount and how they paid', hint: 'enter the amount and the payment method the customer states' },
    variants: {
      reference: {
        zh: { hint: '填写顾客说的金额、付款方式，以及顾客出示的付款凭证号后四位' },
        en: { hint: 'enter the amount, the payment method and the last 4 of the payment reference the customer shows' },
      },
      amount: {
        zh: { detail: '顾客遗失小票时，要问顾客金额', hint: '填写顾客说的金额' },
        en: { detail: 'for a lost receipt, ask the customer for the amount', hint: 'enter the amount the customer states' },
      },
    },
  },
  CUSTOMER_NOT_CARD: {
    zh: { title: '这笔不是刷卡交易', detail: '这笔交易不是用银行卡付的，没有卡号后四位可以核对', hint: '请问顾客是怎么付的（现金、微信、支付宝……）以及金额' },
    en: { title: 'Not a card sale', detail: 'this sale was not paid by card, so there is no card last-4 to check', hint: 'ask the customer how they paid (cash, WeChat, Alipay …) and the amount instead' },
  },
  CUSTOMER_DETAILS_MISMATCH: {
    zh: { title: '顾客信息不符', detail: '顾客提供的信息与这笔交易不符', hint: '和顾客再核对一次，或重新查找交易' },
    en: { title: "Customer's details do not match", detail: 'the details the customer gave do not match this sale', hint: 'check the details with the customer, or find the sale again' },
  },
  AMBIGUOUS_SALE: {
    zh: { title: '有多笔交易符合', detail: ['有 {count} 笔交易符合，请选择其中一笔', '有多笔交易符合，请选择其中一笔'], hint: '和顾客核对时间、金额和卡号后，选择正确的那一笔', cliHint: '用正确交易的编号重新运行命令（先和顾客核对时间、金额和卡号）' },
    en: { title: 'Several sales match', detail: ['{count} sales match; choose one', 'several sales match; choose one'], hint: 'check the time, amount and card with the customer, then choose the right sale', cliHint: 'run the command again with the id of the right sale (check time, amount and card with the customer)' },
    variants: {
      search: {
        zh: { detail: ['{around} 前后 {within} 内有 {count} 笔 {amount} 的交易，请选择其中一笔', '有多笔交易符合，请选择其中一笔'] },
        en: { detail: ['{count} sales of {amount} around {around} ± {within}; choose one', 'several sales match; choose one'] },
      },
      'last-stores': {
        zh: { detail: ['{count} 个门店都有这个终端号的交易，请指定门店', '多个门店都有这个终端号的交易，请指定门店'], hint: '先指定门店再取它的最后一笔，或按编号选择其中一笔', cliHint: '加上 --store 门店编号再运行，或用其中一笔的编号重新运行' },
        en: { detail: ['{count} stores have sales on this terminal no.; name the store', 'several stores have sales on this terminal no.; name the store'], hint: 'name the store for its last receipt, or choose one by its id', cliHint: 'run it again with --store ID, or with the id of one of them' },
      },
    },
  },
  NO_MATCHING_SALE: {
    zh: { title: '没有找到交易', detail: '没有符合的交易', hint: '核对号码和终端号，或按时间和金额查找' },
    en: { title: 'No matching sale', detail: 'no sale matches', hint: 'check the number and the terminal, or search by time and amount' },
    variants: {
      last: {
        zh: { detail: ['终端 {terminalId} 还没有交易', '这台终端还没有交易'] },
        en: { detail: ['no sale matches the last sale of terminal {terminalId}', 'this terminal has no sales yet'] },
      },
      voucher: {
        zh: { detail: ['终端 {terminalId} 没有凭证号 {voucherNo} 的交易', '没有这个凭证号的交易'] },
        en: { detail: ['no sale matches voucher {voucherNo} on terminal {terminalId}', 'no sale has that voucher no.'] },
      },
      'voucher-batch': {
        zh: { detail: ['终端 {terminalId} 批次 {batchNo} 没有凭证号 {voucherNo} 的交易', '没有这个凭证号的交易'] },
        en: { detail: ['no sale matches voucher {voucherNo} in batch {batchNo} on terminal {terminalId}', 'no sale has that voucher no.'] },
      },
      ref: {
        zh: { detail: ['没有参考号 {referenceNo} 的交易', '没有这个参考号的交易'] },
        en: { detail: ['no sale matches reference no. {referenceNo}', 'no sale has that reference no.'] },
      },
      search: {
        zh: { detail: ['{around} 前后 {within} 内没有 {amount} 的交易', '这段时间内没有这个金额的交易'], hint: '放宽时间范围（如前后 30 分钟），核对金额和日期，或按凭证号、参考号查找', cliHint: '放宽时间范围（--within 30m），核对金额和日期，或按凭证号、参考号查找' },
        en: { detail: ['no sale of {amount} around {around} ± {within}', 'no sale of that amount in that time'], hint: 'widen the window (e.g. ± 30 minutes), check the amount and the date, or search by voucher or reference no.', cliHint: 'widen the window (--within 30m), check the amount and the date, or search by voucher or reference no.' },
      },
    },
  },
  BAD_VERIFICATION_CODE: {
    zh: { title: '验证码不对', detail: '这不是本系统凭证上的验证码', hint: '扫描凭证上的二维码，或输入二维码下面印的验证码' },
    en: { title: 'Not a receipt code', detail: 'that is not a Reissue receipt code', hint: 'scan the QR code on the receipt, or type the code printed under it' },
  },
});
