import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPlainHeaders, setPlainHeaders } from './plain-headers.js';
import type { AppEnv } from './route.js';
import { securityHeaders } from './security.js';

/** The answers under test, each reached as /<name>. */
const ANSWERS: Record<string, (c: Context<AppEnv>) => Response> = {
  json: (c) => c.json({ items: [{ id: 'a', name: '拿铁' }], next: null }, 200),
  created: (c) => c.json({ ok: true }, 201),
  text: (c) => c.text('plain text'),
  bytes: (c) => c.body(new Uint8Array([1, 2, 3]), 200, { 'Content-Type': 'application/octet-stream' }),
  empty: (c) => c.body(null, 204),
  headerArg: (c) => c.json({ a: 1 }, 200, { 'X-Extra': 'yes', Location: '/x' }),
  located: (c) => {
    c.header('Location', '/api/v1/x');
    return c.json({ a: 1 }, 201);
  },
  raw: () => new Response('raw', { status: 202, headers: { 'X-Padded': ' padded ', 'content-type': 'text/plain' } }),
  rawMixed: () => new Response('raw', { headers: { 'X-One': 'a', 'Content-Length': '3' } }),
  rawBare: () => new Response('bare'),
  rawNull: () => new Response(null, { status: 200 }),
  html: (c) => c.html('<p>页</p>'),
  problem: () => new Response('{"code":"X"}', { status: 404, headers: { 'Content-Type': 'application/problem+json', 'Content-Language': 'zh' } }),
};

/** The same app twice: once as served, once with every answer's headers turned into a Headers object first (the old route). */
function app(viaHeaders: boolean): Hono<AppEnv> {
  const a = new Hono<AppEnv>();
  a.use('*', securityHeaders({ secureCookies: 'auto', trustProxy: 1 }));
  if (viaHeaders) {
    a.use('*', async (c, next) => {
      await next();
      void c.res.headers;
    });
  }
  for (const [name, answer] of Object.entries(ANSWERS)) {
    a.get(`/${name}`, answer);
    a.get(`/api/${name}`, answer);
  }
  return a;
}

async function listen(a: Hono<AppEnv>): Promise<{ server: Server; port: number }> {
  const server = createAdaptorServer({ fetch: a.fetch }) as Server;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, port: (server.address() as AddressInfo).port };
}

/** The raw answer (Date masked), as the wire carries it. */
function raw(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('end', () => resolve(out.replace(/^Date: .*$/m, 'Date: X')));
    socket.on('error', reject);
  });
}

describe('security headers without a Headers object: the same bytes on the wire', () => {
  let plain: { server: Server; port: number };
  let headers: { server: Server; port: number };
  beforeAll(async () => {
    plain = await listen(app(false));
    headers = await listen(app(true));
  });
  afterAll(() => {
    plain.server.close();
    headers.server.close();
  });

  it('answers every shape byte for byte as the Headers route does, over TLS or not, HEAD too', async () => {
    for (const name of Object.keys(ANSWERS)) {
      for (const path of [`/${name}`, `/api/${name}`]) {
        for (const method of ['GET', 'HEAD']) {
          for (const extra of ['', 'X-Forwarded-Proto: https\r\n', 'Connection: keep-alive\r\n']) {
            const head = `${method} ${path} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`;
            const [a, b] = await Promise.all([raw(plain.port, head), raw(headers.port, head)]);
            expect(a, `${method} ${path} ${extra}`).toBe(b);
            expect(a).toContain('x-frame-options: DENY');
          }
        }
      }
    }
  });

  it('takes the plain route for a plain answer made under node-server, and adds a header later where Headers would put it', () => {
    const made = new Response('{}', { headers: { 'Content-Type': 'application/json' } });
    expect(setPlainHeaders(made, { 'X-Frame-Options': 'DENY' })).toBe(true);
    expect(addPlainHeaders(made, { Connection: 'close' })).toBe(true);
    expect([...made.headers]).toEqual([
      ['connection', 'close'],
      ['content-length', '2'],
      ['content-type', 'application/json'],
      ['x-frame-options', 'DENY'],
    ]);
    // A Headers object, a cookie or a value Headers would trim: the Headers route.
    expect(setPlainHeaders(new Response('{}', { headers: new Headers({ a: 'b' }) }), {})).toBe(false);
    expect(setPlainHeaders(new Response('{}', { headers: { 'Set-Cookie': 'a=b' } }), {})).toBe(false);
    expect(setPlainHeaders(new Response('{}', { headers: { 'X-A': ' b' } }), {})).toBe(false);
    expect(addPlainHeaders(new Response('{}'), { Connection: 'close' })).toBe(false);
  });
});
