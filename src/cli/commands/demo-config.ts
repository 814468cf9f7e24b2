import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseConfig, type ReissueConfig } from '../../config/index.js';

export const DEMO_PRINTER = 'counter';

/**
 * The demo's virtual printer written into the configuration beside the journal
 * (data/reissue.config.json), so that `reissue reprint`, `print` and `printers` run next to
 * the demo know "counter" and print on it. Printers already in that file are kept; only the
 * counter's address (its port may differ from run to run) is set.
 */
export function writeDemoConfig(file: string, address: string): ReissueConfig {
  let raw: Record<string, unknown> = {};
  if (existsSync(file)) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
  }
  const printers = (Array.isArray(raw.printers) ? raw.printers : []).filter((p: unknown) => (p as { name?: unknown } | null)?.name !== DEMO_PRINTER);
  const next = { ...raw, printers: [{ name: DEMO_PRINTER, address }, ...printers], defaultPrinter: raw.defaultPrinter ?? DEMO_PRINTER };
  const config = parseConfig(next, file);
  writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
  return config;
}
