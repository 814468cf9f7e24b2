import type { Socket } from 'node:net';
import type { CaptureChannel } from './capture-journal.js';
import type { TapEvent } from './tap-events.js';

/** Connections a tap takes at once on one channel by default: a till prints one job at a time. */
export const MAX_TAP_CONNECTIONS = 32;

/**
 * Refuses connections past `max` at once on one channel. Each connection may hold a job's
 * bytes (LPD: up to 64 MiB) and a raw one opens its own link to the printer, so a flood of
 * them would hold memory and the printer without end. Said once a flood, not once a connection:
 * again only after the open connections fell to half the limit.
 */
export class ConnectionLimit {
  private open = 0;
  private refused = 0;

  constructor(
    private readonly channel: CaptureChannel,
    private readonly max: number,
    private readonly emit: (event: TapEvent) => void,
  ) {}

  /** Takes the socket (counted until it closes), or destroys it and says so: false. */
  admit(socket: Socket): boolean {
    if (this.open >= this.max) {
      socket.on('error', () => undefined);
      socket.destroy();
      if (this.refused++ === 0) {
        const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
        this.emit({
          type: 'warning',
          code: 'TAP_TOO_MANY_CONNECTIONS',
          message: `${this.max} ${this.channel} connections are open; one from ${peer} (and any more until some close) was refused`,
          hint: 'a till prints one job at a time: look for a device on the shop network that opens connections to the tap and does not close them',
          context: { channel: this.channel, peer, max: this.max },
        });
      }
      return false;
    }
    this.open++;
    socket.once('close', () => {
      this.open--;
      if (this.open <= this.max / 2) this.refused = 0;
    });
    return true;
  }
}
