import { maskCardNumbersIn, maskPans } from '../core/index.js';

// Card numbers are found and masked by core's one detector, which reads text normalised
// (NFKC, invisible characters dropped, every Unicode digit as ASCII): a number the gate
// would refuse is a number the log masks.
export { maskPans };

/** Keys whose values are never written anywhere, whatever they hold. */
const SECRET_KEYS = /^(password|passwd|secret|token|authorization|cookie|csrf.*|set-cookie|x-csrf-token)$/i;

/** A deep copy with card numbers masked in every string (and in keys) and secrets replaced; cut below 9 levels. */
export function redact(value: unknown): unknown {
  return maskCardNumbersIn(value, { secret: (key) => SECRET_KEYS.test(key), maxDepth: 9 });
}
