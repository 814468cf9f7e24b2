import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { READY_STATE } from '../src/escpos/index.js';
import type { VirtualPrinter } from '../src/emulator/index.js';
import { localiseError, type LocalisableError } from '../src/i18n/index.js';
import {
  DeviceError,
  PrinterDisconnectedError,
  PrinterTimeoutError,
  configureSerialPort,
  openPrinter,
  openPrinterLink,
  parsePrinterAddress,
  type PrinterAddress,
} from '../src/printer/index.js';
import { tempDir } from './support/cli.js';
import { printerContract } from './support/printer-contract.js';
import { startPtyPrinter, type PtyPrinter } from './support/pty-printer.js';
import { recordingPrinter } from './support/recording-printer.js';

async function devicePrinter(kind: 'serial' | 'device') {
  const { virtual, port } = await recordingPrinter();
  const bridge = await startPtyPrinter('127.0.0.1', port, { cooked: kind === 'serial' });
  const address: PrinterAddress = kind === 'serial' ? parsePrinterAddress(`serial:${bridge.path}:9600`) : parsePrinterAddress(bridge.path);
  // A pty is a terminal; 'poll' makes it stand in for a USB printer-class file, which is not.
  const printer = await openPrinter(address, { statusTimeoutMs: 2000, reads: kind === 'device' ? 'poll' : undefined });
  return {
    printer,
    control: {
      setFault: (fault: string | undefined) => virtual.setFault(fault),
      printed: () => virtual.jobs().map((job) => job.text),
      close: async () => {
        await bridge.stop();
        await virtual.stop();
      },
    },
  };
}

printerContract('serial port (pty set up by stty) → VirtualPrinter', { open: () => devicePrinter('serial') });
printerContract('USB printer-class device file (pty, polled reads) → VirtualPrinter', { open: () => devicePrinter('device') });

describe('device transports', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const bridged = async (options: { cooked?: boolean } = {}): Promise<{ bridge: PtyPrinter; received: Buffer[][]; virtual: VirtualPrinter }> => {
    const { virtual, port, received } = await recordingPrinter();
    cleanups.push(() => virtual.stop());
    const bridge = await startPtyPrinter('127.0.0.1', port, options);
    cleanups.push(() => bridge.stop());
    return { bridge, received, virtual };
  };

  it('sets a serial port to its speed and 8N1 with raw bytes, and passes all 256 byte values through unchanged', async () => {
    const { bridge, received } = await bridged({ cooked: true });
    const link = await openPrinterLink(parsePrinterAddress(`serial:${bridge.path}:19200`));
    cleanups.push(() => link.destroy());
    const settings = execFileSync('stty', ['-F', bridge.path, '-a']).toString();
    expect(settings).toMatch(/speed 19200 baud/);
    expect(settings).toMatch(/(^|\s)cs8(\s|$)/m);
    for (const flag of ['-parenb', '-cstopb', '-echo', '-icanon', '-opost', '-ixon', '-icrnl']) expect(settings.split(/\s+/)).toContain(flag);
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    // Between two status queries, so the printer's parser is not left inside a command.
    const bytes = Uint8Array.from([0x10, 0x04, 0x01, ...every, 0x10, 0x04, 0x01]);
    const answers: number[] = [];
    link.onData((chunk) => answers.push(...chunk));
    await link.write(bytes);
    await vi.waitFor(() => expect(Buffer.concat(received[0] ?? []).length).toBe(bytes.length), { timeout: 5000 });
    expect(Buffer.concat(received[0] ?? [])).toEqual(Buffer.from(bytes));
    await vi.waitFor(() => expect(answers.length).toBeGreaterThanOrEqual(1), { timeout: 5000 });
  });

  it('reports a device that is unplugged while a status query waits as PRINTER_DISCONNECTED', async () => {
    const { bridge } = await bridged();
    const printer = await openPrinter(parsePrinterAddress(`serial:${bridge.path}:9600`), { statusTimeoutMs: 30_000 });
    cleanups.push(() => printer.close());
    expect(await printer.status()).toEqual(READY_STATE);
    bridge.child.kill('SIGSTOP');
    const pending = printer.status().catch((e: unknown) => e);
    bridge.child.kill('SIGKILL');
    const error = await pending;
    expect(error).toBeInstanceOf(PrinterDisconnectedError);
    expect(error).toMatchObject({ code: 'PRINTER_DISCONNECTED', context: { reason: expect.stringMatching(/^(EIO|EOF)$/) } });
    expect(localiseError(error as PrinterDisconnectedError, 'zh')).toMatchObject({
      detail: `打印机 serial:${bridge.path}:9600 断开了（线被拔掉或断电）`,
      hint: '检查打印机的线是否插好、打印机是否开机',
    });
  });

  it('fails a write with PRINTER_TIMEOUT when the device stops taking data', async () => {
    const { bridge } = await bridged();
    const link = await openPrinterLink(parsePrinterAddress(bridge.path), { writeTimeoutMs: 300, reads: 'poll' });
    cleanups.push(() => link.destroy());
    // A stopped bridge never drains the terminal, as a printer out of paper with flow control.
    bridge.child.kill('SIGSTOP');
    cleanups.push(() => void bridge.child.kill('SIGCONT'));
    const error = await link.write(new Uint8Array(4 * 1024 * 1024).fill(0x41)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterTimeoutError);
    expect((error as PrinterTimeoutError).message).toMatch(/took no data for 300 ms/);
    expect(localiseError(error as PrinterTimeoutError, 'zh')).toMatchObject({
      detail: `打印机 device:${bridge.path} 在 1 秒内没有接收数据（可能缺纸或死机）`,
      hint: '看一下打印机是否缺纸、上盖是否打开；都正常的话，关掉打印机再打开',
    });
    await expect(link.write(Uint8Array.of(0x0a))).rejects.toBeInstanceOf(PrinterTimeoutError);
  });

  it('names a device that is not there, with a hint where printers appear', async () => {
    const error = await openPrinterLink(parsePrinterAddress('/dev/usb/lp-not-here')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceError);
    expect(error).toMatchObject({ code: 'DEVICE_NOT_FOUND', kind: 'unavailable', context: { path: '/dev/usb/lp-not-here', reason: 'ENOENT' } });
    expect((error as DeviceError).hint).toMatch(/\/dev\/usb\/lp0/);
    expect(localiseError(error as DeviceError, 'zh')).toEqual({ title: '找不到打印机', detail: '找不到打印机 /dev/usb/lp-not-here', hint: '检查打印机的线是否插好、打印机是否开机' });
    expect(localiseError(error as DeviceError, 'zh', 'cli').hint).toMatch(/`\/dev\/usb\/lp0`/);
  });

  it('refuses a serial address that is not a terminal, with what stty said', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const file = join(dir.path, 'not-a-port');
    writeFileSync(file, '');
    const error = await openPrinterLink(parsePrinterAddress(`serial:${file}:9600`)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SERIAL_SETUP_FAILED', context: { path: file, baud: 9600 } });
    expect((error as DeviceError).message).toMatch(/Inappropriate ioctl/);
    expect(localiseError(error as DeviceError, 'zh')).toEqual({
      title: '串口设置失败',
      detail: `无法把串口 ${file} 设为 9600 波特率`,
      hint: '检查填写的串口是否正确：USB 打印机直接填它的设备文件，不加“serial:”',
    });
    expect(localiseError(error as DeviceError, 'en').detail).toMatch(new RegExp(`^could not set ${file} to 9600 baud 8N1: .*Inappropriate ioctl`));
    const missing = await configureSerialPort('/dev/ttyUSB-not-here', 9600).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'SERIAL_SETUP_FAILED' });
    expect((missing as DeviceError).hint).toMatch(/plugged in/);
    expect(localiseError(missing as DeviceError, 'zh').hint).toBe('检查打印机和串口线是否插好、打印机是否开机');
  });

  it('tells a user without access to the serial port to join dialout', async () => {
    // Tests run as root, who may open anything: stty's refusal is played by a stand-in.
    const denied = await configureSerialPort('/dev/ttyS0', 9600, async () => ({ code: 1, stderr: 'stty: /dev/ttyS0: Permission denied' })).catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: 'SERIAL_SETUP_FAILED', hint: expect.stringMatching(/dialout/) });
    expect(localiseError(denied as DeviceError, 'zh').hint).toBe('请管理员把运行本系统的用户加入 dialout 组，然后重新登录电脑并重启本系统');
    expect(localiseError(denied as DeviceError, 'zh', 'cli').hint).toMatch(/`sudo usermod -aG dialout 用户名`/);
  });
});

describe('parsePrinterAddress', () => {
  it('reads network, device and serial addresses', () => {
    expect(parsePrinterAddress('192.168.1.50:9100')).toEqual({ kind: 'tcp', host: '192.168.1.50', port: 9100 });
    expect(parsePrinterAddress('[fe80::1]:9100')).toEqual({ kind: 'tcp', host: 'fe80::1', port: 9100 });
    expect(parsePrinterAddress('/dev/usb/lp0')).toEqual({ kind: 'device', path: '/dev/usb/lp0' });
    expect(parsePrinterAddress('serial:/dev/ttyUSB0:115200')).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baud: 115200 });
    expect(parsePrinterAddress('serial:/dev/ttyS0')).toEqual({ kind: 'serial', path: '/dev/ttyS0', baud: 9600 });
  });

  it('refuses anything else with BAD_PRINTER_ADDRESS and the forms it takes', () => {
    for (const bad of ['printer.local', 'serial:/dev/ttyUSB0:9601', 'serial:ttyUSB0', '10.0.0.1:99999', '/dev/usb/lp 0']) {
      expect(() => parsePrinterAddress(bad)).toThrow(expect.objectContaining({ code: 'BAD_PRINTER_ADDRESS', kind: 'input' }));
    }
    expect(() => parsePrinterAddress('serial:/dev/ttyUSB0:9601')).toThrow(expect.objectContaining({ hint: expect.stringMatching(/9600, 19200/) }));
    const said = (text: string) => {
      try {
        parsePrinterAddress(text);
      } catch (error) {
        return localiseError(error as LocalisableError, 'zh');
      }
      throw new Error(`${text} was taken as an address`);
    };
    expect(said('printer.local')).toEqual({
      title: '打印机地址不对',
      detail: '“printer.local”不是打印机地址',
      hint: '填 主机:端口（如 192.168.1.50:9100）、设备文件（如 `/dev/usb/lp0`）或 serial:设备:波特率（如 `serial:/dev/ttyUSB0:9600`）',
    });
    expect(said('serial:/dev/ttyUSB0:9601')).toMatchObject({ detail: '“serial:/dev/ttyUSB0:9601”里的 9601 不是串口速度', hint: expect.stringMatching(/^波特率可选 1200、2400、.*、921600（打印机自检页上印有它的速度）$/) });
    expect(said('serial:ttyUSB0').hint).toMatch(/^串口打印机写成 serial:设备/);
    expect(said('/dev/usb/lp 0').detail).toBe('设备路径“/dev/usb/lp 0”里有空格');
  });
});
