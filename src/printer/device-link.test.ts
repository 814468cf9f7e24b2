import { describe, expect, it } from 'vitest';
import { localiseError } from '../i18n/index.js';
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

  it('is said in Chinese and English from its context, the terminal also naming the commands', () => {
    const said = (code: string, surface: 'screen' | 'cli' = 'screen') => localiseError(openError(errno(code), '/dev/usb/lp0', 'device:/dev/usb/lp0'), 'zh', surface);
    expect(said('EACCES')).toEqual({
      title: '无权使用打印机',
      detail: '无权打开打印机 /dev/usb/lp0',
      hint: '请管理员把运行本系统的用户加入打印机设备所属的组（USB 打印机是 lp 组，串口打印机是 dialout 组），然后重新登录电脑并重启本系统',
    });
    expect(said('EACCES', 'cli').hint).toMatch(/`sudo usermod -aG lp,dialout 用户名`/);
    expect(said('EBUSY')).toMatchObject({ title: '打印机被占用', detail: '打印机 /dev/usb/lp0 正被其他程序使用' });
    expect(said('EBUSY', 'cli').hint).toMatch(/CUPS/);
    // Not a network printer: no word of ports or network cables.
    expect(said('EROFS')).toEqual({ title: '无法连接打印机', detail: '无法打开打印机 /dev/usb/lp0', hint: '检查打印机的线是否插好、打印机是否开机' });
    expect(localiseError(openError(errno('EBUSY'), '/dev/usb/lp0', 'device:/dev/usb/lp0'), 'en').detail).toBe('/dev/usb/lp0 is in use by another program');
  });
});
