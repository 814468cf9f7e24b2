import { describe, expect, it } from 'vitest';
import { openError } from './device-link.js';

const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe('opening a printer device file', () => {
  // Tests run as root, who is never refused: the system's answers are played here.
  it('names each reason with its own code and a hint', () => {
    expect(openError(errno('EACCES'), '/dev/usb/lp0', 'device:/dev/usb/lp0')).toMatchObject({
      code: 'DEVICE_NO_PERMISSION',
      hint: expect.stringMatching(/usermod -aG lp,dialout/),
      context: { path: '/dev/usb/lp0', reason: 'EACCES' },
    });
    expect(openError(errno('EBUSY'), '/dev/usb/lp0', 'device:/dev/usb/lp0')).toMatchObject({ code: 'DEVICE_BUSY', hint: expect.stringMatching(/CUPS/) });
    expect(openError(errno('ENODEV'), '/dev/usb/lp0', 'device:/dev/usb/lp0')).toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    expect(openError(errno('EROFS'), '/dev/usb/lp0', 'device:/dev/usb/lp0')).toMatchObject({ code: 'PRINTER_UNREACHABLE', message: expect.stringMatching(/EROFS/) });
  });
});
