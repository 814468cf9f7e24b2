/**
 * A chain of shops: each shop's outbox pushes its journal to head office, which checks every
 * chain as it comes in, searches across shops, and can give a lost shop its journal back.
 * Its only public door.
 */
export { HeadOffice, INTEGRITY_ALERT, SETTINGS_KEPT, SETTINGS_READ, type HeadOfficeOptions } from './head-office.js';
export type { Shop, ShopRecord, ShopRegistry } from './shop-registry.js';
export { SqlShopRegistry } from './adapters/sql-shop-registry.js';
export { SHOPS_SCHEMA } from './adapters/shop-tables.js';
export { TOKEN_PREFIX, MAX_BATCH_EVENTS, MAX_BATCH_BYTES, SYNC_PATHS, pushBodySchema, eventsQuerySchema, settingsBodySchema, replicaEventSchema, type HeadsAnswer, type ChainHeadView, type PushBody, type PushAnswer, type EventsAnswer, type SettingsAnswer } from './sync-protocol.js';
export type { HeadOfficeLink } from './head-office-link.js';
export { HttpHeadOfficeLink, type HttpLinkOptions } from './adapters/http-head-office-link.js';
export { inProcessHeadOfficeLink } from './adapters/in-process-head-office-link.js';
export { sealSettings, openSettings, MAX_SEALED_CHARS, type ShopSettings } from './sealed-settings.js';
export { Outbox, ShopDivergedError, runSyncLoop, syncStatus, backoffMs, SYNC_STATE_KEY, LAST_ERROR_SEPARATOR, type OutboxOptions, type SyncState, type SyncStatus, type RoundResult, type SyncLoopOptions } from './outbox.js';
export { restoreFromHeadOffice, type RestoreFromHeadOfficeResult } from './restore-from-head-office.js';
