import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import iconv from 'iconv-lite';
import thermal from 'node-thermal-printer';
import receiptline from 'receiptline';
import { grouped } from './card-numbers.js';

/** A receipt as a POS program makes it, with what a test looks for afterwards. */
export interface EncodedJob {
  encoder: 'receiptline' | 'receipt-printer-encoder' | 'node-thermal-printer';
  bytes: Uint8Array;
  /** Printed on the receipt, unique per job: "T03 #0042". */
  marker: string;
  amount: string;
  /** A full card number printed on it (a merchant copy from old software), if any. */
  pan: string | undefined;
}

export const ENCODERS = ['receiptline', 'receipt-printer-encoder', 'node-thermal-printer'] as const;

/** Hanzi mode on, GB18030 text, Hanzi mode off: how ReceiptPrinterEncoder's raw() prints Chinese. */
function hanzi(text: string): number[] {
  return [0x1c, 0x26, ...iconv.encode(text, 'gb18030'), 0x1c, 0x2e];
}

export function receiptlineJob(marker: string, amount: string, pan?: string): EncodedJob {
  const doc = [
    '^^^好又多超市',
    `单号 ${marker}`,
    '2026-11-26 19:47:31',
    '---',
    '|可口可乐 330ml | 2 | ¥7.00|',
    '|农夫山泉 | 1 | ¥2.00|',
    '---',
    `|应收 | ^¥${amount}|`,
    pan ? `卡号 ${grouped(pan)}` : '银行卡 **** 4242',
    '{code:https://example.com/r?no=0042;option:qrcode,4,m}',
    '=',
  ].join('\n');
  const bytes = Buffer.from(receiptline.transform(doc, { cpl: 48, encoding: 'gb18030', command: 'escpos', cutting: true }), 'binary');
  return { encoder: 'receiptline', bytes: new Uint8Array(bytes), marker, amount, pan };
}

export function receiptPrinterEncoderJob(marker: string, amount: string, pan?: string): EncodedJob {
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: 48, imageMode: 'raster' });
  const bytes = encoder
    .initialize()
    .codepage('auto')
    .align('center')
    .raw(hanzi('便利蜂便利店'))
    .newline()
    .align('left')
    .line(`RECEIPT ${marker}`)
    .line('2026/11/26 19:52')
    .rule()
    .table(
      [
        { width: 36, align: 'left' },
        { width: 12, align: 'right' },
      ],
      [
        ['Coffee', '18.00'],
        ['TOTAL', amount],
      ],
    )
    .line(pan ? `CARD ${pan}` : 'CARD ************1881')
    .barcode(marker.replace(/\D/g, '').padStart(8, '0'), 'code128')
    .cut('partial')
    .encode();
  return { encoder: 'receipt-printer-encoder', bytes, marker, amount, pan };
}

/** node-thermal-printer's buffer, as its execute() would send it. */
export function thermalPrinterJob(marker: string, amount: string, pan?: string): EncodedJob {
  // The interface is only used by execute(); here the buffer is taken as it is.
  const printer = new thermal.ThermalPrinter({ type: thermal.PrinterTypes.EPSON, interface: 'tcp://127.0.0.1:9100', width: 48, characterSet: thermal.CharacterSet.CHINA });
  fillThermal(printer, marker, amount, pan);
  return { encoder: 'node-thermal-printer', bytes: new Uint8Array(printer.getBuffer()), marker, amount, pan };
}

/** The receipt node-thermal-printer prints: the same whether it is buffered or executed over TCP. */
export function fillThermal(printer: InstanceType<typeof thermal.ThermalPrinter>, marker: string, amount: string, pan?: string): void {
  printer.alignCenter();
  printer.bold(true);
  printer.println('北京华联超市');
  printer.bold(false);
  printer.alignLeft();
  printer.println(`流水号 ${marker}`);
  printer.println('2026年11月26日 20:31');
  printer.drawLine();
  // leftRight counts characters, not columns: Chinese labels would push the amount onto the next line.
  printer.leftRight('Bread x1', '6.50');
  printer.leftRight('TOTAL', amount);
  printer.leftRight('TENDERED', '100.00');
  printer.println(pan ? `卡号 ${pan}` : '卡号 621700******0019');
  printer.cut();
}

export function encodedJob(encoder: (typeof ENCODERS)[number], marker: string, amount: string, pan?: string): EncodedJob {
  if (encoder === 'receiptline') return receiptlineJob(marker, amount, pan);
  if (encoder === 'receipt-printer-encoder') return receiptPrinterEncoderJob(marker, amount, pan);
  return thermalPrinterJob(marker, amount, pan);
}
