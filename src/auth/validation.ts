import { InputError, assertSafeInput, parseStoreList, withoutDigits } from '../core/index.js';
import { isRole } from './roles.js';
import type { UserRecord } from './store.js';

/** A password longer than this is refused before hashing, so nobody can make the server hash megabytes. */
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_ACTION_LENGTH = 200;

const USER_NAME = /^[A-Za-z0-9._-]{1,32}$/;
const OPERATOR_NO = /^[0-9A-Za-z]{1,10}$/;
const TERMINAL = /^[0-9A-Za-z]{8}$/;

/**
 * A user name as stored: 1–32 letters, digits, '.', '_' or '-', compared without regard to
 * case ("Wang.Li" and "wang.li" are one user), so it is kept in lower case. A name that holds
 * a card number ("4111.1111.1111.1111" fits the letters allowed) is refused with
 * PAN_NOT_MASKED: names go into the audit chain, sessions and logs. A refused name is never
 * echoed with its digits.
 */
export function parseUserName(value: unknown, field = 'user name'): string {
  // No name is a sale id: one in a sale id's shape ("AAAAAAAA-411111-111111.1111") is read as the digits it holds.
  if (typeof value === 'string') assertSafeInput(value, { path: field, outcome: 'it is not taken as a user name', saleIds: 'never' });
  if (typeof value === 'string' && USER_NAME.test(value)) return value.toLowerCase();
  const shown = typeof value === 'string' ? `"${withoutDigits(value)}"` : typeof value;
  throw new InputError('INVALID_USER_NAME', `${field} ${shown} is not valid: use 1–32 letters, digits, '.', '_' or '-'`, {
    hint: 'for example wang.li or cashier-07; names are not case-sensitive',
    context: { field, value: typeof value === 'string' ? value.slice(0, 40) : String(value) },
  });
}

/** The operator no. (操作员号) printed on a cashier's receipts: 1–10 letters or digits, as on the transaction. */
export function parseOperatorNo(value: unknown): string {
  if (typeof value === 'string' && OPERATOR_NO.test(value)) return value;
  throw new InputError('INVALID_OPERATOR_NO', `operator no. "${withoutDigits(String(value))}" is not valid: it must be 1–10 letters or digits`, {
    hint: 'use the number printed as 操作员号 / OPERATOR NO on this cashier\'s receipts, e.g. 01',
    context: { value: String(value) },
  });
}

/** The till a cashier works at: its 8-character terminal no. (终端编号), as on the transaction. */
export function parseTerminal(value: unknown): string {
  if (typeof value === 'string' && TERMINAL.test(value)) return value;
  throw new InputError('INVALID_TERMINAL', `terminal "${withoutDigits(String(value))}" is not valid: it must be 8 letters or digits`, {
    hint: 'use the terminal no. printed as 终端编号 / TERMINAL NO on the till\'s receipts, e.g. 10023456',
    context: { value: String(value) },
  });
}

/**
 * The rules a new password must meet: at least `minLength` characters, at most
 * MAX_PASSWORD_LENGTH, and not the user name. Messages never contain the password.
 */
export function checkPassword(password: unknown, userName: string, minLength: number): string {
  if (typeof password !== 'string') {
    throw new InputError('WEAK_PASSWORD', 'a password is required', { hint: `choose a password of at least ${minLength} characters`, context: { rule: 'required', minLength } });
  }
  const length = [...password].length;
  if (length < minLength) {
    throw new InputError('WEAK_PASSWORD', `the password is too short: it has ${length} characters and needs at least ${minLength}`, {
      hint: `choose at least ${minLength} characters; a short phrase of several words is long and easy to remember`,
      context: { rule: 'min-length', minLength, length },
    });
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new InputError('PASSWORD_TOO_LONG', `the password is too long: at most ${MAX_PASSWORD_LENGTH} characters`, {
      hint: `choose a password of ${minLength}–${MAX_PASSWORD_LENGTH} characters`,
      context: { rule: 'max-length', maxLength: MAX_PASSWORD_LENGTH, minLength },
    });
  }
  if (password.toLowerCase() === userName.toLowerCase()) {
    throw new InputError('WEAK_PASSWORD', 'the password must not be the user name', {
      hint: 'choose something nobody could guess from the name on the receipt or the login screen',
      context: { rule: 'not-user-name' },
    });
  }
  return password;
}

/** What an approval is for, as the caller words it (e.g. "reprint 10023456-000128-000457"). */
export function parseAction(value: unknown): string {
  if (typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_ACTION_LENGTH) return value;
  throw new InputError('INVALID_ACTION', `an approval must name the one action it is for (1–${MAX_ACTION_LENGTH} characters)`, {
    hint: 'pass what is being approved, e.g. "reprint 10023456-000128-000457"',
    context: { max: MAX_ACTION_LENGTH },
  });
}

const PHC_ARGON2ID = /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/** Whether `check` takes the value (it throws when it does not). */
function takes(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

/**
 * The first field of a user that is not as Reissue writes one (a backup's user, before it is
 * carried into a restored journal), or undefined: a valid lower-case name, a known role, an
 * operator no., terminal and stores of the right form, an argon2id password hash.
 */
export function userRecordFault(user: UserRecord): 'name' | 'role' | 'operatorNo' | 'terminal' | 'stores' | 'passwordHash' | undefined {
  if (!takes(() => parseUserName(user.name)) || user.name !== user.name.toLowerCase()) return 'name';
  if (!isRole(user.role)) return 'role';
  if (user.operatorNo !== null && !takes(() => parseOperatorNo(user.operatorNo))) return 'operatorNo';
  if (user.terminal !== null && !takes(() => parseTerminal(user.terminal))) return 'terminal';
  if (user.stores !== null && !takes(() => parseStoreList(user.stores ?? ''))) return 'stores';
  if (typeof user.passwordHash !== 'string' || !PHC_ARGON2ID.test(user.passwordHash)) return 'passwordHash';
  return undefined;
}
