import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startVirtualPrinter, type VirtualPrinter } from '../src/emulator/index.js';
import { runCli, tempDir } from './support/cli.js';
import { sale } from './support/fixtures.js';

let dir: ReturnType<typeof tempDir>;
let printer: VirtualPrinter | undefined;
const db = () => join(dir.path, 'j.db');
const SLIP = '10023456-000128-000457';

beforeEach(async () => {
  dir = tempDir();
  await runCli(dir.path, ['record', '--db', db()], { stdin: JSON.stringify(sale()) });
});
afterEach(async () => {
  await printer?.stop();
  printer = undefined;
  dir.remove();
});

async function virtualPrinter(fault?: string): Promise<string> {
  printer = await startVirtualPrinter({ port: 0, speedMmPerSecond: 2000, ...(fault ? { fault } : {}) });
  const at = printer.address;
  return `${at?.host}:${at?.port}`;
}

describe('reissue print', () => {
  it('prints over a real socket and waits for the printer to confirm the paper passed', async () => {
    const address = await virtualPrinter();
    const r = await runCli(dir.path, ['print', SLIP, '--printer', address, '--db', db()]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`printed ${SLIP} on ${address}\n`);
    expect(r.code).toBe(0);
    const job = printer?.jobs()[0];
    const expected = (await runCli(dir.path, ['receipt', SLIP, '--db', db()])).stdout;
    const lines = (s: string) => s.split('\n').map((l) => l.trimEnd()).filter(Boolean);
    expect(lines(job?.text ?? '')).toEqual(lines(expected));
  });

  it('names the fault when the printer is out of paper, and exits 6', async () => {
    const address = await virtualPrinter('paper-out');
    const r = await runCli(dir.path, ['print', SLIP, '--printer', address, '--timeout', '1s', '--db', db()]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/paper/i);
  });

  it('says when no printer answers at the address', async () => {
    const address = await virtualPrinter();
    await printer?.stop();
    printer = undefined;
    const r = await runCli(dir.path, ['print', SLIP, '--printer', address, '--db', db()]);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('PRINTER_UNREACHABLE');
  });

  it('refuses a bad address or a missing --printer', async () => {
    expect((await runCli(dir.path, ['print', SLIP, '--printer', 'host:99999', '--db', db()])).stderr).toContain('BAD_PRINTER_ADDRESS');
    expect((await runCli(dir.path, ['print', SLIP, '--db', db()])).stderr).toContain('--printer is required');
  });
});

describe('reissue printer-emulator', () => {
  it('listens, keeps each job as files, takes faults from the fault file and stops', async () => {
    let release: () => void = () => undefined;
    const stop = new Promise<void>((resolve) => (release = resolve));
    let announced: (line: string) => void = () => undefined;
    const listening = new Promise<string>((resolve) => (announced = resolve));
    const jobs = join(dir.path, 'jobs');
    const running = runCli(dir.path, ['printer-emulator', '--port', '0', '--jobs', jobs, '--speed', '2000'], {
      stop,
      onStdout: (text) => {
        const match = /listening on (\S+)/.exec(text);
        if (match?.[1]) announced(match[1]);
      },
    });
    const address = await listening;
    const printed = await runCli(dir.path, ['print', SLIP, '--printer', address, '--db', db()]);
    expect(printed.code).toBe(0);
    expect(readFileSync(join(jobs, '1.txt'), 'utf8')).toContain('银联POS签购单');
    expect(existsSync(join(jobs, '1.png'))).toBe(true);
    writeFileSync(join(jobs, 'fault'), 'cover-open\n');
    await new Promise((r) => setTimeout(r, 500));
    const refused = await runCli(dir.path, ['print', SLIP, '--printer', address, '--timeout', '1s', '--db', db()]);
    expect(refused.code).toBe(6);
    release();
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('job 1:');
    expect(result.stdout).toContain('status: cover-open (file)');
    expect(result.stdout).toContain('stopped after 1 job(s)');
  });

  it('refuses a misspelt fault and a bad port', async () => {
    const r = await runCli(dir.path, ['printer-emulator', '--fault', 'paper-outt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "paper-out"');
    expect((await runCli(dir.path, ['printer-emulator', '--port', '70000'])).stderr).toContain('--port must be');
  });
});
