import { watch, writeFileSync, type FSWatcher } from 'node:fs';
import type { SignalTopic } from '../sql-dialect.js';
import { createPrivateFile } from './private-files.js';

const isExisting = (error: unknown) => (error as { code?: unknown } | null)?.code === 'EEXIST';

/** The file beside a database whose every write tells the processes watching it that `topic` changed. */
export const signalFile = (database: string, topic: SignalTopic) => `${database}-signal-${topic}`;

/**
 * Signals between the processes that open one SQLite file (a server, the command line): a
 * write to a small file beside the database, seen by the others' file watches (inotify on
 * Linux) within milliseconds and at no cost per request. SQLite itself has no way to tell
 * another connection that something changed short of it reading. An in-memory database has
 * no other process: its signals reach this handle's watchers directly. Best effort by
 * design — a folder that cannot be written or watched just leaves the watchers to their
 * own time bound — so nothing here throws.
 */
export class FileSignals {
  private readonly watchers = new Set<FSWatcher>();
  private readonly local = new Map<SignalTopic, Set<() => void>>();
  private closed = false;
  private written = 0;

  constructor(private readonly database: string | undefined) {}

  signal(topic: SignalTopic): void {
    if (this.database === undefined) {
      for (const listener of this.local.get(topic) ?? []) listener();
      return;
    }
    try {
      // Each write differs from the last, so a watcher never takes two changes for one.
      writeFileSync(signalFile(this.database, topic), `${process.pid} ${++this.written} ${Date.now()}\n`, { mode: 0o600 });
    } catch {
      // The others keep to their time bound (a read-only folder, a full disk).
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
    const start = () => {
      if (stopped || this.closed) return;
      try {
        createPrivateFile(file);
      } catch (error) {
        if (!isExisting(error)) return;
      }
      try {
        current = watch(file, { persistent: false }, (event) => {
          onSignal();
          // The file was replaced or removed: the watch followed the old one, so start again on the new.
          if (event === 'rename') restart();
        });
        current.on('error', restart);
        this.watchers.add(current);
      } catch {
        current = undefined;
      }
    };
    const restart = () => {
      if (current) {
        this.watchers.delete(current);
        current.close();
        current = undefined;
      }
      onSignal();
      start();
    };
    start();
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
    this.watchers.clear();
    this.local.clear();
  }
}
