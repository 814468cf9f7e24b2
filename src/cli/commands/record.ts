import { createPreparer } from '../../app.js';
import { InputError, ReissueError } from '../../core/index.js';
import { prepareEvery, type PreparedTransaction, type RecordOutcome } from '../../journal/index.js';
import { parseCommandArgs } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { progressReporter } from '../progress.js';
import { DB_OPTION, withJournal } from './journal-options.js';

const BATCH = 2000;

/**
 * One JSON object (possibly spread over several lines) or NDJSON, one transaction a line.
 * JSON.parse messages quote the input, which could hold a card number, so they are replaced.
 */
export function parseTransactionsText(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new InputError('EMPTY_INPUT', 'no transaction in the input', { hint: 'give one JSON object, or NDJSON with one transaction a line' });
  try {
    const whole: unknown = JSON.parse(trimmed);
    return Array.isArray(whole) ? whole : [whole];
  } catch {
    // Not one JSON value: read it as NDJSON below.
  }
  const out: unknown[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      throw new InputError('BAD_JSON', `line ${i + 1} is not valid JSON; nothing was recorded`, {
        hint: 'give one JSON object, or NDJSON with exactly one complete JSON object a line',
        context: { line: i + 1, rule: 'line' },
      });
    }
  }
  return out;
}

export const recordCommand: Command = {
  name: 'record',
  summary: 'record sales from a file or stdin (JSON or NDJSON)',
  help: `reissue record [FILE|-] [--db …] [--json]

Reads one transaction as a JSON object, or many as NDJSON (one a line), from FILE or
standard input, and prints the id of each: "ID recorded" or "ID already on record".
Every line is checked before anything is written; if any line is wrong, nothing is
recorded and each bad line is named. Full card numbers, CVV and track data are refused.`,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('record', args, { ...DB_OPTION, json: { type: 'boolean' } }, 1);
    const source = positionals[0] ?? '-';
    const text = source === '-' ? await context.io.readStdin() : await readInput(context, source);
    const inputs = parseTransactionsText(text);
    const prepared = await prepareAll(inputs);
    return withJournal(values, context, { create: true }, async ({ journal }) => {
      const progress = inputs.length > BATCH ? progressReporter(context.io, 'recording') : undefined;
      let done = 0;
      for (let start = 0; start < inputs.length; start += BATCH) {
        let outcomes: RecordOutcome[];
        try {
          const batch = prepared?.[start / BATCH];
          outcomes = batch ? await journal.recordPrepared({ ok: true, items: batch }) : await journal.recordMany(inputs.slice(start, start + BATCH));
        } catch (error) {
          if (error instanceof ReissueError && start > 0) {
            context.io.stderr(`note: lines 1–${start} were recorded; nothing from line ${start + 1} on was\n`);
          }
          throw error;
        }
        for (const o of outcomes) context.io.stdout(values.json ? `${JSON.stringify(o)}\n` : `${o.id} ${o.created ? 'recorded' : 'already on record'}\n`);
        done += outcomes.length;
        progress?.(done, inputs.length);
      }
      progress?.finish();
      return 0;
    });
  },
};

async function readInput(context: CommandContext, path: string): Promise<string> {
  try {
    return await context.io.readFile(path);
  } catch (error) {
    throw new InputError('NO_INPUT_FILE', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { hint: 'check the path, or use - to read standard input', context: { file: path, reason: (error as NodeJS.ErrnoException).code ?? 'error' } });
  }
}

/**
 * Every line checked before the first write, so a bad line 90,000 leaves nothing
 * half-imported; refused exactly as one batch of all lines would be. Each line is
 * validated and encoded once, on both cores (the worker preparer and this thread). A
 * single batch is left to recordMany, which checks it whole.
 */
async function prepareAll(inputs: readonly unknown[]): Promise<PreparedTransaction[][] | undefined> {
  if (inputs.length <= BATCH) return undefined;
  const preparer = createPreparer();
  try {
    return await prepareEvery(inputs, BATCH, preparer);
  } finally {
    await preparer.close();
  }
}
