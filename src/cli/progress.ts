import type { Language } from '../i18n/index.js';
import type { CliIo } from './io.js';
import { cliText } from './texts.js';

/** What a long command is doing, as its progress line names it. */
export type ProgressStep = 'seeding' | 'recording' | 'verifying' | 'backingUp' | 'checkingBackup' | 'restoring' | 'checkingJournal' | 'upgrading';

/**
 * Progress on stderr, in the terminal's language: redrawn in place on a terminal, a line per
 * 10% otherwise (logs and CI stay readable). Returns a callback taking (done, total). `detail`
 * fills the step's text (the upgrade's step).
 */
export function progressReporter(io: CliIo, step: ProgressStep, language: Language = 'en', detail = ''): ((done: number, total: number) => void) & { finish: () => void } {
  const label = cliText(language, `progress.${step}`, { step: detail });
  const started = io.now();
  let lastDecile = -1;
  let lastDraw = 0;
  let drawn = false;
  const line = (done: number, total: number) => {
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    const seconds = Math.max(0.001, (io.now() - started) / 1000);
    const rate = done / seconds;
    // The rate so far predicts the rest: recording does not slow down as the journal grows.
    const left = done > 0 && done < total ? duration((total - done) / rate, language) : undefined;
    const n = (x: number) => x.toLocaleString('en');
    if (language === 'zh') return `${label}：${n(done)}/${n(total)}（${pct}%）每秒 ${n(Math.round(rate))}${left ? `，还需 ${left}` : ''}`;
    return `${label}: ${n(done)}/${n(total)} (${pct}%) ${n(Math.round(rate))}/s${left ? `, ${left} left` : ''}`;
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

/** Seconds as 1h02m, 4m05s or 7s (in Chinese 1小时02分, 4分05秒 or 7秒). */
export function duration(seconds: number, language: Language = 'en'): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  const [hours, minutes, secs] = language === 'zh' ? ['小时', '分', '秒'] : ['h', 'm', 's'];
  if (h > 0) return `${h}${hours}${pad(m)}${minutes}`;
  if (m > 0) return `${m}${minutes}${pad(s % 60)}${secs}`;
  return `${s}${secs}`;
}
