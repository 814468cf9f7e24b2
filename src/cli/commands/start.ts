import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../core/index.js';
import { DEFAULT_HOST, DEFAULT_PORT, startServer } from '../../server/index.js';
import { parseCommandArgs, stringOption, type ParsedArgs } from '../args.js';
import type { Command } from '../command.js';
import { ExitCodes } from '../exit-codes.js';
import { DB_OPTION } from './journal-options.js';
import { CONFIG_OPTION } from './spooler-session.js';

/** The web pages as `node scripts/build-web.mjs` leaves them: dist/web, beside dist/src. */
const BUILT_WEB = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web');

function port(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new InputError('BAD_USAGE', `--port must be 0..65535, not "${text}"`, { hint: `e.g. --port ${DEFAULT_PORT} (0 picks a free port)` });
  return n;
}

/** --public-url: the address customers' phones reach the server at (e-receipt links, verification QR codes). */
export function publicUrlOption(values: ParsedArgs['values']): string | undefined {
  const publicUrl = stringOption(values, 'public-url');
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(publicUrl)) {
    throw new InputError('BAD_USAGE', `--public-url must be an http(s) address, not "${publicUrl}"`, { hint: 'e.g. --public-url https://shop.example' });
  }
  return publicUrl;
}

export const startCommand: Command = {
  name: 'start',
  summary: 'run the HTTP API and the back-office pages until stopped',
  help: `reissue start [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--web DIR] [--public-url URL]
              [--tls-key FILE --tls-cert FILE] [--trust-proxy] [--secure-cookies]
              [--config FILE] [--db …]

Serves the HTTP API under /api/v1 (OpenAPI document at /api/v1/openapi.json, health at
/health) and, with --web DIR, the web pages in DIR at /. Prints on the configured printers
through the spooler, which runs as long as the server does. --host 0.0.0.0 serves the shop's
network (the default serves this machine only). --web defaults to the built pages (dist/web)
when they exist. --public-url is the address people reach
the server at: e-receipt links and verification QR codes on reprints use it, so give
an address the customers' phones can reach (not 127.0.0.1). --tls-key and --tls-cert (PEM)
serve HTTPS (cookies are then Secure). Behind a TLS proxy you run,
--trust-proxy believes X-Forwarded-Proto/For, and --secure-cookies always marks cookies
Secure. Request logs go to stderr as JSON lines (card numbers masked). Stops on Ctrl-C or
SIGTERM, after the requests in hand have finished.`,
  async run(args, context) {
    const { values } = parseCommandArgs('start', args, {
      ...DB_OPTION, ...CONFIG_OPTION,
      port: { type: 'string' }, host: { type: 'string' }, web: { type: 'string' }, 'public-url': { type: 'string' },
      'trust-proxy': { type: 'boolean' }, 'secure-cookies': { type: 'boolean' }, 'tls-key': { type: 'string' }, 'tls-cert': { type: 'string' },
    });
    const tlsKey = stringOption(values, 'tls-key');
    const tlsCert = stringOption(values, 'tls-cert');
    if ((tlsKey === undefined) !== (tlsCert === undefined)) throw new InputError('BAD_USAGE', 'give both --tls-key and --tls-cert, or neither', { hint: 'e.g. --tls-key key.pem --tls-cert cert.pem' });
    const tls = tlsKey !== undefined && tlsCert !== undefined ? { key: Buffer.from(await context.io.readFileBytes(tlsKey)), cert: Buffer.from(await context.io.readFileBytes(tlsCert)) } : undefined;
    const publicUrl = publicUrlOption(values);
    const web = stringOption(values, 'web') ?? (existsSync(join(BUILT_WEB, 'index.html')) ? BUILT_WEB : undefined);
    const db = stringOption(values, 'db');
    const config = stringOption(values, 'config');
    const server = await startServer({
      port: port(stringOption(values, 'port')),
      host: stringOption(values, 'host') ?? DEFAULT_HOST,
      ...(db === undefined ? {} : { db }),
      ...(config === undefined ? {} : { config }),
      ...(web === undefined ? {} : { webRoot: web }),
      ...(publicUrl === undefined ? {} : { publicUrl }),
      ...(tls ? { tls } : {}),
      ...(values['trust-proxy'] === true ? { trustProxy: true } : {}),
      ...(values['secure-cookies'] === true ? { secureCookies: true } : {}),
      context: context.app,
      logger: (line) => context.io.stderr(`${line}\n`),
    });
    context.io.stdout(`Reissue is listening on ${server.url}${web === undefined ? '' : ` (web pages from ${web})`}; API at ${server.url}/api/v1, Ctrl-C stops it\n`);
    await context.io.untilStopped();
    context.io.stdout('stopping: finishing requests in hand…\n');
    await server.close();
    context.io.stdout('stopped\n');
    return ExitCodes.ok;
  },
};
