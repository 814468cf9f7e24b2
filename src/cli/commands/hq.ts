import { openHeadOffice, resolveDbTarget } from '../../app.js';
import { InputError } from '../../core/index.js';
import type { HeadOffice } from '../../sync/index.js';
import { parseCommandArgs, requirePositional, stringOption, type ParsedArgs } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { writeOutputFile } from '../output-file.js';
import { cliText, type CliTextKey } from '../texts.js';
import { DB_OPTION, withJournal } from './journal-options.js';

const ACTIONS = ['add', 'list', 'revoke'] as const;

async function withHeadOffice<T>(values: ParsedArgs['values'], context: CommandContext, work: (office: HeadOffice) => Promise<T>): Promise<T> {
  const target = resolveDbTarget(stringOption(values, 'db'), context.app);
  return withJournal(values, context, { create: true }, async ({ journal }) => {
    const { office, close } = await openHeadOffice(target, journal, context.app);
    try {
      return await work(office);
    } finally {
      await close();
    }
  });
}

const time = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().replace('.000Z', 'Z'));

export const hqCommand: Command = {
  name: 'hq',
  summary: { en: "head office: register shops and their push tokens", zh: '总部：登记门店和它们的推送令牌' },
  help: {
    usage: `reissue hq store add ID --name NAME [--token-file FILE] [--db postgres://…]
reissue hq store list [--db …]
reissue hq store revoke ID [--db …]`,
    en: `At head office (its journal is usually PostgreSQL: --db postgres://…). \`add\` registers a
shop under its store id and makes its push token: the token is printed once, on the last
line of standard output (and written to FILE with --token-file); head office keeps only its
hash. Give it to the shop for \`reissue sync --token-file\`. A token can push and read back
its own shop's events, nothing else. \`revoke\` stops a shop's token (its events stay).`,
    zh: `在总部运行（它的日志通常是 PostgreSQL：--db postgres://…）。\`add\` 按门店编号登记一家门店并生成它的
推送令牌：令牌只显示一次，在标准输出的最后一行（用 --token-file 时也写入 FILE）；总部只保存它的哈希。
把它交给门店用于 \`reissue sync --token-file\`。一个令牌只能推送和读回自己门店的记录，别的都不行。
\`revoke\` 停用一家门店的令牌（它的记录保留）。`,
  },
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('hq', args, { ...DB_OPTION, name: { type: 'string' }, 'token-file': { type: 'string' } }, 3);
    const [area, action] = positionals;
    if (area !== 'store' || action === undefined || !(ACTIONS as readonly string[]).includes(action)) {
      throw new InputError('BAD_USAGE', `hq: unknown action "${[area, action].filter(Boolean).join(' ')}"`, { hint: 'use hq store add|list|revoke', context: { command: 'hq', rule: 'unknown-action', value: [area, action].filter(Boolean).join(' '), allowed: ACTIONS.map((a) => `store ${a}`) } });
    }
    return withHeadOffice(values, context, async (office) => {
      if (action === 'list') {
        const shops = await office.listShops();
        const say = (key: CliTextKey, params: Record<string, string> = {}) => cliText(context.language, key, params);
        context.io.stdout(`${say('hq.listHeaders').split('|').join('\t')}\n`);
        for (const s of shops) context.io.stdout(`${[s.id, s.name, time(s.addedAt), time(s.lastPushAt), s.revokedAt === null ? say('hq.active') : say('hq.revokedAt', { time: time(s.revokedAt) })].join('\t')}\n`);
        return 0;
      }
      const id = requirePositional('hq', positionals, 2, 'the store id');
      if (action === 'revoke') {
        await office.revokeShop(id);
        context.io.stdout(`${cliText(context.language, 'hq.revoked', { id })}\n`);
        return 0;
      }
      const name = stringOption(values, 'name');
      if (name === undefined) throw new InputError('BAD_USAGE', 'hq store add: --name is required', { hint: 'e.g. --name "浦东店"', context: { command: 'hq', rule: 'required', option: '--name', example: '--name "浦东店"' } });
      const { shop, token } = await office.addShop(id, name);
      const file = stringOption(values, 'token-file');
      let unwritten: unknown;
      // The shop is registered now: its token, shown once, reaches the screen even when the file cannot be written.
      if (file !== undefined) await writeOutputFile(context.io, file, `${token}\n`, { private: true }).catch((error: unknown) => (unwritten = error));
      const written = file !== undefined && unwritten === undefined;
      const { language } = context;
      const where = written ? cliText(language, 'hq.tokenWritten', { file }) : '';
      // The token stays alone on the last line, in every language: scripts take it from there.
      context.io.stdout(`${cliText(language, 'hq.added', { id: shop.id, name: shop.name })}${where}\n${cliText(language, 'hq.tokenOnce')}\n${token}\n`);
      if (unwritten !== undefined) throw unwritten;
      return 0;
    });
  },
};
