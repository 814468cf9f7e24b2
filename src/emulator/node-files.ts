import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { EmulatorFiles } from './ports.js';

let tmpSeq = 0;

/** EmulatorFiles on the local file system. */
export function nodeEmulatorFiles(): EmulatorFiles {
  return {
    async ensureDir(dir) {
      await mkdir(dir, { recursive: true });
    },
    async writeFile(path, data) {
      const tmp = `${path}.${process.pid}.${++tmpSeq}.tmp`;
      await writeFile(tmp, data);
      await rename(tmp, path);
    },
    async readText(path) {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async stamp(path) {
      try {
        const s = await stat(path, { bigint: true });
        return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    watch(path, changed) {
      const name = basename(path);
      let watcher: FSWatcher | undefined;
      try {
        watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
          if (file === null || file === name) changed();
        });
        watcher.on('error', () => watcher?.close());
      } catch {
        // fs.watch is not available everywhere (some network file systems); polling still runs.
      }
      return () => watcher?.close();
    },
  };
}
