import { closeSync, constants, fstatSync, lstatSync, openSync, realpathSync, watch, writeSync, type FSWatcher } from 'node:fs';
import type { SignalTopic } from '../sql-dialect.js';
import { PRIVATE_FILE_MODE } from './private-files.js';

/** How long a watch that could not start waits before it tries again (the file made meanwhile, its owner fixed). */
const RETRY_MS = 5000;
/** Every signal writes this many bytes at the start of the file: no truncation, so no O_TRUNC. */
const RECORD_BYTES = 48;

/** The file beside a database whose every write tells the processes watching it that `topic` changed. */
export const signalFile = (database: string, topic: SignalTopic) => `${database}-signal-${topic}`;

/** The database's own path, links resolved: two processes that open one file by different names must meet at one signal file. */
function realPath(database: string): string {
  try {
    return realpathSync(database);
  } catch {
    return database;
  }
}

/** Whether `file` is a plain file (not a link to something else) that this process may watch. */
function plainFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Signals between the processes that open one SQLite file (a server, the command line): a
 * write to a small file beside the database, seen by the others' file watches (inotify on
 * Linux) within milliseconds and at no cost per request. SQLite itself has no way to tell
 * another connection that something changed short of it reading. An in-memory database has
 * no other process: its signals reach this handle's watchers directly.
 *
 * Only a watcher that may write the database makes the file (0600, never through a link), so
 * a command run by another OS user does not leave one the server cannot read; a signal
 * writes into the file only if it is a plain file already there, never following a link
 * (someone who can write the folder could otherwise point it at the journal). Best effort by
 * design: a folder that cannot be written or watched leaves the watchers to their own time
 * bound, and a watch that cannot start tries again every few seconds; nothing here throws.
 */
export class FileSignals {
  private readonly watchers = new Set<FSWatcher>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly local = new Map<SignalTopic, Set<() => void>>();
  private readonly database: string | undefined;
  private closed = false;
  private written = 0;

  constructor(
    database: string | undefined,
    private readonly options: { readonly?: boolean } = {},
  ) {
    this.database = database === undefined ? undefined : realPath(database);
  }

  signal(topic: SignalTopic): void {
    if (this.database === undefined) {
      for (const listener of this.local.get(topic) ?? []) listener();
      return;
    }
    let fd: number | undefined;
    try {
      fd = openSync(signalFile(this.database, topic), constants.O_WRONLY | constants.O_NOFOLLOW);
      if (!fstatSync(fd).isFile()) return;
      // Each write differs from the last, so a watcher never takes two changes for one.
      const record = `${process.pid} ${++this.written} ${Date.now()}`.padEnd(RECORD_BYTES - 1).slice(0, RECORD_BYTES - 1);
      writeSync(fd, `${record}\n`, 0);
    } catch {
      // No file (nobody watches yet), a link, or no right to write it: the others keep to their time bound.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  watch(topic: SignalTopic, onSignal: () => void): () => void {
    if (this.database === undefined) {
      const listeners = this.local.get(topic) ?? new Set();
      this.local.set(topic, listeners);
      listeners.add(onSignal);
      return () => listeners.delete(onSignal);
    }
    const file = signalFile(this.database, topic);
    let current: FSWatcher | undefined;
    let stopped = false;
    const start = (): boolean => {
      if (stopped || this.closed) return true;
      if (!this.options.readonly) {
        try {
          // O_EXCL: an existing name, a link included, is never opened here.
          closeSync(openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, PRIVATE_FILE_MODE));
        } catch {
          // There already, or this folder cannot be written.
        }
      }
      if (!plainFile(file)) return false;
      try {
        current = watch(file, { persistent: false }, (event) => {
          onSignal();
          // The file was replaced or removed: the watch followed the old one, so start again on the new.
          if (event === 'rename') restart();
        });
        current.on('error', restart);
        this.watchers.add(current);
        return true;
      } catch {
        current = undefined;
        return false;
      }
    };
    const later = () => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!start()) later();
        // A signal may have been missed while nobody watched.
        else if (current) onSignal();
      }, RETRY_MS);
      timer.unref();
      this.timers.add(timer);
    };
    const restart = () => {
      if (current) {
        this.watchers.delete(current);
        current.close();
        current = undefined;
      }
      onSignal();
      if (!start()) later();
    };
    if (!start()) later();
    return () => {
      stopped = true;
      if (current) {
        this.watchers.delete(current);
        current.close();
      }
    };
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers) watcher.close();
    for (const timer of this.timers) clearTimeout(timer);
    this.watchers.clear();
    this.timers.clear();
    this.local.clear();
  }
}
