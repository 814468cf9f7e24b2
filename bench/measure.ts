import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const fmt = (n: number) => Math.round(n).toLocaleString('en');

/**
 * One phase's progress on stderr: redrawn in place on a terminal; on a pipe a line per 10%
 * (or every 10 s), so logs of a long seeding stay short but still show it is moving.
 */
export class Progress {
  private readonly started = performance.now();
  private lastDraw = 0;
  private lastDecile = -1;

  constructor(private readonly label: string, private readonly total: number) {
    this.tick(0);
  }

  tick(done: number): void {
    const now = performance.now();
    if (process.stderr.isTTY) {
      if (now - this.lastDraw < 200 && done < this.total) return;
      this.lastDraw = now;
      process.stderr.write(`\r${this.line(done)}\u001b[K`);
      return;
    }
    // Phases shorter than a second get only their closing line.
    const decile = this.total > 0 ? Math.floor((done / this.total) * 10) : 10;
    if (now - this.started < 1000 || (decile === this.lastDecile && now - this.lastDraw < 10_000)) return;
    this.lastDecile = decile;
    this.lastDraw = now;
    process.stderr.write(`${this.line(done)}\n`);
  }

  /** Final line of the phase; returns its duration in ms. */
  end(note = ''): number {
    const ms = performance.now() - this.started;
    const line = `${this.label}: done, ${fmt(this.total)} in ${(ms / 1000).toFixed(1)} s${note ? ` — ${note}` : ''}`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}\u001b[K\n` : `${line}\n`);
    return ms;
  }

  private line(done: number): string {
    const pct = this.total > 0 ? Math.min(100, (done / this.total) * 100) : 100;
    const seconds = Math.max(0.001, (performance.now() - this.started) / 1000);
    // What is left at the rate so far: a 10M build runs for hours, and says when it will end.
    const left = done > 0 && done < this.total ? ` · ${eta(((this.total - done) * seconds) / done)} left` : '';
    return `${this.label}: ${fmt(done)}/${fmt(this.total)} (${pct.toFixed(0)}%) ${fmt(done / seconds)}/s${left}`;
  }
}

/** "42 s", "12 min", "3 h 05 min". */
function eta(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

export interface Distribution {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of samples in ms. */
export function distribution(samples: readonly number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? Number.NaN };
}

/** Runs `work` once and returns its wall time in ms. */
export async function timed(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export const perSecond = (count: number, ms: number) => (count * 1000) / ms;
export const ms = (value: number) => (value < 10 ? value.toFixed(3) : value.toFixed(1));
export const rate = (value: number) => `${fmt(value)}/s`;
export const count = fmt;

/** CPU time of the whole machine spent busy so far, in ms (Linux /proc/stat, USER_HZ 100); undefined elsewhere. */
function machineBusyMs(): number | undefined {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const ticks = [user, nice, system, irq, softirq, steal].reduce<number>((sum, n) => sum + (n ?? 0), 0);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts counting the CPU other processes use; the function returned gives their share of
 * the machine (all cores) since the start, or undefined where it cannot be read. On a
 * shared VM this says which figures were taken while something else was running.
 */
export function othersMeter(): () => number | undefined {
  const busy = machineBusyMs();
  const own = process.cpuUsage();
  const started = performance.now();
  return () => {
    const now = machineBusyMs();
    if (busy === undefined || now === undefined) return undefined;
    const used = process.cpuUsage(own);
    const ownMs = (used.user + used.system) / 1000;
    const wall = performance.now() - started;
    return wall > 0 ? Math.max(0, now - busy - ownMs) / (wall * availableParallelism()) : undefined;
  };
}

/** " · other processes took N% of the machine", when they took a noticeable share. */
export function othersNote(share: number | undefined): string {
  return share !== undefined && share >= 0.03 ? ` · other processes took ${(share * 100).toFixed(0)}% of the machine meanwhile` : '';
}

/** CPU ms (Linux /proc, USER_HZ 100) a PostgreSQL cluster used so far: its postmaster, the children it reaped and those alive; undefined elsewhere. */
function clusterCpuMs(dataDir: string): number | undefined {
  try {
    const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n', 1)[0]);
    let ticks = 0;
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      } catch {
        continue; // ended meanwhile
      }
      // Fields after the command name: state, ppid, … utime (14th of the line), stime, cutime, cstime.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
      if (Number(name) === postmaster) ticks += (f[11] ?? 0) + (f[12] ?? 0) + (f[13] ?? 0) + (f[14] ?? 0);
      else if (f[1] === postmaster) ticks += (f[11] ?? 0) + (f[12] ?? 0);
    }
    return ticks * 10;
  } catch {
    return undefined;
  }
}

/**
 * Starts counting the CPU this process and a PostgreSQL cluster (by its data directory) use;
 * the function returned gives each side's CPU µs per item since the start. On a loaded,
 * shared machine these say more than a rate does.
 */
export function cpuPerItem(dataDir: string): (items: number) => { own: number; server: number | undefined } {
  const own = process.cpuUsage();
  const server = clusterCpuMs(dataDir);
  return (items) => {
    const used = process.cpuUsage(own);
    const now = clusterCpuMs(dataDir);
    return { own: (used.user + used.system) / items, server: server === undefined || now === undefined ? undefined : ((now - server) * 1000) / items };
  };
}

/**
 * How much of a file the OS holds in its page cache (util-linux fincore), as a share; undefined
 * where fincore is missing. A search reads a page of the file for each sale it lists (at 1M as at
 * 10M), so its time depends on whether the file has been read or written lately, and the row says which.
 */
export function cachedShare(file: string): number | undefined {
  try {
    return shareOf(execFileSync('fincore', [...FINCORE_ARGS, file], { encoding: 'utf8' }), file);
  } catch {
    return undefined;
  }
}

/** fincore's arguments before the file: the bytes resident, as a bare number. */
const FINCORE_ARGS = ['--bytes', '--noheadings', '--output', 'RES', '--'] as const;

/** fincore's answer for `file` as a share of the file's size; undefined for anything but a number. */
function shareOf(answer: string | undefined, file: string): number | undefined {
  const text = answer?.trim() ?? '';
  const resident = Number(text);
  return text === '' || !Number.isFinite(resident) ? undefined : resident / statSync(file).size;
}

/**
 * cachedShare from a small process started now, before the bench's heap and the journal's cache
 * grow: asking later costs a line on a pipe, not a fork of a large process (after a fork every
 * page the bench writes is copy-on-write, one fault a page, which would land on the searches).
 */
export function pageCacheProbe(): { share: (file: string) => Promise<number | undefined>; close: () => void } {
  const child = spawn('sh', ['-c', `while IFS= read -r f; do fincore ${FINCORE_ARGS.join(' ')} "$f" 2>/dev/null || echo x; done`], { stdio: ['pipe', 'pipe', 'ignore'] });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string | undefined) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  lines.on('close', () => waiting.splice(0).forEach((answer) => answer(undefined)));
  child.on('error', () => waiting.splice(0).forEach((answer) => answer(undefined)));
  return {
    share: (file) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || !child.stdin.writable) return resolve(undefined);
        waiting.push((line) => resolve(shareOf(line, file)));
        child.stdin.write(`${file}\n`);
      }),
    close: () => child.stdin.end(),
  };
}

/** Memory the kernel could give without swapping (MemAvailable), in bytes; 0 where unknown. */
export function availableMemory(): number {
  try {
    const kib = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1];
    return kib === undefined ? 0 : Number(kib) * 1024;
  } catch {
    return 0;
  }
}
