export { type Printer, type PrinterTimers, systemPrinterTimers } from './printer-port.js';
export {
  PrinterError,
  PrinterUnreachableError,
  PrinterDisconnectedError,
  PrinterTimeoutError,
  PrinterFaultError,
  printerFaults,
  isReady,
} from './errors.js';
export { EscPosLink, combineStatus, processIdRequest, checkJobId, type ByteChannel, type LinkOptions } from './escpos-link.js';
export { TcpPrinter, connectTcpPrinter, type TcpPrinterOptions } from './tcp-printer.js';
