import { messages } from './types.js';

/** Printers on a USB device file or a serial port, and printer addresses of every kind. */
export const DEVICE_ERRORS = messages('staff', {
  DEVICE_NOT_FOUND: {
    zh: {
      title: '找不到打印机',
      detail: ['找不到打印机 {path}', '找不到打印机'],
      hint: '检查打印机的线是否插好、打印机是否开机',
      cliHint: '检查打印机的线是否插好、打印机是否开机；USB 打印机一般是 `/dev/usb/lp0`，串口打印机是 `/dev/ttyUSB0` 或 `/dev/ttyS0`（用 `ls /dev/usb /dev/tty*` 查看）',
    },
    en: {
      title: 'Printer not found',
      detail: ['no printer at {path}', 'the printer is not there'],
      hint: 'check that the printer is plugged in and switched on',
      cliHint: 'check that the printer is plugged in and switched on; USB printers appear as /dev/usb/lp0, serial ones as /dev/ttyUSB0 or /dev/ttyS0 (see `ls /dev/usb /dev/tty*`)',
    },
  },
  DEVICE_NO_PERMISSION: {
    zh: {
      title: '无权使用打印机',
      detail: ['无权打开打印机 {path}', '无权打开打印机'],
      hint: '请管理员把运行本系统的用户加入打印机设备所属的组（USB 打印机是 lp 组，串口打印机是 dialout 组），然后重新登录电脑并重启本系统',
      cliHint: '把运行本系统的用户加入设备所属的组：`sudo usermod -aG lp,dialout 用户名`（USB 是 lp，串口是 dialout），然后重新登录并重启本系统',
    },
    en: {
      title: 'No access to the printer',
      detail: ['not allowed to open {path}', 'not allowed to open the printer'],
      hint: 'have an admin add the user that runs Reissue to the group that owns the printer (lp for USB, dialout for serial), then log in again and restart Reissue',
      cliHint: 'add the user that runs Reissue to the group that owns the device: `sudo usermod -aG lp,dialout USER` (lp for USB, dialout for serial), then log in again and restart Reissue',
    },
  },
  DEVICE_BUSY: {
    zh: {
      title: '打印机被占用',
      detail: ['打印机 {path} 正被其他程序使用', '打印机正被其他程序使用'],
      hint: '关掉正在用这台打印机的其他程序（如电脑的打印服务、收银软件自带的打印驱动），或让那个程序改为打印到本系统',
      cliHint: '停掉用它打印的其他程序（如 CUPS 打印队列、收银软件的驱动），或让那个程序改为打印到本系统',
    },
    en: {
      title: 'Printer in use',
      detail: ['{path} is in use by another program', 'the printer is in use by another program'],
      hint: "close the other program that prints to it (the computer's print service, the POS's own printer driver) or point that program at Reissue instead",
      cliHint: 'stop the other program that prints to it (a CUPS queue, the POS driver) or point that program at Reissue instead',
    },
  },
  SERIAL_SETUP_FAILED: {
    zh: {
      title: '串口设置失败',
      detail: ['无法把串口 {path} 设为 {baud} 波特率', '无法设置串口'],
      hint: '检查填写的串口是否正确：USB 打印机直接填它的设备文件，不加“serial:”',
      cliHint: '检查路径是不是串口（USB 打印机填设备文件，如 `/dev/usb/lp0`，不加 `serial:`），以及系统里有没有 `stty`',
    },
    en: {
      title: 'Serial port setup failed',
      detail: ['could not set {path} to {baud} baud 8N1: {reason}', 'could not set {path} to {baud} baud 8N1', 'could not set up the serial port'],
      hint: 'check that the address is a serial port: a USB printer is given as its device file, without "serial:"',
      cliHint: 'check that the path is a serial port (a USB printer-class device is /dev/usb/lp0, given without `serial:`) and that stty is installed',
    },
    variants: {
      missing: {
        zh: { hint: '检查打印机和串口线是否插好、打印机是否开机', cliHint: '检查打印机是否插好；串口一般是 `/dev/ttyUSB0`、`/dev/ttyACM0` 或 `/dev/ttyS0`（用 `ls /dev/tty*` 查看）' },
        en: { hint: 'check that the printer and its serial cable are plugged in and the printer is on', cliHint: 'check that the printer is plugged in: serial ports are /dev/ttyUSB0, /dev/ttyACM0 or /dev/ttyS0 (see `ls /dev/tty*`)' },
      },
      denied: {
        zh: { hint: '请管理员把运行本系统的用户加入 dialout 组，然后重新登录电脑并重启本系统', cliHint: '把运行本系统的用户加入 dialout 组：`sudo usermod -aG dialout 用户名`，然后重新登录并重启本系统' },
        en: { hint: 'have an admin add the user that runs Reissue to the dialout group, then log in again and restart Reissue', cliHint: 'add the user that runs Reissue to the dialout group (`sudo usermod -aG dialout USER`), then log in again and restart Reissue' },
      },
    },
  },
  BAD_PRINTER_ADDRESS: {
    audience: 'operator',
    zh: {
      title: '打印机地址不对',
      detail: ['“{address}”不是打印机地址', '这不是打印机地址'],
      hint: '填 主机:端口（如 192.168.1.50:9100）、设备文件（如 `/dev/usb/lp0`）或 serial:设备:波特率（如 `serial:/dev/ttyUSB0:9600`）',
    },
    en: {
      title: 'Bad printer address',
      detail: ['"{address}" is not a printer address', 'that is not a printer address'],
      hint: 'give HOST:PORT (192.168.1.50:9100), a device file (/dev/usb/lp0) or serial:DEVICE:BAUD (serial:/dev/ttyUSB0:9600)',
    },
    variants: {
      serial: {
        zh: { hint: '串口打印机写成 serial:设备 或 serial:设备:波特率，设备写完整路径，如 `serial:/dev/ttyUSB0:9600`' },
        en: { hint: 'a serial printer is serial:DEVICE or serial:DEVICE:BAUD with the full device path, e.g. serial:/dev/ttyUSB0:9600' },
      },
      baud: {
        zh: { detail: ['“{address}”里的 {baud} 不是串口速度', '这不是串口速度'], hint: ['波特率可选 {allowed:list}（打印机自检页上印有它的速度）', '打印机自检页上印有它的速度'] },
        en: { detail: ['{baud} in "{address}" is not a serial speed', 'that is not a serial speed'], hint: ["use one of {allowed:list} (the printer's self-test page shows its speed)", "the printer's self-test page shows its speed"] },
      },
      blank: {
        zh: { detail: ['设备路径“{address}”里有空格', '设备路径里有空格'], hint: '设备路径里不能有空格，如 `/dev/usb/lp0`' },
        en: { detail: ['the device path "{address}" has a blank in it', 'the device path has a blank in it'], hint: 'a device path has no blanks, e.g. /dev/usb/lp0' },
      },
    },
  },
});
