import type { PrinterByteLink } from './byte-link.js';
import { openDeviceLink } from './device-link.js';
import { LinkedPrinter, type LinkedPrinterOptions } from './linked-printer.js';
import { formatPrinterAddress, type PrinterAddress } from './printer-address.js';
import type { PrinterTimers } from './printer-port.js';
import { configureSerialPort, execRunner, type CommandRunner } from './serial-setup.js';
import { connectTcpLink } from './tcp-link.js';

export interface OpenLinkOptions {
  /** TCP only; default 3000 ms. */
  connectTimeoutMs?: number;
  /** Default 10000 ms. */
  writeTimeoutMs?: number;
  /** TCP only: after end(), how long the printer may take to read the rest and close; default 1000 ms. */
  closeGraceMs?: number;
  /** Device files: how answers are read (see DeviceLinkOptions.reads). */
  reads?: 'stream' | 'poll';
  timers?: PrinterTimers;
  /** Runs stty for serial ports; tests may swap it. */
  run?: CommandRunner;
}

/** A raw link to the printer at any address: TCP, a device file, or a serial port set to its speed and 8N1 first. */
export async function openPrinterLink(address: PrinterAddress, options: OpenLinkOptions = {}): Promise<PrinterByteLink> {
  const common = { writeTimeoutMs: options.writeTimeoutMs, timers: options.timers };
  switch (address.kind) {
    case 'tcp':
      return connectTcpLink({ ...common, host: address.host, port: address.port, connectTimeoutMs: options.connectTimeoutMs, closeGraceMs: options.closeGraceMs });
    case 'device':
      return openDeviceLink({ ...common, path: address.path, address: formatPrinterAddress(address), reads: options.reads });
    case 'serial':
      await configureSerialPort(address.path, address.baud, options.run ?? execRunner);
      return openDeviceLink({ ...common, path: address.path, address: formatPrinterAddress(address), reads: options.reads ?? 'stream' });
  }
}

/** The Printer port (status, completion, faults) for a printer at any address. */
export async function openPrinter(address: PrinterAddress, options: OpenLinkOptions & LinkedPrinterOptions = {}): Promise<LinkedPrinter> {
  return new LinkedPrinter(await openPrinterLink(address, options), options);
}
