import { createHash } from 'node:crypto';
import { mkdir, open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { capturedJobFromJson, capturedJobToJson, type CapturedJob, type CapturedJobJson } from '../capture-journal.js';
import type { FallbackLog, FallbackNote } from '../fallback-log.js';

type Line = { v: 1; kind: 'job'; sum: string; job: CapturedJobJson } | { v: 1; kind: 'ack'; id: string };

const sum = (json: string) => createHash('sha256').update(json).digest('hex').slice(0, 16);

/**
 * The fallback log as an NDJSON file: one job or acknowledgement a line, each job line with
 * a checksum of its content, every write fsync'd (and the folder, when the file is new).
 * A line cut short by a crash is skipped on reading; the next write starts a new line.
 */
export function fallbackFile(path: string): FallbackLog {
  let handle: FileHandle | undefined;

  const syncFolder = async () => {
    const folder = await open(dirname(path), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  };

  // Writes go one at a time: two jobs failing at once must not both open the file (one handle
  // would be lost, left to the garbage collector) nor interleave their lines.
  let writing: Promise<unknown> = Promise.resolve();
  const appendLine = (line: Line): Promise<void> => {
    const next = writing.then(() => writeLine(line));
    writing = next.catch(() => undefined);
    return next;
  };

  const writeLine = async (line: Line) => {
    if (!handle) {
      await mkdir(dirname(path), { recursive: true });
      let existing: Buffer | undefined;
      try {
        existing = await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      handle = await open(path, 'a');
      if (existing === undefined) await syncFolder();
      // A torn last line stays where it is, on a line of its own.
      else if (existing.length > 0 && existing[existing.length - 1] !== 0x0a) await handle.write('\n');
    }
    await handle.write(`${JSON.stringify(line)}\n`);
    await handle.sync();
  };

  return {
    location: path,
    async open() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { pending: [], notes: [] };
        throw error;
      }
      const jobs = new Map<string, CapturedJob>();
      const notes: FallbackNote[] = [];
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const raw = lines[i] ?? '';
        if (raw === '') continue;
        // Only the last line can lack its newline: the process stopped while writing it.
        const torn = i === lines.length - 1;
        const line = readLine(raw);
        if (!line) {
          notes.push({ line: i + 1, problem: torn ? 'torn' : 'damaged' });
          continue;
        }
        if (line.kind === 'job') jobs.set(line.job.id, capturedJobFromJson(line.job));
        else jobs.delete(line.id);
      }
      return { pending: [...jobs.values()], notes };
    },
    append: (job) => {
      const json = capturedJobToJson(job);
      return appendLine({ v: 1, kind: 'job', sum: sum(JSON.stringify(json)), job: json });
    },
    acknowledge: (id) => appendLine({ v: 1, kind: 'ack', id }),
    async clear() {
      await writing;
      await handle?.close();
      handle = undefined;
      try {
        await unlink(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      await syncFolder();
    },
    async close() {
      await writing;
      await handle?.close();
      handle = undefined;
    },
  };
}

function readLine(raw: string): Line | undefined {
  let line: Line;
  try {
    line = JSON.parse(raw) as Line;
  } catch {
    return undefined;
  }
  if (line === null || typeof line !== 'object' || line.v !== 1) return undefined;
  if (line.kind === 'ack') return typeof line.id === 'string' ? line : undefined;
  if (line.kind !== 'job' || typeof line.job !== 'object' || line.job === null) return undefined;
  return typeof line.job.id === 'string' && line.sum === sum(JSON.stringify(line.job)) ? line : undefined;
}
