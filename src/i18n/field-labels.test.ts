/**
 * Every field a person can send has a label in both languages: the fields of a transaction
 * and of every request body and query the API reads, and of the configuration file.
 */
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/config-schema.js';
import * as schemas from '../server/schemas.js';
import { fieldEntry } from './index.js';

type Def = { type?: string; innerType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; shape?: Record<string, z.ZodType>; in?: z.ZodType };

/** Every field path of a schema ("items[0].unitPrice"), lists entered at [0]. */
function paths(schema: z.ZodType, prefix = ''): string[] {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) => {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        return [path, ...paths(child, path)];
      });
    case 'array':
      return def.element ? paths(def.element, `${prefix}[0]`) : [];
    case 'union':
      return (def.options ?? []).flatMap((option) => paths(option, prefix));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
      return def.innerType ? paths(def.innerType, prefix) : [];
    case 'pipe':
      return def.in ? paths(def.in, prefix) : [];
    default:
      return [];
  }
}

const SCHEMAS: Record<string, z.ZodType> = {
  recordBody: schemas.recordBodyDoc,
  loginBody: schemas.loginBody,
  searchQuery: schemas.searchQuery,
  receiptQuery: schemas.receiptQuery,
  printBody: schemas.printBody,
  reprintBody: schemas.reprintBody,
  locatedReprintBody: schemas.locatedReprintBody,
  eReceiptBody: schemas.eReceiptBody,
  auditQuery: schemas.auditQuery,
  printersQuery: schemas.printersQuery,
  reportQuery: schemas.reportQuery,
  newUserBody: schemas.newUserBody,
  configuration: configSchema,
};

describe('field labels cover every field people send', () => {
  it('walks the schemas (the walk itself works)', () => {
    expect(paths(schemas.recordBodyDoc)).toContain('transactions[0].items[0].unitPrice');
    expect(paths(configSchema)).toContain('printers[0].backup');
  });

  it.each(Object.entries(SCHEMAS))('%s: every field has a Chinese and an English label', (_, schema) => {
    const missing = [...new Set(paths(schema))].filter((path) => {
      const entry = fieldEntry(path);
      return !entry || entry.zh.trim() === '' || entry.en.trim() === '';
    });
    expect(missing).toEqual([]);
  });
});
