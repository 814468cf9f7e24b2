import { DocumentBuilder, type ParsedDocument } from './document-builder.js';
import { EscPosParser, type ParserOptions } from './esc-pos-parser.js';

export interface ParseDocumentOptions extends ParserOptions {
  /** Paper the bytes were meant for; otherwise taken from GS W when sent, else 80 mm at 203 dpi. */
  paper?: { columns: number; dots: number };
}

/** Bytes (ours or any ESC/POS encoder's) → the ReceiptDocument they print. */
export function parseToDocument(bytes: Uint8Array, options: ParseDocumentOptions = {}): ParsedDocument {
  const parser = new EscPosParser(options);
  const builder = new DocumentBuilder(options.paper);
  for (const cmd of parser.feed(bytes)) builder.add(cmd);
  for (const cmd of parser.end()) builder.add(cmd);
  return builder.finish();
}
