import { EscPosParser, encodeEscPos, printerProfile, type CommandSpan, type EscPosCommandType, type PrinterProfile } from '../escpos/index.js';
import type { CaptureRecordedPayload } from '../journal/index.js';
import { duplicateAdditions, paperProfile, type Block, type DuplicateInfo, type PaperId } from '../receipt/index.js';

/** What a reprint of a captured receipt adds: the mark and reprint line, and the verification QR with its code. */
export interface CaptureDuplicate extends DuplicateInfo {
  verificationUrl: string;
  verificationCode: string;
}

export interface DuplicateOptions {
  timeZone: string;
  /** The printer model it goes to (QR natively or as an image, GB18030 or GBK); default generic for the job's paper. */
  printer?: PrinterProfile;
}

const ESC_INIT = Uint8Array.of(0x1b, 0x40);
const LF = Uint8Array.of(0x0a);

/** Commands whose effect lasts until changed or ESC @: replayed after what we insert, so the rest prints as before. */
const LASTING: ReadonlySet<EscPosCommandType> = new Set([
  'print-mode', 'bold', 'double-strike', 'underline', 'align', 'line-spacing', 'font', 'code-page', 'charset', 'upside-down',
  'char-spacing', 'size', 'invert', 'barcode-height', 'barcode-module', 'hri-position', 'hri-font', 'left-margin', 'print-width',
  'motion-units', 'kanji-mode', 'kanji-print-mode', 'kanji-code', 'kanji-spacing', 'kanji-quadruple', 'qr-model', 'qr-size', 'qr-ecc',
]);
/** Commands that leave part of a line in the printer's buffer (ESC @ would throw it away). */
const OPENS_LINE: ReadonlySet<EscPosCommandType> = new Set(['text', 'ht', 'position', 'bit-image']);
const ENDS_LINE: ReadonlySet<EscPosCommandType> = new Set(['lf', 'ff', 'feed-lines', 'feed-dots', 'cut', 'init']);
/** Commands that put something on paper. */
const PRINTS: ReadonlySet<EscPosCommandType> = new Set(['text', 'raster', 'bit-image', 'graphics-print', 'qr-print', 'barcode', 'nv-image']);

type Command = CommandSpan['command'];

function prints(command: Command): boolean {
  // GS ( k fn 81 prints a PDF417, MaxiCode, DataMatrix … symbol the job stored.
  return PRINTS.has(command.type) || (command.type === 'symbol-2d' && command.fn === 81);
}

/**
 * Data a job stores for a later command to print (a QR code or other 2D symbol, a GS ( L / GS 8 L
 * picture in the print buffer), keyed by what it fills; ESC @ throws it away. The mark goes before
 * the store rather than between it and its print, and what is still stored at an insertion is sent
 * again after it (the verification QR overwrites the symbol store too).
 */
function storeKey(command: Command): string | undefined {
  if (command.type === 'qr-store') return 'store:symbol:49';
  if (command.type === 'symbol-2d' && command.fn === 80) return `store:symbol:${command.cn}`;
  if (command.type === 'graphics-store') return 'store:graphics';
  // A GS ( L picture the parser could not read (column format, fn 113, or a short one) still fills the buffer.
  if (command.type === 'extended' && command.fn === 'L' && (command.prefix === 'GS (' || command.prefix === 'GS 8')) {
    const fn = command.params[1];
    if (fn === 112 || fn === 113) return 'store:graphics';
  }
  return undefined;
}

interface Insertion {
  at: number;
  blocks: Block[];
  /** State in force there, as the job set it since its last ESC @, and data it stored and has yet to print: replayed after the insertion. */
  state: Uint8Array[];
  /** Part of a line is waiting in the printer: end it first. */
  lineOpen: boolean;
}

/**
 * A duplicate of a captured receipt (or, without `duplicate`, the receipt itself): the POS's own (masked) bytes, with the mark
 * "***重印凭证 / DUPLICATE n***" and the reprint line inserted after the job's initialisation
 * and at the top of every later piece of paper (after each cut), and the verification QR
 * with its code before the first cut (at the end when it has none) — in the encoding the
 * job used: Chinese in a GB18030 (Kanji) job, the English mark in a code page 437 one. Each
 * insertion starts from ESC @ and ends by restoring what the job had set (alignment, sizes,
 * Kanji mode …) and had stored to print (its QR code, a picture), so the POS's receipt around
 * it prints exactly as it did.
 */
export function duplicateCaptureBytes(capture: CaptureRecordedPayload, duplicate: CaptureDuplicate | undefined, options: DuplicateOptions): Uint8Array {
  const paper = paperProfile((capture.paper ?? '80') as PaperId);
  const profile: PrinterProfile = { ...(options.printer ?? printerProfile(paper.id === '58' ? 'generic-58' : 'generic-80')), paper };
  const where = { columns: paper.columns, dots: paper.dots, language: capture.kanji ? ('zh' as const) : ('en' as const), timeZone: options.timeZone };
  const { head, tail } = duplicate ? duplicateAdditions(duplicate, { url: duplicate.verificationUrl, code: duplicate.verificationCode }, where) : { head: [], tail: [] };
  const bytes = Buffer.from(capture.bytes, 'base64');
  if (bytes.length === 0) {
    // Only the text was kept (a card number sat in an image): the duplicate is printed from it.
    const lines = capture.text.replace(/\n$/, '').split('\n');
    const blocks: Block[] = [...head, ...lines.map((text): Block => ({ type: 'text', runs: [{ text }] })), ...tail, { type: 'feed', lines: 2 }, { type: 'cut', partial: true }];
    return encodeEscPos({ columns: paper.columns, dots: paper.dots, blocks }, profile);
  }
  if (!duplicate) return new Uint8Array(bytes);
  const insertions = plan(spansOf(bytes, capture.kanji), bytes, head, tail);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const insertion of insertions) {
    parts.push(bytes.subarray(from, insertion.at));
    if (insertion.lineOpen) parts.push(LF);
    // The encoder starts from ESC @ itself and assumes the state that follows it.
    parts.push(encodeEscPos({ columns: paper.columns, dots: paper.dots, blocks: insertion.blocks }, profile));
    parts.push(ESC_INIT, ...insertion.state);
    from = insertion.at;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

function spansOf(bytes: Uint8Array, kanji: boolean): CommandSpan[] {
  const parser = new EscPosParser({ kanjiDefault: kanji });
  return [...parser.feedSpans(bytes), ...parser.endSpans()];
}

/** Where the mark goes (top of each piece of paper) and where the QR goes (before the first cut, or at the end). */
function plan(spans: readonly CommandSpan[], bytes: Uint8Array, head: Block[], tail: Block[]): Insertion[] {
  const out: Insertion[] = [];
  let state = new Map<string, Uint8Array>();
  let lineOpen = false;
  /** A piece of paper has begun and has not had its mark yet: the mark goes before its first printing command (before what it stored for it). */
  let awaitingMark = true;
  /** That piece's first store, where its mark goes if something prints on it. */
  let storedAt: { at: number; state: Uint8Array[] } | undefined;
  let qrDone = false;
  const snapshot = () => [...state.values()];
  for (const { command, start, end } of spans) {
    const stores = storeKey(command);
    if (awaitingMark && stores !== undefined) storedAt ??= { at: start, state: snapshot() };
    if (awaitingMark && prints(command)) {
      out.push({ at: storedAt?.at ?? start, blocks: head, state: storedAt?.state ?? snapshot(), lineOpen: false });
      awaitingMark = false;
    }
    if (command.type === 'cut') {
      if (!qrDone) {
        out.push({ at: start, blocks: tail, state: snapshot(), lineOpen });
        qrDone = true;
      }
      awaitingMark = true;
    }
    // What was stored before a cut or ESC @ is not what this piece prints next to its mark.
    if (command.type === 'cut' || command.type === 'init') storedAt = undefined;
    if (command.type === 'init') state = new Map();
    else if (LASTING.has(command.type) || stores !== undefined) state.set(stores ?? stateKey(command), bytes.slice(start, end));
    // PDF417, DataMatrix … settings (fn 65-79) last like the QR ones.
    else if (command.type === 'symbol-2d' && command.fn < 80) state.set(`symbol:${command.cn}:${command.fn}`, bytes.slice(start, end));
    // A picture in the print buffer leaves it when printed: sending it again would print it twice.
    else if (command.type === 'graphics-print') state.delete('store:graphics');
    if (OPENS_LINE.has(command.type)) lineOpen = true;
    else if (ENDS_LINE.has(command.type)) lineOpen = false;
  }
  if (!qrDone) out.push({ at: bytes.length, blocks: tail, state: snapshot(), lineOpen });
  // The mark's place is before the first printing command (or the store it prints), which is after
  // any ESC @ and setup that precede it; an insertion point inside the parser's text span never splits a character.
  return out.sort((a, b) => a.at - b.at);
}

function stateKey(command: Command): string {
  return command.type === 'underline' ? `underline:${command.kanji}` : command.type;
}
