import { openPrinter } from './open-link.js';
import type { PrinterTarget } from './printer-directory.js';
import type { Printer } from './printer-port.js';
import { connectTcpPrinter, type TcpPrinterOptions } from './tcp-printer.js';

/** The spooler's `connect` for network printers: TCP to the target's host and port. */
export function tcpConnector(options: Omit<TcpPrinterOptions, 'host' | 'port'> = {}): (target: PrinterTarget) => Promise<Printer> {
  return (target) => connectTcpPrinter({ ...options, host: target.host, port: target.port });
}

/** The spooler's `connect` for every kind of printer: TCP, or the target's USB device file or serial port. */
export function printerConnector(options: Omit<TcpPrinterOptions, 'host' | 'port'> = {}): (target: PrinterTarget) => Promise<Printer> {
  const tcp = tcpConnector(options);
  return (target) => (target.device ? openPrinter(target.device, options) : tcp(target));
}
