import type { PrinterTarget } from './printer-directory.js';
import type { Printer } from './printer-port.js';
import { connectTcpPrinter, type TcpPrinterOptions } from './tcp-printer.js';

/** The spooler's `connect` for network printers: TCP to the target's host and port. */
export function tcpConnector(options: Omit<TcpPrinterOptions, 'host' | 'port'> = {}): (target: PrinterTarget) => Promise<Printer> {
  return (target) => connectTcpPrinter({ ...options, host: target.host, port: target.port });
}
