import { migrate, type SqlDialect } from '../../sql/index.js';
import type { Shop, ShopRecord, ShopRegistry } from '../shop-registry.js';
import { SHOPS_SCHEMA, shopSettingsTable, shopsTable } from './shop-tables.js';

const SELECT = `SELECT ${shopsTable.select()} FROM hq_shops`;
const INSERT = shopsTable.insertOrIgnore(['id']);
const KEEP_SETTINGS = shopSettingsTable.upsert(['storeId']);
const SETTINGS = `SELECT ${shopSettingsTable.select()} FROM hq_shop_settings WHERE store_id = ?`;

/** The shop register on any SQL engine (head office runs it on PostgreSQL, beside the journal). Owns its dialect. */
export class SqlShopRegistry implements ShopRegistry {
  private constructor(private readonly db: SqlDialect) {}

  static async open(db: SqlDialect): Promise<SqlShopRegistry> {
    try {
      await migrate(db, SHOPS_SCHEMA);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw db.openFailure('shop register', error);
    }
    return new SqlShopRegistry(db);
  }

  async insert(shop: ShopRecord): Promise<boolean> {
    return (await this.db.run(INSERT, shopsTable.values(shop))) === 1;
  }

  async get(id: string): Promise<ShopRecord | undefined> {
    const row = await this.db.get(`${SELECT} WHERE id = ?`, [id]);
    return row ? shopsTable.decode(row) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<ShopRecord[]> {
    if (ids.length === 0) return [];
    return (await this.db.all(`${SELECT} WHERE id IN (${ids.map(() => '?').join(', ')})`, ids)).map((row) => shopsTable.decode(row));
  }

  async list(): Promise<Shop[]> {
    return (await this.db.all(`${SELECT} ORDER BY id`)).map((row) => {
      const { tokenHash: _hidden, ...shop } = shopsTable.decode(row);
      return shop;
    });
  }

  async revoke(id: string, at: number): Promise<boolean> {
    return (await this.db.run('UPDATE hq_shops SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?', [at, id])) === 1;
  }

  async keepSettings(id: string, sealed: string, at: number): Promise<void> {
    await this.db.run(KEEP_SETTINGS, shopSettingsTable.values({ storeId: id, sealed, storedAt: at }));
  }

  async settings(id: string): Promise<{ sealed: string; storedAt: number } | undefined> {
    const row = await this.db.get(SETTINGS, [id]);
    if (!row) return undefined;
    const { sealed, storedAt } = shopSettingsTable.decode(row);
    return { sealed, storedAt };
  }

  async pushed(shops: readonly { id: string; at: number }[]): Promise<void> {
    if (shops.length === 0) return;
    const cases = shops.map(() => 'WHEN ? THEN CAST(? AS BIGINT)').join(' ');
    await this.db.run(`UPDATE hq_shops SET last_push_at = CASE id ${cases} END WHERE id IN (${shops.map(() => '?').join(', ')})`, [...shops.flatMap((s) => [s.id, s.at]), ...shops.map((s) => s.id)]);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

