import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { printedFiles } from '../src/capture/index.js';
import { encodeEscPos } from '../src/escpos/index.js';
import { localiseError } from '../src/i18n/index.js';
import { tapHarness, type TapHarness } from './support/tap-harness.js';

/**
 * An LPD client written from RFC 1179, as POS software speaks it: "receive a printer job",
 * then a control file and data files, each announced, sent with a trailing zero byte, and
 * acknowledged with one zero byte.
 */
class LpdClient {
  private readonly chunks: Buffer[] = [];
  private waiting: (() => void) | undefined;
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
    socket.on('error', () => undefined);
  }

  static async open(port: number): Promise<LpdClient> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new LpdClient(socket);
  }

  /** The next byte the server sends (an acknowledgement), or undefined once it has closed. */
  async ack(): Promise<number | undefined> {
    for (;;) {
      const all = Buffer.concat(this.chunks);
      if (all.length > 0) {
        this.chunks.splice(0, this.chunks.length, all.subarray(1));
        return all[0];
      }
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  /** Everything until the server closes. */
  async rest(): Promise<string> {
    while (!this.closed) await new Promise<void>((resolve) => (this.waiting = resolve));
    return Buffer.concat(this.chunks).toString('latin1');
  }

  send(bytes: Uint8Array | string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, (e) => (e ? reject(e) : resolve())));
  }

  /** 02 count SP name LF (control) or 03 … (data), the file, a zero byte: two acknowledgements. */
  async file(kind: 'control' | 'data', name: string, content: Uint8Array, count = content.length): Promise<[number | undefined, number | undefined]> {
    await this.send(`${kind === 'control' ? '\x02' : '\x03'}${count} ${name}\n`);
    const announced = await this.ack();
    if (announced !== 0) return [announced, undefined];
    await this.send(Buffer.concat([Buffer.from(content), Buffer.of(0)]));
    return [announced, await this.ack()];
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }
}

const control = (lines: string[]) => Buffer.from(`Hpos-01\nPcashier\nJreceipt\n${lines.join('\n')}\n`, 'latin1');
const receipt = (title: string) =>
  encodeEscPos({ columns: 48, dots: 576, blocks: [{ type: 'text', runs: [{ text: title }] }, { type: 'text', runs: [{ text: '合计 23.00' }] }, { type: 'cut', partial: true }] }, 'generic-80');

describe('the tap over LPD (RFC 1179)', () => {
  let h: TapHarness;
  afterEach(async () => h?.stop());

  it('acknowledges a job (control file first), prints its data file unchanged and journals it', async () => {
    h = await tapHarness({ lpd: { host: '127.0.0.1', port: 0 } });
    const data = receipt('BY LPD');
    const lpd = await LpdClient.open(h.lpdPort ?? 0);
    await lpd.send('\x02raw\n');
    expect(await lpd.ack()).toBe(0);
    expect(await lpd.file('control', 'cfA001pos-01', control(['ldfA001pos-01', 'UdfA001pos-01', 'Nreceipt.bin']))).toEqual([0, 0]);
    expect(await lpd.file('data', 'dfA001pos-01', data)).toEqual([0, 0]);
    await lpd.close();
    await h.journal.waitFor(1);
    await h.event('job-delivered', (e) => e.outcome === 'sent');
    expect(h.printer.bytesOf(0)).toEqual(Buffer.from(data));
    expect(h.journal.jobs[0]).toMatchObject({ channel: 'lpd', endedBy: 'cut', fields: { amount: { minor: 2300, currency: 'CNY' } } });
    expect(h.journal.jobs[0]?.bytes).toEqual(data);
  });

  it('takes the data file before the control file, prints each copy, and a data file sent to the end of the connection (count 0)', async () => {
    h = await tapHarness({ lpd: { host: '127.0.0.1', port: 0 } });
    const data = receipt('TWO COPIES');
    const lpd = await LpdClient.open(h.lpdPort ?? 0);
    await lpd.send('\x02lp\n');
    await lpd.ack();
    expect(await lpd.file('data', 'dfA002pos-01', data)).toEqual([0, 0]);
    expect(await lpd.file('control', 'cfA002pos-01', control(['ldfA002pos-01', 'ldfA002pos-01']))).toEqual([0, 0]);
    await lpd.close();
    await h.event('job-delivered', (e) => e.outcome === 'sent', 2);
    expect(h.printer.bytesOf(0)).toEqual(Buffer.concat([data, data]));

    const eof = await LpdClient.open(h.lpdPort ?? 0);
    await eof.send('\x02lp\n');
    await eof.ack();
    expect(await eof.file('control', 'cfA003pos-01', control(['ldfA003pos-01']))).toEqual([0, 0]);
    await eof.send('\x030 dfA003pos-01\n');
    expect(await eof.ack()).toBe(0);
    const third = receipt('UNTIL EOF');
    await eof.send(third);
    await eof.close();
    await h.event('job-delivered', (e) => e.outcome === 'sent', 3);
    expect(h.printer.bytesOf(1)).toEqual(Buffer.from(third));
    expect(h.journal.jobs.map((j) => j.text.trim().split('\n')[0])).toEqual(['TWO COPIES', 'TWO COPIES', 'UNTIL EOF']);
  });

  it('answers a queue-state query as an empty queue, and prints nothing of an aborted job', async () => {
    h = await tapHarness({ lpd: { host: '127.0.0.1', port: 0 } });
    const state = await LpdClient.open(h.lpdPort ?? 0);
    await state.send('\x04raw\n');
    expect(await state.rest()).toBe('raw: ready and printing\nno entries\n');

    const aborted = await LpdClient.open(h.lpdPort ?? 0);
    await aborted.send('\x02raw\n');
    await aborted.ack();
    await aborted.file('data', 'dfA004pos-01', receipt('ABORTED'));
    await aborted.send('\x01\n');
    await aborted.file('control', 'cfA004pos-01', control(['ldfA004pos-01']));
    await aborted.close();
    const warning = await h.event('warning', (e) => e.code === 'LPD_JOB_INCOMPLETE');
    expect(warning.message).toMatch(/closed the connection before the job was complete/);
    expect(localiseError(warning, 'zh')).toMatchObject({ title: 'LPD 任务不完整', detail: expect.stringMatching(/^LPD 客户端 127\.0\.0\.1:\d+ 在任务传完之前断开了连接，任务已丢弃$/) });
    expect(h.printer.connections()).toBe(0);
    expect(h.journal.jobs).toEqual([]);
  });

  it('drops a job whose data file never came, and refuses what is not LPD, each with a code and a hint', async () => {
    h = await tapHarness({ lpd: { host: '127.0.0.1', port: 0 } });
    const half = await LpdClient.open(h.lpdPort ?? 0);
    await half.send('\x02raw\n');
    await half.ack();
    await half.file('control', 'cfA005pos-01', control(['ldfA005pos-01']));
    await half.close();
    expect((await h.event('warning', (e) => e.code === 'LPD_JOB_INCOMPLETE')).hint).toMatch(/sends it again/);

    const http = await LpdClient.open(h.lpdPort ?? 0);
    await http.send('GET / HTTP/1.1\r\n\r\n');
    expect(await http.ack()).toBe(1);
    const bad = await h.event('warning', (e) => e.code === 'LPD_BAD_COMMAND');
    expect(bad.message).toMatch(/unknown LPD command 0x47/);
    expect(bad.hint).toMatch(/raw/);
    expect(localiseError(bad, 'zh').detail).toMatch(/^LPD 客户端 127\.0\.0\.1:\d+ 发来了不认识的命令 0x47，连接已断开$/);
    expect(localiseError(bad, 'en').detail).toMatch(/^LPD client 127\.0\.0\.1:\d+ sent an unknown LPD command 0x47; the connection was closed$/);

    const big = await LpdClient.open(h.lpdPort ?? 0);
    await big.send('\x02raw\n');
    await big.ack();
    expect(await big.file('data', 'dfA006pos-01', new Uint8Array(0), 200 * 1024 * 1024)).toEqual([1, undefined]);
    const tooLarge = await h.event('warning', (e) => e.code === 'LPD_FILE_TOO_LARGE');
    expect(tooLarge.context).toMatchObject({ count: 200 * 1024 * 1024 });
    expect(localiseError(tooLarge, 'zh').detail).toMatch(/^LPD 客户端 127\.0\.0\.1:\d+ 发来的文件有 200 MB，超过上限 64 MB，已拒收$/);
    expect(localiseError(tooLarge, 'en').detail).toMatch(/^LPD client 127\.0\.0\.1:\d+ sent a 200 MB file, over the limit of 64 MB; it was refused$/);
    await big.close();
    expect(h.printer.connections()).toBe(0);
  });
});

describe('LPD control files', () => {
  it('print each data file once per print line, in order, and nothing for other lines', () => {
    expect(printedFiles('Hpos\nPuser\nJjob\nldfA001\nfdfA002\nldfA001\nUdfA001\nNname\nLbanner\n')).toEqual(['dfA001', 'dfA002', 'dfA001']);
    expect(printedFiles('Hpos\nPuser\n')).toEqual([]);
  });
});
