import { createSpooler, loadConfig, type OpenedJournal } from '../../app.js';
import type { PrintJobRow } from '../../journal/index.js';
import type { Spooler, SpoolerEvent } from '../../printer/index.js';
import { stringOption, type OptionSpec, type ParsedArgs } from '../args.js';
import type { CommandContext } from '../command.js';

export const CONFIG_OPTION: OptionSpec = { config: { type: 'string' } };

/** What people see while a job moves: "held: paper out", "rerouted to office" … */
export function describeSpoolerEvent(event: SpoolerEvent): string | undefined {
  switch (event.type) {
    case 'held':
      return `held on ${event.printer}: ${event.reason} (printing resumes by itself when it clears)`;
    case 'resumed':
      return `${event.printer} is back; printing resumes`;
    case 'warning':
      return `warning on ${event.printer}: ${event.reason}`;
    case 'retry':
      return `${event.printer} unreachable (${event.error}); retrying in ${Math.round(event.retryInMs / 100) / 10}s`;
    case 'rerouted':
      return `rerouted from ${event.printer} to ${event.to}: ${event.reason}`;
    case 'cleaning-due':
      return `${event.printer}: print head due for cleaning (${Math.round(event.paperMm / 1000)} m since the last); run \`reissue printers --cleaned ${event.printer}\` afterwards`;
    case 'error':
      return `error: ${event.message}`;
    default:
      return undefined;
  }
}

export function describeJobState(job: PrintJobRow): string {
  return `job ${job.id} on ${job.printer}: ${job.state}${job.detail ? ` (${job.detail})` : ''}`;
}

/** Runs a spooler for the command's lifetime, reporting its events on stderr. */
export async function withSpooler<T>(values: ParsedArgs['values'], context: CommandContext, opened: OpenedJournal, work: (spooler: Spooler) => Promise<T>): Promise<T> {
  const config = loadConfig(stringOption(values, 'config'), context.app);
  const spooler = createSpooler(opened, config, context.app, (event) => {
    const line = describeSpoolerEvent(event);
    if (line) context.io.stderr(`${line}\n`);
  });
  try {
    return await work(spooler);
  } finally {
    await spooler.stop();
  }
}
