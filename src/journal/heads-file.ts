import { InputError, containsPan } from '../core/index.js';
import type { ChainHead } from './verify.js';

/**
 * The head of every chain, kept outside the database: on paper (the daily report), beside a
 * backup, or anywhere the merchant keeps files. A journal whose history was rewritten — an
 * event edited and every later hash recomputed — still verifies on its own, but no longer
 * has these heads (`verify --expect`).
 */

export const HEADS_FORMAT = 'reissue-heads/1';

export interface HeadsFile {
  format: typeof HEADS_FORMAT;
  /** When the heads were taken (ISO 8601). */
  takenAt: string;
  heads: ChainHead[];
}

/** The text of a heads file: JSON, one chain per line, so it reads and diffs by eye. */
export function formatHeads(heads: readonly ChainHead[], takenAt: number): string {
  const lines = heads.map((h) => `    ${JSON.stringify({ terminalId: h.terminalId, seq: h.seq, hash: h.hash })}`);
  return `{\n  "format": "${HEADS_FORMAT}",\n  "takenAt": "${new Date(takenAt).toISOString()}",\n  "heads": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

/** The file of a backup's heads, beside it. */
export const headsFileOf = (backupFile: string) => `${backupFile}.heads.json`;

function bad(file: string, reason: string): InputError {
  return new InputError('BAD_HEADS_FILE', `${file} is not a heads file written by Reissue: ${reason}`, {
    hint: 'give the .heads.json file written beside a backup, or one saved from `reissue verify --json`',
    context: { file, reason },
  });
}

const isHead = (v: unknown): v is ChainHead => {
  const h = v as Partial<ChainHead> | null;
  return typeof h === 'object' && h !== null && typeof h.terminalId === 'string' && h.terminalId !== '' && Number.isSafeInteger(h.seq) && (h.seq ?? 0) >= 1 && typeof h.hash === 'string' && /^[0-9a-f]{64}$/.test(h.hash);
};

/** The heads in a heads file, or in `verify --json` output (its `heads`); BAD_HEADS_FILE says what is wrong. */
export function parseHeads(text: string, file: string): ChainHead[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bad(file, 'it is not JSON');
  }
  const heads = (parsed as { heads?: unknown } | null)?.heads;
  if (!Array.isArray(heads)) throw bad(file, 'it has no "heads" list');
  if (heads.length === 0) throw bad(file, 'its "heads" list is empty');
  const index = heads.findIndex((h) => !isHead(h));
  if (index >= 0) throw bad(file, `head ${index + 1} needs a terminalId, a seq of 1 or more and a 64-digit hex hash`);
  const chains = new Set<string>();
  for (const [i, h] of (heads as ChainHead[]).entries()) {
    // A chain's name is said back (here, and in verify's report): one holding a card number is refused without it.
    if (containsPan(h.terminalId, { saleIds: 'never' })) throw bad(file, `head ${i + 1}'s terminalId holds a full card number`);
    if (chains.has(h.terminalId)) throw bad(file, `chain ${h.terminalId} is listed twice`);
    chains.add(h.terminalId);
  }
  return (heads as ChainHead[]).map(({ terminalId, seq, hash }) => ({ terminalId, seq, hash }));
}
