import { InputError, type SaleStatus, type Transaction } from '../core/index.js';
import { encodeEscPos, printerProfile, PRINTER_PROFILES, type PrinterModel, type PrinterProfile } from '../escpos/index.js';
import {
  layoutReceipt,
  layoutScene,
  paperProfile,
  renderHtml,
  renderPng,
  renderText,
  type DuplicateInfo,
  type FontLoader,
  type PaperId,
  type ReceiptCopy,
  type ReceiptDocument,
  type ReceiptLanguage,
  type ReceiptTemplate,
} from '../receipt/index.js';
import { pdfFromPng } from './pdf-from-png.js';

export const ReceiptFormats = ['text', 'png', 'escpos', 'html', 'pdf'] as const;
export type ReceiptFormat = (typeof ReceiptFormats)[number];

export const CONTENT_TYPES: Readonly<Record<ReceiptFormat, string>> = {
  text: 'text/plain; charset=utf-8',
  png: 'image/png',
  escpos: 'application/octet-stream',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

export interface RenderRequest {
  format: ReceiptFormat;
  /** Paper profile id; defaults to the printer model's paper, else 80 mm. */
  paper?: string;
  /** Printer model for ESC/POS bytes; defaults to the generic model for the paper. */
  printer?: string;
  /** The sale's own template unless told: 'slip' prints the bank slip of a card sale. */
  template?: ReceiptTemplate;
  copy?: ReceiptCopy;
  language?: ReceiptLanguage;
  timeZone: string;
  duplicate?: DuplicateInfo;
  /** What voids and refunds did to the sale (Journal.statusOf): every rendition says it. */
  status?: SaleStatus;
  verificationUrl?: string;
  /** Printed under the QR code (duplicates). */
  verificationCode?: string;
  /** A look at the receipt, not one: marked 仅供查看 · PREVIEW — NOT A RECEIPT across the paper. */
  preview?: boolean;
  /** The customer's e-receipt: banded 电子凭证 · E-RECEIPT above and below. */
  eReceipt?: boolean;
  /** PDF document title. */
  title?: string;
  font: FontLoader;
}

export interface RenderedReceipt {
  contentType: string;
  body: Uint8Array | string;
  doc: ReceiptDocument;
}

const DEFAULT_MODEL: Readonly<Record<PaperId, PrinterModel>> = { '58': 'generic-58', '80': 'generic-80', '80-180': 'epson-tm-t88' };

export function parseReceiptFormat(value: string): ReceiptFormat {
  if (!(ReceiptFormats as readonly string[]).includes(value)) {
    throw new InputError('BAD_FORMAT', `unknown receipt format "${value}"`, { hint: `use one of ${ReceiptFormats.join(', ')}`, context: { value, allowed: ReceiptFormats } });
  }
  return value as ReceiptFormat;
}

/** Paper and printer model that fit together, from whichever of the two was given. */
export function resolvePrinter(paper: string | undefined, printer: string | undefined): PrinterProfile {
  if (printer !== undefined) {
    const profile = printerProfile(printer);
    if (paper !== undefined && paperProfile(paper).id !== profile.paper.id) {
      throw new InputError('PAPER_MISMATCH', `printer ${profile.id} takes paper ${profile.paper.id}, not ${paper}`, { hint: `drop --paper, or choose a printer model for ${paper} mm paper`, context: { model: profile.id, paper: profile.paper.id, given: paper } });
    }
    return profile;
  }
  return PRINTER_PROFILES[DEFAULT_MODEL[paperProfile(paper ?? '80').id]];
}

/**
 * One journaled transaction rendered in any format from the one ReceiptDocument, so the
 * picture, the PDF, the text and the bytes sent to the printer always agree.
 */
export function renderReceipt(tx: Transaction, request: RenderRequest): RenderedReceipt {
  const printer = resolvePrinter(request.paper, request.printer);
  const doc = layoutReceipt(tx, {
    paper: printer.paper,
    timeZone: request.timeZone,
    ...(request.template ? { template: request.template } : {}),
    ...(request.copy ? { copy: request.copy } : {}),
    ...(request.language ? { language: request.language } : {}),
    ...(request.duplicate ? { duplicate: request.duplicate } : {}),
    ...(request.status ? { status: request.status } : {}),
    ...(request.verificationUrl ? { verificationUrl: request.verificationUrl } : {}),
    ...(request.verificationCode ? { verificationCode: request.verificationCode } : {}),
    ...(request.preview ? { preview: true } : {}),
    ...(request.eReceipt ? { eReceipt: true } : {}),
  });
  return renderDocument(doc, request.format, { printer, font: request.font, ...(request.title ? { title: request.title } : {}) });
}

/** A laid-out (or parsed) document in any format: the one path from document to text, picture, PDF or bytes. */
export function renderDocument(doc: ReceiptDocument, format: ReceiptFormat, options: { printer: PrinterProfile; font: FontLoader; title?: string }): RenderedReceipt {
  const contentType = CONTENT_TYPES[format];
  switch (format) {
    case 'text':
      return { contentType, body: renderText(doc), doc };
    case 'html':
      return { contentType, body: renderHtml(doc), doc };
    case 'png':
      return { contentType, body: renderPng(doc, { font: options.font }), doc };
    case 'escpos':
      return { contentType, body: encodeEscPos(doc, options.printer), doc };
    case 'pdf':
      // One page the size of the paper, holding the picture: what prints is what the PDF shows.
      return { contentType, body: pdfFromPng(renderPng(doc, { font: options.font }), { dpi: options.printer.paper.dpi, ...(options.title ? { title: options.title } : {}) }), doc };
  }
}

/** Paper a document takes in millimetres, for the printer's paper counter and head-cleaning reminder. */
export function paperLengthMm(doc: ReceiptDocument, dpi: number): number {
  return Math.round((layoutScene(doc, { measure: true }).height / (dpi / 25.4)) * 10) / 10;
}
