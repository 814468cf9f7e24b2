/** One client connection as the virtual printer sees it; the TCP adapter provides it. */
export interface ByteConnection {
  /** "127.0.0.1:51234", for messages. */
  readonly remote: string;
  write(bytes: Uint8Array): void;
  /** Tears the connection down at once (no FIN handshake wait), as a dropped link would. */
  destroy(): void;
}

/** What the printer does with a connection's bytes and its end. */
export interface ByteConnectionHandler {
  data(chunk: Uint8Array): void;
  closed(): void;
}

/** Accepts connections for the virtual printer (TCP in production, anything in tests). */
export interface ByteListener {
  listen(host: string, port: number, accept: (connection: ByteConnection) => ByteConnectionHandler): Promise<{ host: string; port: number }>;
  /** Stops accepting and destroys open connections. */
  close(): Promise<void>;
}

/** The file system as the virtual printer uses it: job files out, the fault file in. */
export interface EmulatorFiles {
  ensureDir(dir: string): Promise<void>;
  /** Writes the whole file so a reader never sees half of it. */
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  /** The file's text, or undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  /**
   * Something that changes whenever the file is written, even with the same content (inode,
   * size, modification and change times), or undefined when it does not exist.
   */
  stamp?(path: string): Promise<string | undefined>;
  /** Calls back when the file may have changed; returns a stop function. Polling covers what it misses. */
  watch?(path: string, changed: () => void): () => void;
}
