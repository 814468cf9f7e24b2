export { type Printer, type PrinterTimers, systemPrinterTimers } from './printer-port.js';
export {
  PrinterError,
  PrinterUnreachableError,
  NotAPrinterError,
  PrinterDisconnectedError,
  PrinterTimeoutError,
  PrinterFaultError,
  DeviceError,
  DeviceErrorCodes,
  type DeviceErrorCode,
  printerFaults,
  isReady,
} from './errors.js';
export { EscPosLink, combineStatus, processIdRequest, checkJobId, type ByteChannel, type LinkOptions } from './escpos-link.js';
export { TcpPrinter, connectTcpPrinter, type TcpPrinterOptions } from './tcp-printer.js';
export { LinkedPrinter, type LinkedPrinterOptions } from './linked-printer.js';
export { LinkState, type PrinterByteLink, type PrinterLinkOpener } from './byte-link.js';
export { connectTcpLink, type TcpLinkOptions } from './tcp-link.js';
export { openDeviceLink, type DeviceLinkOptions } from './device-link.js';
export { configureSerialPort, serialSettings, type CommandRunner } from './serial-setup.js';
export { openPrinterLink, openPrinter, type OpenLinkOptions } from './open-link.js';
export { parsePrinterAddress, formatPrinterAddress, SERIAL_BAUD_RATES, type PrinterAddress } from './printer-address.js';
export { Spooler, type SpoolerOptions, type WaitOptions, type DuplicateRequest, type DuplicateNumbering, type CaptureHandOver } from './spooler.js';
export { type PrinterReport } from './printer-report.js';
export { type EnqueueRequest } from './enqueue-rules.js';
export { receiptJobOptions, reportJobOptions, encodeJobOptions, receiptOptionsOf, receiptOptionsAsSent, reportOptionsOf, type PrintedWith, type ReceiptJobOptions, type ReportJobOptions, type PrintJobOptions } from './job-options.js';
export { originalRequests } from './original-requests.js';
export { DEFAULT_SPOOLER_SETTINGS, spoolerSettings, retryDelay, type SpoolerSettings } from './spooler-settings.js';
export { PrintConflictError, PrintConflictCodes, PrintWaitTimeoutError, type PrintConflictCode } from './spooler-errors.js';
export { PrintEventTypes, PRINT_EVENT_TYPES, PrinterEventTypes, printerChain, type PrintEventType, type SpoolerEvent, type SpoolerFailure } from './spooler-events.js';
export { printerDirectory, parseHostPort, PRINTER_NAME, PRINTER_NAME_RULE, type PrinterDirectory, type PrinterTarget, type PrinterEntry } from './printer-directory.js';
export { type RenderedJob } from './printer-worker.js';
export { markerId } from './completion.js';
export { testPageDocument, renderTestPage } from './test-page.js';
export { tcpConnector, printerConnector } from './tcp-connector.js';
export { jobDetail, readJobDetail, JobDetailCodes, type JobDetail, type JobDetailCode } from './job-detail.js';
