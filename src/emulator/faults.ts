import { InputError } from '../core/index.js';
import { READY_STATE, type PrinterState } from '../escpos/index.js';

/**
 * Faults a virtual printer can be told to have. Names are what the CLI (`--fault`), the
 * `<jobs DIR>/fault` file and `setFault` accept; `drop-after` takes a byte count.
 */
export const FaultNames = ['paper-out', 'near-end', 'cover-open', 'offline', 'slow', 'drop-after', 'mute'] as const;
export type FaultName = (typeof FaultNames)[number];

export type Fault = { readonly name: Exclude<FaultName, 'drop-after'> } | { readonly name: 'drop-after'; readonly bytes: number };

/** One line for help texts and error hints. */
export const FAULT_USAGE = 'paper-out | near-end | cover-open | offline | slow | drop-after=N | mute';

/** What each fault means, for help texts. */
export const FAULT_DESCRIPTIONS: Readonly<Record<FaultName, string>> = {
  'paper-out': 'paper roll empty: goes offline, holds data and completion answers until cleared',
  'near-end': 'paper roll nearly empty: prints normally, the paper sensor reports near end',
  'cover-open': 'cover open: goes offline, holds data and completion answers until cleared',
  offline: 'offline without another cause: holds data and completion answers until cleared',
  slow: 'prints at a tenth of the configured speed',
  'drop-after': 'destroys the connection after N more bytes are received (once)',
  mute: 'accepts connections and bytes but never answers and never prints',
};

const FAULT_SET: ReadonlySet<string> = new Set(FaultNames);

/** "paper-out", "drop-after=120" … → a Fault; anything else is an InputError naming the choices. */
export function parseFault(text: string): Fault {
  const raw = text.trim().toLowerCase();
  const eq = raw.indexOf('=');
  const name = eq < 0 ? raw : raw.slice(0, eq).trim();
  const value = eq < 0 ? undefined : raw.slice(eq + 1).trim();
  if (!FAULT_SET.has(name)) {
    const guess = closestFault(name);
    throw new InputError('BAD_FAULT', `unknown printer fault "${text.trim()}"`, {
      hint: `${guess ? `did you mean "${guess}"? ` : ''}faults: ${FAULT_USAGE}`,
      context: { fault: text },
    });
  }
  if (name === 'drop-after') {
    if (value === undefined || !/^\d+$/.test(value) || Number(value) > Number.MAX_SAFE_INTEGER) {
      throw new InputError('BAD_FAULT', `fault "drop-after" needs a byte count, e.g. drop-after=100 (got "${text.trim()}")`, {
        hint: 'drop-after=N destroys the connection after N more bytes are received',
        context: { fault: text },
      });
    }
    return { name: 'drop-after', bytes: Number(value) };
  }
  if (value !== undefined) {
    throw new InputError('BAD_FAULT', `fault "${name}" takes no value (got "${text.trim()}")`, { hint: `faults: ${FAULT_USAGE}`, context: { fault: text } });
  }
  return { name: name as Exclude<FaultName, 'drop-after'> };
}

/** The text parseFault reads back. */
export function formatFault(fault: Fault): string {
  return fault.name === 'drop-after' ? `drop-after=${fault.bytes}` : fault.name;
}

/** What the status bytes report while a fault is in force. */
export function faultState(fault: Fault | undefined): PrinterState {
  switch (fault?.name) {
    // With the roll gone both paper sensors see no paper: near end and end.
    case 'paper-out':
      return { ...READY_STATE, online: false, paperOut: true, paperNearEnd: true };
    case 'near-end':
      return { ...READY_STATE, paperNearEnd: true };
    case 'cover-open':
      return { ...READY_STATE, online: false, coverOpen: true };
    case 'offline':
      return { ...READY_STATE, online: false };
    default:
      return { ...READY_STATE };
  }
}

function closestFault(name: string): FaultName | undefined {
  let best: FaultName | undefined;
  let bestDistance = Infinity;
  for (const candidate of FaultNames) {
    const d = candidate.startsWith(name) && name.length >= 2 ? 0 : editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor((best?.length ?? 0) / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? Infinity;
}
