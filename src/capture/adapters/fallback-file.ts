import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsync, ftruncateSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { capturedJobFromJson, capturedJobToJson, type CapturedJob, type CapturedJobJson } from '../capture-journal.js';
import type { DeliveryReason, FallbackLog, FallbackNote, UnfinishedDelivery } from '../fallback-log.js';
import { DeliveryOutcomes, type DeliveryOutcome } from '../tap-events.js';

/**
 * One line of the file. A job kept by `keep` is `track`ed: its delivery is followed ('out',
 * 'handed') as well as its journaling ('ack'); a job added by `append` only until 'ack'.
 */
type Line =
  | { v: 1; kind: 'job'; sum: string; job: CapturedJobJson; track?: true }
  | { v: 1; kind: 'ack'; id: string }
  | { v: 1; kind: 'out'; id: string; outcome: DeliveryOutcome; reason?: DeliveryReason }
  | { v: 1; kind: 'handed'; id: string };

/** What the file says of one job so far. */
interface Entry {
  job?: CapturedJob;
  track: boolean;
  journaled: boolean;
  outcome?: DeliveryOutcome;
  reason?: DeliveryReason;
  handed: boolean;
}

const sum = (json: string) => createHash('sha256').update(json).digest('hex').slice(0, 16);
const fsyncFd = promisify(fsync);

/** Nothing more to do for the job: journaled, and printed or in the spooler's hands. */
const done = (e: Entry) => e.journaled && (!e.track || e.outcome === 'sent' || e.handed);

/**
 * The fallback log as an NDJSON file: one job or mark a line, each job line with a checksum
 * of its content. Lines are written synchronously (a write to the page cache: it survives
 * the process being killed, and costs the forwarding thread microseconds), and every write
 * is followed by an fsync on libuv's pool, one at a time, each covering all lines written
 * before it (the folder too, when the file is new): power loss can only take the last few
 * milliseconds' lines. Once no job is left to do, the file is removed. A line cut short by
 * a crash is skipped on reading; the next write starts a new line. A line written only in
 * part (a full disk) is cut off again: a line is never glued onto a torn one.
 */
export function fallbackFile(path: string): FallbackLog {
  let fd: number | undefined;
  let folderDirty = false;
  let written = 0;
  let synced = 0;
  let syncing: Promise<void> | undefined;
  let syncError: Error | undefined;
  /** The file ends within a line (torn by a crash, or a short write that could not be cut off): the next line starts a new one. */
  let torn = false;
  /** Jobs written in this run (or read back) and not yet done with. */
  const open_ = new Map<string, Entry>();

  const openFile = (): number => {
    if (fd !== undefined) return fd;
    mkdirSync(dirname(path), { recursive: true });
    const existing = existsSync(path) ? readFileSync(path) : undefined;
    // Owner only, like the journal's files: it holds receipts (card numbers masked) until journaled.
    fd = openSync(path, 'a', 0o600);
    if (existing === undefined) folderDirty = true;
    // A torn last line stays where it is, on a line of its own: the newline goes with the next
    // line, so that a write that fails here (a full disk) leaves nothing for a later one to join.
    torn = existing !== undefined && existing.length > 0 && existing[existing.length - 1] !== 0x0a;
    return fd;
  };

  const syncFolder = async () => {
    const folder = await open(dirname(path), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  };

  /** fsyncs until all that was written is on disk; one at a time. */
  const runSync = async (): Promise<void> => {
    // Settles after `syncing` is set, even with nothing to do.
    await Promise.resolve();
    try {
      while (synced < written) {
        if (fd === undefined) {
          synced = written;
          break;
        }
        const upTo = written;
        const folder = folderDirty;
        folderDirty = false;
        await fsyncFd(fd);
        if (folder) await syncFolder();
        synced = upTo;
      }
    } catch (error) {
      syncError = error as Error;
      synced = written;
    } finally {
      syncing = undefined;
      tidy();
    }
  };

  const startSync = (): Promise<void> => (syncing ??= runSync());

  const write = (line: Line): void => {
    const to = openFile();
    const end = fstatSync(to).size;
    try {
      writeAll(to, `${torn ? '\n' : ''}${JSON.stringify(line)}\n`);
    } catch (error) {
      // Part of the line may be in the file (ENOSPC after a short write): the caller keeps the
      // job elsewhere, and the next line, written whole once there is room, must not be glued
      // onto this part, or the file is read back with that job "damaged" and skipped.
      try {
        ftruncateSync(to, end);
      } catch {
        torn = true;
      }
      throw error;
    }
    torn = false;
    written++;
    void startSync();
  };

  /** The file goes once nothing in it is left to do (not while an fsync holds its descriptor). */
  const tidy = (): void => {
    if (syncing || fd === undefined || [...open_.values()].some((e) => !done(e))) return;
    closeSync(fd);
    fd = undefined;
    open_.clear();
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  };

  const mark = (id: string, line: Line, change: (e: Entry) => void): void => {
    const entry = open_.get(id);
    // A job never kept here (it could not be written) has nothing to mark.
    if (!entry) return;
    write(line);
    change(entry);
    if (done(entry)) open_.delete(id);
    tidy();
  };

  const keepLine = (job: CapturedJob, track: boolean): void => {
    const json = capturedJobToJson(job);
    write({ v: 1, kind: 'job', sum: sum(JSON.stringify(json)), job: json, ...(track ? { track: true as const } : {}) });
    open_.set(job.id, { track, journaled: false, handed: false });
  };

  const sync = async (): Promise<void> => {
    while (synced < written || syncing) await startSync();
    const failed = syncError;
    syncError = undefined;
    if (failed) throw failed;
  };

  return {
    location: path,
    async open() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { pending: [], undelivered: [], notes: [] };
        throw error;
      }
      const entries = new Map<string, Entry>();
      const notes: FallbackNote[] = [];
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const raw = lines[i] ?? '';
        if (raw === '') continue;
        const line = readLine(raw);
        if (!line) {
          // Only the last line can lack its newline: the process stopped while writing it.
          notes.push({ line: i + 1, problem: i === lines.length - 1 ? 'torn' : 'damaged' });
          continue;
        }
        if (line.kind === 'job') {
          entries.set(line.job.id, { job: capturedJobFromJson(line.job), track: line.track === true, journaled: false, handed: false });
          continue;
        }
        const entry = entries.get(line.id);
        if (!entry) continue;
        if (line.kind === 'ack') entry.journaled = true;
        else if (line.kind === 'handed') entry.handed = true;
        else Object.assign(entry, { outcome: line.outcome, reason: line.reason });
      }
      const left = [...entries].filter(([, e]) => !done(e));
      for (const [id, entry] of left) open_.set(id, entry);
      const undelivered: UnfinishedDelivery[] = [];
      for (const [, e] of left) {
        if (!e.job || !e.track || e.handed || e.outcome === 'sent') continue;
        // No outcome: the process stopped before the printer confirmed the job.
        undelivered.push({ job: e.job, outcome: e.outcome ?? 'unconfirmed', reason: e.outcome ? e.reason : undefined });
      }
      return { pending: left.filter(([, e]) => !e.journaled).flatMap(([, e]) => (e.job ? [e.job] : [])), undelivered, notes };
    },
    keep: (job) => keepLine(job, true),
    journaled: (id) => mark(id, { v: 1, kind: 'ack', id }, (e) => (e.journaled = true)),
    delivered: (id, outcome, reason) => mark(id, { v: 1, kind: 'out', id, outcome, ...(reason ? { reason } : {}) }, (e) => Object.assign(e, { outcome, reason })),
    handedOver: (id) => mark(id, { v: 1, kind: 'handed', id }, (e) => (e.handed = true)),
    sync,
    async append(job) {
      keepLine(job, false);
      await sync();
    },
    async acknowledge(id) {
      if (!open_.has(id)) open_.set(id, { track: false, journaled: false, handed: false });
      mark(id, { v: 1, kind: 'ack', id }, (e) => (e.journaled = true));
      await sync();
    },
    async close() {
      await sync().catch(() => undefined);
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

function readLine(raw: string): Line | undefined {
  let line: Line;
  try {
    line = JSON.parse(raw) as Line;
  } catch {
    return undefined;
  }
  if (line === null || typeof line !== 'object' || line.v !== 1) return undefined;
  if (line.kind === 'ack' || line.kind === 'handed') return typeof line.id === 'string' ? line : undefined;
  if (line.kind === 'out') return typeof line.id === 'string' && DeliveryOutcomes.includes(line.outcome) ? line : undefined;
  if (line.kind !== 'job' || typeof line.job !== 'object' || line.job === null) return undefined;
  return typeof line.job.id === 'string' && line.job.id !== '' && line.sum === sum(JSON.stringify(line.job)) ? line : undefined;
}
