import { z } from 'zod';
import { ConfigError, ReissueError, assertSafeInput, checkJsonText, gateError, fieldIssuesFromZod, parseDuration, withoutByteOrderMark, type FieldIssue } from '../core/index.js';
import { PrinterModels, type PrinterModel } from '../escpos/index.js';
import { PRINTER_NAME, PRINTER_NAME_RULE, parsePrinterAddress, type PrinterAddress } from '../printer/index.js';
import { CardSlipModes, ReceiptLanguages, type CardSlipMode, type ReceiptLanguage } from '../receipt/index.js';
import type { SpoolerSettings } from '../printer/index.js';
import type { AcceptWindow } from '../journal/index.js';
import { checkTaps, tapSchema, type TapConfig } from './tap-config.js';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration (write 90s, 15m, 2h)`, params: { code: 'NOT_A_DURATION', value: text } });
        return z.NEVER;
      }
    });

const ADDRESS = /^(\[[^\]]+\]|[^:\s/]+)(?::(\d{1,5}))?$/;
/** A USB printer-class device file or a serial port, as `--printer` takes them. */
const DEVICE = /^(\/\S+|serial:\/[^:\s]+(?::\d+)?)$/;

const printerSchema = z
  .object({
    name: z.string().regex(PRINTER_NAME, PRINTER_NAME_RULE),
    address: z.string().refine((a) => ADDRESS.test(a) || DEVICE.test(a), 'address is HOST:PORT (192.168.1.50:9100), a device file (/dev/usb/lp0) or serial:DEVICE:BAUD (serial:/dev/ttyUSB0:9600)'),
    model: z.enum(PrinterModels).default('generic-80'),
    group: z.string().min(1).max(32).optional(),
    backup: z.string().optional(),
    /** The language its receipts print in; default: the receipt's own (bank slips bilingual, retail receipts Chinese). */
    language: z.enum(ReceiptLanguages).optional(),
    /** Bank slips (签购单) printed with the original receipt of a card sale: none, the merchant copy, or both copies. */
    cardSlip: z.enum(CardSlipModes).default('none'),
  })
  .strict();

const spoolerSchema = z
  .object({
    expireAfter: duration('10m'),
    retryInitial: duration('1s'),
    retryMax: duration('30s'),
    failoverAfter: z.number().int().min(1).max(100).default(3),
    ackTimeout: duration('60s'),
    statusPoll: duration('1s'),
    /** Print-head cleaning reminder after this many metres of paper. */
    cleanEveryMetres: z.number().positive().max(100_000).default(150),
  })
  .strict();

/** Which sale times are accepted, around this system's clock (see the journal's AcceptWindow). */
const salesSchema = z
  .object({
    acceptAhead: duration('5m'),
    acceptBack: duration('3653d'),
  })
  .strict();

export const configSchema = z
  .object({
    printers: z.array(printerSchema).max(64).default([]),
    defaultPrinter: z.string().optional(),
    spooler: spoolerSchema.prefault({}),
    sync: z
      .object({
        to: z.string().regex(/^https?:\/\/[^\s/]+/, 'to is head office\'s http(s) address, e.g. https://hq.example:8080'),
        tokenFile: z.string().min(1),
        every: z.number().positive().max(3600).default(10),
      })
      .strict()
      .optional(),
    /** Head office: a hot standby of its PostgreSQL database, for searches, receipts and reports. */
    readReplica: z.string().regex(/^postgres(ql)?:\/\//i, 'readReplica is a postgres:// URL of a hot standby of the journal\'s database').optional(),
    sales: salesSchema.prefault({}),
    /** Taps `reissue start` runs beside the server (see README "Use it with your existing POS"). */
    taps: z.array(tapSchema).max(32).default([]),
  })
  .strict();

/** A shop's background sync to head office: where, with which token file, every how many seconds. */
export interface SyncConfig {
  to: string;
  tokenFile: string;
  everyMs: number;
}

export interface PrinterConfig {
  name: string;
  /** A network printer's host and port; empty and 0 for a device printer. */
  host: string;
  port: number;
  /** A printer on a USB device file or a serial port. */
  device: Extract<PrinterAddress, { kind: 'device' | 'serial' }> | undefined;
  model: PrinterModel;
  group: string | undefined;
  backup: string | undefined;
  language: ReceiptLanguage | undefined;
  cardSlip: CardSlipMode;
}

/** The spooler settings a configuration file sets (the rest keep the spooler's defaults). */
export type SpoolerConfig = Pick<SpoolerSettings, 'expireAfterMs' | 'retryInitialMs' | 'retryMaxMs' | 'failoverAfter' | 'ackTimeoutMs' | 'statusPollMs' | 'cleanEveryMm'>;

export interface ReissueConfig {
  /** Where it was read from, for messages; undefined for the built-in defaults. */
  source: string | undefined;
  printers: PrinterConfig[];
  defaultPrinter: string | undefined;
  spooler: SpoolerConfig;
  /** Present in a shop that sends its journal to head office. */
  sync?: SyncConfig;
  /** Head office: where searches, receipts and reports are read (a hot standby); writes go to the journal's database. */
  readReplica?: string;
  /** The sale times recorded sales may carry. */
  sales: AcceptWindow;
  /** Taps run inside `reissue start`. */
  taps: TapConfig[];
}

function badConfig(source: string, issues: FieldIssue[]): ConfigError {
  const first = issues[0];
  return new ConfigError('BAD_CONFIG', `${source}: ${first ? `${first.path || '(top level)'}: ${first.message}` : 'invalid'}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, {
    hint: `fix ${source}; see README "Configuration" for every setting`,
    context: { issues, source, rule: 'fields' },
  });
}

/** Validates a parsed configuration file; every problem is named with its path. */
export function parseConfig(raw: unknown, source: string): ReissueConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw badConfig(source, fieldIssuesFromZod(parsed.error));
  }
  const { printers, defaultPrinter, spooler, sales, sync, readReplica, taps } = parsed.data;
  const issues: FieldIssue[] = [];
  const names = new Set<string>();
  printers.forEach((p, i) => {
    if (names.has(p.name)) issues.push({ path: `printers[${i}].name`, message: `"${p.name}" is used by two printers`, code: 'NAME_TAKEN', params: { name: p.name } });
    names.add(p.name);
  });
  printers.forEach((p, i) => {
    if (p.backup === undefined) return;
    if (p.backup === p.name) issues.push({ path: `printers[${i}].backup`, message: 'a printer cannot be its own backup', code: 'OWN_BACKUP' });
    else if (!names.has(p.backup)) issues.push({ path: `printers[${i}].backup`, message: `names "${p.backup}", which is not a printer in this file`, code: 'NOT_A_PRINTER', params: { name: p.backup } });
  });
  if (defaultPrinter !== undefined && !names.has(defaultPrinter)) issues.push({ path: 'defaultPrinter', message: `names "${defaultPrinter}", which is not a printer in this file`, code: 'NOT_A_PRINTER', params: { name: defaultPrinter } });
  if (spooler.retryInitial > spooler.retryMax) issues.push({ path: 'spooler.retryInitial', message: 'is longer than spooler.retryMax', code: 'RETRY_ORDER' });
  if (sales.acceptAhead > 86_400_000) issues.push({ path: 'sales.acceptAhead', message: 'is more than a day: a sale cannot be recorded that far ahead of the clock', code: 'ACCEPT_AHEAD_TOO_LONG' });
  const resolved = printers.map((p, i) => {
    if (DEVICE.test(p.address)) {
      let device: PrinterConfig['device'];
      try {
        const parsed = parsePrinterAddress(p.address);
        if (parsed.kind !== 'tcp') device = parsed;
      } catch (error) {
        issues.push({ path: `printers[${i}].address`, message: (error as ReissueError).hint ?? (error as Error).message, code: 'BAD_DEVICE_ADDRESS', params: { address: p.address } });
      }
      return { name: p.name, host: '', port: 0, device, model: p.model, group: p.group, backup: p.backup, language: p.language, cardSlip: p.cardSlip };
    }
    const match = ADDRESS.exec(p.address);
    const port = match?.[2] === undefined ? 9100 : Number(match[2]);
    if (port < 1 || port > 65535) issues.push({ path: `printers[${i}].address`, message: `port ${port} is out of range`, code: 'PORT_RANGE', params: { port } });
    return { name: p.name, host: (match?.[1] ?? '').replace(/^\[|\]$/g, ''), port, device: undefined, model: p.model, group: p.group, backup: p.backup, language: p.language, cardSlip: p.cardSlip };
  });
  // A backup at the same address is the same printer under another name: when it fails, so does its "backup".
  const whereOf = (text: string): string | undefined => {
    const named = resolved.find((p) => p.name === text.trim());
    let at: PrinterAddress;
    try {
      at = named ? (named.device ?? { kind: 'tcp', host: named.host, port: named.port }) : parsePrinterAddress(text);
    } catch {
      return undefined;
    }
    return at.kind === 'tcp' ? `${at.host.includes(':') ? `[${at.host}]` : at.host.toLowerCase()}:${at.port}` : at.path;
  };
  const sameAsBackup = (printer: string, backup: string | undefined, path: string) => {
    if (backup === undefined || backup.trim() === printer.trim()) return;
    const address = whereOf(printer);
    if (address === undefined || address !== whereOf(backup)) return;
    issues.push({ path, message: `names "${backup}", the same printer (${address}): a backup must be another printer`, code: 'SAME_PRINTER_BACKUP', params: { name: backup, address } });
  };
  printers.forEach((p, i) => sameAsBackup(p.name, p.backup, `printers[${i}].backup`));
  taps.forEach((t, i) => sameAsBackup(t.printer, t.backup, `taps[${i}].backup`));
  const tapConfigs = checkTaps(taps, names, issues);
  if (issues.length > 0) throw badConfig(source, issues);
  return {
    source,
    printers: resolved,
    defaultPrinter,
    spooler: {
      expireAfterMs: spooler.expireAfter,
      retryInitialMs: spooler.retryInitial,
      retryMaxMs: spooler.retryMax,
      failoverAfter: spooler.failoverAfter,
      ackTimeoutMs: spooler.ackTimeout,
      statusPollMs: spooler.statusPoll,
      cleanEveryMm: spooler.cleanEveryMetres * 1000,
    },
    ...(sync ? { sync: { to: sync.to, tokenFile: sync.tokenFile, everyMs: Math.round(sync.every * 1000) } } : {}),
    ...(readReplica ? { readReplica } : {}),
    sales: { aheadMs: sales.acceptAhead, backMs: sales.acceptBack },
    taps: tapConfigs,
  };
}

/** The bank slips a printer adds to a card sale's original receipt; none for a printer the file does not name. */
export function cardSlipOf(config: Pick<ReissueConfig, 'printers'>, printer: string): CardSlipMode {
  return config.printers.find((p) => p.name === printer)?.cardSlip ?? 'none';
}

export const DEFAULT_CONFIG_FILE = 'reissue.config.json';

/** The configuration with nothing configured: no named printers, default spooler settings. */
export function defaultConfig(): ReissueConfig {
  return parseConfig({}, 'built-in defaults');
}

/**
 * Reads the file's text (injected) and validates it. Its values end up in print jobs, the
 * journal and answers, so they pass the same gate as any input (no card number, no control
 * character) and the JSON may not repeat a key.
 */
export function configFromText(saved: string, source: string): ReissueConfig {
  const text = withoutByteOrderMark(saved);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // The parser's message may quote the file's content (a card number in it too): it is not passed on.
    throw new ConfigError('BAD_CONFIG', `${source} is not valid JSON`, { hint: `fix ${source}; it is a JSON object such as {"printers": [...]}`, context: { source, rule: 'json' } });
  }
  try {
    checkJsonText(text);
    // No setting holds a sale id: one whose digits read as a card number is refused as one (nothing looks it up).
    const outcome = 'the configuration was not used';
    assertSafeInput(raw, { outcome, idHidingCardNumber: (path) => { throw gateError({ path, reason: 'pan' }, outcome); } });
  } catch (error) {
    if (!(error instanceof ReissueError)) throw error;
    throw new ConfigError(error.code, `${source}: ${error.message}`, { hint: `fix ${source}; ${error.hint ?? ''}`.trim(), context: { ...error.context, source } });
  }
  return parseConfig(raw, source);
}
