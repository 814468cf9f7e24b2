import type { CaptureJournal, CapturedJob } from '../../src/capture/index.js';

/**
 * A CaptureJournal in memory, for the tap's tests (the SQL journal implements the port in
 * phase 2). It can be made to fail, as a locked or full journal does.
 */
export class MemoryCaptureJournal implements CaptureJournal {
  readonly jobs: CapturedJob[] = [];
  private readonly ids = new Set<string>();
  private waiters: { count: number; resolve: () => void }[] = [];
  /** While set, every append fails with it. */
  failWith: Error | undefined;
  appends = 0;

  async append(job: CapturedJob): Promise<'appended' | 'duplicate'> {
    this.appends++;
    if (this.failWith) throw this.failWith;
    if (this.ids.has(job.id)) return 'duplicate';
    this.ids.add(job.id);
    this.jobs.push(structuredClone(job));
    this.waiters = this.waiters.filter((w) => (this.jobs.length >= w.count ? (w.resolve(), false) : true));
    return 'appended';
  }

  /** Resolves once `count` jobs are on record. */
  waitFor(count: number): Promise<void> {
    if (this.jobs.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Jobs of one connection, in the order journaled. */
  ofConnection(connection: number): CapturedJob[] {
    return this.jobs.filter((j) => j.connection === connection);
  }
}
