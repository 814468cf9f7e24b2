import { InputError } from '../../core/index.js';
import { FAULT_USAGE, describeJob, formatFault, parseFault, startVirtualPrinter } from '../../emulator/index.js';
import { PrinterModels, type PrinterModel } from '../../escpos/index.js';
import { paperProfile } from '../../receipt/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { Command } from '../command.js';

function port(text: string | undefined): number {
  if (text === undefined) return 9100;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InputError('BAD_USAGE', `--port must be 0..65535, not "${text}"`, { hint: 'e.g. --port 9100 (0 picks a free port)', context: { rule: 'port', option: '--port', value: text, example: 9100 } });
  return n;
}

export const printerEmulatorCommand: Command = {
  name: 'printer-emulator',
  summary: { en: 'run a virtual ESC/POS network printer (keeps every job as text and PNG)', zh: '运行一台虚拟 ESC/POS 网络打印机（每个任务都保存为文本和 PNG）' },
  help: {
    usage: `reissue printer-emulator [--port 9100] [--host 127.0.0.1] [--paper 58|80|80-180]
                          [--model MODEL] [--jobs DIR] [--speed MM_PER_S] [--fault FAULT]`,
    en: `Listens like a printer on port 9100: prints what it receives (from Reissue or any POS
software), keeps each job, and answers status (DLE EOT, GS a), the completion marker
(GS ( H, only after the simulated paper has passed) and GS I. With --jobs DIR each job is
written as DIR/job-<N>.bin, .txt and .png, N being Reissue's job number (it comes with the
completion marker); a job without one (other software, a model without the marker) is
DIR/<n>.bin … by the printer's own count. Faults: ${FAULT_USAGE}
Change the fault while it runs by writing its name into DIR/fault (an empty file clears it).
Stops on Ctrl-C.`,
    zh: `像打印机一样在 9100 端口监听：打印收到的内容（来自 Reissue 或任何收银软件），保存每个任务，
并应答状态查询（DLE EOT、GS a）、完成标记（GS ( H，模拟的纸走完之后才应答）和 GS I。
用 --jobs DIR 时每个任务写成 DIR/job-<N>.bin、.txt 和 .png，N 是 Reissue 的任务号（随完成标记
一起来）；没有任务号的任务（其他软件，或不支持完成标记的型号）按打印机自己的计数写成 DIR/<n>.bin ……
故障：paper-out（缺纸）| near-end（纸将尽）| cover-open（上盖打开）| offline（离线）| slow（慢）|
drop-after=N（N 字节后断开）| mute（不应答）
运行中要改变故障，把故障名写进 DIR/fault（空文件表示清除）。按 Ctrl-C 停止。`,
  },
  async run(args, context) {
    const { values } = parseCommandArgs('printer-emulator', args, {
      port: { type: 'string' }, host: { type: 'string' }, paper: { type: 'string' }, model: { type: 'string' },
      jobs: { type: 'string' }, speed: { type: 'string' }, fault: { type: 'string' },
    });
    const paper = paperProfile(stringOption(values, 'paper') ?? '80').id;
    const model = stringOption(values, 'model');
    if (model !== undefined && !(PrinterModels as readonly string[]).includes(model)) {
      throw new InputError('BAD_USAGE', `unknown printer model "${model}"`, { hint: `use one of ${PrinterModels.join(', ')}`, context: { rule: 'one-of', option: '--model', allowed: PrinterModels, value: model, example: PrinterModels[0] } });
    }
    const speedText = stringOption(values, 'speed');
    const speed = speedText === undefined ? undefined : Number(speedText);
    if (speed !== undefined && !(speed > 0)) throw new InputError('BAD_USAGE', `--speed must be a positive number of mm/s, not "${speedText}"`, { hint: 'e.g. --speed 150', context: { rule: 'positive-number', option: '--speed', value: speedText, example: '--speed 150' } });
    const faultText = stringOption(values, 'fault');
    const fault = faultText === undefined ? undefined : parseFault(faultText);
    const jobs = stringOption(values, 'jobs');
    const io = context.io;
    const printer = await startVirtualPrinter({
      port: port(stringOption(values, 'port')),
      host: stringOption(values, 'host') ?? '127.0.0.1',
      paper,
      ...(model ? { model: model as PrinterModel } : {}),
      ...(speed ? { speedMmPerSecond: speed } : {}),
      ...(jobs ? { jobsDir: jobs } : {}),
      ...(fault ? { fault } : {}),
      onJob: (job) => io.stdout(`${describeJob(job)}\n`),
      onStateChange: (change) => io.stdout(`status: ${change.fault ? formatFault(change.fault) : 'ready'} (${change.source})\n`),
      onWarning: (message) => io.stderr(`warning: ${message}\n`),
    });
    const at = printer.address;
    io.stdout(`virtual printer listening on ${at ? `${at.host}:${at.port}` : '?'} (${paper} mm, ${printer.identity.model})${jobs ? `; jobs in ${jobs}, fault file ${jobs}/fault` : ''}\n`);
    await io.untilStopped();
    await printer.stop();
    io.stdout(`stopped after ${printer.jobs().length} job(s)\n`);
    return 0;
  },
};
