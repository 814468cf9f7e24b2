import { describe, expect, it } from 'vitest';
import { ValidationError, parseTransaction, type ReissueError } from '../core/index.js';
import { decideReprint } from '../reprint/index.js';
import { fieldLabel, languageFromAcceptLanguage, languageFromEnv, localiseError, localiseIssue, conditionCodes, conditionText, verdictText, jobDetailText } from './index.js';

const caught = (run: () => unknown): ReissueError => {
  try {
    run();
  } catch (error) {
    return error as ReissueError;
  }
  throw new Error('expected a refusal');
};

describe('choosing the language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['zh-TW', 'zh'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr-FR,fr;q=0.9', 'en'],
    ['fr-FR, zh;q=0.5', 'zh'],
    ['en;q=0.4, zh;q=0.8', 'zh'],
    ['zh;q=0, en', 'en'],
    ['*', 'en'],
  ])('Accept-Language %j → %s (English when the client names neither)', (header, language) => {
    expect(languageFromAcceptLanguage(header)).toBe(language);
  });

  it.each([
    [{}, 'en'],
    [{ LANG: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'C.UTF-8' }, 'en'],
    [{ LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }, 'zh'],
    [{ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ LC_MESSAGES: 'zh_CN', LANG: 'en_US' }, 'zh'],
    [{ REISSUE_LANG: 'en', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ REISSUE_LANG: 'zh', LANG: 'en_US.UTF-8' }, 'zh'],
    [{ REISSUE_LANG: 'klingon', LANG: 'zh_CN.UTF-8' }, 'zh'],
  ])('environment %j → %s', (env, language) => {
    expect(languageFromEnv(env)).toBe(language);
  });
});

describe('field labels', () => {
  it.each([
    ['transactions[2].amount', '第 3 笔 金额', 'transaction 3: amount'],
    ['card.masked', '卡号', 'card no.'],
    ['items[0].unitPrice', '第 1 项商品 单价', 'item 1: unit price'],
    ['transactions[0].items[1].name', '第 1 笔 第 2 项商品 商品名称', 'transaction 1: item 2: item name'],
    ['payments[1].tendered', '第 2 笔付款 实收', 'payment 2: amount tendered'],
    ['approver.password', '主管密码', "supervisor's password"],
    ['printers[1].backup', '第 2 台打印机 备用打印机', 'printer 2: backup printer'],
    ['transactions[4]', '第 5 笔', 'transaction 5'],
    ['merchant.id', '商户编号', 'merchant no.'],
  ])('%s → %s / %s', (path, zh, en) => {
    expect(fieldLabel(path, 'zh')).toBe(zh);
    expect(fieldLabel(path, 'en')).toBe(en);
  });

  it('shows an unknown field as it is written rather than guessing', () => {
    expect(fieldLabel('frobnicate', 'zh')).toBe('frobnicate');
  });
});

describe('an error in the reader’s language', () => {
  it('says why a reprint needs approval, with the sale and the minutes, without code or path', () => {
    const error = caught(() =>
      decideReprint({ actor: { name: 'li', role: 'cashier', terminalId: '10023456' }, sale: { id: '10023456-000128-000457', terminalId: '10023456', occurredAt: 0, amountMinor: 100, isLastOfTerminal: true, proof: { by: 'card', last4: '4242' } }, now: 3_600_000, copiesSoFar: 0, reason: { code: 'paper_jam' } }),
    );
    expect(localiseError(error, 'zh')).toEqual({
      title: '需主管授权：超过 10 分钟',
      detail: '交易 10023456-000128-000457 已超过 10 分钟：需要主管授权补打',
      hint: '请主管输入自己的用户名和密码，为这一次补打授权',
    });
    expect(localiseError(error, 'en').detail).toBe('sale 10023456-000128-000457 is more than 10 minutes old: a supervisor must approve this reprint');
    expect(localiseError(error, 'zh', 'cli').hint).toContain('--approver');
  });

  it('names every bad field of a transaction as the screen labels it, and keeps the path for programs', () => {
    const error = caught(() => parseTransaction({ kind: 'sale', merchant: { id: '1', name: 'x' }, terminalId: 'x', operatorId: '01', batchNo: '000001', voucherNo: '000000', occurredAt: '2026-11-27T10:00:00+08:00', amount: 12.5, currency: 'CNY' }));
    expect(error).toBeInstanceOf(ValidationError);
    const zh = localiseError(error, 'zh');
    expect(zh.errors).toEqual([
      { path: 'merchant.id', message: '商户编号：应为 15 位数字' },
      { path: 'terminalId', message: '终端号：应为 8 位字母或数字' },
      { path: 'voucherNo', message: '凭证号：应在 000001 到 999999 之间' },
      { path: 'amount', message: '金额：应为带引号的金额，如 "128.50"' },
    ]);
    expect(zh.detail).toBe('商户编号：应为 15 位数字；另有 3 处需要改正');
    expect(localiseError(error, 'en').errors?.[3]).toEqual({ path: 'amount', message: 'amount must be a decimal in quotes, such as "128.50"' });
  });

  it('words the rules of a transaction (totals, payments) with their amounts', () => {
    const error = caught(() => parseTransaction({ kind: 'sale', merchant: { id: '898310058120123', name: 'x' }, terminalId: '10023456', operatorId: '01', batchNo: '000001', voucherNo: '000001', occurredAt: '2026-11-27T10:00:00+08:00', amount: '10.00', currency: 'CNY', payments: [{ method: 'cash', amount: '8.00' }] }));
    expect(localiseError(error, 'zh').errors).toEqual([{ path: 'payments', message: '付款：合计 8.00，但交易金额是 10.00' }]);
  });

  it('falls back to a plainer wording when a value is missing, never to a bare placeholder', () => {
    const said = localiseError({ code: 'COPY_LIMIT_REACHED', kind: 'forbidden', message: 'x', context: {} }, 'zh');
    expect(said.detail).toBe('已达补打份数上限：再补打需管理员');
    expect(Object.values(said).join(" ")).not.toMatch(/[{}]/);
  });

  it('says an unknown code by its kind, in Chinese too (never the English message)', () => {
    expect(localiseError({ code: 'NOT_IN_CATALOG', kind: 'conflict', message: 'some English', context: {} }, 'zh')).toEqual({ title: '与已有记录冲突', detail: '与已有记录冲突' });
    expect(localiseError({ code: 'NOT_IN_CATALOG', kind: 'conflict', message: 'some English', context: {} }, 'en').detail).toBe('some English');
  });

  it('says a refusal inside a batch with its line', () => {
    const said = localiseError({ code: 'IDEMPOTENCY_CONFLICT', kind: 'conflict', message: 'x', context: { id: '10023456-000128-000001', line: 7, inBatch: true } }, 'zh');
    expect(said.detail).toBe('第 7 行：10023456-000128-000001 已有记录，但内容不同；这一批都没有记录');
  });

  it('keeps the path of an issue on the terminal, where the reader edits the file', () => {
    const issue = { path: 'printers[0].backup', message: 'names "x", which is not a printer in this file', code: 'NOT_A_PRINTER', params: { name: 'x' } };
    expect(localiseIssue(issue, 'zh', 'cli')).toBe('printers[0].backup：“x”不是本文件里的打印机');
    expect(localiseIssue(issue, 'zh')).toBe('第 1 台打印机 备用打印机：“x”不是本文件里的打印机');
  });
});

describe('printer states, job details and verdicts', () => {
  it('says a printer condition in words, with a stable code', () => {
    expect(conditionText('paper out, cover open', 'zh')).toBe('缺纸、上盖打开');
    expect(conditionText(['paper near end'], 'en')).toBe('paper near end');
    expect(conditionCodes('paper out, cover open')).toEqual(['paper-out', 'cover-open']);
    expect(conditionCodes(['offline', 'unreachable', 'ready'])).toEqual(['offline', 'unreachable', 'ready']);
  });

  it('says a job detail by its code', () => {
    expect(jobDetailText({ code: 'held', params: { reason: 'paper out' } }, 'zh')).toBe('暂停：缺纸');
    expect(jobDetailText({ code: 'retry', params: { retryInMs: '2000', error: 'ECONNREFUSED' } }, 'zh')).toBe('无法连接打印机，2 秒后重试');
  });

  it('says a check verdict', () => {
    const copy = { genuine: true, copy: 2, sale: { id: 'S', currency: 'CNY', amount: '1.00', time: 't1' }, printedAt: 't2', printer: 'counter', printedBy: '01' };
    expect(verdictText(copy, 'zh')).toBe('真实有效：交易 S（CNY 1.00，t1）的第 2 份重印凭证，t2 由操作员 01 在 counter 打印');
    // Anyone holding the paper is not told the printer or the staff.
    expect(verdictText(copy, 'zh', 'public')).toBe('真实有效：交易 S（CNY 1.00，t1）的第 2 份重印凭证，t2 打印');
    expect(verdictText({ genuine: false }, 'en')).toMatch(/^not genuine/);
    expect(verdictText({ ...copy, printedAt: null }, 'zh')).toContain('没有打印记录');
  });
});
