import { createServer, type Server, type Socket } from 'node:net';
import type { ByteConnection, ByteConnectionHandler, ByteListener } from './ports.js';

/** ByteListener on a TCP port, the way a network printer listens on 9100. */
export function tcpListener(): ByteListener {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    listen(host, port, accept) {
      return new Promise((resolve, reject) => {
        const srv = createServer((socket) => {
          sockets.add(socket);
          socket.setNoDelay(true);
          const connection: ByteConnection = {
            remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`,
            write: (bytes) => {
              if (!socket.destroyed) socket.write(bytes);
            },
            destroy: () => socket.destroy(),
          };
          const handler: ByteConnectionHandler = accept(connection);
          socket.on('data', (chunk: Buffer) => handler.data(chunk));
          // A reset or a write to a closed peer: 'close' follows and ends the connection.
          socket.on('error', () => undefined);
          socket.on('close', () => {
            sockets.delete(socket);
            handler.closed();
          });
        });
        srv.once('error', reject);
        srv.listen(port, host, () => {
          srv.off('error', reject);
          server = srv;
          const address = srv.address();
          resolve({ host, port: typeof address === 'object' && address ? address.port : port });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (!server) return resolve();
        server.close(() => resolve());
        server = undefined;
      });
    },
  };
}
