import { defineTable, type SchemaSpec } from '../../sql/index.js';

/**
 * Head office's register of shops: one row a shop, its push token kept as a SHA-256 hash
 * only. Not append-only: a revocation and the time of the last push are written in place
 * (the pushes themselves are in the journal).
 */
export const shopsTable = defineTable({
  name: 'hq_shops',
  columns: {
    id: { type: 'text', primaryKey: true, bytewise: true },
    name: { type: 'text' },
    tokenHash: { type: 'text' },
    /** Epoch ms. */
    addedAt: { type: 'bigint' },
    revokedAt: { type: 'bigint', nullable: true },
    lastPushAt: { type: 'bigint', nullable: true },
  },
});

/**
 * Each shop's journal settings, sealed by the shop with its token (sealed-settings.ts): head
 * office keeps them for a restore and cannot read them. Replaced when the shop sends them again.
 */
export const shopSettingsTable = defineTable({
  name: 'hq_shop_settings',
  columns: {
    storeId: { type: 'text', primaryKey: true, bytewise: true },
    sealed: { type: 'text' },
    /** Epoch ms. */
    storedAt: { type: 'bigint' },
  },
});

export const SHOPS_SCHEMA: SchemaSpec = {
  name: 'hq',
  // 2: hq_shop_settings.
  version: '2',
  versionKey: 'hqSchemaVersion',
  tables: [shopsTable, shopSettingsTable],
};
