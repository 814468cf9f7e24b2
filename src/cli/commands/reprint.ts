import { createReprintService, openAuth, resolveDbTarget, tapPrinterFirst } from '../../app.js';
import { InputError, parseDuration, parseStoreList } from '../../core/index.js';
import { AmbiguousSaleError, ReasonCodes, type LocateRequest } from '../../reprint/index.js';
import { ReceiptCopies, ReceiptTemplates } from '../../receipt/index.js';
import { choiceOption, parseCommandArgs, stringOption, type ParsedArgs } from '../args.js';
import type { Command } from '../command.js';
import { KIND_WORDS, REASON_WORDS } from '../../i18n/index.js';
import { cliText } from '../texts.js';
import { ExitCodes } from '../exit-codes.js';
import { table } from '../format.js';
import { readSecrets } from '../secrets.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { CONFIG_OPTION, configOf, describeJobState, withSpooler } from './spooler-session.js';

function locateFrom(values: ParsedArgs['values'], positionals: string[]): LocateRequest {
  const s = (name: string) => stringOption(values, name);
  const id = positionals[0];
  const ways = [id !== undefined, values.last === true, s('voucher') !== undefined, s('ref') !== undefined, s('around') !== undefined].filter(Boolean).length;
  if (ways !== 1) {
    throw new InputError('BAD_USAGE', ways === 0 ? 'reprint: which sale? give an ID, --last, --voucher, --ref or --around with --amount' : 'reprint: give one way of finding the sale, not several', { hint: 'see `reissue reprint --help`', context: { command: 'reprint', rule: ways === 0 ? 'which-sale' : 'one-way' } });
  }
  if (id !== undefined) return { by: 'id', id };
  const terminal = s('terminal');
  if (values.last === true) {
    if (!terminal) throw new InputError('BAD_USAGE', '--last needs --terminal T', { hint: 'e.g. --last --terminal 10023456', context: { rule: 'needs', option: '--last', needs: '--terminal', example: '--last --terminal 10023456' } });
    return { by: 'last', terminalId: terminal };
  }
  const voucher = s('voucher');
  if (voucher !== undefined) {
    if (!terminal) throw new InputError('BAD_USAGE', '--voucher needs --terminal T (voucher numbers repeat across terminals)', { hint: 'e.g. --voucher 457 --terminal 10023456', context: { rule: 'needs', option: '--voucher', needs: '--terminal', example: '--voucher 457 --terminal 10023456' } });
    const batch = s('batch');
    return { by: 'voucher', voucherNo: voucher, terminalId: terminal, ...(batch ? { batchNo: batch } : {}) };
  }
  const ref = s('ref');
  if (ref !== undefined) return { by: 'ref', referenceNo: ref };
  const amount = s('amount');
  if (amount === undefined) throw new InputError('BAD_USAGE', '--around needs --amount', { hint: 'e.g. --around 14:30 --amount 128.50', context: { rule: 'needs', option: '--around', needs: '--amount', example: '--around 14:30 --amount 128.50' } });
  return { by: 'search', around: s('around') as string, amount, ...(s('within') ? { within: s('within') } : {}), ...(terminal ? { terminalId: terminal } : {}) };
}

export const reprintCommand: Command = {
  name: 'reprint',
  summary: { en: 'print a marked duplicate under the reprint policy, with an audit trail', zh: '按补打规定打印带标记的重印凭证，并留下审计记录' },
  help: {
    usage: `reissue reprint (ID | --last --terminal T | --voucher N [--batch B] --terminal T | --ref R
                 | --around TIME [--within 15m] --amount A) --reason CODE --user U
                 [--approver S] [--printer NAME|HOST:PORT] [--template slip|retail]
                 [--copy merchant|cardholder]
                 [--customer-amount A (--customer-last4 D | --customer-method M [--customer-ref4 R])]
                 [--reason-text "…"] [--no-wait] [--store ID]`,
    en: `Finds the sale (several matches are listed, never guessed), checks the policy — a cashier
may reprint the last receipt of their own terminal within 10 minutes; older receipts or
another terminal's need a supervisor's approval (--approver, not the same person); back
office any; copies beyond 3 need an admin; sales older than 180 days can only be viewed —
then prints "***重印凭证 / DUPLICATE n***" with the reprint line and a verification QR, and
journals who, approver, reason, printer and copy n. Every refusal is journaled too.
--template slip reprints the bank slip (签购单) of a card sale, retail its shop receipt.
At head office --store ID finds the sale in that shop only (the last receipt of a terminal
number two shops use needs it). Reasons (--reason): ${ReasonCodes.join(', ')}. customer_lost needs what the customer gives: the amount,
and for a card sale the card last-4; otherwise how they paid (--customer-method cash, wechat,
alipay …) and, where that payment has a reference, its last 4 (--customer-ref4). Passwords: a prompt, or --password-stdin (the user's line, then the
approver's), or REISSUE_PASSWORD and REISSUE_APPROVER_PASSWORD — never argv.`,
    zh: `先找到交易（有多笔符合时全部列出，绝不猜），再检查补打规定——收银员可以在 10 分钟内补打
自己终端的最后一张小票；更早的小票或别的终端的小票需要主管授权（--approver，不能是同一个人）；
后台可以补打任何一张；超过 3 份需要管理员；超过 180 天的交易只能查看——然后打印
“***重印凭证 / DUPLICATE n***”、补打说明行和验证二维码，并把谁、授权人、原因、打印机和第 n 份
记入日志。每次拒绝也记入日志。--template slip 补打刷卡交易的签购单，retail 补打它的门店小票。
在总部，--store ID 只在那家门店里找（两家门店共用的终端号的最后一张小票需要它）。
原因（--reason）：${ReasonCodes.map((code) => `${code} ${REASON_WORDS[code]?.zh ?? ''}`).join('、')}。
customer_lost 需要顾客提供的信息：金额，刷卡交易还要卡号后四位；否则是付款方式
（--customer-method cash、wechat、alipay ……），有参考号的付款方式再加它的后四位（--customer-ref4）。
密码：在终端上询问，或 --password-stdin（先用户的，再授权人的，各一行），或 REISSUE_PASSWORD 和
REISSUE_APPROVER_PASSWORD——绝不放在命令行参数里。`,
  },
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      'reprint',
      args,
      {
        ...DB_OPTION, ...CONFIG_OPTION,
        last: { type: 'boolean' }, terminal: { type: 'string' }, voucher: { type: 'string' }, batch: { type: 'string' }, ref: { type: 'string' },
        around: { type: 'string' }, within: { type: 'string' }, amount: { type: 'string' },
        reason: { type: 'string' }, 'reason-text': { type: 'string' }, user: { type: 'string' }, approver: { type: 'string' },
        printer: { type: 'string' }, template: { type: 'string' }, copy: { type: 'string' }, 'customer-last4': { type: 'string' }, 'customer-amount': { type: 'string' },
        'customer-method': { type: 'string' }, 'customer-ref4': { type: 'string' },
        'password-stdin': { type: 'boolean' }, 'no-wait': { type: 'boolean' }, timeout: { type: 'string' }, store: { type: 'string' },
      },
      1,
      1,
    );
    const locate = locateFrom(values, positionals);
    const user = stringOption(values, 'user');
    if (!user) throw new InputError('BAD_USAGE', 'reprint: --user is required (who asks for the copy)', { hint: 'e.g. --user li', context: { command: 'reprint', rule: 'required', option: '--user', example: '--user li' } });
    const reason = stringOption(values, 'reason');
    if (!reason) throw new InputError('REASON_REQUIRED', 'a reprint needs a reason', { hint: `--reason ${ReasonCodes.join('|')}`, context: { rule: 'missing', allowed: ReasonCodes } });
    const approverName = stringOption(values, 'approver');
    const template = choiceOption(values, 'template', ReceiptTemplates);
    const copy = choiceOption(values, 'copy', ReceiptCopies);
    const config = configOf(values, context);
    const asked = stringOption(values, 'printer');
    const whichPrinter = () => new InputError('BAD_USAGE', 'reprint: which printer? give --printer NAME|HOST:PORT', { hint: 'or set "defaultPrinter" in the configuration file', context: { rule: 'which-printer', command: 'reprint' } });
    // A captured receipt goes back to its tap's printer: known once the receipt is found.
    const byTap = asked === undefined && config.taps.length > 0;
    if (asked === undefined && config.defaultPrinter === undefined && !byTap) throw whichPrinter();
    const [password = '', approverPassword] = await readSecrets(
      context.io,
      [{ user, whose: 'own', env: 'REISSUE_PASSWORD' }, ...(approverName ? [{ user: approverName, whose: 'approver', env: 'REISSUE_APPROVER_PASSWORD' } as const] : [])],
      values['password-stdin'] === true,
      context.language,
    );
    const timeoutMs = parseDuration(stringOption(values, 'timeout') ?? '60s');
    return withJournal(values, context, {}, async (opened) => {
      const store = stringOption(values, 'store');
      const stores = store === undefined ? undefined : parseStoreList(store);
      const orDefault = () => {
        if (config.defaultPrinter === undefined) throw whichPrinter();
        return config.defaultPrinter;
      };
      const printer = asked ?? (byTap ? tapPrinterFirst(config, orDefault) : orDefault());
      const { auth, close } = await openAuth(resolveDbTarget(stringOption(values, 'db'), context.app), opened.journal, context.app);
      try {
        return await withSpooler(values, context, opened, async (spooler) => {
          const service = createReprintService(opened, auth, spooler, context.app);
          const said = { last4: 'customer-last4', amount: 'customer-amount', method: 'customer-method', referenceLast4: 'customer-ref4' } as const;
          const customer = Object.fromEntries(Object.entries(said).flatMap(([field, flag]) => (stringOption(values, flag) === undefined ? [] : [[field, stringOption(values, flag)]])));
          let result;
          try {
            result = await service.reprint({
              locate,
              ...(stores === undefined ? {} : { stores }),
              user: { name: user, password },
              ...(approverName && approverPassword !== undefined ? { approver: { name: approverName, password: approverPassword } } : {}),
              reason,
              ...(stringOption(values, 'reason-text') ? { reasonText: stringOption(values, 'reason-text') } : {}),
              printer,
              ...(template ? { template } : {}),
              ...(copy ? { copy } : {}),
              ...(Object.keys(customer).length > 0 ? { customer } : {}),
            });
          } catch (error) {
            if (error instanceof AmbiguousSaleError) {
              const say = context.language;
              const headers = (['col.id', 'col.time', 'col.amount', 'col.kind', 'col.card', 'col.operator', 'col.terminal'] as const).map((k) => cliText(say, k));
              context.io.stdout(table(headers, error.candidates.map((c) => [c.storeId === undefined ? c.id : `${c.storeId} ${c.id}`, c.time, c.amount, KIND_WORDS[c.kind]?.[say] ?? c.kind, c.card, c.operatorId, c.terminalId])));
            }
            throw error;
          }
          const say = context.language;
          const about = { copy: result.copy, id: result.sale.id, code: result.code, jobId: result.job.id };
          context.io.stderr(`${cliText(say, 'reprint.decided', { ...about, basis: result.decision.basis })}\n`);
          if (values['no-wait']) {
            context.io.stdout(`${cliText(say, 'reprint.queued', about)}\n`);
            return ExitCodes.ok;
          }
          await spooler.start();
          const final = await spooler.waitFor(result.job.id, { timeoutMs, onChange: (j) => context.io.stderr(`${describeJobState(j, say)}\n`) });
          if (final.state !== 'printed') {
            context.io.stderr(`${cliText(say, 'job.notPrinted', { job: describeJobState(final, say) })}\n`);
            return ExitCodes.unavailable;
          }
          context.io.stdout(`${cliText(say, 'reprint.printed', { ...about, printer: final.printer })}\n`);
          return ExitCodes.ok;
        });
      } finally {
        await close();
      }
    });
  },
};
