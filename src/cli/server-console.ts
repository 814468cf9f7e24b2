import { dirname, join } from 'node:path';
import { InputError } from '../core/index.js';
import { localiseError, type Language } from '../i18n/index.js';
import type { LogSink } from '../server/index.js';
import type { OptionSpec } from './args.js';
import { cappedFileLog, DEFAULT_LOG_MAX_BYTES } from './file-log.js';
import type { CliIo } from './io.js';
import { cliText, type CliTextKey } from './texts.js';

export const LOG_FORMAT_OPTION: OptionSpec = { 'log-format': { type: 'string' } };

/**
 * How a running server reports: `console` — on a terminal, the banner and one short line per
 * notable event in the reader's language, the JSON request log in a file; `json` — every
 * JSON line on stderr, as a service manager or container collects it.
 */
export type LogMode = 'console' | 'json';

/** `--log-format json|text`; without it, a terminal (stderr is a TTY) gets the console and anything else JSON. */
export function chooseLogMode(flag: string | undefined, stderrIsTty: boolean): LogMode {
  if (flag === undefined) return stderrIsTty ? 'console' : 'json';
  if (flag === 'json') return 'json';
  if (flag === 'text') return 'console';
  throw new InputError('BAD_USAGE', `--log-format must be one of text, json, not "${flag}"`, {
    hint: 'e.g. --log-format json',
    context: { rule: 'one-of', option: '--log-format', allowed: ['text', 'json'], value: flag, example: 'json' },
  });
}

/** The request log's file: beside the SQLite journal (data/reissue.log), else ./data/reissue.log. */
export function logFileFor(journal: string, cwd: string): string {
  return /^postgres(ql)?:\/\//i.test(journal) ? join(cwd, 'data', 'reissue.log') : join(dirname(journal), 'reissue.log');
}

type Fields = Record<string, unknown>;

const clockTime = (at: unknown) => {
  const date = new Date(typeof at === 'string' ? at : Date.now());
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
};

const FAULTLESS = new Set(['ready', 'paper near end']);

/** The console line of one log record, or undefined when it is not worth a line (requests, routine events). */
export function consoleLine(record: Fields, language: Language): string | undefined {
  const say = (key: CliTextKey, values: Fields = {}) => cliText(language, key, { time: clockTime(record.at), ...values });
  switch (record.event) {
    case 'spooler.status': {
      const status = String(record.status ?? '');
      const previous = record.previous === null || record.previous === undefined ? undefined : String(record.previous);
      if (status === 'ready') return previous !== undefined && previous !== 'ready' ? say('console.cleared', { printer: record.printer }) : undefined;
      if (status === 'paper near end') return say('console.warning', { printer: record.printer, reason: status });
      return FAULTLESS.has(status) ? undefined : say('console.fault', { printer: record.printer, reason: status });
    }
    case 'spooler.rerouted':
      return say('console.rerouted', { printer: record.printer, to: record.to, jobId: record.jobId });
    case 'spooler.cleaning-due':
      return say('console.cleaning', { printer: record.printer });
    case 'reprint.issued':
      return say(record.approver ? 'console.reprintApproved' : 'console.reprint', record);
    case 'reprint.refused': {
      const { code, ...context } = record;
      const why = localiseError({ code: String(code), message: '', context }, language).title;
      return say(record.saleId ? 'console.refusedSale' : 'console.refused', { ...record, why });
    }
    case 'login.locked':
      return say('console.locked', record);
    case 'server-error':
    case 'unexpected-error':
    case 'server.error':
      return say('console.error', {});
    default:
      return undefined;
  }
}

export interface ServerLogging {
  mode: LogMode;
  sink: LogSink;
  /** Where the JSON log goes in console mode. */
  file?: string;
  close(): void;
}

/** The server's log sink for the chosen mode. */
export function serverLogging(mode: LogMode, io: CliIo, language: Language, file: string, maxBytes = DEFAULT_LOG_MAX_BYTES): ServerLogging {
  if (mode === 'json') return { mode, sink: (line) => io.stderr(`${line}\n`), close: () => undefined };
  const log = cappedFileLog(file, maxBytes);
  return {
    mode,
    file,
    sink: (line) => {
      log.write(line);
      let record: Fields;
      try {
        record = JSON.parse(line) as Fields;
      } catch {
        return;
      }
      const said = consoleLine(record, language);
      if (said) io.stderr(`${said}\n`);
    },
    close: () => log.close(),
  };
}
