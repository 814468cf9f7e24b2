import type { ReissueError } from '../core/index.js';
import { batchRefusal, prepareBatch, type BatchIssue, type PreparedBatch, type PreparedTransaction } from './prepare.js';

/**
 * The Preparer port: validates and encodes batches of raw transactions, possibly
 * elsewhere than the thread that writes them. Implementations run the one
 * `prepareBatch` and return exactly what it returns: a refused batch is a result, not a
 * rejection (only a fault — a bug, a dead worker — rejects).
 */
export interface Preparer {
  prepare(inputs: readonly unknown[]): Promise<PreparedBatch>;
  /** Releases whatever the preparer holds (a worker thread); prepare must not be called after. */
  close(): Promise<void>;
}

/** Prepares on the calling thread. */
export const inProcessPreparer: Preparer = {
  prepare: async (inputs) => prepareBatch(inputs),
  close: async () => undefined,
};

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Prepares all `inputs` in batches of `batchSize`, and refuses them exactly as
 * `parseBatch(inputs)` would — every bad line of the whole input named, with its line
 * number in the whole input (`lines[i]` for input i when given: a file's line, blank lines
 * counted) — so nothing is written when any line is bad. The calling thread prepares
 * batches too while the preparer works on others, so both cores help.
 */
export async function prepareEvery(inputs: readonly unknown[], batchSize: number, preparer: Preparer, lines?: readonly number[]): Promise<PreparedTransaction[][]> {
  const chunks: (readonly unknown[])[] = [];
  for (let start = 0; start < inputs.length; start += batchSize) chunks.push(inputs.slice(start, start + batchSize));
  const results: PreparedBatch[] = [];
  let next = 0;
  let failed = false;
  const drain = async (prepare: (chunk: readonly unknown[]) => Promise<PreparedBatch>) => {
    while (!failed && next < chunks.length) {
      const i = next++;
      try {
        results[i] = await prepare(chunks[i] ?? []);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const here = async (chunk: readonly unknown[]) => {
    // Lets the preparer's replies in between, so it is handed its next batch without waiting.
    await yieldToEventLoop();
    return prepareBatch(chunk);
  };
  const remote = (chunk: readonly unknown[]) => preparer.prepare(chunk);
  // Two requests in flight keep the preparer busy while this thread is inside a batch of its own.
  const lanes = preparer === inProcessPreparer ? [drain(here)] : [drain(remote), drain(remote), drain(here)];
  await Promise.all(lanes);
  const items: PreparedTransaction[][] = [];
  const issues: BatchIssue[] = [];
  let ownError: ReissueError | undefined;
  for (const [i, result] of results.entries()) {
    if (result.ok) {
      items.push(result.items);
      continue;
    }
    ownError ??= result.error;
    for (const issue of result.issues) {
      const index = issue.line - 1 + i * batchSize;
      issues.push({ ...issue, line: lines?.[index] ?? index + 1 });
    }
  }
  if (ownError) throw batchRefusal(inputs.length, issues, ownError);
  return items;
}
