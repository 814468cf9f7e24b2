import type { Socket } from 'node:net';
import { LinkedPrinter, type LinkedPrinterOptions } from './linked-printer.js';
import { connectTcpLink } from './tcp-link.js';

export interface TcpPrinterOptions extends LinkedPrinterOptions {
  host: string;
  /** Default 9100, the raw printing port. */
  port?: number;
  /** Default 3000 ms. */
  connectTimeoutMs?: number;
  /** A write the printer does not take within this long means it stopped reading; default 10000 ms. */
  writeTimeoutMs?: number;
  /** TCP keepalive probe delay; default 5000 ms. */
  keepAliveMs?: number;
  /** Makes the socket; tests swap it. Default: net.connect. */
  connect?: (host: string, port: number) => Socket;
}

/** A network printer on raw TCP (port 9100): the Printer port over a socket. */
export class TcpPrinter extends LinkedPrinter {
  /** Connects, or fails with PrinterUnreachableError (refused, unreachable, or no answer within connectTimeoutMs). */
  static async connect(options: TcpPrinterOptions): Promise<TcpPrinter> {
    return new TcpPrinter(await connectTcpLink(options), options);
  }
}

/** Connects to a printer on raw TCP. */
export function connectTcpPrinter(options: TcpPrinterOptions): Promise<TcpPrinter> {
  return TcpPrinter.connect(options);
}
