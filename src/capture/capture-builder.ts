import { containsPan } from '../core/index.js';
import { parseToDocument } from '../escpos/index.js';
import { MAX_CAPTURE_TEXT } from '../journal/index.js';
import { PAPER_PROFILES, renderText, type PaperProfile, type ReceiptDocument } from '../receipt/index.js';
import type { CaptureChannel, CapturedJob, JobEnding } from './capture-journal.js';
import { holdsCardAnywhere, maskEveryDigit, maskJobBytes } from './pan-bytes.js';
import { maskPanText } from './pan-text.js';
import { recogniseFields } from './recognise.js';
import type { SourceRules } from './receipt-fields.js';

/** Where a job came from and how it ended; the tap fills it in. */
export interface JobMeta {
  id: string;
  source: string;
  channel: CaptureChannel;
  peer: string;
  connection: number;
  seq: number;
  endedBy: JobEnding;
  startedAt: number;
  capturedAt: number;
}

export interface BuildOptions {
  /** GB18030 in Kanji mode from the start, as Chinese printers run; else code page 437 until the job says otherwise. */
  kanji: boolean;
  paper: Pick<PaperProfile, 'id' | 'columns' | 'dots'>;
  rules: SourceRules;
}

/**
 * A captured job as it is journaled: card numbers masked in the bytes, the text as printed
 * (read from the masked bytes), the recognised fields. Undefined when the job prints
 * nothing (a status query, a drawer kick). The unmasked bytes are read here and nowhere
 * kept.
 */
export function buildCapture(raw: Uint8Array, meta: JobMeta, options: BuildOptions): CapturedJob | undefined {
  const parser = { kanjiDefault: options.kanji };
  let { bytes, numbers } = maskJobBytes(raw, parser);
  const parsed = parseToDocument(bytes, { ...parser, paper: options.paper });
  let doc = parsed.doc;
  if (!printsSomething(doc)) return undefined;
  let text = renderText(doc);
  let bytesWithheld = false;
  // Past the document's bound (MAX_DOCUMENT_CELLS) the printed layout is not read, so nothing
  // there is known to be free of a card number the layout joins: every digit goes, as below.
  if (parsed.truncated || containsPan(text)) {
    // The printed layout joins digits the byte readings kept apart: every digit goes.
    bytes = maskEveryDigit(bytes, parser);
    doc = parseToDocument(bytes, { ...parser, paper: options.paper }).doc;
    text = renderText(doc);
    numbers = Math.max(numbers, 1);
  }
  // Only an image can still show one (a QR code printed as a picture), or the bytes hold one the
  // printer takes as dots (a logo's header claiming more rows than sent) that no mask could reach
  // without changing a command: keep the text, not the bytes.
  if (containsPan(text) || holdsCardAnywhere(bytes)) {
    bytes = new Uint8Array(0);
    text = maskPanText(text).text;
    bytesWithheld = true;
    numbers = Math.max(numbers, 1);
  }
  // A job longer than the journal takes (a streamed report): its first lines, all its bytes.
  if (text.length > MAX_CAPTURE_TEXT) text = firstLines(text, MAX_CAPTURE_TEXT);
  return {
    id: meta.id,
    source: meta.source,
    capturedAt: new Date(meta.capturedAt).toISOString(),
    startedAt: new Date(meta.startedAt).toISOString(),
    channel: meta.channel,
    peer: meta.peer,
    connection: meta.connection,
    seq: meta.seq,
    endedBy: meta.endedBy,
    // A copy even when nothing was masked: the caller wipes the raw bytes.
    bytes: bytes === raw ? new Uint8Array(raw) : bytes,
    text,
    kanji: options.kanji,
    paper: options.paper.id,
    fields: recogniseFields(text, options.rules, meta.capturedAt),
    maskedNumbers: numbers,
    bytesWithheld,
  };
}

/**
 * Whether a captured job's bytes (as journaled, or as a shop sent them to head office) print
 * a full card number, read as buildCapture reads them: by the byte readings the tap masks
 * with, then by the text the printed layout gives (a barcode's data, digits joined across
 * commands). Bytes that cannot be parsed are not cleared.
 */
export function captureBytesHoldCard(bytes: Uint8Array, options: { kanji: boolean; paper?: string }): boolean {
  const parser = { kanjiDefault: options.kanji };
  // The bytes read whole first: the same backstop buildCapture keeps no bytes without.
  if (holdsCardAnywhere(bytes) || maskJobBytes(bytes, parser).numbers > 0) return true;
  const paper = (PAPER_PROFILES as Record<string, PaperProfile | undefined>)[options.paper ?? ''] ?? PAPER_PROFILES['80'];
  const parsed = parseToDocument(bytes, { ...parser, paper });
  // A document past its bound is cleared only when no digit is left in it (buildCapture masked them all).
  if (parsed.truncated) return maskEveryDigit(bytes, parser).some((byte, i) => byte !== bytes[i]);
  return containsPan(renderText(parsed.doc));
}

/** Something lands on paper: text that is not blank, a rule, a code or an image — not only feeds, a cut or a drawer kick. */
function printsSomething(doc: ReceiptDocument): boolean {
  return doc.blocks.some((block) => (block.type === 'text' ? block.runs.some((run) => run.text.trim() !== '') : block.type !== 'feed' && block.type !== 'cut' && block.type !== 'drawer'));
}

/** The whole lines of `text` that fit in `max` characters (or its first `max` characters when one line is longer). */
function firstLines(text: string, max: number): string {
  const end = text.lastIndexOf('\n', max - 1);
  return end > 0 ? text.slice(0, end + 1) : text.slice(0, max);
}
