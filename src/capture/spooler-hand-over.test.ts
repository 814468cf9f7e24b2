import { describe, expect, it } from 'vitest';
import type { PrintJobRow } from '../journal/index.js';
import type { CaptureHandOver } from '../printer/index.js';
import { spoolerHandOver } from './spooler-hand-over.js';

const job = (over: Partial<PrintJobRow>) => ({ id: 1, printer: '192.168.1.50:9100', ...over }) as PrintJobRow;

describe('spoolerHandOver', () => {
  it('gives the spooler the capture, its outcome and the tap\'s printers, and follows the printer\'s status by the name the spooler uses', async () => {
    const asked: CaptureHandOver[] = [];
    const bridge = spoolerHandOver({ takeCapture: async (h) => (asked.push(h), job({})) }, { printer: '192.168.1.50', backup: 'spare' });
    expect(bridge.offlineStatus()).toEqual({});
    // Before any hand-over the spooler's name for the printer is not known yet.
    bridge.observe({ type: 'status', printer: '192.168.1.50:9100', status: 'paper out', previous: null });
    expect(bridge.offlineStatus()).toEqual({});
    await bridge.handOver({ capture: { id: 'cap-x', seq: 1 } as never, outcome: 'partly-sent', reason: { code: 'PRINTER_DISCONNECTED', message: 'gone', context: {} } });
    expect(asked).toEqual([{ captureId: 'cap-x', printer: '192.168.1.50', backup: 'spare', outcome: 'partly-sent', reason: 'gone' }]);
    bridge.observe({ type: 'status', printer: '192.168.1.50:9100', status: 'paper out, cover open', previous: null });
    expect(bridge.offlineStatus()).toEqual({ paperOut: true, coverOpen: true });
    bridge.observe({ type: 'status', printer: 'spare', status: 'paper out', previous: null });
    expect(bridge.offlineStatus()).toEqual({ paperOut: true, coverOpen: true });
    bridge.observe({ type: 'status', printer: '192.168.1.50:9100', status: 'cutter error', previous: null });
    expect(bridge.offlineStatus()).toEqual({ cutterError: true, error: true });
    bridge.observe({ type: 'status', printer: '192.168.1.50:9100', status: 'ready', previous: null });
    expect(bridge.offlineStatus()).toEqual({});
  });

  it('passes the spooler\'s refusal on to the tap', async () => {
    const bridge = spoolerHandOver({ takeCapture: () => Promise.reject(Object.assign(new Error('already printed'), { code: 'ALREADY_PRINTED' })) }, { printer: 'front' });
    await expect(bridge.handOver({ capture: { id: 'cap-y' } as never, outcome: 'not-sent', reason: undefined })).rejects.toMatchObject({ code: 'ALREADY_PRINTED' });
  });
});
