/**
 * Documents and comparisons shared by the escpos tests (not exported from the module).
 */
import type { Align, Block, ReceiptDocument, TextRun, TextStyle } from '../../src/receipt/index.js';

export const ZH = '商户名称编号终端操作员发卡行收单卡号有效期交易类型消费撤销退货预授权批次凭证授权码参考日期时间金额备注持人签名存根重印可口乐农夫山泉康师傅红烧牛肉面奥利饼干蒙纯奶合计谢惠顾欢迎光临';

/** A receipt that uses every block type and every text style. */
export function everyBlockDocument(columns: number, dots: number): ReceiptDocument {
  const blocks: Block[] = [
    { type: 'text', align: 'center', runs: [{ text: '某某便利店', style: { bold: true, width: 2, height: 2 } }] },
    { type: 'text', align: 'center', runs: [{ text: 'CONVENIENCE STORE' }] },
    { type: 'text', runs: [{ text: '商户名称 MERCHANT: ' }, { text: '测试', style: { underline: true } }] },
    { type: 'text', align: 'right', runs: [{ text: '金额 AMOUNT ' }, { text: '¥123.45', style: { bold: true, height: 2 } }] },
    { type: 'text', runs: [{ text: ' 重印凭证 DUPLICATE 1 ', style: { invert: true } }] },
    { type: 'text', runs: [{ text: 'trailing spaces   ' }, { text: '   ' }] },
    { type: 'text', runs: [] },
    { type: 'rule' },
    { type: 'rule', char: '=' },
    { type: 'rule', char: '*' },
    { type: 'rule', char: '.' },
    { type: 'qr', data: 'https://example.com/r?id=0123456789&名=值', size: 4, ecc: 'M', align: 'center' },
    { type: 'qr', data: 'WXP://PAY/123', size: 3, ecc: 'H' },
    { type: 'barcode', symbology: 'CODE128', data: 'REF{0042}', hri: true, height: 60, moduleWidth: 2, align: 'center' },
    { type: 'barcode', symbology: 'EAN13', data: '6901234567892', hri: true },
    { type: 'barcode', symbology: 'EAN8', data: '9638507' },
    { type: 'barcode', symbology: 'UPCA', data: '03600029145' },
    { type: 'barcode', symbology: 'CODE39', data: 'ABC-123', moduleWidth: 3 },
    { type: 'barcode', symbology: 'ITF', data: '12345678' },
    { type: 'barcode', symbology: 'CODABAR', data: 'A40156B' },
    { type: 'image', width: 12, height: 3, bits: Uint8Array.of(0xff, 0xf0, 0x80, 0x10, 0xff, 0xf0), align: 'center' },
    { type: 'feed', lines: 2 },
    { type: 'drawer', pin: 5 },
    { type: 'text', runs: [{ text: '谢谢惠顾 THANK YOU' }] },
    { type: 'cut', partial: true },
  ];
  return { columns, dots, blocks };
}

/** The printed lines of a document: text blocks and rules, trailing spaces dropped. */
export function textLines(doc: ReceiptDocument, yen = '¥'): string[] {
  const lines: string[] = [];
  for (const block of doc.blocks) {
    if (block.type === 'text') lines.push(block.runs.map((r) => r.text).join('').replace(/¥/g, yen).trimEnd());
    if (block.type === 'rule') lines.push((block.char ?? '-').repeat(doc.columns));
  }
  return lines;
}

export function qrPayloads(doc: ReceiptDocument): string[] {
  return doc.blocks.flatMap((b) => (b.type === 'qr' ? [b.data] : []));
}

export function barcodes(doc: ReceiptDocument): string[] {
  return doc.blocks.flatMap((b) => (b.type === 'barcode' ? [`${b.symbology}:${b.data}`] : []));
}

function styleKey(style: TextStyle | undefined): string {
  const s = style ?? {};
  return `${s.bold ? 'B' : ''}${s.underline ? 'U' : ''}${s.invert ? 'I' : ''}${s.width === 2 ? 'W' : ''}${s.height === 2 ? 'H' : ''}`;
}

/**
 * Each non-blank text line as "align|style:text|style:text", runs merged by style, invisible
 * trailing spaces dropped: what must survive encode → parse.
 */
export function styledLines(doc: ReceiptDocument, yen = '¥'): string[] {
  const out: string[] = [];
  for (const block of doc.blocks) {
    if (block.type !== 'text') continue;
    const runs: { key: string; text: string; visible: boolean }[] = [];
    for (const run of block.runs as TextRun[]) {
      if (run.text.length === 0) continue;
      const key = styleKey(run.style);
      const last = runs[runs.length - 1];
      if (last && last.key === key) last.text += run.text;
      else runs.push({ key, text: run.text, visible: run.style?.underline === true || run.style?.invert === true });
    }
    while (runs.length > 0) {
      const last = runs[runs.length - 1];
      if (!last || last.visible) break;
      last.text = last.text.trimEnd();
      if (last.text.length > 0) break;
      runs.pop();
    }
    if (runs.length === 0) continue;
    const align: Align = block.align ?? 'left';
    out.push([align, ...runs.map((r) => `${r.key}:${r.text.replace(/¥/g, yen)}`)].join('|'));
  }
  return out;
}

export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${i.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  return `${lines.join('\n')}\n`;
}
