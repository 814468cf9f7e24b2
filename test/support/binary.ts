/**
 * The shipped `reissue` binary (dist/src/cli/bin.js, package.json "bin") run as a real
 * process: real exit codes, real pipes on stdin, real signals. dist/ is current because the
 * vitest global setup (test/support/build-once.ts) builds it before any test runs.
 */
import { spawn, type ChildProcessWithoutNullStreams, type SpawnOptionsWithoutStdio } from 'node:child_process';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'dist', 'src', 'cli', 'bin.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  /** Written to stdin, then stdin is closed; each string is one write, in order (default: stdin closed at once). */
  stdin?: string | Uint8Array | readonly (string | Uint8Array)[];
  env?: Record<string, string | undefined>;
}

/** The environment every run gets: the store's zone, and nothing from the developer's own REISSUE_* settings. */
function environment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('REISSUE_')) env[key] = value;
  // English messages unless a test asks for Chinese (REISSUE_LANG=zh).
  return { ...env, REISSUE_TZ: 'Asia/Shanghai', REISSUE_LANG: 'en', ...extra };
}

/** A running process whose output can be waited on. */
export class Running {
  stdout = '';
  stderr = '';
  /** Once its output pipes have closed too (a process it left running may hold them open). */
  readonly exited: Promise<Exit>;
  /** As soon as the process itself has exited. */
  readonly ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly watchers: { test: () => boolean; resolve: () => void }[] = [];

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      this.stdout += text;
      this.check();
    });
    child.stderr.on('data', (text: string) => {
      this.stderr += text;
      this.check();
    });
    this.ended = new Promise((resolvePromise, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => resolvePromise({ code, signal }));
    });
    this.exited = new Promise((resolvePromise, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        this.check();
        resolvePromise({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error('the process did not start');
    return pid;
  }

  /** Resolves with the first match of `pattern` in stdout; fails if the process ends without printing it. */
  async output(pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout'): Promise<RegExpExecArray> {
    const find = () => pattern.exec(stream === 'stdout' ? this.stdout : this.stderr);
    const seen = find();
    if (seen) return seen;
    const printed = new Promise<void>((resolvePromise) => this.watchers.push({ test: () => find() !== null, resolve: resolvePromise }));
    const ended = this.exited.then((exit) => {
      if (find()) return;
      throw new Error(`the process ended (code ${exit.code}, signal ${exit.signal}) without printing ${pattern} on ${stream}\nstdout: ${exit.stdout}\nstderr: ${exit.stderr}`);
    });
    await Promise.race([printed, ended]);
    return find() as RegExpExecArray;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  private check(): void {
    for (const watcher of [...this.watchers]) {
      if (!watcher.test()) continue;
      this.watchers.splice(this.watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  }
}

const running = new Set<Running>();

/**
 * Kills (SIGKILL) every process started here that is still running: call it after each test,
 * so a test that fails before it stops its server does not leave it running.
 */
export async function killLeftovers(): Promise<void> {
  const left = [...running];
  running.clear();
  for (const r of left) {
    if (r.child.exitCode !== null || r.child.signalCode !== null) continue;
    r.child.kill('SIGKILL');
    await r.ended;
  }
}

/** Starts `command args` (default: node BIN args) with piped stdio. */
export function start(args: readonly string[], options: RunOptions & { command?: string; spawn?: SpawnOptionsWithoutStdio }): Running {
  const command = options.command ?? process.execPath;
  const argv = options.command ? [...args] : [BIN, ...args];
  const child = spawn(command, argv, { cwd: options.cwd, env: environment(options.env), stdio: 'pipe', ...options.spawn });
  const started = new Running(child);
  running.add(started);
  void started.ended.then(() => running.delete(started), () => running.delete(started));
  // A process that exits before reading all of stdin closes the pipe; that is its business.
  child.stdin.on('error', () => undefined);
  const parts = options.stdin === undefined ? [] : typeof options.stdin === 'string' || options.stdin instanceof Uint8Array ? [options.stdin] : options.stdin;
  void (async () => {
    for (const part of parts) {
      // One write at a time, each taken by the pipe before the next: the reader sees them as separate chunks.
      await new Promise<void>((done) => child.stdin.write(part, () => done()));
      await new Promise((done) => setImmediate(done));
    }
    child.stdin.end();
  })();
  return started;
}

/** Runs `reissue args` to its end. */
export function reissue(args: readonly string[], options: RunOptions): Promise<Exit> {
  return start(args, options).exited;
}

/** Whether nothing listens on 127.0.0.1:port (the connection is refused). */
export function refusedAt(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}
