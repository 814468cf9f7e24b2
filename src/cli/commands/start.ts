import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../core/index.js';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from '../../server/index.js';
import { parseCommandArgs, stringOption, type ParsedArgs } from '../args.js';
import type { Command } from '../command.js';
import { readInputBytes } from '../input-file.js';
import { ExitCodes } from '../exit-codes.js';
import { READ_OPTIONS } from './journal-options.js';
import { CONFIG_OPTION } from './spooler-session.js';
import { chooseLogMode, LOG_FORMAT_OPTION, logFileFor, serverLogging } from '../server-console.js';
import { cliText, type CliTextKey } from '../texts.js';
import { resolveDbTarget } from '../../app.js';

/** The web pages as `node scripts/build-web.mjs` leaves them: dist/web, beside dist/src. */
const BUILT_WEB = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web');

function port(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new InputError('BAD_USAGE', `--port must be 0..65535, not "${text}"`, { hint: `e.g. --port ${DEFAULT_PORT} (0 picks a free port)`, context: { rule: 'port', option: '--port', value: text, example: DEFAULT_PORT } });
  return n;
}

/** --public-url: the address customers' phones reach the server at (e-receipt links, verification QR codes). */
export function publicUrlOption(values: ParsedArgs['values']): string | undefined {
  const publicUrl = stringOption(values, 'public-url');
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(publicUrl)) {
    throw new InputError('BAD_USAGE', `--public-url must be an http(s) address, not "${publicUrl}"`, { hint: 'e.g. --public-url https://shop.example', context: { rule: 'url', option: '--public-url', value: publicUrl } });
  }
  return publicUrl;
}

/**
 * `--trust-proxy` alone is one proxy; `--trust-proxy N` (or `=N`) is N proxies in a row.
 * node:util parseArgs has no option with an optional value, so the bare flag is given its
 * value here before parsing.
 */
export function withTrustProxyValue(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (arg !== '--trust-proxy') {
      out.push(arg);
      continue;
    }
    const next = args[i + 1];
    if (next !== undefined && /^\d+$/.test(next)) {
      out.push(`--trust-proxy=${next}`);
      i++;
    } else {
      out.push('--trust-proxy=1');
    }
  }
  return out;
}

/** How many proxies --trust-proxy names: 1..10 (0 or absent: none). */
export function trustProxyHops(values: ParsedArgs['values']): number {
  const text = stringOption(values, 'trust-proxy');
  if (text === undefined) return 0;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 10) {
    throw new InputError('BAD_USAGE', `--trust-proxy takes how many proxies you run in front of the server (1..10), not "${text}"`, {
      hint: 'e.g. --trust-proxy (one proxy) or --trust-proxy 2',
      context: { rule: 'proxy-hops', option: '--trust-proxy', value: text, example: '--trust-proxy 2' },
    });
  }
  return n;
}

export const startCommand: Command = {
  name: 'start',
  summary: { en: 'run the HTTP API and the back-office pages until stopped', zh: '运行 HTTP API 和后台网页，直到停止' },
  help: {
    usage: `reissue start [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--web DIR] [--public-url URL]
              [--tls-key FILE --tls-cert FILE] [--trust-proxy [N]] [--secure-cookies]
              [--config FILE] [--log-format text|json] [--lang zh|en] [--db …] [--read-replica URL]`,
    en: `Serves the HTTP API under /api/v1 (OpenAPI document at /api/v1/openapi.json, health at
/health) and, with --web DIR, the web pages in DIR at /. Prints on the configured printers
through the spooler, which runs as long as the server does. --host 0.0.0.0 serves the shop's
network (the default serves this machine only). --web defaults to the built pages (dist/web)
when they exist. --public-url is the address people reach
the server at: e-receipt links and verification QR codes on reprints use it, so give
an address the customers' phones can reach (not 127.0.0.1). --tls-key and --tls-cert (PEM)
serve HTTPS (cookies are then Secure). Behind a TLS proxy you run,
--trust-proxy believes X-Forwarded-Proto/For as that proxy wrote them: the client is the
address the proxy appended (the rightmost X-Forwarded-For entry; with N proxies in a row,
--trust-proxy N, the entry N places from the right), never what the client sent itself;
--secure-cookies always marks cookies Secure. Logs (card numbers masked): on a terminal, one short line per notable event (printer
faults and their clearing, reprints, refusals, sign-in lock-outs) in the language of --lang /
REISSUE_LANG / the locale, and the JSON request log in data/reissue.log beside the journal
(rotated at 5 MiB, one old file kept); with --log-format json, or when stderr is not a
terminal (a service, a container), every JSON line on stderr. Stops on Ctrl-C or SIGTERM,
after the requests in hand have finished. Taps declared in the configuration file (\`taps\`, see
README "Use it with your existing POS") run as long as the server does: jobs their printer
does not take go to the spooler. At head office (--db postgres://…), --read-replica URL
(or REISSUE_READ_REPLICA, or "readReplica" in the configuration) reads searches, receipts and
reports from a hot standby; writes, reprints and shops' pushes go to the primary.`,
    zh: `在 /api/v1 提供 HTTP API（OpenAPI 文档在 /api/v1/openapi.json，健康检查在 /health），用 --web DIR 时
在 / 提供 DIR 里的网页。通过打印队列在配置的打印机上打印，打印队列随服务一直运行。
--host 0.0.0.0 向门店的网络提供服务（默认只服务本机）。--web 默认是已构建的网页（dist/web，如果存在）。
--public-url 是大家访问这台服务器的地址：电子小票链接和重印凭证上的验证二维码都用它，所以请给
顾客手机能访问的地址（不是 127.0.0.1）。--tls-key 和 --tls-cert（PEM）提供 HTTPS（此时 Cookie 带
Secure）。在你自己运行的 TLS 代理后面时，--trust-proxy 按该代理写入的内容采信 X-Forwarded-Proto/For：
客户端是代理追加的地址（X-Forwarded-For 最右边的一项；串联 N 个代理时用 --trust-proxy N，取从右数
第 N 项），绝不采信客户端自己发来的。--secure-cookies 总是给 Cookie 加 Secure。
日志（卡号已遮盖）：在终端上，每个值得注意的事件一行短消息（打印机故障及恢复、补打、拒绝、登录锁定），
语言按 --lang / REISSUE_LANG / 系统语言；JSON 请求日志写在日志数据库旁边的 data/reissue.log
（5 MiB 轮换，保留一个旧文件）；用 --log-format json，或 stderr 不是终端时（服务、容器），每行 JSON
都写到 stderr。按 Ctrl-C 或收到 SIGTERM 时，处理完手头的请求后停止。配置文件里声明的小票采集
（\`taps\`，见 README “Use it with your existing POS”）随服务一直运行：它们的打印机不收的任务交给打印队列。
在总部（--db postgres://…），--read-replica URL（或 REISSUE_READ_REPLICA，或配置里的 "readReplica"）
从热备只读副本读取查询、小票和报表；写入、补打和门店的推送都到主库。`,
  },
  async run(args, context) {
    const { values } = parseCommandArgs('start', withTrustProxyValue(args), {
      ...READ_OPTIONS, ...CONFIG_OPTION, ...LOG_FORMAT_OPTION,
      port: { type: 'string' }, host: { type: 'string' }, web: { type: 'string' }, 'public-url': { type: 'string' },
      'trust-proxy': { type: 'string' }, 'secure-cookies': { type: 'boolean' }, 'tls-key': { type: 'string' }, 'tls-cert': { type: 'string' },
    });
    const logMode = chooseLogMode(stringOption(values, 'log-format'), context.io.isTty);
    const trustProxy = trustProxyHops(values);
    const tlsKey = stringOption(values, 'tls-key');
    const tlsCert = stringOption(values, 'tls-cert');
    if ((tlsKey === undefined) !== (tlsCert === undefined)) throw new InputError('BAD_USAGE', 'give both --tls-key and --tls-cert, or neither', { hint: 'e.g. --tls-key key.pem --tls-cert cert.pem', context: { rule: 'together', first: '--tls-key', second: '--tls-cert', example: '--tls-key key.pem --tls-cert cert.pem' } });
    const tls = tlsKey !== undefined && tlsCert !== undefined ? { key: Buffer.from(await readInputBytes(context.io, tlsKey, 'tls')), cert: Buffer.from(await readInputBytes(context.io, tlsCert, 'tls')) } : undefined;
    const publicUrl = publicUrlOption(values);
    const web = stringOption(values, 'web') ?? (existsSync(join(BUILT_WEB, 'index.html')) ? BUILT_WEB : undefined);
    const db = stringOption(values, 'db');
    const config = stringOption(values, 'config');
    const readReplica = stringOption(values, 'read-replica');
    const say = (key: CliTextKey, params: Record<string, unknown> = {}) => cliText(context.language, key, params);
    const logging = serverLogging(logMode, context.io, context.language, logFileFor(resolveDbTarget(db, context.app), context.app.cwd));
    const server = await startServer({
      port: port(stringOption(values, 'port')),
      host: stringOption(values, 'host') ?? DEFAULT_HOST,
      ...(db === undefined ? {} : { db }),
      ...(config === undefined ? {} : { config }),
      ...(readReplica === undefined ? {} : { readReplica }),
      ...(web === undefined ? {} : { webRoot: web }),
      ...(publicUrl === undefined ? {} : { publicUrl }),
      ...(tls ? { tls } : {}),
      ...(trustProxy > 0 ? { trustProxy } : {}),
      ...(values['secure-cookies'] === true ? { secureCookies: true } : {}),
      context: context.app,
      logger: logging.sink,
    }).catch((error: unknown) => {
      logging.close();
      throw error;
    });
    context.io.stdout(`${say('start.listening', { url: server.url, web: web === undefined ? '' : say('start.web', { dir: web }) })}\n`);
    for (const tap of server.taps) {
      const { printer, backup } = tap.status();
      const at = (a: { host: string; port: number } | undefined) => (a ? `${a.host}:${a.port}` : '—');
      context.io.stdout(`${say('tap.listening', { source: tap.source, tcp: at(tap.tcp), lpd: at(tap.lpd), printer, backup: backup ?? '—' })}\n`);
    }
    if (logging.file) context.io.stdout(`${say('start.log', { file: logging.file })}\n`);
    await context.io.untilStopped();
    context.io.stdout(`${say('start.stopping')}\n`);
    await server.close();
    logging.close();
    context.io.stdout(`${say('start.stopped')}\n`);
    return ExitCodes.ok;
  },
};
