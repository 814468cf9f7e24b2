/**
 * A virtual printer in a process of its own for the HTTP bench, so that the server's process
 * does only what a shop's server does (a real printer is a device of its own): the options as
 * JSON on argv[2], one line `{"port":N}` on stdout once it listens, and it stops when its
 * standard input closes (the bench ending, or dying).
 */
import { startVirtualPrinter, type VirtualPrinterOptions } from '../src/emulator/index.js';

async function run(options: VirtualPrinterOptions): Promise<void> {
  const printer = await startVirtualPrinter({ ...options, port: 0 });
  process.stdout.write(`${JSON.stringify({ port: printer.address?.port })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void printer.stop().then(() => process.exit(0)));
}

run(JSON.parse(process.argv[2] ?? '{}') as VirtualPrinterOptions).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
