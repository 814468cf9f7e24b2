/**
 * The audit trail's words against the code: every type of entry anything in src/ writes to the
 * audit chain has its label on the audit page (English and Chinese) and in `reissue audit`
 * (zh/en), so no supervisor reads a raw type such as "print.original". New types cannot slip
 * in without their labels.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { AuditEventTypes } from '../src/auth/index.js';
import { AUDIT_EVENT_WORDS } from '../src/i18n/index.js';
import { EventTypes } from '../src/journal/index.js';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

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

// The pages' dictionary is browser code (typed against the DOM by tsconfig.web.json, not here);
// it picks its first language from the browser's when it loads.
vi.stubGlobal('navigator', { language: 'zh-CN' });
const PAGE_DICTIONARY = '../src/web/i18n.js';
const { isKey } = (await import(PAGE_DICTIONARY)) as { isKey: (key: string) => boolean };

describe('the audit page names every entry', () => {
  const types = writtenTypes();

  it('finds the ways entries are written (the scan itself works)', () => {
    for (const known of ['reprint.issued', 'print.original', 'print.refused', 'integrity.alert', 'shop.added', 'sync.settings-kept', 'login.failed', 'access.denied']) expect(types).toContain(known);
  });

  it('has a zh/en label on the audit page for each type written to the audit chain', () => {
    expect([...types].filter((type) => !isKey(`event.${type}`))).toEqual([]);
  });

  it('has zh/en words in `reissue audit` for each type written to the audit chain', () => {
    expect([...types].filter((type) => AUDIT_EVENT_WORDS[type]?.zh === undefined || AUDIT_EVENT_WORDS[type]?.en === undefined)).toEqual([]);
  });
});
