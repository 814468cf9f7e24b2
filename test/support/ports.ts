/**
 * Ports for servers and dead printers that tests start. Taken below the range the system hands
 * out for port 0: test files run side by side, and a port one of them had just probed and let
 * go was soon handed to another file's server (a "dead printer" then answered as an HTTP
 * server, and a cluster could find its port taken).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The lowest port the system hands out for port 0 (Linux: ip_local_port_range). */
function firstEphemeralPort(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 2048 ? low : 32768;
  } catch {
    return 32768;
  }
}

/** Binds `port` on 127.0.0.1 and lets it go; undefined if something holds it. */
async function bindsAt(port: number): Promise<number | undefined> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!bound) return undefined;
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : undefined;
}

/** A TCP port on 127.0.0.1 that nothing listens on now, and that port 0 does not hand out. */
export async function unusedPort(): Promise<number> {
  const below = firstEphemeralPort();
  for (let tries = 0; tries < 50; tries++) {
    const port = await bindsAt(1024 + Math.floor(Math.random() * (below - 1024)));
    if (port !== undefined) return port;
  }
  const any = await bindsAt(0);
  if (any === undefined) throw new Error('no free port on 127.0.0.1');
  return any;
}
