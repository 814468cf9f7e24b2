import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Refuses a request body larger than `maxSize` bytes. A body of declared length is judged by
 * its Content-Length header alone (Node's parser never reads past it), without touching
 * `c.req.raw.body`: on @hono/node-server that builds a whole fetch Request with a web stream
 * around the socket, and the body can no longer be read the direct way — a fifth of a
 * reprint's request handling. A streamed body (chunked, no length) is counted as it arrives.
 */
export function limitBody(maxSize: number, tooLarge: () => never): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError: tooLarge });
  return (c, next) => {
    const length = c.req.header('Content-Length');
    if (length === undefined || c.req.header('Transfer-Encoding') !== undefined) return streamed(c, next);
    // Node's parser refuses a Content-Length that is not a number before a route sees it.
    if (Number.parseInt(length, 10) > maxSize) tooLarge();
    return next();
  };
}
