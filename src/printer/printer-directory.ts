import { ConfigError, NotFoundError } from '../core/index.js';
import { printerProfile, type PrinterProfile } from '../escpos/index.js';
import { formatPrinterAddress, parsePrinterAddress, type PrinterAddress } from './printer-address.js';

/** One printer as the spooler addresses it. */
export interface PrinterTarget {
  /** What jobs and events call it: a configured name, or "HOST:PORT" for a printer not in the configuration. */
  name: string;
  host: string;
  port: number;
  /** "tcp://HOST:PORT", "device:/dev/usb/lp0" or "serial:/dev/ttyUSB0:9600", for messages and journal events. */
  address: string;
  /** A printer on a USB device file or a serial port (host and port are then empty). */
  device?: Extract<PrinterAddress, { kind: 'device' | 'serial' }>;
  /** The model's profile: it decides how completion is confirmed (GS ( H or a status read). */
  profile: PrinterProfile;
  /** Name of the printer that takes this one's jobs when it fails. */
  backup?: string;
  /** A label for printers that stand in for each other (e.g. "counter"). */
  group?: string;
}

/**
 * Where the spooler finds printers by name. The composition root implements it from the
 * configuration file; printerDirectory() below is a ready implementation over a list.
 */
export interface PrinterDirectory {
  /** A configured name or HOST:PORT → its target; anything else throws (NotFoundError UNKNOWN_PRINTER). */
  resolve(nameOrAddress: string): PrinterTarget;
  /** The configured printers, for `reissue printers`. */
  list(): PrinterTarget[];
}

export interface PrinterEntry {
  name: string;
  /** A network printer's host; empty for a device printer. */
  host: string;
  /** A printer on a USB device file or a serial port instead of the network. */
  device?: Extract<PrinterAddress, { kind: 'device' | 'serial' }>;
  /** Default 9100. */
  port?: number;
  /** A PrinterModel id; default generic-80. */
  model?: string;
  backup?: string;
  group?: string;
}

/** What a printer may be called, in the configuration and everywhere a name is taken. */
export const PRINTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
export const PRINTER_NAME_RULE = 'a printer name is 1–32 letters, digits, - or _, e.g. "front" or "kitchen-2"';

const HOST_PORT = /^(\[[^\]]+\]|[^:\s[\]]+)(?::(\d{1,5}))?$/;

/** "HOST:PORT" or "HOST" (port 9100) → parts; undefined when the text is not an address. */
export function parseHostPort(text: string): { host: string; port: number } | undefined {
  const match = HOST_PORT.exec(text.trim());
  if (!match) return undefined;
  const port = match[2] === undefined ? 9100 : Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port };
}

function target(entry: PrinterEntry, defaultModel: string): PrinterTarget {
  if (entry.device) {
    return {
      name: entry.name,
      host: '',
      port: 0,
      address: formatPrinterAddress(entry.device),
      device: entry.device,
      profile: printerProfile(entry.model ?? defaultModel),
      ...(entry.backup ? { backup: entry.backup } : {}),
      ...(entry.group ? { group: entry.group } : {}),
    };
  }
  const port = entry.port ?? 9100;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError('BAD_PRINTER_PORT', `printer "${entry.name}": port must be 1-65535 (got ${port})`, { hint: 'network printers listen on 9100', context: { printer: entry.name, port } });
  }
  const host = entry.host.includes(':') ? `[${entry.host}]` : entry.host;
  return {
    name: entry.name,
    host: entry.host,
    port,
    address: `tcp://${host}:${port}`,
    profile: printerProfile(entry.model ?? defaultModel),
    ...(entry.backup ? { backup: entry.backup } : {}),
    ...(entry.group ? { group: entry.group } : {}),
  };
}

/**
 * A directory over a fixed list of printers. Any other HOST:PORT, device file (/dev/usb/lp0)
 * or serial port (serial:/dev/ttyUSB0:9600) resolves too, as a printer of the default model
 * with no backup, so `--printer 127.0.0.1:9100` works unconfigured.
 */
export function printerDirectory(entries: readonly PrinterEntry[], options: { defaultModel?: string } = {}): PrinterDirectory {
  const defaultModel = options.defaultModel ?? 'generic-80';
  printerProfile(defaultModel);
  const byName = new Map<string, PrinterTarget>();
  for (const entry of entries) {
    if (!PRINTER_NAME.test(entry.name)) {
      throw new ConfigError('BAD_PRINTER_NAME', `printer name "${entry.name}" is not allowed`, { hint: PRINTER_NAME_RULE, context: { printer: entry.name } });
    }
    if (byName.has(entry.name)) throw new ConfigError('DUPLICATE_PRINTER', `printer "${entry.name}" is configured twice`, { hint: 'give each printer its own name', context: { printer: entry.name } });
    byName.set(entry.name, target(entry, defaultModel));
  }
  for (const t of byName.values()) {
    if (t.backup === undefined) continue;
    if (t.backup === t.name) throw new ConfigError('BACKUP_IS_SELF', `printer "${t.name}" names itself as its backup`, { hint: 'name another printer as backup, or none', context: { printer: t.name } });
    if (!byName.has(t.backup)) {
      throw new ConfigError('UNKNOWN_BACKUP', `printer "${t.name}" names "${t.backup}" as backup, which is not configured`, { hint: `configure "${t.backup}" or pick one of ${[...byName.keys()].join(', ')}`, context: { printer: t.name, backup: t.backup, known: [...byName.keys()] } });
    }
  }
  return {
    resolve(nameOrAddress) {
      const text = nameOrAddress.trim();
      const named = byName.get(text);
      if (named) return named;
      if (text.startsWith('/') || text.startsWith('serial:')) {
        const device = parsePrinterAddress(text);
        if (device.kind === 'tcp') throw new Error('unreachable: a path is never a network address');
        const address = formatPrinterAddress(device);
        for (const t of byName.values()) if (t.address === address) return t;
        return target({ name: device.kind === 'device' ? device.path : address, host: '', device }, defaultModel);
      }
      const address = parseHostPort(text);
      // Only a text with a port is taken for an address, so a mistyped name is not dialled as a host.
      if (address && /:\d+$/.test(text)) {
        for (const t of byName.values()) if (t.host === address.host && t.port === address.port) return t;
        return target({ name: `${address.host}:${address.port}`, host: address.host, port: address.port }, defaultModel);
      }
      const known = [...byName.keys()];
      throw new NotFoundError('UNKNOWN_PRINTER', `no printer "${text}"`, {
        hint: known.length > 0 ? `use one of ${known.join(', ')} or HOST:PORT (e.g. 192.168.1.50:9100)` : 'give the printer as HOST:PORT (e.g. 192.168.1.50:9100) or configure it by name',
        context: { printer: text, known },
      });
    },
    list: () => [...byName.values()],
  };
}
