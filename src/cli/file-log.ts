import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** 5 MiB: about 30,000 request lines, a busy shop's day, before the file is rotated. */
export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;

export interface FileLog {
  /** Appends one line (a newline is added). */
  write(line: string): void;
  close(): void;
}

/**
 * One JSON line after another in `path`, size-capped: when the file would pass `maxBytes` it
 * is renamed to `path.1` (replacing the previous one) and a new file is begun, so the log
 * never holds more than twice `maxBytes` on disk. Written synchronously: a line logged is on
 * disk before the answer goes out, and nothing is lost if the process is killed.
 */
export function cappedFileLog(path: string, maxBytes = DEFAULT_LOG_MAX_BYTES): FileLog {
  mkdirSync(dirname(path), { recursive: true });
  let fd = openSync(path, 'a');
  let size = existsSync(path) ? statSync(path).size : 0;
  const rotate = () => {
    closeSync(fd);
    renameSync(path, `${path}.1`);
    fd = openSync(path, 'a');
    size = 0;
  };
  let closed = false;
  return {
    write(line) {
      if (closed) return;
      const bytes = Buffer.from(`${line}\n`, 'utf8');
      if (size > 0 && size + bytes.length > maxBytes) rotate();
      writeSync(fd, bytes);
      size += bytes.length;
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
