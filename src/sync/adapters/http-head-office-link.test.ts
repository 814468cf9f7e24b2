import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpHeadOfficeLink } from './http-head-office-link.js';

const TOKEN = 'rst_SH-001.secret-secret-secret';
let server: Server | undefined;

/** A "head office" answering every request with `answer`. */
async function answering(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(answer);
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done));
  server = undefined;
});

describe('head office over HTTP: what a URL that is not head office (or is cut off) gets', () => {
  it('refuses an answer larger than the limit by its declared length, before reading it', async () => {
    const url = await answering((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(4096) });
      res.end(JSON.stringify({ chains: [], pad: 'x'.repeat(4096 - 25) }));
    });
    const link = new HttpHeadOfficeLink({ url, token: TOKEN, maxAnswerBytes: 1024 });
    await expect(link.heads()).rejects.toMatchObject({ code: 'HEAD_OFFICE_ANSWER_TOO_LARGE', kind: 'unavailable', context: { url, limit: 1024 } });
  });

  it('stops reading an answer without a length once it passes the limit (an endless one included)', async () => {
    let sent = 0;
    const url = await answering((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const more = () => {
        // Ends only when the reader goes away: a link that read to the end would never answer.
        let room = true;
        while (room && !res.destroyed) {
          room = res.write('x'.repeat(16 * 1024));
          sent += 16 * 1024;
        }
        res.once('drain', more);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      more();
    });
    const link = new HttpHeadOfficeLink({ url, token: TOKEN, maxAnswerBytes: 256 * 1024 });
    await expect(link.events('10023456', 0, 1000)).rejects.toMatchObject({ code: 'HEAD_OFFICE_ANSWER_TOO_LARGE', context: { limit: 256 * 1024 } });
    expect(sent).toBeGreaterThan(256 * 1024);
  });

  it('says an answer that is not head office\'s JSON is not, instead of failing on it', async () => {
    const bodies: Record<string, string> = {
      '/api/v1/sync/heads': '<html><body>Welcome to the proxy</body></html>',
      '/api/v1/sync/chains/10023456/events': '{"events": 3}',
      '/api/v1/sync/settings': 'null',
    };
    const url = await answering((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(bodies[(req.url ?? '').split('?')[0] ?? ''] ?? '{"chains": "none"}');
    });
    const link = new HttpHeadOfficeLink({ url, token: TOKEN });
    await expect(link.heads()).rejects.toMatchObject({ code: 'HEAD_OFFICE_BAD_ANSWER', kind: 'unavailable', context: { url, status: 200 } });
    await expect(link.events('10023456', 0, 1000)).rejects.toMatchObject({ code: 'HEAD_OFFICE_BAD_ANSWER' });
    await expect(link.settings()).rejects.toMatchObject({ code: 'HEAD_OFFICE_BAD_ANSWER' });
  });

  it('says an answer cut off part way is not head office\'s, and still reads a whole one', async () => {
    const whole = JSON.stringify({ storeId: 'SH-001', chains: [{ chain: '10023456', seq: 2, hash: 'ab' }], lastPushAt: null });
    let cut = true;
    const url = await answering((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (!cut) return res.end(whole);
      res.write(whole.slice(0, 20));
      setTimeout(() => res.destroy(), 20);
    });
    const link = new HttpHeadOfficeLink({ url, token: TOKEN });
    await expect(link.heads()).rejects.toMatchObject({ code: 'HEAD_OFFICE_BAD_ANSWER' });
    cut = false;
    expect(await link.heads()).toEqual(JSON.parse(whole));
  });

  it("still says head office's own refusal by its code, read within the limit", async () => {
    const url = await answering((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ code: 'SHOP_TOKEN_INVALID', detail: 'the token is not valid', hint: 'ask head office for a new token' }));
    });
    const link = new HttpHeadOfficeLink({ url, token: TOKEN, maxAnswerBytes: 4096 });
    await expect(link.heads()).rejects.toMatchObject({ code: 'SHOP_TOKEN_INVALID', kind: 'unauthorized', context: { status: 401 } });
  });
});
