import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The virtual printer in its own process (bench/printer-process.ts): its port, and how to stop it. */
export function printerProcess(options: Record<string, unknown>): Promise<{ port: number; stop: () => Promise<void> }> {
  const script = fileURLToPath(new URL('./printer-process.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const exited = new Promise<void>((done) => child.on('close', () => done()));
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`the printer process exited ${code} before it listened`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (!out.includes('\n') || line === undefined) return;
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        port,
        stop: async () => {
          child.stdin.end();
          await exited;
        },
      });
    });
  });
}

