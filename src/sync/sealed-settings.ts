import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { IntegrityError } from '../core/index.js';

/**
 * A shop's journal settings as head office keeps them: sealed with a key only the shop's
 * token gives (HKDF-SHA256 of the token, AES-256-GCM), so head office — which keeps the
 * token hashed — holds them without being able to read them. Chief among them is the key
 * the shop's receipt codes and e-receipt links are signed with: a shop rebuilt from head
 * office (`reissue restore --from`) takes it back, and the receipts it printed before still
 * check as genuine. Head office could otherwise sign codes for any of its shops.
 */

/** What a shop seals: its carried journal settings (journal/carried-settings.ts), as [key, value] pairs. */
export interface ShopSettings {
  meta: [string, string][];
}

/** Sealed text: "v1." then base64url of nonce (12 bytes), tag (16) and ciphertext. */
export const SEALED_PREFIX = 'v1.';
/**
 * Head office refuses sealed settings longer than this: what fits in a sync body (2 MiB of
 * JSON). A shop's settings are a few hundred bytes, and each withdrawn e-receipt link adds
 * ~120 characters sealed: room for ~16,000 of them. A refusal fails the sync round loudly
 * (its code in `sync --status` and /health) rather than leaving head office without them.
 */
export const MAX_SEALED_CHARS = 2_000_000;
export const SEALED_PATTERN = /^v1\.[A-Za-z0-9_-]{40,}$/;

const NONCE = 12;
const TAG = 16;

function keyOf(token: string, storeId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', token, `reissue shop settings ${storeId}`, 'v1', 32));
}

/** Seals `settings` for head office under the shop's token; the store id is bound in (another shop's row cannot be passed off as this one's). */
export function sealSettings(token: string, storeId: string, settings: ShopSettings, random: (size: number) => Uint8Array = randomBytes): string {
  const nonce = Buffer.from(random(NONCE));
  const cipher = createCipheriv('aes-256-gcm', keyOf(token, storeId), nonce);
  cipher.setAAD(Buffer.from(storeId));
  const body = Buffer.concat([cipher.update(JSON.stringify(settings), 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
}

/**
 * The settings sealed with this token; SEALED_SETTINGS_UNREADABLE when they were sealed with
 * another token (the shop's token was replaced since) or changed at head office.
 */
export function openSettings(token: string, storeId: string, sealed: string): ShopSettings {
  const unreadable = () =>
    new IntegrityError('SEALED_SETTINGS_UNREADABLE', `the settings head office keeps for store ${storeId} cannot be opened with this token`, {
      hint: 'they were sealed with an earlier token of this shop (or changed at head office); the journal keeps its own defaults, and the shop seals its settings again on its next sync',
      context: { storeId },
    });
  if (!SEALED_PATTERN.test(sealed)) throw unreadable();
  const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
  if (raw.length < NONCE + TAG) throw unreadable();
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(token, storeId), raw.subarray(0, NONCE));
    decipher.setAAD(Buffer.from(storeId));
    decipher.setAuthTag(raw.subarray(NONCE, NONCE + TAG));
    const text = Buffer.concat([decipher.update(raw.subarray(NONCE + TAG)), decipher.final()]).toString('utf8');
    const parsed = JSON.parse(text) as { meta?: unknown };
    const meta = Array.isArray(parsed.meta) ? parsed.meta.filter((e): e is [string, string] => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string') : [];
    return { meta };
  } catch {
    throw unreadable();
  }
}

/**
 * Names what would be sealed, and with which token, without the secret: a shop sends its
 * settings again when this changes (a new setting, a link withdrawn, a new token).
 */
export function settingsDigest(token: string, settings: ShopSettings): string {
  return createHash('sha256').update(createHash('sha256').update(token).digest()).update(JSON.stringify(settings)).digest('hex');
}
