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
    const rate = done / seconds;
    // The rate so far predicts the rest: recording does not slow down as the journal grows.
    const eta = done > 0 && done < total ? `, ${duration((total - done) / rate)} left` : '';
    return `${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${pct}%) ${Math.round(rate).toLocaleString('en')}/s${eta}`;
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
  // Ends the redrawn line once, however often it is called (a phase that follows may call it on each of its own ticks).
  const finish = () => {
    if (drawn) io.stderr('\n');
    drawn = false;
  };
  return Object.assign(report, { finish });
}

/** Seconds as 1h02m, 4m05s or 7s. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h${pad(m)}m`;
  if (m > 0) return `${m}m${pad(s % 60)}s`;
  return `${s}s`;
}
