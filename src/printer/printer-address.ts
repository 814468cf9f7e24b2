import { InputError } from '../core/index.js';
import { parseHostPort } from './printer-directory.js';

/** Serial speeds stty sets; receipt printers use 9600 to 115200. */
export const SERIAL_BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600] as const;
const DEFAULT_BAUD = 9600;

/**
 * Where a printer is: on the network (raw TCP, port 9100), a USB printer-class device file
 * (/dev/usb/lp0), or a serial port with its speed (serial:/dev/ttyUSB0:9600, 8 data bits,
 * no parity, 1 stop bit).
 */
export type PrinterAddress =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'device'; readonly path: string }
  | { readonly kind: 'serial'; readonly path: string; readonly baud: number };

const USAGE = 'give HOST:PORT (192.168.1.50:9100), a device file (/dev/usb/lp0) or serial:DEVICE:BAUD (serial:/dev/ttyUSB0:9600)';

/** "192.168.1.50:9100", "/dev/usb/lp0", "serial:/dev/ttyUSB0:9600" → an address; anything else is BAD_PRINTER_ADDRESS. */
export function parsePrinterAddress(text: string): PrinterAddress {
  const trimmed = text.trim();
  if (trimmed.startsWith('serial:')) {
    const match = /^serial:(\/[^:\s]+)(?::(\d+))?$/.exec(trimmed);
    if (!match) throw badAddress(trimmed, 'a serial printer is serial:DEVICE or serial:DEVICE:BAUD with an absolute device path', { rule: 'serial' });
    const baud = match[2] === undefined ? DEFAULT_BAUD : Number(match[2]);
    if (!(SERIAL_BAUD_RATES as readonly number[]).includes(baud)) {
      throw badAddress(trimmed, `${match[2]} is not a serial speed; use one of ${SERIAL_BAUD_RATES.join(', ')} (the printer's self-test page shows it)`, {
        rule: 'baud',
        baud: match[2],
        allowed: SERIAL_BAUD_RATES,
      });
    }
    return { kind: 'serial', path: match[1] ?? '', baud };
  }
  if (trimmed.startsWith('/')) {
    if (/\s/.test(trimmed)) throw badAddress(trimmed, 'a device path has no blanks', { rule: 'blank' });
    return { kind: 'device', path: trimmed };
  }
  const hostPort = parseHostPort(trimmed);
  if (!hostPort || !/:\d+$/.test(trimmed)) throw badAddress(trimmed, USAGE);
  return { kind: 'tcp', host: hostPort.host, port: hostPort.port };
}

/** "tcp://192.168.1.50:9100", "device:/dev/usb/lp0", "serial:/dev/ttyUSB0:9600", for messages and events. */
export function formatPrinterAddress(address: PrinterAddress): string {
  if (address.kind === 'tcp') return `tcp://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
  if (address.kind === 'device') return `device:${address.path}`;
  return `serial:${address.path}:${address.baud}`;
}

/** `said`: which form was meant (a rule the catalog words) and the values its wording names. */
function badAddress(text: string, hint: string, said: Record<string, unknown> = {}): InputError {
  return new InputError('BAD_PRINTER_ADDRESS', `"${text}" is not a printer address`, { hint, context: { address: text, ...said } });
}
