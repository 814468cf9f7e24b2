import { headOfficeLink, startBackgroundSync, type SyncReporter } from '../../app.js';
import { InputError, ReissueError } from '../../core/index.js';
import { localiseError, textsOf, type Language } from '../../i18n/index.js';
import { LAST_ERROR_SEPARATOR, Outbox, syncStatus } from '../../sync/index.js';
import { parseCommandArgs, stringOption, type ParsedArgs } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { ExitCodes } from '../exit-codes.js';
import { cliText } from '../texts.js';
import { DB_OPTION, withJournal } from './journal-options.js';

/** --to URL and --token-file FILE, both required. */
export function headOfficeOptions(command: string, values: ParsedArgs['values'], urlOption: string): { url: string; tokenFile: string } {
  const url = stringOption(values, urlOption);
  const tokenFile = stringOption(values, 'token-file');
  for (const [option, value, example] of [[`--${urlOption}`, url, `--${urlOption} https://hq.example:8080`], ['--token-file', tokenFile, '--token-file shop.token']] as const) {
    if (value === undefined) throw new InputError('BAD_USAGE', `${command}: ${option} is required`, { hint: `e.g. ${example}`, context: { command, rule: 'required', option, example } });
  }
  if (!/^https?:\/\/[^\s/]+/.test(url ?? '')) {
    throw new InputError('BAD_USAGE', `--${urlOption} must be an http(s) address, not "${url}"`, { hint: `e.g. --${urlOption} https://hq.example:8080`, context: { rule: 'url', option: `--${urlOption}`, value: url } });
  }
  return { url: url ?? '', tokenFile: tokenFile ?? '' };
}

function seconds(values: ParsedArgs['values']): number {
  const text = stringOption(values, 'every') ?? '10';
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n <= 0) throw new InputError('BAD_USAGE', `--every must be a positive number of seconds, not "${text}"`, { hint: 'e.g. --every 10', context: { rule: 'positive-number', option: '--every', value: text, example: 10 } });
  return n;
}

export const syncCommand: Command = {
  name: 'sync',
  summary: { en: "send this shop's journal to head office (or show how far behind it is)", zh: '把这家门店的日志发送到总部（或显示落后多少）' },
  help: {
    usage: `reissue sync --to URL --token-file FILE [--once] [--every SECONDS] [--db …]
reissue sync --status [--db …]`,
    en: `Sends every chain of this journal to head office (\`reissue start\` there) in order, from
the position head office acknowledges: batches of at most 1,000 events or 1 MB, gzip
compressed; a batch sent twice is taken once, and a restart (even after kill -9) goes on
where head office is, with no gap and no duplicate. Without --once it keeps going until
stopped, every SECONDS (default 10) while all is well, retrying with backoff when head
office cannot be reached. The journal needs its store id (\`reissue store set-id ID\`).
--status shows, without asking head office, how many events it has not acknowledged yet.
A refusal (the journal forked or was edited) names the chain and the event (exit 4).`,
    zh: `从总部确认过的位置起，按顺序把这个日志的每条链发送到总部（那里运行着 \`reissue start\`）：每批最多
1,000 条记录或 1 MB，gzip 压缩；同一批发两次只收一次；重新启动后（即使是 kill -9）从总部已有的位置
接着发，不缺也不重。不加 --once 时一直运行直到停止：一切正常时每 SECONDS 秒一次（默认 10），
连不上总部时逐渐拉长间隔重试。日志需要有门店编号（\`reissue store set-id ID\`）。
--status 不询问总部，显示还有多少条记录没有被确认。被拒绝时（日志分叉或被改动）指出是哪条链、
哪条记录（退出码 4）。`,
  },
  async run(args, context) {
    const { values } = parseCommandArgs('sync', args, { ...DB_OPTION, to: { type: 'string' }, 'token-file': { type: 'string' }, once: { type: 'boolean' }, status: { type: 'boolean' }, every: { type: 'string' } });
    if (values.status === true) {
      return withJournal(values, context, {}, async ({ journal }) => {
        const status = await syncStatus(journal);
        const { language } = context;
        const time = (ms: number | null) => (ms === null ? cliText(language, 'sync.never') : new Date(ms).toISOString());
        const store = status.storeId ?? cliText(language, 'init.storeNotSet');
        const said = cliText(language, 'sync.status', { store, pending: String(status.pending), success: time(status.lastSuccessAt), attempt: time(status.lastAttemptAt) });
        context.io.stdout(`${said}${status.lastError ? cliText(language, 'sync.statusError', { error: lastErrorText(status.lastError, language) }) : ''}`);
        return ExitCodes.ok;
      });
    }
    const { url, tokenFile } = headOfficeOptions('sync', values, 'to');
    const everyMs = seconds(values) * 1000;
    return withJournal(values, context, {}, async ({ journal }) => {
      if (values.once === true) {
        const outbox = new Outbox({ journal, link: headOfficeLink(url, tokenFile, context.app), clock: context.app.now });
        const result = await outbox.pushOnce();
        context.io.stdout(`${cliText(context.language, 'sync.once', { events: result.pushed, batches: result.batches, url })}\n`);
        return ExitCodes.ok;
      }
      const stop = startBackgroundSync(journal, { to: url, tokenFile, everyMs }, context.app, cliSyncReporter(context));
      await context.io.untilStopped();
      await stop();
      return ExitCodes.ok;
    });
  },
};

/**
 * The last error as the outbox keeps it (its code only, or the codes of the chains head office
 * refused), each said by the code's title with the code beside it, as a refusal ends:
 * "连不上总部 [HEAD_OFFICE_UNAVAILABLE]". A code with no text stays bare.
 */
function lastErrorText(codes: string, language: Language): string {
  return codes
    .split(LAST_ERROR_SEPARATOR)
    .map((code) => (textsOf(code, language) ? `${localiseError({ code, message: code }, language, 'cli').title} [${code}]` : code))
    .join(language === 'zh' ? '；' : '; ');
}

/** What a CLI command running sync in the background (`sync`, `tap`) says of each round, in the user's language. */
export function cliSyncReporter(context: CommandContext): SyncReporter {
  return {
    round: (r) => (r.pushed > 0 ? context.io.stdout(`${cliText(context.language, 'sync.sent', { events: r.pushed, batches: r.batches })}\n`) : undefined),
    error: (error, retryInMs) =>
      context.io.stderr(`${cliText(context.language, 'sync.failed', { detail: error instanceof ReissueError ? localiseError(error, context.language, 'cli').detail : String(error), seconds: Math.round(retryInMs / 1000) })}\n`),
  };
}
