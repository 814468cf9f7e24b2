import { parseToDocument, printerProfile, type PrinterProfile } from '../escpos/index.js';
import type { CaptureRecordedPayload, PrintJobRow } from '../journal/index.js';
import { receiptOptionsOf } from '../printer/index.js';
import { markPreview, paperProfile, type FontLoader, type PaperId, type ReceiptDocument } from '../receipt/index.js';
import { CONTENT_TYPES, paperLengthMm, renderDocument, type ReceiptFormat, type RenderedReceipt } from '../render/index.js';
import { duplicateCaptureBytes, type CaptureDuplicate } from './duplicate-bytes.js';

export interface CaptureRenderRequest {
  format: ReceiptFormat;
  timeZone: string;
  font: FontLoader;
  /** A duplicate: the mark, reprint line and verification QR added to the POS's bytes. */
  duplicate?: CaptureDuplicate;
  /** The printer model it is for (ESC/POS bytes of a duplicate: QR natively or as an image). */
  printer?: PrinterProfile;
  /** A look at it, not a copy: marked 仅供查看 · PREVIEW — NOT A RECEIPT across the paper in every format (ESC/POS too). */
  preview?: boolean;
  title?: string;
}

/** The paper a captured job was read for. */
export function capturePaper(capture: Pick<CaptureRecordedPayload, 'paper'>) {
  return paperProfile((capture.paper ?? '80') as PaperId);
}

/**
 * The bytes a captured receipt prints as: the POS's own (card numbers masked), or a
 * duplicate of them. A job whose bytes were withheld (a card number inside an image) prints
 * from its text.
 */
export function capturedBytes(capture: CaptureRecordedPayload, request: Pick<CaptureRenderRequest, 'duplicate' | 'printer' | 'timeZone'>): Uint8Array {
  const bytes = Buffer.from(capture.bytes, 'base64');
  if (request.duplicate || bytes.length === 0) {
    return duplicateCaptureBytes(capture, request.duplicate, { timeZone: request.timeZone, ...(request.printer ? { printer: request.printer } : {}) });
  }
  return new Uint8Array(bytes);
}

/** The document those bytes print, read back by the same parser the virtual printer uses. */
export function capturedDocument(capture: CaptureRecordedPayload, bytes: Uint8Array): ReceiptDocument {
  return parseToDocument(bytes, { kanjiDefault: capture.kanji, paper: capturePaper(capture) }).doc;
}

/**
 * A captured receipt as it printed (or as its duplicate prints), in any format: ESC/POS is
 * the bytes themselves; text, PNG, HTML and PDF are rendered from what those bytes print. A
 * preview is rendered from the marked document in every format, so no download of it passes
 * for the receipt.
 */
export function renderCapturedReceipt(capture: CaptureRecordedPayload, request: CaptureRenderRequest): RenderedReceipt & { paperMm: number } {
  const bytes = capturedBytes(capture, request);
  const printed = capturedDocument(capture, bytes);
  const doc = request.preview ? markPreview(printed) : printed;
  const paper = capturePaper(capture);
  const paperMm = paperLengthMm(doc, paper.dpi);
  if (request.format === 'escpos' && !request.preview) return { contentType: CONTENT_TYPES.escpos, body: bytes, doc, paperMm };
  const printer = { ...(request.printer ?? printerProfile(paper.id === '58' ? 'generic-58' : 'generic-80')), paper };
  return { ...renderDocument(doc, request.format, { printer, font: request.font, ...(request.title ? { title: request.title } : {}) }), paperMm };
}

/**
 * What a print job of a captured receipt adds to the POS's bytes: a duplicate's mark,
 * reprint line and verification QR; nothing for an original the tap handed over.
 */
export function captureJobMarks(job: PrintJobRow): Pick<CaptureRenderRequest, 'duplicate'> {
  const { duplicate, verificationUrl, verificationCode } = receiptOptionsOf(job);
  if (job.kind !== 'duplicate') return {};
  if (!duplicate || verificationUrl === undefined || verificationCode === undefined) throw new Error(`duplicate job ${job.id} of captured receipt ${job.transactionId} has no mark or QR`);
  return { duplicate: { ...duplicate, verificationUrl, verificationCode } };
}
