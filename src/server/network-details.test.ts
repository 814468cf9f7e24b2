import { describe, expect, it } from 'vitest';
import { withoutNetworkDetails } from './network-details.js';

describe('withoutNetworkDetails', () => {
  it('says a refused and a timed-out connection the same way, without the address', () => {
    const refused = withoutNetworkDetails('retry in 5000 ms: cannot connect to the printer at tcp://127.0.0.1:9: ECONNREFUSED');
    const silent = withoutNetworkDetails('retry in 5000 ms: no connection to the printer at tcp://10.0.0.7:9100 within 3000 ms');
    expect(refused).toBe('retry in 5000 ms: the printer could not be reached');
    expect(silent).toBe(refused);
  });

  it('drops error codes, addresses and ports from connection failures', () => {
    expect(withoutNetworkDetails('the connection failed while sending (writing to tcp://192.168.1.50:9100 failed: write EPIPE); part of the receipt may have printed')).toBe(
      'the connection failed while sending (writing to the printer failed: network error); part of the receipt may have printed',
    );
    expect(withoutNetworkDetails('printer at tcp://192.168.1.50:9100 closed the connection')).toBe('the printer closed the connection');
    expect(withoutNetworkDetails('connect ECONNREFUSED 10.1.2.3:515')).toBe('network error');
    expect(withoutNetworkDetails('connection to [::1]:9100 is closed')).toBe('connection to the printer is closed');
  });

  it('leaves words without network details alone', () => {
    expect(withoutNetworkDetails('held: paper out')).toBe('held: paper out');
    expect(withoutNetworkDetails('could not render the receipt: ESC/POS image too wide')).toBe('could not render the receipt: ESC/POS image too wide');
  });
});
