export { renderReceipt, renderDocument, paperLengthMm, resolvePrinter, parseReceiptFormat, ReceiptFormats, CONTENT_TYPES, type ReceiptFormat, type RenderRequest, type RenderedReceipt } from './render-receipt.js';
export { pdfFromPng, readGrayPng, type PdfOptions, type PngInfo } from './pdf-from-png.js';
