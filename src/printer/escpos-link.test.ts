import { describe, expect, it } from 'vitest';
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
