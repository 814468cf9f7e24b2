import type { HeadOffice } from '../head-office.js';
import type { HeadOfficeLink } from '../head-office-link.js';
import { openSettings, sealSettings, settingsDigest } from '../sealed-settings.js';
import { storeOfToken } from '../sync-protocol.js';

/**
 * Head office in the same process, reached with a shop's token: every call authenticated and
 * checked as over HTTP (HttpHeadOfficeLink), the settings sealed and opened the same way.
 */
export function inProcessHeadOfficeLink(office: HeadOffice, token: string): HeadOfficeLink {
  const storeId = () => office.authenticate(token);
  return {
    location: 'in-process',
    storeId: storeOfToken(token),
    heads: async () => office.heads(await storeId()),
    push: async (chain, events) => office.push(await storeId(), chain, events),
    events: async (chain, after, limit) => office.eventsAfter(await storeId(), chain, after, limit),
    putSettings: async (settings) => {
      const id = await storeId();
      await office.keepSettings(id, sealSettings(token, id, settings));
    },
    settings: async () => {
      const id = await storeId();
      const { sealed } = await office.settingsOf(id);
      return sealed === null ? undefined : openSettings(token, id, sealed);
    },
    settingsDigest: (settings) => settingsDigest(token, settings),
  };
}
