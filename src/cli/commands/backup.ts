import { ReissueError } from '../../core/index.js';
import { backupUsers, cardInCaptureBytes, carryUsers, headOfficeLink, isPostgresTarget, journalFiles, resolveDbTarget, restoreTarget } from '../../app.js';
import type { Language } from '../../i18n/index.js';
import { keySignsRecordedCodes } from '../../reprint/index.js';
import { restoreFromHeadOffice, type RestoreFromHeadOfficeResult } from '../../sync/index.js';
import { backupJournal, formatHeads, headsFileOf, restoreJournal } from '../../journal/index.js';
import { parseCommandArgs, requirePositional, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { writeOutputFile } from '../output-file.js';
import { progressReporter } from '../progress.js';
import { cliText } from '../texts.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { headOfficeOptions } from './sync.js';

export const backupCommand: Command = {
  name: 'backup',
  summary: { en: 'write a consistent, verified copy of the journal while it is in use', zh: '在使用中写出日志的一致、已校验的副本' },
  help: {
    usage: `reissue backup FILE [--db …]`,
    en: `Writes a SQLite journal file that verifies on its own. Safe while sales are being recorded
(SQLite online backup; a PostgreSQL journal is copied event by event). Never overwrites.
Beside it, FILE.heads.json holds each chain's head hash: kept somewhere else, it lets
\`reissue verify --expect FILE.heads.json\` see history rewritten later.`,
    zh: `写出一个能独立校验通过的 SQLite 日志文件。记录交易时也可以安全运行（SQLite 在线备份；
PostgreSQL 日志逐条复制）。从不覆盖已有文件。旁边的 FILE.heads.json 保存每条链的链头哈希：
把它存到别处，以后用 \`reissue verify --expect FILE.heads.json\` 就能发现被改写的历史。`,
  },
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('backup', args, DB_OPTION, 1);
    const file = requirePositional('backup', positionals, 0, 'the backup file');
    return withJournal(values, context, {}, async ({ journal }) => {
      const progress = progressReporter(context.io, 'backingUp', context.language);
      // The copy is verified before it is reported good: on a large journal that takes as long again.
      const checking = progressReporter(context.io, 'checkingBackup', context.language);
      const { report } = await backupJournal(journal, file, journalFiles, progress, (done, total) => {
        progress.finish();
        checking(done, total);
      });
      progress.finish();
      checking.finish();
      // The heads of the copy as verified, not of the live journal, which may have moved on.
      const headsFile = headsFileOf(file);
      await writeOutputFile(context.io, headsFile, formatHeads(report.heads, context.app.now()));
      context.io.stdout(`${cliText(context.language, 'backup.written', { file, events: report.events })}\n`);
      for (const head of report.heads) context.io.stdout(`${cliText(context.language, 'verify.head', { ...head })}\n`);
      context.io.stdout(`${cliText(context.language, 'backup.heads', { file: headsFile })}\n`);
      return 0;
    });
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: { en: 'restore a backup that verifies (never silently over a newer journal)', zh: '恢复一个校验通过的备份（绝不悄悄覆盖较新的日志）' },
  help: {
    usage: `reissue restore FILE [--force] [--db …]
reissue restore --from URL --token-file FILE [--db NEW-FILE]`,
    en: `Checks that FILE verifies, then adds every event the journal lacks. If the journal holds
events the backup does not have, it refuses (exit 4); --force first moves the journal aside
(FILE.before-restore-TIME, SQLite only) and restores the backup in its place. Stop the
server while restoring: a SQLite journal another process has open is refused (JOURNAL_IN_USE).
Into a journal that has none, it also carries the key the receipts' verification codes and
e-receipt links were signed with, the links withdrawn, and the users with their passwords (a
SQLite journal's backup; a PostgreSQL journal's holds no users).

With --from, a shop on a new machine is rebuilt from head office (\`reissue start\` there):
every chain of the shop the token belongs to is fetched and checked as head office checked
it, into a new, empty journal, which then verifies; terminals go on from where head office's
copy ends. It says when the shop last pushed: sales after that were on the lost machine only.
The shop's settings — time zone, currency, the key its receipts' codes and e-receipt links
are signed with, the links withdrawn — come back too: the shop sends them to head office
sealed with its token (head office cannot open them), so the codes on receipts printed before
still check as genuine. Sealed with an earlier token, never sent, or holding a receipt key
that does not sign the codes the shop's duplicates recorded, they are not taken: it says so.
Head office does not hold the shop's users: add the first admin again
(\`reissue user add NAME --role admin\`).`,
    zh: `先检查 FILE 能校验通过，再把日志缺少的记录全部补上。如果日志里有备份没有的记录，就拒绝
（退出码 4）；--force 先把日志移到一边（FILE.before-restore-时间，仅限 SQLite），再把备份恢复到
原位置。恢复时请先停止服务：另一个进程打开着的 SQLite 日志会被拒绝（JOURNAL_IN_USE）。
恢复到一个空日志时，还会带回给凭证验证码和电子小票链接签名的密钥、已撤回的链接，以及用户和
他们的密码（SQLite 日志的备份才有；PostgreSQL 日志的备份不含用户）。

用 --from 在新机器上从总部（那里运行着 \`reissue start\`）重建门店：取回令牌所属门店的每条链，
像总部那样逐条检查，写入一个新的空日志，然后整体校验；各终端从总部副本的末尾接着编号。
它会说明门店最后一次推送是什么时候：那之后的交易只在丢失的机器上。门店的设置——时区、币种、
给凭证验证码和电子小票链接签名的密钥、已撤回的链接——也会带回：门店用自己的令牌加密后发给
总部（总部打不开），所以以前打印的凭证上的验证码仍然真实有效。如果设置是用以前的令牌加密的、
从没发送过，或其中的凭证密钥签不出门店重印凭证记录的验证码，就不采用，并会说明。
总部不保存门店的用户：请重新添加第一个管理员（\`reissue user add NAME --role admin\`）。`,
  },
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('restore', args, { ...DB_OPTION, force: { type: 'boolean' }, from: { type: 'string' }, 'token-file': { type: 'string' } }, 1);
    if (stringOption(values, 'from') !== undefined) {
      const { url, tokenFile } = headOfficeOptions('restore', values, 'from');
      const link = headOfficeLink(url, tokenFile, context.app);
      const target = resolveDbTarget(stringOption(values, 'db'), context.app);
      const file = isPostgresTarget(target) ? undefined : target;
      const made = file !== undefined && !journalFiles.exists(file);
      const restoring = withJournal(values, context, { create: true }, async ({ journal }) => {
        const progress = progressReporter(context.io, 'restoring', context.language);
        const result = await restoreFromHeadOffice(link, journal, progress, (key) => keySignsRecordedCodes(journal, key));
        progress.finish();
        const say = (line: string) => context.io.stdout(`${line}\n`);
        say(cliText(context.language, 'restore.fromHeadOffice', { store: result.storeId, url, events: String(result.events), chains: String(result.chains.length) }));
        for (const c of result.chains) say(cliText(context.language, 'restore.chain', { chain: c.chain, seq: String(c.seq) }));
        const time = result.lastPushAt === null ? cliText(context.language, 'restore.never') : new Date(result.lastPushAt).toISOString();
        say(cliText(context.language, 'restore.lastPush', { time }));
        say(settingsLine(result.settings, context.language));
        return 0;
      });
      try {
        return await restoring;
      } catch (error) {
        // A journal this restore made and did not finish (empty, or half a shop) is not left where `reissue start` would take it for the shop's.
        if (made && journalFiles.exists(file)) {
          const aside = `${file}.failed-restore-${new Date(context.app.now()).toISOString().replace(/[:.]/g, '-')}`;
          for (const suffix of ['', '-wal', '-shm']) if (journalFiles.exists(file + suffix)) journalFiles.rename(file + suffix, aside + suffix);
          context.io.stderr(`${cliText(context.language, 'restore.failedAside', { file: aside })}\n`);
        }
        throw error;
      }
    }
    const file = requirePositional('restore', positionals, 0, 'the backup file');
    const target = resolveDbTarget(stringOption(values, 'db'), context.app);
    // Three phases, each its own line: the backup checked before anything is moved, the copy, the restored journal checked.
    const checkingBackup = progressReporter(context.io, 'checkingBackup', context.language);
    const progress = progressReporter(context.io, 'restoring', context.language);
    const checking = progressReporter(context.io, 'checkingJournal', context.language);
    const onProgress = (done: number, total: number) => {
      checkingBackup.finish();
      progress(done, total);
    };
    const onVerifyProgress = (done: number, total: number) => {
      checkingBackup.finish();
      progress.finish();
      checking(done, total);
    };
    // Read and checked first: a backup whose users are not as Reissue writes them is refused before anything is restored.
    // A file that is no backup is said so by restoreJournal below.
    const users = journalFiles.exists(file) ? await backupUsers(file).catch((error: unknown) => (error instanceof ReissueError && error.code === 'BACKUP_USERS_REFUSED' ? Promise.reject(error) : [])) : [];
    const result = await restoreJournal(file, restoreTarget(target, context.app), journalFiles, { force: values.force === true, cardInCapture: cardInCaptureBytes, onCheckProgress: checkingBackup, onProgress, onVerifyProgress, now: context.app.now });
    checkingBackup.finish();
    progress.finish();
    checking.finish();
    if (result.setAside) context.io.stdout(`${cliText(context.language, 'restore.setAside', { file: result.setAside })}\n`);
    context.io.stdout(`${cliText(context.language, 'restore.done', { restored: String(result.restored), target, events: String(result.report.events) })}\n`);
    if (users === 'unreadable') context.io.stdout(`${cliText(context.language, 'restore.usersUnreadable')}\n`);
    const carried = users === 'unreadable' ? 0 : await carryUsers(users, target);
    if (carried > 0) context.io.stdout(`${cliText(context.language, 'restore.users', { count: String(carried) })}\n`);
    return 0;
  },
};

const MISSING_SETTINGS = { 'none-kept': 'restore.settingsNone', unreadable: 'restore.settingsUnreadable', 'not-the-shops-key': 'restore.settingsNotTheShopsKey' } as const;

/** What a restore from head office says of the shop's settings: which came back, or why none did. */
function settingsLine(settings: RestoreFromHeadOfficeResult['settings'], language: Language): string {
  if ('missing' in settings) return cliText(language, MISSING_SETTINGS[settings.missing]);
  const named = (['verificationKey', 'timeZone', 'currency', 'createdAt'] as const).filter((k) => settings.taken.includes(k)).map((k) => cliText(language, `restore.settingKey.${k}`));
  const withdrawn = settings.taken.length - named.length;
  if (withdrawn > 0) named.push(cliText(language, 'restore.settingKey.withdrawn', { count: String(withdrawn) }));
  return cliText(language, 'restore.settings', { keys: named.join(language === 'zh' ? '、' : ', ') });
}
