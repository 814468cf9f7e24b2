import type { Server } from 'node:net';
import { ConfigError } from '../../core/index.js';

export interface HostPort {
  host: string;
  port: number;
}

/** Starts `server` listening; resolves with the port in use (0 picks one), or fails with a ConfigError saying why not. */
export function listen(server: Server, at: HostPort): Promise<HostPort> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, at)));
    server.listen(at.port, at.host, () => {
      const address = server.address();
      resolve({ host: at.host, port: typeof address === 'object' && address ? address.port : at.port });
    });
  });
}

function listenError(error: NodeJS.ErrnoException, at: HostPort): Error {
  const where = `${at.host}:${at.port}`;
  if (error.code === 'EADDRINUSE') {
    return new ConfigError('PORT_IN_USE', `cannot listen on ${where}: the port is already in use`, {
      hint: 'another program (the printer emulator, a print server, a second tap) holds it: stop it or choose another port',
      cause: error,
      context: { host: at.host, port: at.port, rule: 'tap' },
    });
  }
  if (error.code === 'EACCES' || error.code === 'EPERM') {
    return new ConfigError('PORT_NOT_ALLOWED', `cannot listen on ${where}: permission denied`, {
      hint: 'ports below 1024 (LPD is 515) need privileges: run with CAP_NET_BIND_SERVICE or use a port above 1024',
      cause: error,
      context: { host: at.host, port: at.port, rule: 'tap' },
    });
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new ConfigError('BAD_LISTEN_ADDRESS', `cannot listen on ${where}: no such local address`, {
      hint: 'use 0.0.0.0 (every network), 127.0.0.1 or an address of this machine',
      cause: error,
      context: { host: at.host, port: at.port, rule: 'tap' },
    });
  }
  return error;
}
