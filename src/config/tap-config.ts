import { z } from 'zod';
import { parseDuration, type FieldIssue } from '../core/index.js';
import { parsePrinterAddress } from '../printer/index.js';

/** What the tap's source names (one hash chain per source): the same rule as `reissue tap --source`. */
const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const HOST_PORT = /^(\[[^\]]+\]|[^:\s[\]]+):(\d{1,5})$/;

const idleGap = z
  .string()
  .default('2s')
  .transform((text, ctx) => {
    try {
      return parseDuration(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration (write 2s, 500ms; 0s turns it off)`, params: { code: 'NOT_A_DURATION', value: text } });
      return z.NEVER;
    }
  });

/** One tap as the configuration file declares it; `reissue start` runs it beside the server. */
export const tapSchema = z
  .object({
    source: z.string().regex(SOURCE_NAME, 'a source name is 1–64 letters, digits, ".", "_" or "-", e.g. "front-till"'),
    listen: z.string().optional(),
    lpd: z.string().optional(),
    printer: z.string().min(1),
    backup: z.string().min(1).optional(),
    rules: z.string().min(1).optional(),
    paper: z.enum(['80', '58']).default('80'),
    codePage: z.enum(['gb18030', '437']).default('gb18030'),
    idleGap,
    fallback: z.string().min(1).optional(),
  })
  .strict();

export interface TapListen {
  host: string;
  port: number;
}

/** A tap of the configuration file, checked; printer and backup as written (a printer's name or an address). */
export interface TapConfig {
  source: string;
  listen: TapListen | undefined;
  lpd: TapListen | undefined;
  printer: string;
  backup: string | undefined;
  /** A rules file, relative to the configuration file's folder (as written; resolved where it is read). */
  rules: string | undefined;
  paper: '80' | '58';
  /** GB18030 with Kanji mode from the start (Chinese printers), else code page 437. */
  kanji: boolean;
  idleGapMs: number;
  /** The fallback file, relative to the configuration file's folder; default beside the journal. */
  fallback: string | undefined;
}

type TapEntry = z.infer<typeof tapSchema>;

function listenAt(text: string | undefined, path: string, issues: FieldIssue[]): TapListen | undefined {
  if (text === undefined) return undefined;
  const match = HOST_PORT.exec(text.trim());
  // Port 0 picks a free port (a second tap on a test machine).
  if (!match || Number(match[2]) > 65535) {
    issues.push({ path, message: `"${text}" is not HOST:PORT (e.g. 0.0.0.0:9100)`, code: 'NOT_HOST_PORT', params: { value: text } });
    return undefined;
  }
  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port: Number(match[2]) };
}

/** A printer's name in this file, HOST:PORT, a device file or serial:DEVICE:BAUD. */
function checkPrinter(text: string, path: string, printerNames: ReadonlySet<string>, issues: FieldIssue[]): void {
  if (printerNames.has(text.trim())) return;
  const looksLikeAddress = text.startsWith('/') || text.startsWith('serial:') || /:\d+$/.test(text.trim());
  if (!looksLikeAddress) {
    issues.push({ path, message: `names "${text}", which is not a printer in this file (or write HOST:PORT)`, code: 'NOT_A_TAP_PRINTER', params: { name: text } });
    return;
  }
  try {
    parsePrinterAddress(text);
  } catch {
    issues.push({ path, message: `"${text}" is not a printer address (HOST:PORT, /dev/usb/lp0 or serial:/dev/ttyUSB0:9600)`, code: 'NOT_A_TAP_PRINTER', params: { name: text } });
  }
}

/** The taps of a configuration file, each problem named with its path (taps[1].listen …). */
export function checkTaps(entries: readonly TapEntry[], printerNames: ReadonlySet<string>, issues: FieldIssue[]): TapConfig[] {
  const sources = new Set<string>();
  const addresses = new Map<string, string>();
  return entries.map((entry, i) => {
    const at = `taps[${i}]`;
    if (sources.has(entry.source)) issues.push({ path: `${at}.source`, message: `"${entry.source}" is the source of two taps`, code: 'SOURCE_TAKEN', params: { source: entry.source } });
    sources.add(entry.source);
    const listen = listenAt(entry.listen, `${at}.listen`, issues);
    const lpd = listenAt(entry.lpd, `${at}.lpd`, issues);
    if (entry.listen === undefined && entry.lpd === undefined) issues.push({ path: `${at}.listen`, message: 'is required: the address the POS prints to (e.g. 0.0.0.0:9100)', code: 'TAP_LISTEN_REQUIRED' });
    for (const [field, address] of [['listen', listen], ['lpd', lpd]] as const) {
      if (!address || address.port === 0) continue;
      const key = `${address.host}:${address.port}`;
      const other = addresses.get(key);
      if (other !== undefined) issues.push({ path: `${at}.${field}`, message: `${key} is also where ${other} listens`, code: 'LISTEN_TAKEN', params: { address: key, other } });
      else addresses.set(key, `${at}.${field}`);
    }
    checkPrinter(entry.printer, `${at}.printer`, printerNames, issues);
    if (entry.backup !== undefined) {
      if (entry.backup.trim() === entry.printer.trim()) issues.push({ path: `${at}.backup`, message: 'a printer cannot be its own backup', code: 'OWN_BACKUP' });
      else checkPrinter(entry.backup, `${at}.backup`, printerNames, issues);
    }
    return {
      source: entry.source,
      listen,
      lpd,
      printer: entry.printer.trim(),
      backup: entry.backup?.trim(),
      rules: entry.rules,
      paper: entry.paper,
      kanji: entry.codePage === 'gb18030',
      idleGapMs: entry.idleGap,
      fallback: entry.fallback,
    };
  });
}
