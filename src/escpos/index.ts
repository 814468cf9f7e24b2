export {
  PrinterModels,
  type PrinterModel,
  type PrinterProfile,
  type PrinterIdentity,
  TextEncodings,
  type TextEncoding,
  CutterKinds,
  type CutterKind,
  PRINTER_PROFILES,
  printerProfile,
} from './printer-profiles.js';
export { encodeEscPos, type EncodeOptions, QR_DEFAULT_MODULE, BARCODE_DEFAULT_HEIGHT, BARCODE_DEFAULT_MODULE } from './encode-esc-pos.js';
export { barcodePayload, checkDigit } from './barcode-data.js';
export { QR_MAX_BYTES, qrRaster } from './qr-raster.js';
export { decodeQrRaster, type DecodedQr } from './qr-decode.js';
export { type EscPosCommand, type EscPosCommandType, type QueryCommand, type UnknownCommand, type Raster, isQuery } from './commands.js';
export { EscPosParser, parseEscPos, type ParserOptions, type CommandSpan } from './esc-pos-parser.js';
export { parseToDocument, type ParseDocumentOptions } from './parse-to-document.js';
export { DocumentBuilder, MAX_DOCUMENT_CELLS, type ParsedDocument } from './document-builder.js';
export {
  type PrinterState,
  READY_STATE,
  StatusRequests,
  type StatusRequest,
  type StatusOptions,
  encodeStatusResponse,
  decodeStatusResponse,
  decodePrinterStatus,
  decodeOfflineCause,
  decodeErrorCause,
  decodePaperSensor,
  isStatusByte,
  encodeAsb,
  decodeAsb,
  isAsbHeader,
} from './printer-status.js';
export {
  encodeProcessIdResponse,
  decodeProcessIdResponse,
  encodePrinterIdResponse,
  decodePrinterIdResponse,
  responseTo,
  type ResponderContext,
} from './printer-responses.js';
export { StatusReader, type PendingQuery, type PrinterResponse } from './status-reader.js';
