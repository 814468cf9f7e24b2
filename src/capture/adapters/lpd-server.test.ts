import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualTimers } from '../../../test/support/manual-timers.js';
import type { TapEvent } from '../tap-events.js';
import { LpdServer } from './lpd-server.js';

/** What an LPD client can make the tap hold and print: bounded whatever it announces. */

let server: LpdServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(maxFileBytes: number, maxSessions?: number) {
  const events: TapEvent[] = [];
  const jobs: number[] = [];
  server = new LpdServer({ timers: new ManualTimers(), job: async (_peer, data) => void jobs.push(data.length), emit: (event) => events.push(event), maxFileBytes, ...(maxSessions ? { maxSessions } : {}) });
  const { port } = await server.listen({ host: '127.0.0.1', port: 0 }, (s, at) => new Promise((resolve) => s.listen(at.port, at.host, () => resolve({ ...at, port: (s.address() as AddressInfo).port }))));
  return { port, events, jobs };
}

/** Sends each part in turn, then reads until the server closes: every byte it answered. */
async function session(port: number, parts: (string | Uint8Array)[]): Promise<number[]> {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  const answers: number[] = [];
  socket.on('data', (chunk: Buffer) => answers.push(...chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  for (const part of parts) await new Promise<void>((resolve) => socket.write(typeof part === 'string' ? Buffer.from(part, 'latin1') : part, () => resolve()));
  socket.end();
  await closed;
  return answers;
}

const control = (lines: string[]) => `${lines.join('\n')}\n`;
const file = (kind: 'control' | 'data', name: string, content: string) => [`${kind === 'control' ? '\x02' : '\x03'}${content.length} ${name}\n`, `${content}\x00`];

describe('LPD server limits', () => {
  it('holds a data file sent to the end of the connection (count 0) to the same limit as one with a length', async () => {
    const { port, events, jobs } = await start(1000);
    const answers = await session(port, ['\x02lp\n', '\x030 dfA001\n', 'x'.repeat(600), 'x'.repeat(600)]);
    expect(answers.at(-1)).toBe(1);
    expect(events.find((e) => e.type === 'warning' && e.code === 'LPD_FILE_TOO_LARGE')).toMatchObject({ context: { count: 1200, max: 1000 } });
    expect(jobs).toEqual([]);
  });

  it("holds a job's data files together to the limit", async () => {
    const { port, events } = await start(1000);
    const answers = await session(port, ['\x02lp\n', ...file('data', 'dfA001', 'a'.repeat(600)), '\x03600 dfB001\n']);
    // Receive job, first data file announced and taken, then the second refused.
    expect(answers).toEqual([0, 0, 0, 1]);
    expect(events.some((e) => e.type === 'warning' && e.code === 'LPD_FILE_TOO_LARGE')).toBe(true);
  });

  it('prints at most 100 copies of a job, and none of one asking for more', async () => {
    for (const [copies, printed] of [
      [100, [100]],
      [101, []],
    ] as const) {
      const { port, events, jobs } = await start(1000);
      await session(port, ['\x02lp\n', ...file('data', 'dfA001', 'RECEIPT\n'), ...file('control', 'cfA001', control(Array.from({ length: copies }, () => 'ldfA001')))]);
      expect(jobs).toEqual(printed);
      if (printed.length === 0) expect(events.find((e) => e.type === 'warning' && e.code === 'LPD_BAD_COMMAND')).toMatchObject({ context: { rule: 'copies', copies, max: 100 } });
      await server?.close();
    }
  });

  it('takes a control file of at most 64 KiB', async () => {
    const { port, events } = await start(64 * 1024 * 1024);
    const answers = await session(port, ['\x02lp\n', `\x02${64 * 1024 + 1} cfA001\n`]);
    expect(answers).toEqual([0, 1]);
    expect(events.find((e) => e.type === 'warning' && e.code === 'LPD_FILE_TOO_LARGE')).toMatchObject({ context: { max: 65536 } });
  });

  it('refuses a subcommand it does not know without saying back what was sent', async () => {
    const { port, events } = await start(1000);
    await session(port, ['\x02lp\n', '\x094111"\\1111"\\1111 1111\n']);
    const warning = events.find((e) => e.type === 'warning' && e.code === 'LPD_BAD_COMMAND');
    expect(warning).toMatchObject({ context: { rule: 'subcommand' } });
    expect(JSON.stringify(warning)).not.toMatch(/1111/);
  });

  it('holds at most maxSessions sessions at once (each may hold a job): more are closed unanswered, said once', async () => {
    const { port, events, jobs } = await start(1000, 2);
    const open = [connect({ host: '127.0.0.1', port }), connect({ host: '127.0.0.1', port })];
    for (const socket of open) socket.on('error', () => undefined);
    // Both taken and answering: each has had its "receive job" acknowledged.
    await Promise.all(open.map((socket) => new Promise<void>((resolve) => {
      socket.once('data', () => resolve());
      socket.write('\x02lp\n');
    })));
    const refused = await Promise.all([session(port, ['\x02lp\n']), session(port, ['\x02lp\n'])]);
    expect(refused).toEqual([[], []]);
    expect(events.filter((e) => e.type === 'warning' && e.code === 'TAP_TOO_MANY_CONNECTIONS')).toEqual([expect.objectContaining({ context: expect.objectContaining({ channel: 'lpd', max: 2 }) })]);
    for (const socket of open) socket.destroy();
    // Room again: a whole job is taken and printed.
    const cf = control(['Hhost', 'Plp', 'ldfA001host']);
    let answers: number[] = [];
    for (let attempt = 0; answers.length === 0 && attempt < 50; attempt++) answers = await session(port, ['\x02lp\n', ...file('control', 'cfA001host', cf), ...file('data', 'dfA001host', 'hello')]);
    expect(answers).toEqual([0, 0, 0, 0, 0]);
    expect(jobs).toEqual([1]);
  });
});
