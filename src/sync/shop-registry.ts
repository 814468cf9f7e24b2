/** A shop as head office knows it (never its token). */
export interface Shop {
  id: string;
  name: string;
  /** Epoch ms. */
  addedAt: number;
  revokedAt: number | null;
  /** When head office last took events from it (epoch ms). */
  lastPushAt: number | null;
}

export interface ShopRecord extends Shop {
  /** SHA-256 of the token's secret, hex. */
  tokenHash: string;
}

/** Where head office keeps its shops: the port (SqlShopRegistry is its adapter). */
export interface ShopRegistry {
  /** Adds a shop; false when the id is taken. */
  insert(shop: ShopRecord): Promise<boolean>;
  get(id: string): Promise<ShopRecord | undefined>;
  /** The shops of these ids that are registered, in no particular order. */
  getMany(ids: readonly string[]): Promise<ShopRecord[]>;
  list(): Promise<Shop[]>;
  /** Marks a shop revoked (its token stops working); false when there is no such shop. */
  revoke(id: string, at: number): Promise<boolean>;
  /** Keeps a shop's sealed settings (epoch ms), replacing what it sent before. */
  keepSettings(id: string, sealed: string, at: number): Promise<void>;
  /** A shop's sealed settings as last sent, if it sent any. */
  settings(id: string): Promise<{ sealed: string; storedAt: number } | undefined>;
  /** Notes when shops last pushed (epoch ms), several in one write. */
  pushed(shops: readonly { id: string; at: number }[]): Promise<void>;
  close(): Promise<void>;
}
