import type { ReceiptLanguage } from '../receipt/index.js';
import type { ReissueConfig } from './config-schema.js';

/** How receipts come out of one printer: its model (paper, columns, code page) and language. */
export interface PrinterOutput {
  /** Printer model id, e.g. generic-80. */
  printer: string;
  /** Absent: the receipt's own default (bank slips bilingual, retail receipts Chinese). */
  language?: ReceiptLanguage;
}

/**
 * The one answer to "what does a receipt look like on this printer?", used by the spooler
 * when it renders a job and by the preview, so that the preview is what prints. A printer
 * the configuration does not name (HOST:PORT) prints as `model` in the receipt's language.
 */
export function printerOutput(config: Pick<ReissueConfig, 'printers'>, name: string, model: string): PrinterOutput {
  const configured = config.printers.find((p) => p.name === name);
  return { printer: configured?.model ?? model, ...(configured?.language ? { language: configured.language } : {}) };
}
