/**
 * One server of a build comparison (compare-builds.ts), in a process of its own: the build's
 * compiled server (argv[2], a dist/ folder) over the journal in REISSUE_BENCH_DB, printing
 * one JSON line { url, token } once it listens and has signed in; then on stdin "cpu" asks
 * for the CPU it has used (µs, one JSON line) and "stop" closes it.
 */
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

interface ServerModules {
  startServer: (options: Record<string, unknown>) => Promise<{ url: string; close: () => Promise<void> }>;
}
interface ConfigModules {
  parseConfig: (value: unknown, source: string) => unknown;
}

async function main(): Promise<void> {
  const dist = process.argv[2];
  const { REISSUE_BENCH_DB: db, REISSUE_BENCH_DIR: dir, REISSUE_BENCH_PRINTER: printerPort, REISSUE_TZ: timeZone } = process.env;
  if (!dist || !db || !dir || !printerPort || !timeZone) throw new Error('usage: build-server.js DIST with REISSUE_BENCH_DB, REISSUE_BENCH_DIR, REISSUE_BENCH_PRINTER and REISSUE_TZ set');
  const from = (path: string) => pathToFileURL(`${dist}/${path}`).href;
  const { startServer } = (await import(from('src/server/index.js'))) as ServerModules;
  const { parseConfig } = (await import(from('src/config/index.js'))) as ConfigModules;
  const config = parseConfig({ printers: [{ name: 'counter', address: `127.0.0.1:${printerPort}` }], defaultPrinter: 'counter' }, 'bench');
  const server = await startServer({ port: 0, db, config, context: { env: { REISSUE_TZ: timeZone }, cwd: dir, now: Date.now }, logger: () => undefined });
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: process.env.REISSUE_BENCH_PASSWORD ?? '', bearer: true }) });
  const { token } = (await login.json()) as { token: string };
  process.stdout.write(`${JSON.stringify({ url: server.url, token })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'cpu') {
      const used = process.cpuUsage();
      process.stdout.write(`${JSON.stringify({ cpuUs: used.user + used.system })}\n`);
    } else if (line === 'stop') {
      await server.close();
      process.exit(0);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`build-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
