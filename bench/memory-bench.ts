/**
 * Memory of `reissue start` over the find benches' journal (1M sales by default): the real
 * CLI in its own process, asked for /health by autocannon (its own process too), its
 * resident set read from /proc while it serves and at its peak.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { autocannon } from './http-bench.js';
import { count, note } from './measure.js';
import { seededJournal, type BenchOptions, type Row } from './setup.js';

const TARGET_RSS_MB = 200;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM (peak) of a process in MB, from /proc (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

export async function runMemoryBench(options: BenchOptions): Promise<Row[]> {
  const { file } = await seededJournal(options);
  const port = await freePort();
  const bin = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'start', '--port', String(port), '--db', file, '--log-format', 'json'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, REISSUE_TZ: 'Asia/Shanghai' } });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    const url = `http://127.0.0.1:${port}`;
    const started = performance.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`reissue start exited ${child.exitCode}: ${log}`);
      const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (performance.now() - started > 120_000) throw new Error(`reissue start did not answer within 2 minutes: ${log}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const startMs = performance.now() - started;
    const idle = memoryOf(child.pid ?? 0);
    note('memory: reissue start over the find journal, 20,000 GET /health');
    await autocannon({ url, paths: ['/health'], connections: 16, amount: 20_000 });
    const served = memoryOf(child.pid ?? 0);
    if (!idle || !served) return [{ bench: 'memory: reissue start', result: 'not measured', detail: 'no /proc on this system' }];
    return [
      {
        bench: `memory: \`reissue start\` over ${count(options.count)} sales (RSS)`,
        result: `${served.rss.toFixed(0)} MB`,
        ratio: `${(served.peak / TARGET_RSS_MB).toFixed(2)}× target (peak)`,
        detail: `peak ${served.peak.toFixed(0)} MB; ${idle.rss.toFixed(0)} MB when it first answered (${(startMs / 1000).toFixed(1)} s after start), then 20,000 /health from 16 connections; target < ${TARGET_RSS_MB} MB: ${served.peak < TARGET_RSS_MB ? 'met' : 'NOT met'}`,
      },
    ];
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}
