import { createReprintService, openAuth, resolveDbTarget } from '../../app.js';
import { parseCommandArgs, requirePositional, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { verdictText } from '../../i18n/index.js';
import { isVerificationCode } from '../../reprint/index.js';
import { ExitCodes } from '../exit-codes.js';
import { DB_OPTION, withJournal } from './journal-options.js';
import { withSpooler } from './spooler-session.js';

export const checkCommand: Command = {
  name: 'check',
  summary: { en: 'is this receipt genuine? (the code in its QR)', zh: '这张凭证是真的吗？（它的二维码里的验证码）' },
  help: {
    usage: `reissue check CODE [--json] [--db …]`,
    en: `CODE is what the receipt's QR code holds (or the link in it). Answers "genuine: copy n of
sale X, printed at … by …" (exit 0) or "not genuine" (exit 1).`,
    zh: `CODE 是凭证二维码里的内容（或其中的链接）。回答“真实有效：交易 X 的第 n 份，打印于……，由……”
（退出码 0）或“不是真实有效的凭证”（退出码 1）。`,
  },
  signedArgument: isVerificationCode,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('check', args, { ...DB_OPTION, json: { type: 'boolean' } }, 1, 1);
    const code = requirePositional('check', positionals, 0, 'the code from the receipt');
    return withJournal(values, context, {}, async (opened) => {
      const { auth, close } = await openAuth(resolveDbTarget(stringOption(values, 'db'), context.app), opened.journal, context.app);
      try {
        return await withSpooler(values, context, opened, async (spooler) => {
          const answer = await createReprintService(opened, auth, spooler, context.app).check(code);
          context.io.stdout(values.json ? `${JSON.stringify(answer)}\n` : `${verdictText(answer, context.language)}\n`);
          return answer.genuine ? ExitCodes.ok : ExitCodes.failure;
        });
      } finally {
        await close();
      }
    });
  },
};
