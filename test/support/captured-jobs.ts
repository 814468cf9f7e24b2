import { DEFAULT_SOURCE_RULES, buildCapture, type CapturedJob } from '../../src/capture/index.js';
import { encodeEscPos } from '../../src/escpos/index.js';
import { paperProfile, type Block } from '../../src/receipt/index.js';
import type { CapturedReceipt } from './captured-receipts.js';

/** "cap-" and 24 letters from a number: a capture id that tests can name again. */
export function captureIdOf(n: number): string {
  let letters = '';
  let rest = n;
  for (let i = 0; i < 24; i++) {
    letters = String.fromCharCode(97 + (rest % 26)) + letters;
    rest = Math.floor(rest / 26);
  }
  return `cap-${letters}`;
}

/** A receipt's lines as a POS sends them: our encoder's bytes, then a cut. */
export function receiptJobBytes(lines: readonly string[], extra: Block[] = []): Uint8Array {
  const blocks: Block[] = [...lines.map((text): Block => ({ type: 'text', runs: [{ text }] })), ...extra, { type: 'feed', lines: 2 }, { type: 'cut', partial: true }];
  return encodeEscPos({ columns: 48, dots: 576, blocks }, 'generic-80');
}

export interface JobOptions {
  n?: number;
  source?: string;
  capturedAt?: string;
  seq?: number;
}

/** A captured job built by the tap's own builder from one of the test receipts. */
export function capturedJob(receipt: CapturedReceipt, options: JobOptions = {}): CapturedJob {
  const capturedAt = Date.parse(options.capturedAt ?? '2026-11-27T06:40:00Z');
  const job = buildCapture(
    receiptJobBytes(receipt.lines),
    { id: captureIdOf(options.n ?? 1), source: options.source ?? 'front-till', channel: 'tcp', peer: '192.168.1.20:51234', connection: 1, seq: options.seq ?? options.n ?? 1, endedBy: 'cut', startedAt: capturedAt - 40, capturedAt },
    { kanji: true, paper: paperProfile('80'), rules: { ...DEFAULT_SOURCE_RULES, ...receipt.rules } },
  );
  if (!job) throw new Error(`receipt "${receipt.name}" prints nothing`);
  return job;
}
