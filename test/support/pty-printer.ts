import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./pty-printer.py', import.meta.url)).replace(/\/dist\/test\//, '/test/');

/** A pseudo-terminal bridged to a printer on TCP: its path stands in for /dev/usb/lp0 or /dev/ttyUSB0. */
export interface PtyPrinter {
  path: string;
  child: ChildProcess;
  /** Resolves when the bridge has exited (the printer closed, or it was killed). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export async function startPtyPrinter(host: string, port: number, options: { cooked?: boolean } = {}): Promise<PtyPrinter> {
  const child = spawn('python3', [SCRIPT, host, String(port), ...(options.cooked ? ['--cooked'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const path = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    void exited.then(() => reject(new Error(`pty bridge exited before it was ready: ${stderr}`)));
  });
  return {
    path,
    child,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
