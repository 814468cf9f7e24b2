import { ReissueError } from '../core/index.js';
import type { DialectName } from './sql-dialect.js';

/**
 * The database could not write because its disk (or its file's size limit) is full:
 * DISK_FULL, kind unavailable (HTTP 503, exit 6). The write it interrupted was rolled back
 * whole; the engine's own error rides along as the cause, for the log.
 */
export class StorageFullError extends ReissueError {
  constructor(engine: DialectName, location: string, cause: unknown) {
    super('unavailable', 'DISK_FULL', `the disk holding the ${engine === 'postgres' ? 'PostgreSQL database' : 'journal'} (${location}) is full: nothing was written`, {
      hint: 'free space on that disk (delete files no longer needed, move backups and logs elsewhere), then try again; what was refused can be sent again as it was',
      cause,
      context: { rule: engine, location },
    });
  }
}

/** What a write probe found: writable, or why not. */
export type WriteCheck = { writable: true } | { writable: false; reason: 'disk-full' | 'read-only' };
