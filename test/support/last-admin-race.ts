import { expect } from 'vitest';
import { AuthService, type PasswordHasher, type UserStore } from '../../src/auth/index.js';

/** Hashing is not what this tests. */
const plainHasher: PasswordHasher = { hash: async (p) => `plain:${p}`, verify: async (h, p) => h === `plain:${p}` };

/**
 * Two admins disable each other at the same moment, each through a server of its own (a
 * store on its own connection to one database): exactly one succeeds, one admin stays
 * enabled, and the other disable is refused with LAST_ADMIN.
 */
export async function raceToDisableEachOther(stores: readonly [UserStore, UserStore]): Promise<void> {
  const [a, b] = stores.map((store) => new AuthService({ store, hasher: plainHasher, clock: () => Date.parse('2026-11-27T06:40:00Z'), random: (n) => new Uint8Array(n).fill(7) })) as [AuthService, AuthService];
  await a.bootstrapAdmin({ name: 'ann', password: 'ann password 1' });
  await a.addUser({ name: 'bob', role: 'admin', password: 'bob password 1' }, 'ann');
  const results = await Promise.allSettled([a.disableUser('bob', 'ann'), b.disableUser('ann', 'bob')]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'LAST_ADMIN' } });
  const admins = (await a.listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
  expect(admins).toHaveLength(1);
  // The same holds for a demotion racing a disable.
  const survivor = admins[0]?.name as string;
  await a.addUser({ name: 'cy', role: 'admin', password: 'cy password 12' }, survivor);
  const mixed = await Promise.allSettled([a.changeUser(survivor, { role: 'supervisor' }, 'cy'), b.disableUser('cy', survivor)]);
  expect(mixed.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect((await b.listUsers()).filter((u) => u.role === 'admin' && !u.disabled)).toHaveLength(1);
}
