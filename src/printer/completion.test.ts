import { describe, expect, it } from 'vitest';
import { printerProfile, READY_STATE, type PrinterState } from '../escpos/index.js';
import type { PrintJobRow } from '../journal/index.js';
import { awaitCompletion } from './completion.js';
import type { Printer } from './printer-port.js';

const job = { id: 42, expiresAt: 600_000 } as PrintJobRow;

describe('awaitCompletion (GS ( H)', () => {
  it('takes a completion answer that came in with the status read, even when the ack timeout has passed meanwhile', async () => {
    // A busy machine stalls; when it wakes up, the answer and the status are both waiting.
    let clock = 0;
    let confirm: () => void = () => undefined;
    const link: Printer = {
      address: 'test',
      send: async () => undefined,
      waitPrinted: () => new Promise<void>((resolve) => (confirm = resolve)),
      status: async (): Promise<PrinterState> => {
        confirm();
        clock += 5_000;
        return READY_STATE;
      },
      close: async () => undefined,
    };
    const outcome = await awaitCompletion({
      link,
      profile: printerProfile('generic-80'),
      job,
      settings: { ackTimeoutMs: 1_500, statusPollMs: 20 },
      clock: () => clock,
      timers: { setTimeout: (run) => setTimeout(run, 0), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
      observed: async () => undefined,
      held: async () => undefined,
      resumed: () => undefined,
      giveUp: () => undefined,
      sleep: async () => undefined,
    });
    expect(outcome).toEqual({ ok: true });
  });
});
