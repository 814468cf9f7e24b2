import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/server/index.js';
import { reissue } from './support/binary.js';
import { onBothEngines } from './support/engines.js';
import { httpClient, type Who } from './support/http-client.js';
import { serverHarness, type Harness } from './support/server-harness.js';

/**
 * A running server caches who a bearer token is; an admin at the shop's terminal disables a
 * user or changes a password with the `reissue` binary, a process of its own on the same
 * database. The server's clock stands still in these tests, so its cache never runs out by
 * time: only the store's watch of the other process's change can end the session. (The
 * command runs on the real clock, days after the test clock, so its sign-in purges the
 * sessions made here as expired: whether others stay signed in is asserted by the user
 * store contract instead.)
 */
onBothEngines((engine) => {
  let h: Harness;
  let call: ReturnType<typeof httpClient>['call'];
  let bearer: ReturnType<typeof httpClient>['bearer'];

  beforeAll(async () => {
    h = await serverHarness({}, engine);
    ({ call, bearer } = httpClient(createApp(h.deps)));
  });
  afterAll(async () => {
    await h?.close();
  });

  const signedIn = async (who: Who) => (await call('GET', '/api/v1/auth/me', { as: who })).status;
  const endsAtOnce = (who: Who) => vi.waitFor(async () => expect(await signedIn(who)).toBe(401), { timeout: 5000, interval: 10 });

  describe('a change made by the reissue command while the server runs', () => {
    it('a user disabled from the command line is signed out of the server at once', async () => {
      const leaver = await bearer('leaver');
      expect(await signedIn(leaver)).toBe(200);
      const done = await reissue(['user', 'disable', 'leaver', '--by', 'root', '--password-stdin', '--db', h.db], { cwd: h.dir.path, stdin: 'root-password\n' });
      expect(done).toMatchObject({ code: 0, stdout: 'leaver disabled\n' });
      await endsAtOnce(leaver);
    });

    it('a password changed from the command line ends that user\'s server sessions at once', async () => {
      const locked = await bearer('locked');
      expect(await signedIn(locked)).toBe(200);
      const done = await reissue(['user', 'passwd', 'locked', '--by', 'root', '--password-stdin', '--db', h.db], { cwd: h.dir.path, stdin: 'a brand new password\nroot-password\n' });
      expect(done.code).toBe(0);
      await endsAtOnce(locked);
      expect(await signedIn(await bearer('locked', 'a brand new password'))).toBe(200);
    });
  });
});
