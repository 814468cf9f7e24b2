import { zonedLocalToUtc } from '../core/index.js';
import type { PrintedTime } from './receipt-fields.js';

const YMD = /(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?/;
const XXY = /(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)/;
const TIME = /(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])(?:\s*([AP])\.?M\.?\b)?/i;
const LABELLED = /日期|时间|交易时间|\bDATE\b|\bTIME\b/i;
/** A reprint line or a card's expiry is not when the receipt was printed. */
const OTHER_TIMES = /重打印|重印|补打|有效期|\bREPRINT|\bEXP(?:IRY)?\b/i;
/** How far apart (lines) a date and its time may be printed: "DATE: …" then "TIME: …". */
const TIME_LINES = 2;

export interface TimeContext {
  dateOrder: 'dmy' | 'mdy' | undefined;
  timeZone: string | undefined;
  /** When the job was captured (epoch ms): decides 05/06/2026 when nothing else does. */
  capturedAt: number;
}

interface Wall {
  year: number;
  month: number;
  day: number;
}

/**
 * The date and time the receipt prints: 2026-11-26 19:47:31, 2026/11/26 19:52,
 * 2026年11月26日 20:31, 26/11/2026 7:47 PM, on one line or a time on the next. A labelled
 * date (日期, DATE) wins over another; reprint lines and card expiry dates are skipped. A
 * date with no time is not taken: the capture time is the better guess then.
 */
export function recognisePrintedTime(lines: readonly string[], context: TimeContext): PrintedTime | undefined {
  let best: { score: number; time: PrintedTime } | undefined;
  lines.forEach((line, i) => {
    if (OTHER_TIMES.test(line)) return;
    const date = readDate(line, context);
    if (!date) return;
    const clock = readTime(line.slice(date.end)) ?? laterTime(lines, i);
    if (!clock) return;
    const local = `${date.wall.year}-${pad(date.wall.month)}-${pad(date.wall.day)}T${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}`;
    const score = LABELLED.test(line) || LABELLED.test(lines[i - 1] ?? '') ? 1 : 0;
    if (best && best.score >= score) return;
    best = { score, time: withInstant(local, context) };
  });
  return best?.time;
}

function withInstant(local: string, context: TimeContext): PrintedTime {
  if (!context.timeZone) return { local };
  return { local, utc: new Date(zonedLocalToUtc(local.replace('T', ' '), context.timeZone, context.capturedAt)).toISOString() };
}

function laterTime(lines: readonly string[], i: number): { hour: number; minute: number; second: number } | undefined {
  for (let j = i + 1; j <= i + TIME_LINES && j < lines.length; j++) {
    const line = lines[j] ?? '';
    if (OTHER_TIMES.test(line) || YMD.test(line) || XXY.test(line)) return undefined;
    const clock = readTime(line);
    if (clock) return clock;
  }
  return undefined;
}

function readDate(line: string, context: TimeContext): { wall: Wall; end: number } | undefined {
  const ymd = YMD.exec(line);
  if (ymd) {
    const wall = { year: Number(ymd[1]), month: Number(ymd[2]), day: Number(ymd[3]) };
    return realDay(wall) ? { wall, end: ymd.index + ymd[0].length } : undefined;
  }
  const xxy = XXY.exec(line);
  if (!xxy) return undefined;
  const a = Number(xxy[1]);
  const b = Number(xxy[2]);
  const year = Number(xxy[3]);
  const dmy = { year, month: b, day: a };
  const mdy = { year, month: a, day: b };
  const end = xxy.index + xxy[0].length;
  const order = context.dateOrder ?? (a > 12 ? 'dmy' : b > 12 ? 'mdy' : undefined);
  if (order) {
    const wall = order === 'dmy' ? dmy : mdy;
    return realDay(wall) ? { wall, end } : undefined;
  }
  // 05/06/2026 read both ways: the one nearer the capture time is the printer's.
  const near = (w: Wall) => Math.abs(Date.UTC(w.year, w.month - 1, w.day) - context.capturedAt);
  return { wall: near(dmy) <= near(mdy) ? dmy : mdy, end };
}

function readTime(text: string): { hour: number; minute: number; second: number } | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] === undefined ? 0 : Number(m[3]);
  const half = m[4]?.toUpperCase();
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'P' ? 12 : 0);
  }
  return hour <= 23 && minute <= 59 && second <= 59 ? { hour, minute, second } : undefined;
}

function realDay(w: Wall): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.year < 2000 || w.year > 2099) return false;
  return new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDate() === w.day;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
