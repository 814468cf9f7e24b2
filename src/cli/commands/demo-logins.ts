import { chmodSync, existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the demo keeps the logins it made, beside the journal (data/demo-logins.txt). */
export const DEMO_LOGINS_FILE = 'demo-logins.txt';

export interface DemoUser {
  name: string;
  role: 'admin' | 'supervisor' | 'cashier' | 'backoffice' | 'auditor';
  operatorNo?: string;
}

export interface DemoLogin extends DemoUser {
  password: string;
}

/** The demo's accounts; their passwords are made per install (demoPasswords). */
export const DEMO_USERS: readonly DemoUser[] = [
  { name: 'admin', role: 'admin', operatorNo: '99' },
  { name: 'supervisor', role: 'supervisor', operatorNo: '90' },
  { name: 'cashier', role: 'cashier', operatorNo: '01' },
  { name: 'office', role: 'backoffice', operatorNo: '80' },
  { name: 'auditor', role: 'auditor' },
];

// 32 letters and digits that do not look alike (no 0/o, 1/l): one byte's low five bits pick one, with no bias.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const GROUPS = 3;
const GROUP = 4;

/** One password from the randomness given: "k7pq-3mzt-h2wd", 60 bits, easy to read and type. */
export function demoPassword(random: (size: number) => Uint8Array): string {
  const bytes = random(GROUPS * GROUP);
  if (bytes.length < GROUPS * GROUP) throw new Error(`the random source gave ${bytes.length} bytes, not ${GROUPS * GROUP}`);
  const chars = [...bytes.subarray(0, GROUPS * GROUP)].map((b) => ALPHABET[b & 31] as string);
  return Array.from({ length: GROUPS }, (_, i) => chars.slice(i * GROUP, (i + 1) * GROUP).join('')).join('-');
}

/** Every demo account with a password of its own, made for this install. */
export function demoLogins(random: (size: number) => Uint8Array): DemoLogin[] {
  return DEMO_USERS.map((user) => ({ ...user, password: demoPassword(random) }));
}

/**
 * Keeps the logins beside the journal, readable by this account only (0600, also when an
 * older file was wider), written whole or not at all. Returns the file's path.
 */
export function saveDemoLogins(dir: string, logins: readonly DemoLogin[], header: string): string {
  const file = join(dir, DEMO_LOGINS_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  const lines = [header, ...logins.map((l) => `${l.name.padEnd(11)} ${l.password.padEnd(15)} ${l.role}`)];
  writeFileSync(temporary, `${lines.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  return file;
}

/** The file the logins were kept in at first start, if it is still there. */
export function savedDemoLogins(dir: string): string | undefined {
  const file = join(dir, DEMO_LOGINS_FILE);
  return existsSync(file) ? file : undefined;
}

/** A loopback host names this computer only: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) || bare === '::1' || bare === '0:0:0:0:0:0:0:1';
}
