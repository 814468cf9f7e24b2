import type { MiddlewareHandler } from 'hono';
import type { AuthService } from '../auth/index.js';
import type { TapStatus } from '../capture/index.js';
import type { ReissueConfig } from '../config/index.js';
import type { Journal, StoreSettings } from '../journal/index.js';
import type { Spooler } from '../printer/index.js';
import type { FontLoader } from '../receipt/index.js';
import type { ReprintService } from '../reprint/index.js';
import type { HeadOffice } from '../sync/index.js';
import type { LogSink } from './log.js';
import type { AppContext } from './route.js';

/** Everything the HTTP API works with, made by the caller (startServer, or a test). */
export interface ServerDeps {
  journal: Journal;
  /** The store's time zone and currency (searches, reports and receipts read times in it). */
  settings: StoreSettings;
  auth: AuthService;
  /** Started and stopped by the caller. */
  spooler: Spooler;
  reprint: ReprintService;
  config: ReissueConfig;
  /** Epoch ms. */
  clock: () => number;
  /** Receives one JSON line per request and per server error, already redacted. */
  logger: LogSink;
  /** Journals an audit event in the audit chain (access.denied, e-receipt.issued). */
  audit: (type: string, payload: Record<string, unknown>) => Promise<void>;
  /** The taps running beside the server (configuration file), for /health and the printers page: their backlog. */
  taps?: () => TapStatus[];
  /** Glyphs for PNG and PDF receipts; the shared Unifont loader unless given. */
  font?: FontLoader;
  /** Head office: shops push their events here and read them back (the sync routes); absent in a shop. */
  headOffice?: HeadOffice;
  options?: ServerOptions;
}

export interface ServerOptions {
  /** Session cookies Secure always (true), never (false) or when the request came over TLS ('auto', the default). */
  secureCookies?: boolean | 'auto';
  /**
   * Behind reverse proxies you run: how many (true is one). The client address is the
   * X-Forwarded-For entry that many places from the right, TLS the X-Forwarded-Proto entry
   * likewise. Default none: the headers are not believed.
   */
  trustProxy?: boolean | number;
  /** How long a print, reprint or test page is waited for before answering 202 (default 5000 ms). */
  printWaitMs?: number;
  /** Default lifetime of an e-receipt link in days (default 30, at most eReceiptMaxDays). */
  eReceiptDays?: number;
  /** The longest an e-receipt link may live, in days, when it is made and when it is opened (default and at most 90). */
  eReceiptMaxDays?: number;
  /** Largest request body accepted (default 5 MiB). */
  maxBodyBytes?: number;
  /** The client's network address, for sign-in throttling (startServer reads the socket's). */
  clientAddress?: (c: AppContext) => string | undefined;
  /** Serves the web pages for GET requests no API route answers (startServer builds it from webRoot). */
  staticFiles?: MiddlewareHandler;
  /** Where customers reach this server (e.g. https://shop.example): e-receipt links are made with it; relative links otherwise. */
  publicUrl?: string;
  /** Shown in /health and the OpenAPI document. */
  version?: string;
}
