/** Everything the CLI touches in the outside world, so tests run it in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  /** Binary output (PNG, ESC/POS bytes) to standard output. */
  stdoutBytes: (data: Uint8Array) => void;
  /** `private`: only the owner may read the file (0600), as for a token. */
  writeFile: (path: string, data: Uint8Array | string, options?: { private?: boolean }) => Promise<void>;
  readFileBytes: (path: string) => Promise<Uint8Array>;
  stderr: (text: string) => void;
  /** Reads all of standard input. */
  readStdin: () => Promise<string>;
  readFile: (path: string) => Promise<string>;
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => number;
  /** Cryptographically strong random bytes (node:crypto's randomBytes): demo passwords. */
  randomBytes: (size: number) => Uint8Array;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands wait on it. */
  untilStopped: () => Promise<void>;
  /** Asks for a secret on the terminal without echoing it; absent when there is no terminal. */
  promptSecret?: (question: string) => Promise<string>;
  /** True when stderr is a terminal (progress redraws in place). */
  isTty: boolean;
}
