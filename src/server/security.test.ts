import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './route.js';
import { clientKey, forwardedEntry, overTls, proxyHops, type TransportOptions } from './security.js';

/** What clientKey and overTls make of a request's headers, through a real Hono context. */
async function seen(headers: Record<string, string>, trustProxy: number, socket = '192.0.2.1'): Promise<{ client: string | null; tls: boolean }> {
  const transport: TransportOptions = { secureCookies: 'auto', trustProxy };
  const app = new Hono<AppEnv>().get('/', (c) => c.json({ client: clientKey(c, transport, () => socket) ?? null, tls: overTls(c, transport) }));
  return (await (await app.request('http://shop.example/', { headers })).json()) as { client: string | null; tls: boolean };
}

describe('behind trusted proxies, the client is the address our proxy appended', () => {
  it('takes the rightmost X-Forwarded-For entry behind one proxy: whatever the client put in front of it changes nothing', async () => {
    const keys = new Set<string | null>();
    for (const spoof of ['', '198.51.100.7, ', '10.0.0.1, 10.0.0.2, ', 'unknown, ', '127.0.0.1, ']) {
      keys.add((await seen({ 'X-Forwarded-For': `${spoof}203.0.113.9` }, 1)).client);
    }
    expect([...keys]).toEqual(['http:203.0.113.9']);
  });

  it('with N proxies in a row takes the entry N places from the right', async () => {
    expect((await seen({ 'X-Forwarded-For': '198.51.100.7, 203.0.113.9, 10.0.0.5' }, 2)).client).toBe('http:203.0.113.9');
    expect((await seen({ 'X-Forwarded-For': '1.1.1.1, 2.2.2.2, 203.0.113.9, 10.0.0.5, 10.0.0.6' }, 3)).client).toBe('http:203.0.113.9');
    // Fewer entries than proxies: the leftmost is still one a proxy of ours wrote.
    expect((await seen({ 'X-Forwarded-For': '203.0.113.9' }, 2)).client).toBe('http:203.0.113.9');
  });

  it('an entry that is not an IP address, or no header at all, falls back to the socket', async () => {
    expect((await seen({ 'X-Forwarded-For': '203.0.113.9, admin-laptop' }, 1)).client).toBe('http:192.0.2.1');
    expect((await seen({ 'X-Forwarded-For': '203.0.113.9, ' }, 1)).client).toBe('http:192.0.2.1');
    expect((await seen({}, 1)).client).toBe('http:192.0.2.1');
  });

  it('without trust the headers are ignored: the socket address, never X-Forwarded-*', async () => {
    expect(await seen({ 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Proto': 'https' }, 0)).toEqual({ client: 'http:192.0.2.1', tls: false });
  });

  it('reads X-Forwarded-Proto the same way: the entry our proxy wrote, not the client\'s', async () => {
    expect((await seen({ 'X-Forwarded-Proto': 'https' }, 1)).tls).toBe(true);
    expect((await seen({ 'X-Forwarded-Proto': 'https, http' }, 1)).tls).toBe(false);
    expect((await seen({ 'X-Forwarded-Proto': 'http, https' }, 1)).tls).toBe(true);
    expect((await seen({ 'X-Forwarded-Proto': 'http, https, http' }, 2)).tls).toBe(true);
  });

  it('counts proxies as a whole number: true is one, false none, and nothing else', () => {
    expect([proxyHops(undefined), proxyHops(false), proxyHops(true), proxyHops(3)]).toEqual([0, 0, 1, 3]);
    expect(() => proxyHops(-1)).toThrow(RangeError);
    expect(() => proxyHops(1.5)).toThrow(RangeError);
    expect(forwardedEntry('a, b', 0)).toBeUndefined();
  });
});
