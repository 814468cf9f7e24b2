import { execFile } from 'node:child_process';
import { DeviceError } from './errors.js';

/** Runs a program and resolves with its exit status and error output; tests may swap it. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<{ code: number; stderr: string }>;

export const execRunner: CommandRunner = (command, args) =>
  new Promise((resolve) => {
    execFile(command, [...args], { timeout: 10_000 }, (error, _stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      resolve({ code, stderr: `${stderr}${error && typeof error.code !== 'number' ? error.message : ''}`.trim() });
    });
  });

/**
 * The stty settings for a receipt printer on a serial port: the speed, 8 data bits, no
 * parity, 1 stop bit, bytes passed through untouched (no echo, no newline translation, no
 * XON/XOFF eating 0x11/0x13 in image data), the modem lines ignored and kept up on close.
 */
export function serialSettings(baud: number): string[] {
  return [String(baud), 'cs8', '-cstopb', '-parenb', 'raw', '-echo', '-echoe', '-echok', '-echoctl', '-echoke', '-echonl', 'clocal', 'cread', '-hupcl', '-crtscts', '-ixon', '-ixoff'];
}

/** What to do, by what stty said (the catalog words each as a variant of SERIAL_SETUP_FAILED). */
const SETUP_HINTS = {
  missing: 'check that the printer is plugged in: serial ports are /dev/ttyUSB0, /dev/ttyACM0 or /dev/ttyS0 (ls /dev/tty*)',
  denied: 'add the user that runs Reissue to the dialout group (sudo usermod -aG dialout USER), then log in again',
  other: 'check that the path is a serial port (a USB printer-class device is /dev/usb/lp0, given without "serial:") and that stty is installed',
} as const;

/** Sets the port up with stty before it is opened; fails with SERIAL_SETUP_FAILED saying what stty said. */
export async function configureSerialPort(path: string, baud: number, run: CommandRunner = execRunner): Promise<void> {
  const { code, stderr } = await run('stty', ['-F', path, ...serialSettings(baud)]);
  if (code === 0) return;
  const reason = stderr || `stty exited with ${code}`;
  const rule = /No such file/i.test(stderr) ? 'missing' : /Permission denied/i.test(stderr) ? 'denied' : 'other';
  throw new DeviceError('SERIAL_SETUP_FAILED', `could not set ${path} to ${baud} baud 8N1: ${reason}`, {
    hint: SETUP_HINTS[rule],
    context: { path, baud, status: code, reason, rule },
  });
}
