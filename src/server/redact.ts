import { containsPan, luhnValid } from '../core/index.js';

// The same reading of "a card number in text" as core's containsPan: ASCII digits (after
// NFKC), groups split by whitespace or dash-like characters, joined only across card-style
// grouping (4–6 digits before each separator).
const DIGIT_GROUPS = /[0-9]+(?:[\s\-\u2010-\u2015\u2212]+[0-9]+)*/g;
const TOKENS = /[0-9]+|[^0-9]+/g;
const MASK = '*';

/** Masks every Luhn-valid 13–19 digit run of one run of digit groups, keeping its last four digits. */
function maskRun(run: string): string {
  const tokens = run.match(TOKENS) ?? [];
  const groups: { token: number; digits: string }[] = [];
  tokens.forEach((t, i) => {
    if (/^[0-9]/.test(t)) groups.push({ token: i, digits: t });
  });
  // Which digits of the run (counted over its digits only) are masked.
  const offsets: number[] = [];
  let total = 0;
  for (const g of groups) {
    offsets.push(total);
    total += g.digits.length;
  }
  const masked = new Uint8Array(total);
  for (let start = 0; start < groups.length; start++) {
    let joined = '';
    for (let end = start; end < groups.length; end++) {
      const group = groups[end]?.digits ?? '';
      joined += group;
      if (joined.length > 19) break;
      if (joined.length >= 13 && luhnValid(joined)) {
        const from = offsets[start] ?? 0;
        for (let i = from; i < from + joined.length - 4; i++) masked[i] = 1;
      }
      if (group.length < 4 || group.length > 6) break;
    }
  }
  let out = '';
  let g = 0;
  tokens.forEach((t, i) => {
    const group = groups[g];
    if (!group || group.token !== i) {
      out += t;
      return;
    }
    const base = offsets[g] ?? 0;
    for (let k = 0; k < t.length; k++) out += masked[base + k] ? MASK : t[k];
    g++;
  });
  return out;
}

/**
 * The text with every full card number masked (all but the last four digits become "*").
 * Text holding no card number comes back unchanged; text holding one comes back in NFKC form
 * (full-width digits turned into ASCII, so that they are masked too).
 */
export function maskPans(text: string): string {
  if (!containsPan(text)) return text;
  const masked = text.normalize('NFKC').replace(DIGIT_GROUPS, maskRun);
  // Belt and braces: whatever the masking missed, no digit survives.
  return containsPan(masked) ? masked.replace(/[0-9]/g, MASK) : masked;
}

/** Keys whose values are never written anywhere, whatever they hold. */
const SECRET_KEYS = /^(password|passwd|secret|token|authorization|cookie|csrf.*|set-cookie|x-csrf-token)$/i;

/** A deep copy with card numbers masked in every string (and in keys) and secrets replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPans(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return typeof value === 'number' && containsPan(value.toFixed(0)) ? MASK : value;
  }
  if (depth > 8) return '[…]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      out[maskPans(key)] = SECRET_KEYS.test(key) ? '[redacted]' : redact(inner, depth + 1);
    }
    return out;
  }
  return String(value);
}
