import { parseHeads, type ChainHead } from '../../journal/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { readInputText } from '../input-file.js';
import { ExitCodes } from '../exit-codes.js';
import { progressReporter } from '../progress.js';
import { cliText } from '../texts.js';
import { DB_OPTION, withJournal } from './journal-options.js';

export const verifyCommand: Command = {
  name: 'verify',
  summary: { en: 'recompute the hash chain and check the search index and print jobs', zh: '重新计算哈希链，并核对查询索引和打印任务' },
  help: {
    usage: `reissue verify [--expect FILE] [--json] [--upgrade] [--db …]`,
    en: `Recomputes every terminal's SHA-256 chain from the first event, and checks the search index
and the print-job table against the events. Exit 0 with the count and each chain's head hash;
exit 1 naming the first bad event and why: edited, missing, reordered, broken-link,
index-mismatch, orphan-index, guard-missing, projection or head-mismatch.

On its own, verify cannot see history rewritten with every later hash recomputed, nor the
latest events removed. --expect FILE compares with heads kept outside the database: the
FILE.heads.json that \`reissue backup\` writes, or saved \`verify --json\` output. Every head in
it must still be in the journal with the same hash.

A SQLite journal (a backup too) is read without changing a byte of it, so it must hold this
version's schema; --upgrade first brings an older one up to it in place (events and hashes
stay as they are).`,
    zh: `从第一条记录起重新计算每个终端的 SHA-256 哈希链，并按记录核对查询索引和打印任务表。
通过时退出码 0，显示记录数和每条链的链头哈希；不通过时退出码 1，指出第一条有问题的记录和
原因：被改动（edited）、缺失（missing）、顺序被打乱（reordered）、链接断开（broken-link）、
索引不符（index-mismatch）、多余索引（orphan-index）、保护缺失（guard-missing）、
投影不符（projection）或链头不符（head-mismatch）。

单靠 verify 看不出：有人改写历史并重算了之后所有的哈希，或删掉了最后几条记录。
--expect FILE 与保存在数据库之外的链头对比：\`reissue backup\` 写出的 FILE.heads.json，
或保存下来的 \`verify --json\` 输出。其中每个链头都必须仍在日志里，且哈希相同。

读 SQLite 日志（包括备份）时一个字节也不改，所以它必须是本版本的结构；--upgrade 先把较旧的
日志就地升级到本版本（记录和哈希保持不变）。`,
  },
  async run(args, context) {
    const { values } = parseCommandArgs('verify', args, { ...DB_OPTION, json: { type: 'boolean' }, expect: { type: 'string' }, upgrade: { type: 'boolean' } });
    const expectFile = stringOption(values, 'expect');
    // Read before the journal is opened: a bad heads file is refused without a walk.
    const expected: ChainHead[] | undefined = expectFile === undefined ? undefined : parseHeads(await readInputText(context.io, expectFile, 'heads'), expectFile);
    return withJournal(values, context, { readOnly: values.upgrade !== true }, async ({ journal }) => {
      const say = (key: Parameters<typeof cliText>[1], params: Record<string, unknown> = {}) => cliText(context.language, key, params);
      const progress = progressReporter(context.io, 'verifying', context.language);
      const report = await journal.verify(progress, { expected });
      progress.finish();
      if (values.json) {
        context.io.stdout(`${JSON.stringify(report)}\n`);
      } else if (report.ok) {
        context.io.stdout(`${say('verify.ok', { events: report.events, transactions: report.transactions, chains: report.heads.length })}\n`);
        for (const head of report.heads) context.io.stdout(`${say('verify.head', { ...head })}\n`);
        context.io.stdout(`${say('verify.proves')}\n`);
        if (expected) context.io.stdout(`${say('verify.anchored', { count: expected.length, file: expectFile })}\n${say('verify.anchoredCannot')}\n`);
        else context.io.stdout(`${say('verify.cannot')}\n`);
      } else {
        const f = report.failure;
        const where = f?.terminalId ? say('verify.where', { terminalId: f.terminalId, seq: f.seq }) : say('verify.whereJournal');
        const problem = f?.problem ?? 'edited';
        context.io.stderr(`${say('verify.failed', { where, problem, detail: f?.detail ?? '' })}\n${say('verify.before', { events: report.events })}\n${say('verify.hint')}\n`);
      }
      return report.ok ? ExitCodes.ok : ExitCodes.failure;
    });
  },
};
