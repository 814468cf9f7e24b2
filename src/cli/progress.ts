import type { CliIo } from './io.js';

/**
 * Progress on stderr: redrawn in place on a terminal, a line per 10% otherwise (logs and
 * CI stay readable). Returns a callback taking (done, total).
 */
export function progressReporter(io: CliIo, label: string): ((done: number, total: number) => void) & { finish: () => void } {
  const started = io.now();
  let lastDecile = -1;
  let lastDraw = 0;
  let drawn = false;
  const line = (done: number, total: number) => {
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    const seconds = Math.max(0.001, (io.now() - started) / 1000);
    return `${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${pct}%) ${Math.round(done / seconds).toLocaleString('en')}/s`;
  };
  const report = (done: number, total: number) => {
    if (io.isTty) {
      const now = io.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      drawn = true;
      io.stderr(`\r${line(done, total)}\u001b[K`);
      return;
    }
    const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
    if (decile !== lastDecile) {
      lastDecile = decile;
      io.stderr(`${line(done, total)}\n`);
    }
  };
  return Object.assign(report, { finish: () => (drawn ? io.stderr('\n') : undefined) });
}
