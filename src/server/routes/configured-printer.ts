import { InputError, NotFoundError } from '../../core/index.js';
import type { Runtime } from '../runtime.js';

/**
 * Over HTTP a printer is one the configuration names: an address comes only from the
 * configuration or the command line, so no client sends a receipt, or a probe, to a host
 * and port of its choosing.
 */
export function configuredPrinter(rt: Runtime, name: string): string {
  const known = rt.deps.config.printers.map((p) => p.name);
  if (!known.includes(name)) {
    throw new NotFoundError('UNKNOWN_PRINTER', `no printer "${name}" in the configuration`, {
      hint: 'see GET /api/v1/printers for the configured printers; a new printer is added by name in the configuration file',
      context: { printer: name, known, rule: 'configured' },
    });
  }
  return name;
}

/** The printer a print goes to: the configured one asked for, else the configured default. */
export function printerFor(rt: Runtime, asked: string | undefined): string {
  if (asked !== undefined) return configuredPrinter(rt, asked);
  const printer = rt.deps.config.defaultPrinter;
  if (printer === undefined) {
    throw new InputError('PRINTER_REQUIRED', 'which printer? no printer was given and the configuration has no defaultPrinter', {
      hint: 'send "printer": NAME (see GET /api/v1/printers), or set "defaultPrinter" in the configuration file',
      context: { path: 'printer' },
    });
  }
  return printer;
}
