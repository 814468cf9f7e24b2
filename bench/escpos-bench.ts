/**
 * ESC/POS encoding, side by side, on one realistic 80 mm Chinese receipt (10 items, card
 * payment block, QR): ours from the transaction (layout + encode, what the spooler runs per
 * receipt before it measures the paper) and from the laid-out document, against receiptline and
 * @point-of-sale/receipt-printer-encoder used the fastest way their documentation shows
 * (see escpos-peers.ts). Every output is decoded with our parser and must print the same
 * lines and QR code as ours; the bytes and the decoded text are written side by side.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseToDocument } from '../src/escpos/index.js';
import { createFontLoader, displayWidth, layoutScene, padText, renderPng, renderText, truncateText } from '../src/receipt/index.js';
import { paperLengthMm } from '../src/render/index.js';
import {
  PAPER,
  benchDocument,
  benchTransaction,
  contentDifference,
  printedContent,
  receiptPrinterEncoderBytes,
  receiptlineBytes,
  receiptlineMarkdown,
  reissueFromDocument,
  reissueFromTransaction,
} from './escpos-peers.js';
import { note, othersMeter, othersNote } from './measure.js';
import type { Row } from './setup.js';

interface Rate {
  /** Per second of this process's CPU time: what one receipt costs, whatever else the machine runs. */
  perSecond: number;
  /** Per second of wall-clock time, which other processes on a shared machine stretch. */
  perWallSecond: number;
  bytes: number;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Warms each up, then runs them in turns (a fifth of a second each, five turns) so that a
 * busy spell on the shared machine falls on all of them alike. Rates are counted against
 * the process's CPU time as well as the clock.
 */
function measureInTurns<K extends string>(runs: Record<K, () => { length: number }>): Record<K, Rate> {
  const entries = (Object.keys(runs) as K[]).map((name) => ({ name, run: runs[name], count: 0, ms: 0, cpu: 0, bytes: 0 }));
  for (const e of entries) for (let i = 0; i < 50; i++) e.bytes = e.run().length;
  for (let round = 1; round <= 5; round++) {
    for (const e of entries) {
      const start = performance.now();
      const cpuStart = cpuMs();
      let elapsed = 0;
      while (elapsed < 200 || e.count < 40 * round) {
        for (let i = 0; i < 10; i++) e.run();
        e.count += 10;
        elapsed = performance.now() - start;
      }
      e.ms += elapsed;
      e.cpu += cpuMs() - cpuStart;
    }
  }
  return Object.fromEntries(entries.map((e) => [e.name, { perSecond: (e.count * 1000) / e.cpu, perWallSecond: (e.count * 1000) / e.ms, bytes: e.bytes }])) as Record<K, Rate>;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en');
const times = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;
const perCpu = (rate: Rate): string => `${fmt(rate.perSecond)} receipts per CPU-second (${fmt(rate.perWallSecond)}/s by the clock)`;

/** Each encoder's output as printed (our text renderer over the decoded document), in columns. */
function sideBySide(outputs: Record<string, Uint8Array>): string {
  const names = Object.keys(outputs);
  const columns = names.map((name) => renderText(parseToDocument(outputs[name] as Uint8Array, { paper: PAPER }).doc).split('\n'));
  const rows = Math.max(...columns.map((c) => c.length));
  const width = PAPER.columns;
  const line = (cells: string[]) => cells.map((c) => padText(displayWidth(c) > width ? truncateText(c, width) : c, width)).join(' │ ').trimEnd();
  const out = [line(names.map((n) => `${n} (${(outputs[n] as Uint8Array).length} bytes)`)), line(names.map(() => '═'.repeat(width)))];
  for (let i = 0; i < rows; i++) out.push(line(columns.map((c) => c[i] ?? '')));
  return `${out.join('\n')}\n`;
}

export async function runEscposBench(cacheDir: string): Promise<Row[]> {
  const tx = benchTransaction();
  const doc = benchDocument(tx);
  const markdown = receiptlineMarkdown(doc);
  const outputs = { reissue: reissueFromDocument(doc), receiptline: receiptlineBytes(markdown), 'receipt-printer-encoder': receiptPrinterEncoderBytes(doc.blocks) };
  const ours = printedContent(outputs.reissue);
  const verdict = (bytes: Uint8Array) => {
    const difference = contentDifference(ours, printedContent(bytes));
    return difference === undefined ? `decodes to the same ${ours.lines.length} lines and QR as ours` : `DIFFERS from ours: ${difference}`;
  };
  const dir = join(cacheDir, 'escpos');
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(outputs)) writeFileSync(join(dir, `${name}.bin`), bytes);
  writeFileSync(join(dir, 'receiptline.md'), `${markdown}\n`);
  writeFileSync(join(dir, 'side-by-side.txt'), sideBySide(outputs));
  note(`bench: the three encoders' bytes and what each prints, side by side: ${dir}/{reissue,receiptline,receipt-printer-encoder}.bin, side-by-side.txt`);

  const others = othersMeter();
  const rates = measureInTurns({
    fromTransaction: () => reissueFromTransaction(tx),
    fromDocument: () => reissueFromDocument(doc),
    layout: () => benchDocument(tx).blocks,
    receiptline: () => receiptlineBytes(markdown),
    rpe: () => receiptPrinterEncoderBytes(doc.blocks),
  });
  const load = othersNote(others());
  const { fromTransaction, fromDocument, layout, receiptline: rl, rpe } = rates;
  const { parse } = measureInTurns({ parse: () => parseToDocument(outputs.reissue).doc.blocks });
  const font = createFontLoader();
  const { png, text } = measureInTurns({ png: () => renderPng(doc, { font }), text: () => renderText(doc) });
  // The paper a job takes, which the spooler measures for every job it prints, beside the whole scene a picture draws.
  const { paper, scene } = measureInTurns({ paper: () => ({ length: paperLengthMm(doc, PAPER.dpi) }), scene: () => layoutScene(doc).items });

  const fastest = Math.max(rl.perSecond, rpe.perSecond);
  const fastestName = rl.perSecond >= rpe.perSecond ? 'receiptline' : 'receipt-printer-encoder';
  const smallest = Math.min(rl.bytes, rpe.bytes);
  const met = (rate: Rate) => (rate.perSecond >= 3 * fastest && rate.bytes <= smallest ? 'met' : 'NOT met');
  const receipt = '80 mm Chinese receipt (10 items, card payment block, QR)';
  const layoutShare = Math.round((1 / layout.perSecond / (1 / fromTransaction.perSecond)) * 100);
  return [
    {
      bench: `escpos: transaction → layout → bytes (layoutReceipt + encodeEscPos, what the spooler runs before it measures the paper), ${receipt}`,
      result: perCpu(fromTransaction),
      detail: `${fmt(fromTransaction.bytes)} bytes; ${times(fromTransaction.perSecond, fastest)} the fastest other encoder (${fastestName}), which is given its input ready-made; layout is ${layoutShare}% of the time; target ≥ 3× and ≤ ${fmt(smallest)} bytes: ${met(fromTransaction)}${load}`,
    },
    {
      bench: 'escpos: document → bytes (encodeEscPos), same receipt',
      result: perCpu(fromDocument),
      detail: `${fmt(fromDocument.bytes)} bytes; ${times(fromDocument.perSecond, rl.perSecond)} receiptline, ${times(fromDocument.perSecond, rpe.perSecond)} receipt-printer-encoder; target ≥ 3× and ≤ ${fmt(smallest)} bytes: ${met(fromDocument)}`,
    },
    {
      bench: 'escpos: receiptline, markdown → bytes (transform, encoding gb18030), same receipt',
      result: perCpu(rl),
      detail: `${fmt(rl.bytes)} bytes, ${verdict(outputs.receiptline)}; lays out its markdown itself; draws the QR code as raster graphics`,
    },
    {
      bench: 'escpos: @point-of-sale/receipt-printer-encoder, lines → bytes, same receipt',
      result: perCpu(rpe),
      detail: `${fmt(rpe.bytes)} bytes, ${verdict(outputs['receipt-printer-encoder'])}; as its README shows: a new encoder per receipt, each line raw GB18030 between FS & and FS . (its text() goes through code pages and is several times slower); native QR`,
    },
    {
      bench: 'escpos parse: parseToDocument of our bytes',
      result: perCpu(parse),
      detail: `${fmt(outputs.reissue.length)} bytes → ${parseToDocument(outputs.reissue).doc.blocks.length} blocks`,
    },
    {
      bench: 'receipt render: renderPng (1-bit, 576 dots wide, Unifont)',
      result: perCpu(png),
      detail: `${fmt(png.bytes)} bytes of PNG; ${(fromDocument.perSecond / png.perSecond).toFixed(0)}× slower than encoding the same receipt`,
    },
    {
      bench: 'receipt render: renderText (exact columns)',
      result: perCpu(text),
      detail: `${fmt(text.bytes)} characters`,
    },
    {
      bench: 'receipt: the paper it takes (paperLengthMm, recorded with every job the spooler prints)',
      result: perCpu(paper),
      detail: `${paperLengthMm(doc, PAPER.dpi)} mm; ${times(paper.perSecond, scene.perSecond)} the whole scene a picture draws (layoutScene, ${fmt(scene.perSecond)} per CPU-second: every text run placed, the QR code's best mask chosen); it takes ${times(fromTransaction.perSecond, paper.perSecond)} the CPU of layout + encoding, most of it sizing the QR code`,
    },
  ];
}
