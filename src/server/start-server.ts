/**
 * Runs the HTTP API for real: opens the journal, users, spooler and reprint service through
 * the composition root (src/app.ts), listens with @hono/node-server, and shuts down
 * gracefully — stop accepting, let requests in hand finish, stop the spooler, close the
 * journal.
 */
import { existsSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import { configRelativePath, createReprintService, createSpooler, loadConfig, isPostgresTarget, openAuth, openHeadOffice, openJournal, startBackgroundSync, resolveDbTarget, resolveReadReplica, type AppContext, type OpenedJournal } from '../app.js';
import type { ReissueConfig } from '../config/index.js';
import { ConfigError } from '../core/index.js';
import type { SpoolerEvent } from '../printer/index.js';
import { createApp } from './app.js';
import { startServerTaps, type RunningTap } from './server-taps.js';
import type { ServerDeps, ServerOptions } from './deps.js';
import { scheduleCompaction, type CompactionSchedule } from './month-compaction.js';
import { serverLog, type LogSink } from './log.js';
import { problemOf, problemResponse, ProblemException } from './problem.js';
import type { AppEnv } from './route.js';
import { SECURITY_HEADERS } from './security.js';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_GRACE_MS = 10_000;

export interface StartServerOptions {
  /** Default 8080; 0 picks a free port (see RunningServer.port). */
  port?: number;
  /** Default 127.0.0.1 (this machine only); 0.0.0.0 to serve the shop's network. */
  host?: string;
  /** Journal: a SQLite file or postgres:// URL; default $REISSUE_DB, else ./data/reissue.db (created when missing). */
  db?: string;
  /**
   * Head office: a postgres:// URL of a hot standby of the journal's database, where searches,
   * receipts and reports are read (writes, reprints and sync go to the journal's database);
   * default $REISSUE_READ_REPLICA, else the configuration's `readReplica`.
   */
  readReplica?: string;
  /** A configuration file, or the configuration itself; default $REISSUE_CONFIG, else ./reissue.config.json, else built-in defaults. */
  config?: string | ReissueConfig;
  /** Directory of the web pages, served at / for GET requests no API route answers. */
  webRoot?: string;
  /** Environment, working directory and clock; the process's unless given. */
  context?: AppContext;
  /** Where JSON log lines go (already redacted); default stderr. */
  logger?: LogSink;
  /** The address customers and staff reach the server at, e.g. https://shop.example: verification QR codes on reprints link to it. */
  publicUrl?: string;
  /** Serve HTTPS with this key and certificate (PEM); cookies are then Secure. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** How long close() lets requests in hand finish before cutting their connections (default 10 s). */
  shutdownGraceMs?: number;
  secureCookies?: ServerOptions['secureCookies'];
  trustProxy?: ServerOptions['trustProxy'];
  printWaitMs?: number;
  /** When the indexes of months that are over are packed (PostgreSQL; see scheduleCompaction). */
  compaction?: CompactionSchedule;
  eReceiptDays?: number;
  maxBodyBytes?: number;
}

export interface RunningServer {
  /** http://HOST:PORT (or https://) as listened on. */
  url: string;
  host: string;
  port: number;
  app: Hono<AppEnv>;
  deps: ServerDeps;
  /** The taps of the configuration file, listening. */
  taps: RunningTap[];
  /** Graceful shutdown; safe to call more than once. */
  close(): Promise<void>;
}

/** GET requests no API route answers, from the web directory (never for /api/ or /r/). */
export function webRootHandler(root: string): MiddlewareHandler<AppEnv> {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new ConfigError('NO_WEB_ROOT', `there is no web directory at ${root}`, { hint: 'give the directory that holds index.html (--web DIR), or leave it out to serve the API only', context: { dir: root } });
  }
  const files = serveStatic<AppEnv>({ root });
  return async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/api/') || path.startsWith('/r/')) return next();
    return files(c, next);
  };
}

function spoolerLogger(sink: LogSink, clock: () => number): (event: SpoolerEvent) => void {
  const log = serverLog(sink, clock);
  return (event) => {
    if (event.type === 'job') return;
    const { type, ...fields } = event as { type: string } & Record<string, unknown>;
    delete fields.error;
    log.write(type === 'error' ? 'error' : type === 'warning' || type === 'held' || type === 'retry' ? 'warn' : 'info', `spooler.${type}`, fields);
  };
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new ConfigError('PORT_IN_USE', `port ${port} on ${host} is already in use`, { hint: 'stop the other server, or choose another port with --port', cause: error, context: { host, port } });
  if (error.code === 'EACCES') return new ConfigError('PORT_NOT_ALLOWED', `this user may not listen on port ${port}`, { hint: 'use a port above 1023, e.g. --port 8080', cause: error, context: { host, port } });
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new ConfigError('BAD_HOST', `cannot listen on ${host}: no such address on this machine`, { hint: 'use 127.0.0.1, 0.0.0.0 or one of this machine\'s addresses', cause: error, context: { host, port } });
  return error;
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const context: AppContext = options.context ?? { env: process.env, cwd: process.cwd(), now: Date.now };
  const sink: LogSink = options.logger ?? ((line) => process.stderr.write(`${line}\n`));
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const target = resolveDbTarget(options.db, context);
  const config = typeof options.config === 'object' ? options.config : loadConfig(options.config, context, target);
  const staticFiles = options.webRoot === undefined ? undefined : webRootHandler(resolve(context.cwd, options.webRoot));

  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  let opened: OpenedJournal;
  try {
    const readReplica = resolveReadReplica(options.readReplica, context, config);
    opened = await openJournal(target, context, { create: true, acceptWindow: config.sales, ...(readReplica === undefined ? {} : { readReplica }) });
    const journal = opened.journal;
    closers.push(() => journal.close());
    const { auth, close: closeAuth } = await openAuth(target, journal, context);
    closers.push(closeAuth);
    // A PostgreSQL journal is a head office: shops push to it and are restored from it.
    const headOffice = isPostgresTarget(target) ? await openHeadOffice(target, journal, context) : undefined;
    if (headOffice) closers.push(headOffice.close);
    const logSpooler = spoolerLogger(sink, context.now);
    let tapsObserve: ((event: SpoolerEvent) => void) | undefined;
    const spooler = createSpooler(opened, config, context, (event) => {
      logSpooler(event);
      tapsObserve?.(event);
    });
    closers.push(() => spooler.stop());
    const publicUrl = options.publicUrl?.replace(/\/+$/, '');
    const reprint = createReprintService(opened, auth, spooler, context, publicUrl ? `${publicUrl}/api/v1/verify/` : undefined);
    await spooler.start();
    // The taps the configuration declares: they journal here and hand what their printer did not take to this spooler.
    const taps = await startServerTaps(opened, config, spooler, target, context, serverLog(sink, context.now));
    tapsObserve = taps.observe;
    closers.push(() => taps.stop());
    closers.push(scheduleCompaction(journal, serverLog(sink, context.now), context.now, options.compaction));

    const deps: ServerDeps = {
      // Searches, receipts and reports from the read replica when there is one; its writes
      // still go to the journal's database, and the reprint service, spooler and head office
      // (which number copies, re-check records and link chains) were given the primary itself.
      journal: journal.onReplica(),
      settings: opened.settings,
      auth,
      spooler,
      reprint,
      config,
      clock: context.now,
      logger: sink,
      audit: (type, payload) => journal.appendAudit(type, payload),
      ...(headOffice ? { headOffice: headOffice.office } : {}),
      // The printers page names a tap's printer as the configuration does ("front"), not by the address it resolved to.
      ...(taps.taps.length > 0 ? { taps: () => taps.taps.map((t) => ({ ...t.status(), ...t.named })) } : {}),
      options: {
        secureCookies: options.secureCookies ?? (options.tls ? true : 'auto'),
        trustProxy: options.trustProxy ?? false,
        ...(options.printWaitMs === undefined ? {} : { printWaitMs: options.printWaitMs }),
        ...(options.eReceiptDays === undefined ? {} : { eReceiptDays: options.eReceiptDays }),
        ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
        ...(publicUrl ? { publicUrl } : {}),
        ...(staticFiles ? { staticFiles } : {}),
        clientAddress: (c) => {
          try {
            return getConnInfo(c).remote.address;
          } catch {
            return undefined;
          }
        },
      },
    };
    const app = createApp(deps);

    let draining = false;
    const drainingResponse = () => {
      const response = problemResponse(problemOf(new ProblemException(503, 'SHUTTING_DOWN', 'the server is shutting down', 'try again in a moment')));
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
      response.headers.set('Connection', 'close');
      return response;
    };
    const server = createAdaptorServer({
      fetch: async (request, env) => {
        if (draining) return drainingResponse();
        const response = await app.fetch(request, env);
        // An answer finished during shutdown closes its connection behind it.
        if (draining) response.headers.set('Connection', 'close');
        return response;
      },
      ...(options.tls ? { createServer: createHttpsServer, serverOptions: { key: options.tls.key, cert: options.tls.cert } } : {}),
    }) as Server;
    await new Promise<void>((resolveListen, reject) => {
      const failed = (error: NodeJS.ErrnoException) => reject(listenError(error, host, port));
      server.once('error', failed);
      server.listen(port, host, () => {
        server.off('error', failed);
        resolveListen();
      });
    });
    server.on('error', (error) => serverLog(sink, context.now).write('error', 'server.error', { message: error.message }));
    closers.push(
      () =>
        new Promise<void>((done) => {
          draining = true;
          server.close(() => done());
          // Connections idle between requests end now; busy ones as soon as their answer is sent.
          server.closeIdleConnections();
          const sweep = setInterval(() => server.closeIdleConnections(), 25);
          const cut = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? DEFAULT_GRACE_MS);
          server.once('close', () => {
            clearInterval(sweep);
            clearTimeout(cut);
          });
        }),
    );
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `${options.tls ? 'https' : 'http'}://${shownHost}:${address.port}`;
    if (config.sync) {
      const log = serverLog(sink, context.now);
      closers.push(
        startBackgroundSync(journal, { ...config.sync, tokenFile: configRelativePath(config, config.sync.tokenFile, context) }, context, {
          round: (r) => (r.pushed > 0 ? log.write('info', 'sync.sent', { events: r.pushed, batches: r.batches }) : undefined),
          error: (error, retryInMs) => log.write('warn', 'sync.failed', { code: (error as { code?: string }).code ?? 'INTERNAL', message: error instanceof Error ? error.message : String(error), retryInMs }),
        }),
      );
    }
    serverLog(sink, context.now).write('info', 'server.listening', { url, journal: journal.info.kind, printers: config.printers.length, web: staticFiles !== undefined });
    let closing: Promise<void> | undefined;
    return {
      url,
      host: address.address,
      port: address.port,
      app,
      deps,
      taps: taps.taps,
      close: () =>
        (closing ??= (async () => {
          await closeAll();
          serverLog(sink, context.now).write('info', 'server.stopped', { url });
        })()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
