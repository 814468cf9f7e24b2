import type { PrinterTimers } from './printer-port.js';

/**
 * Calls `touch` every `everyMs` until the returned stop function is called: a job in flight
 * is touched every third of the lease so no other spooler takes it for abandoned.
 */
export function leaseHeartbeat(timers: PrinterTimers, everyMs: number, touch: () => Promise<unknown>, onError: (error: unknown) => void): () => void {
  let stopped = false;
  let handle: unknown;
  const tick = () => {
    handle = timers.setTimeout(() => {
      if (stopped) return;
      touch().then(
        () => !stopped && tick(),
        (error: unknown) => {
          onError(error);
          if (!stopped) tick();
        },
      );
    }, everyMs);
  };
  tick();
  return () => {
    stopped = true;
    timers.clearTimeout(handle);
  };
}
