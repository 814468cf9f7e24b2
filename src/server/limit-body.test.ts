import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitBody } from './limit-body.js';

const MAX = 64;
let server: Server;
let port = 0;

beforeAll(async () => {
  const app = new Hono();
  app.use(
    '*',
    limitBody(MAX, () => {
      throw new Error('too large');
    }),
  );
  app.post('/', async (c) => c.text(`read ${(await c.req.text()).length}`));
  app.onError((error, c) => c.text(error.message, 413));
  server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

/** A POST over a real socket: with Content-Length, or chunked (the body in two writes, no length). */
function post(body: string, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': Buffer.byteLength(body) };
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // The server may answer 413 and close before the whole body is written.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (chunked) {
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half));
      req.end(body.slice(half));
    } else req.end(body);
  });
}

describe('limitBody over a real socket', () => {
  it('lets a body of declared length up to the limit through, and the route reads it whole', async () => {
    expect(await post('x'.repeat(MAX), false)).toEqual({ status: 200, text: `read ${MAX}` });
  });

  it('refuses a declared length over the limit', async () => {
    expect(await post('x'.repeat(MAX + 1), false)).toEqual({ status: 413, text: 'too large' });
  });

  it('counts a chunked body (no length) as it arrives: through up to the limit, refused past it', async () => {
    expect(await post('y'.repeat(MAX), true)).toEqual({ status: 200, text: `read ${MAX}` });
    expect(await post('y'.repeat(MAX + 1), true)).toEqual({ status: 413, text: 'too large' });
  });
});
