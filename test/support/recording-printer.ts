import { VirtualPrinter, tcpListener, type ByteListener, type VirtualPrinterOptions } from '../../src/emulator/index.js';

/** The virtual printer, with every byte it receives kept per connection, in accept order. */
export interface RecordingPrinter {
  virtual: VirtualPrinter;
  port: number;
  address: string;
  /** Bytes received on each connection so far. */
  received: Buffer[][];
  /** Everything one connection sent, joined. */
  bytesOf(connection: number): Buffer;
  /** Everything the printer answered on one connection, joined. */
  answersOf(connection: number): Buffer;
  /** Connections the printer has seen. */
  connections(): number;
}

export async function recordingPrinter(options: VirtualPrinterOptions = {}): Promise<RecordingPrinter> {
  const received: Buffer[][] = [];
  const answered: Buffer[][] = [];
  const inner = tcpListener();
  const listener: ByteListener = {
    listen: (host, port, accept) =>
      inner.listen(host, port, (connection) => {
        const mine: Buffer[] = [];
        const out: Buffer[] = [];
        received.push(mine);
        answered.push(out);
        const handler = accept({
          remote: connection.remote,
          write: (bytes) => {
            out.push(Buffer.from(bytes));
            connection.write(bytes);
          },
          destroy: () => connection.destroy(),
        });
        return {
          data: (chunk) => {
            mine.push(Buffer.from(chunk));
            handler.data(chunk);
          },
          closed: () => handler.closed(),
        };
      }),
    close: () => inner.close(),
  };
  const virtual = new VirtualPrinter({ port: 0, speedMmPerSecond: 5000, ...options, listener });
  const { port } = await virtual.start();
  return {
    virtual,
    port,
    address: `127.0.0.1:${port}`,
    received,
    bytesOf: (connection) => Buffer.concat(received[connection] ?? []),
    answersOf: (connection) => Buffer.concat(answered[connection] ?? []),
    connections: () => received.length,
  };
}
