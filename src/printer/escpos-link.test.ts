import { describe, expect, it } from 'vitest';
import { NotAPrinterError } from './errors.js';
import { EscPosLink } from './escpos-link.js';
import type { PrinterTimers } from './printer-port.js';

/** Timers that run only when advanced, in due order. */
class ManualTimers implements PrinterTimers {
  now = 0;
  private seq = 0;
  private tasks: { at: number; id: number; run: () => void }[] = [];
  setTimeout = (run: () => void, ms: number) => {
    const id = ++this.seq;
    this.tasks.push({ at: this.now + ms, id, run });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.tasks = this.tasks.filter((t) => t.id !== id);
  };
  /** Runs what is due by now + ms; timers set meanwhile for later wait for the next call. */
  async advance(ms: number): Promise<void> {
    this.now += ms;
    const due = this.tasks.filter((t) => t.at <= this.now).sort((a, b) => a.at - b.at || a.id - b.id);
    this.tasks = this.tasks.filter((t) => !due.includes(t));
    for (const task of due) task.run();
    await flush();
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('EscPosLink status timeout', () => {
  const rig = () => {
    const timers = new ManualTimers();
    let destroyed = false;
    const link = new EscPosLink({ write: async () => undefined, close: async () => undefined, destroy: () => (destroyed = true) }, { address: 'test', statusTimeoutMs: 1_000, timers });
    return { timers, link, destroyed: () => destroyed };
  };

  it('reads an answer that is already waiting when the timeout fires (a stalled process) instead of declaring the printer hung', async () => {
    const { timers, link, destroyed } = rig();
    const status = link.status();
    await flush();
    await timers.advance(1_000);
    // The answer was received before the verdict's turn: the link is fine.
    link.receive(Uint8Array.of(0x12, 0x12, 0x12, 0x12));
    await timers.advance(0);
    expect(await status).toMatchObject({ online: true, paperOut: false });
    expect(destroyed()).toBe(false);
    expect(link.failure).toBeUndefined();
  });

  it('declares the link hung when no answer came by then', async () => {
    const { timers, link, destroyed } = rig();
    const status = link.status();
    const failed = expect(status).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT' });
    await flush();
    await timers.advance(999);
    expect(destroyed()).toBe(false);
    await timers.advance(1);
    await timers.advance(0);
    await failed;
    expect(destroyed()).toBe(true);
  });
});

describe('EscPosLink and a peer that is not a printer', () => {
  const rig = () => {
    const timers = new ManualTimers();
    let destroyed = false;
    const asb: unknown[] = [];
    const link = new EscPosLink(
      { write: async () => undefined, close: async () => undefined, destroy: () => (destroyed = true) },
      { address: 'tcp://127.0.0.1:8080', statusTimeoutMs: 1_000, timers, onAsb: (state) => asb.push(state) },
    );
    return { timers, link, asb, destroyed: () => destroyed };
  };
  const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
  // Its bits pass for status ("R", ":", "2" …) and for automatic status back ("0\r\nd", "T\r\n\r").
  const HTTP400 = 'HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: Mon, 07 Dec 2026 23:33:23 GMT\r\n\r\n';

  it('fails the status query as "not a printer" when the peer answers with text, instead of reading paper out from it', async () => {
    const { link, asb, destroyed } = rig();
    const status = link.status();
    await flush();
    link.receive(bytes(HTTP400));
    const error = await status.then(
      (state) => state,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotAPrinterError);
    expect(error).toMatchObject({ code: 'PRINTER_UNREACHABLE', context: { rule: 'not-a-printer', address: 'tcp://127.0.0.1:8080' } });
    expect((error as Error).message).toContain('"HTTP/1.1 400 Bad Reques');
    expect(asb).toEqual([]);
    expect(link.lastAsb).toBeUndefined();
    expect(destroyed()).toBe(true);
    await expect(link.status()).rejects.toMatchObject({ code: 'PRINTER_DISCONNECTED' });
  });

  it('does not believe automatic status back from a peer that has not answered a status query', async () => {
    const { link, asb } = rig();
    // A well-formed ASB block saying paper out, before any status answer.
    link.receive(Uint8Array.of(0x10, 0x00, 0x0c, 0x00));
    expect(asb).toEqual([]);
    expect(link.lastAsb).toBeUndefined();
    const status = link.status();
    await flush();
    link.receive(Uint8Array.of(0x12, 0x12, 0x12, 0x12));
    expect(await status).toMatchObject({ online: true, paperOut: false });
    link.receive(Uint8Array.of(0x10, 0x00, 0x0c, 0x00));
    expect(link.lastAsb).toMatchObject({ paperOut: true });
    expect(asb).toHaveLength(1);
  });

  it('keeps a printer that answered as one: a stray byte later, or XON/XOFF flow control before, does not end the link', async () => {
    const { link, destroyed } = rig();
    const first = link.status();
    await flush();
    link.receive(Uint8Array.of(0x11, 0x12, 0x12, 0x13, 0x12, 0x12));
    expect(await first).toMatchObject({ online: true });
    link.receive(Uint8Array.of(0xff));
    const second = link.status();
    await flush();
    link.receive(Uint8Array.of(0x12, 0x32, 0x12, 0x12));
    expect(await second).toMatchObject({ online: true, paperOut: true });
    expect(destroyed()).toBe(false);
    expect(link.failure).toBeUndefined();
  });
});
