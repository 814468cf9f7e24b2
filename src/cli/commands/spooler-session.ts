import { createSpooler, loadConfig, resolveDbTarget, type OpenedJournal } from '../../app.js';
import type { ReissueConfig } from '../../config/index.js';
import type { PrintJobRow } from '../../journal/index.js';
import { jobDetailText, localiseError, type Language } from '../../i18n/index.js';
import { readJobDetail, type Spooler, type SpoolerEvent, type SpoolerFailure } from '../../printer/index.js';
import { stringOption, type OptionSpec, type ParsedArgs } from '../args.js';
import type { CommandContext } from '../command.js';
import { cliText } from '../texts.js';

export const CONFIG_OPTION: OptionSpec = { config: { type: 'string' } };

/** The command's configuration: --config, REISSUE_CONFIG, ./reissue.config.json, or the one beside its journal. */
export function configOf(values: ParsedArgs['values'], context: CommandContext): ReissueConfig {
  return loadConfig(stringOption(values, 'config'), context.app, resolveDbTarget(stringOption(values, 'db'), context.app));
}

/** What people see while a job moves: "held on front: paper out", "rerouted to office" … in their language. */
export function describeSpoolerEvent(event: SpoolerEvent, language: Language): string | undefined {
  switch (event.type) {
    case 'held':
      return cliText(language, 'event.held', { printer: event.printer, reason: event.reason });
    case 'resumed':
      return cliText(language, 'event.resumed', { printer: event.printer });
    case 'warning':
      return cliText(language, 'event.warning', { printer: event.printer, reason: event.reason });
    case 'retry':
      return cliText(language, 'event.retry', { printer: event.printer, error: failureText(event.error, event.failure, language), seconds: Math.round(event.retryInMs / 100) / 10 });
    case 'rerouted':
      if (event.failures !== undefined) {
        return cliText(language, 'event.reroutedUnreachable', { printer: event.printer, to: event.to, failures: event.failures, error: failureText(event.reason, event.failure, language) });
      }
      return cliText(language, 'event.rerouted', { printer: event.printer, to: event.to, reason: event.reason });
    case 'cleaning-due':
      return cliText(language, 'event.cleaningDue', { printer: event.printer, metres: Math.round(event.paperMm / 1000) });
    case 'error':
      return cliText(language, 'event.error', { reason: event.message });
    default:
      return undefined;
  }
}

/** Why a printer could not be reached: the English as it was said, else the words of its code in the reader's language. */
function failureText(english: string, failure: SpoolerFailure | undefined, language: Language): string {
  return language === 'en' || failure === undefined ? english : localiseError(failure, language, 'cli').detail;
}

/** "job 3 on counter: printed", with the detail in the reader's language ("暂停：缺纸"). */
export function describeJobState(job: PrintJobRow, language: Language): string {
  const base = { jobId: job.id, printer: job.printer, state: job.state };
  if (!job.detail) return cliText(language, 'job.state', base);
  return cliText(language, 'job.stateDetail', { ...base, detail: language === 'en' ? job.detail : jobDetailText(readJobDetail(job.detail), language) });
}

/** Runs a spooler for the command's lifetime, reporting its events on stderr. */
export async function withSpooler<T>(values: ParsedArgs['values'], context: CommandContext, opened: OpenedJournal, work: (spooler: Spooler) => Promise<T>, also?: (event: SpoolerEvent) => void): Promise<T> {
  const config = configOf(values, context);
  const spooler = createSpooler(opened, config, context.app, (event) => {
    const line = describeSpoolerEvent(event, context.language);
    if (line) context.io.stderr(`${line}\n`);
    also?.(event);
  });
  try {
    return await work(spooler);
  } finally {
    await spooler.stop();
  }
}
