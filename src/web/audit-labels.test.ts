/**
 * The audit page against the code: every type of entry anything in src/ writes to the audit
 * chain has its label in the page's English and Chinese, so no supervisor reads a raw type
 * such as "print.original". New types cannot slip in without their labels.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { AuditEventTypes } from '../auth/index.js';
import { EventTypes } from '../journal/index.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceTexts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceTexts(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

const TEXTS = sourceTexts(SRC);
const ALL = TEXTS.join('\n');

/** A constant's string value, wherever in src/ it is declared. */
function constant(name: string): string {
  const found = new RegExp(`\\b${name}\\s*=\\s*'([^']+)'`).exec(ALL);
  if (!found?.[1]) throw new Error(`${name} is written to the audit chain but its value was not found`);
  return found[1];
}

/** Every audit type written: the auth module's, and each literal, constant or journal event type at a way into the audit chain. */
function writtenTypes(): Set<string> {
  const types = new Set<string>(AuditEventTypes);
  const byHook = /\b(?:audit|appendAudit)\(\s*(?:'([a-z-]+\.[a-z-]+)'|([A-Z][A-Z_]+)\s*,)/g;
  const byChain = /\bappend\(\s*AUDIT_CHAIN\s*,\s*(?:'([a-z-]+\.[a-z-]+)'|EventTypes\.(\w+))/g;
  for (const text of TEXTS) {
    for (const [, literal, name] of text.matchAll(byHook)) types.add(literal ?? constant(name ?? ''));
    for (const [, literal, member] of text.matchAll(byChain)) types.add(literal ?? (EventTypes as Record<string, string>)[member ?? ''] ?? `EventTypes.${member}`);
  }
  return types;
}

// The dictionary picks its first language from the browser's when it loads.
vi.stubGlobal('navigator', { language: 'zh-CN' });
const { isKey } = await import('./i18n.js');

describe('the audit page names every entry', () => {
  const types = writtenTypes();

  it('finds the ways entries are written (the scan itself works)', () => {
    for (const known of ['reprint.issued', 'print.original', 'print.refused', 'integrity.alert', 'shop.added', 'sync.settings-kept', 'login.failed', 'access.denied']) expect(types).toContain(known);
  });

  it('has a zh/en label for each type written to the audit chain', () => {
    expect([...types].filter((type) => !isKey(`event.${type}`))).toEqual([]);
  });
});
