import { InputError } from '../core/index.js';
import {
  displayWidth,
  type Align,
  type BarcodeBlock,
  type Block,
  type ImageBlock,
  type QrBlock,
  type ReceiptDocument,
  type TextBlock,
  type TextRun,
  type TextStyle,
} from '../receipt/index.js';
import { barcodePayload, BARCODE_SYSTEM } from './barcode-data.js';
import { ByteWriter } from './byte-writer.js';
import { printerProfile, type PrinterModel, type PrinterProfile } from './printer-profiles.js';
import { QR_MAX_BYTES, qrRaster } from './qr-raster.js';
import { isAscii, sanitizeText, writeWideText } from './text-codec.js';

export interface EncodeOptions {
  /** Kick the cash drawer (pin 2) once everything is printed. */
  drawer?: boolean;
  /** Four printable ASCII characters the printer echoes (GS ( H fn 48) once the paper has passed. */
  jobId?: string;
}

export const QR_DEFAULT_MODULE = 4;
export const BARCODE_DEFAULT_HEIGHT = 80;
export const BARCODE_DEFAULT_MODULE = 2;

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;
const ALIGN_CODE: Readonly<Record<Align, number>> = { left: 0, center: 1, right: 2 };
const ECC_CODE = { L: 48, M: 49, Q: 50, H: 51 } as const;
const DRAWER_ON_2MS = 25;
const DRAWER_OFF_2MS = 250;

/** ReceiptDocument → ESC/POS bytes for one printer model. Deterministic: same input, same bytes. */
export function encodeEscPos(doc: ReceiptDocument, printer: PrinterProfile | PrinterModel, options: EncodeOptions = {}): Uint8Array {
  const profile = typeof printer === 'string' ? printerProfile(printer) : printer;
  checkDocument(doc, profile, options);
  return new Encoder(doc, profile).encode(options);
}

function checkDocument(doc: ReceiptDocument, profile: PrinterProfile, options: EncodeOptions): void {
  if (doc.columns > profile.paper.columns || doc.dots > profile.paper.dots) {
    throw new InputError('DOCUMENT_TOO_WIDE', `document laid out for ${doc.columns} columns / ${doc.dots} dots does not fit ${profile.name} (${profile.paper.columns} columns / ${profile.paper.dots} dots)`, {
      hint: `lay the receipt out on paper "${profile.paper.id}"`,
    });
  }
  if (options.drawer && !profile.drawer) {
    throw new InputError('NO_DRAWER', `${profile.name} has no cash-drawer port`);
  }
  if (options.jobId !== undefined) {
    if (!profile.completionMarker) {
      throw new InputError('NO_COMPLETION_MARKER', `${profile.name} does not answer GS ( H process-ID requests`, {
        hint: 'print without a job id and confirm completion by status polling',
      });
    }
    if (!/^[\x20-\x7e]{4}$/.test(options.jobId)) {
      throw new InputError('BAD_JOB_ID', `job id "${options.jobId}" must be exactly 4 printable ASCII characters`, { context: { value: options.jobId, rule: 'four-chars' } });
    }
  }
}

/** Printer state as the encoder last set it, so no command is sent twice. */
class Encoder {
  private readonly w = new ByteWriter(2048);
  private align: Align = 'left';
  private bold = false;
  private underline = false;
  private kanjiUnderline = false;
  private size = 0;
  private invert = false;
  private kanji = false;
  private qrModel = false;
  private qrSize = -1;
  private qrEcc = -1;
  private barHeight = -1;
  private barModule = -1;
  private barHri = -1;
  /** Where Kanji mode can be left: after this block's last wide run. */
  private readonly lastWideBlock: number;

  constructor(
    private readonly doc: ReceiptDocument,
    private readonly profile: PrinterProfile,
  ) {
    this.lastWideBlock = findLastWideBlock(doc.blocks);
  }

  encode(options: EncodeOptions): Uint8Array {
    const w = this.w;
    w.bytes(ESC, 0x40);
    this.doc.blocks.forEach((block, index) => this.block(block, index));
    if (options.drawer) w.bytes(ESC, 0x70, 0, DRAWER_ON_2MS, DRAWER_OFF_2MS);
    if (options.jobId !== undefined) {
      w.bytes(GS, 0x28, 0x48, 6, 0, 48, 48);
      w.latin1(options.jobId);
    }
    return w.toArray();
  }

  private block(block: Block, index: number): void {
    switch (block.type) {
      case 'text':
        return this.text(block, index === this.lastWideBlock);
      case 'rule':
        this.style(undefined, true, false);
        this.w.repeat((block.char ?? '-').charCodeAt(0), this.doc.columns);
        return this.w.byte(LF);
      case 'qr':
        return this.qr(block);
      case 'barcode':
        return this.barcode(block);
      case 'image':
        return this.image(block);
      case 'feed':
        return this.feed(block.lines);
      case 'cut':
        return this.cut(block.partial ?? false);
      case 'drawer':
        if (!this.profile.drawer) throw new InputError('NO_DRAWER', `${this.profile.name} has no cash-drawer port`);
        return this.w.bytes(ESC, 0x70, block.pin === 5 ? 1 : 0, DRAWER_ON_2MS, DRAWER_OFF_2MS);
      default:
        throw new InputError('BAD_BLOCK', `unknown receipt block type "${(block as { type: unknown }).type}"`);
    }
  }

  private text(block: TextBlock, leaveKanji: boolean): void {
    const runs = visibleRuns(block.runs);
    const w = this.w;
    if (runs.length > 0) {
      let width = 0;
      for (const run of runs) width += displayWidth(run.text) * (run.style?.width === 2 ? 2 : 1);
      if (width > this.doc.columns) {
        throw new InputError('LINE_TOO_WIDE', `a line of ${width} columns does not fit ${this.doc.columns} columns`, {
          hint: 'layout must wrap or truncate text before encoding',
          context: { line: runs.map((r) => r.text).join('') },
        });
      }
      this.setAlign(block.align ?? 'left');
    }
    for (const run of runs) {
      const text = sanitizeText(run.text);
      if (isAscii(text)) {
        this.style(run.style, true, false);
        w.latin1(text);
        continue;
      }
      let narrow = false;
      for (let i = 0; i < text.length && !narrow; i++) narrow = text.charCodeAt(i) < 0x80;
      this.style(run.style, narrow, true);
      if (!this.kanji) w.bytes(FS, 0x26);
      this.kanji = true;
      writeWideText(w, text, this.profile.encoding);
    }
    if (leaveKanji && this.kanji) {
      w.bytes(FS, 0x2e);
      this.kanji = false;
    }
    w.byte(LF);
  }

  /** ESC - only reaches single-byte characters and FS - only Kanji, so each is set only where it shows. */
  private style(style: TextStyle | undefined, narrow: boolean, wide: boolean): void {
    const w = this.w;
    const bold = style?.bold === true;
    if (bold !== this.bold) w.bytes(ESC, 0x45, (this.bold = bold) ? 1 : 0);
    const size = ((style?.width === 2 ? 1 : 0) << 4) | (style?.height === 2 ? 1 : 0);
    if (size !== this.size) w.bytes(GS, 0x21, (this.size = size));
    const invert = style?.invert === true;
    if (invert !== this.invert) w.bytes(GS, 0x42, (this.invert = invert) ? 1 : 0);
    const underline = style?.underline === true;
    if (narrow && underline !== this.underline) w.bytes(ESC, 0x2d, (this.underline = underline) ? 1 : 0);
    if (wide && underline !== this.kanjiUnderline) w.bytes(FS, 0x2d, (this.kanjiUnderline = underline) ? 1 : 0);
  }

  private setAlign(align: Align): void {
    if (align === this.align) return;
    this.align = align;
    this.w.bytes(ESC, 0x61, ALIGN_CODE[align] ?? 0);
  }

  private qr(block: QrBlock): void {
    const ecc = block.ecc ?? 'M';
    const size = block.size ?? QR_DEFAULT_MODULE;
    if (!Number.isInteger(size) || size < 1 || size > 16) {
      throw new InputError('QR_BAD_SIZE', `QR module size ${size} is not a whole number of dots from 1 to 16`);
    }
    if (block.data.length === 0) throw new InputError('QR_EMPTY', 'QR payload is empty');
    if (!this.profile.nativeQr) {
      const image = qrRaster(block.data, ecc, size, this.doc.dots);
      return this.image({ ...image, align: block.align ?? 'left' });
    }
    const data = Buffer.from(block.data, 'utf8');
    if (data.length > QR_MAX_BYTES[ecc]) {
      throw new InputError('QR_TOO_LONG', `QR payload of ${data.length} bytes exceeds ${QR_MAX_BYTES[ecc]} bytes at level ${ecc}`, {
        hint: 'shorten the payload or lower the error-correction level',
      });
    }
    const w = this.w;
    this.setAlign(block.align ?? 'left');
    if (!this.qrModel) w.bytes(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0);
    this.qrModel = true;
    if (size !== this.qrSize) w.bytes(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, (this.qrSize = size));
    if (ECC_CODE[ecc] !== this.qrEcc) w.bytes(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, (this.qrEcc = ECC_CODE[ecc]));
    const len = data.length + 3;
    w.bytes(GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30);
    w.array(data);
    w.bytes(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30);
  }

  private barcode(block: BarcodeBlock): void {
    const data = barcodePayload(block.symbology, block.data);
    const height = block.height ?? BARCODE_DEFAULT_HEIGHT;
    const module = block.moduleWidth ?? BARCODE_DEFAULT_MODULE;
    if (!Number.isInteger(height) || height < 1 || height > 255) {
      throw new InputError('BARCODE_BAD_HEIGHT', `barcode height ${height} is not 1-255 dots`);
    }
    if (!Number.isInteger(module) || module < 1 || module > 6) {
      throw new InputError('BARCODE_BAD_WIDTH', `barcode module width ${module} is not 1-6 dots`);
    }
    const w = this.w;
    this.setAlign(block.align ?? 'left');
    if (height !== this.barHeight) w.bytes(GS, 0x68, (this.barHeight = height));
    if (module !== this.barModule) w.bytes(GS, 0x77, (this.barModule = module));
    const hri = block.hri ? 2 : 0;
    if (hri !== this.barHri) w.bytes(GS, 0x48, (this.barHri = hri));
    w.bytes(GS, 0x6b, BARCODE_SYSTEM[block.symbology], data.length);
    w.array(data);
  }

  private image(block: ImageBlock): void {
    const { width, height, bits } = block;
    const rowBytes = Math.ceil(width / 8);
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || height > 0xffff || bits.length !== rowBytes * height) {
      throw new InputError('IMAGE_BAD_SIZE', `image of ${width}×${height} dots needs ${rowBytes * height} bytes of bits, got ${bits.length}`);
    }
    if (width > this.doc.dots) {
      throw new InputError('IMAGE_TOO_WIDE', `image of ${width} dots is wider than the ${this.doc.dots}-dot print area`);
    }
    this.setAlign(block.align ?? 'left');
    this.w.bytes(GS, 0x76, 0x30, 0, rowBytes & 0xff, rowBytes >> 8, height & 0xff, height >> 8);
    this.w.array(bits);
  }

  private feed(lines: number): void {
    if (!Number.isInteger(lines) || lines < 0) throw new InputError('FEED_BAD_LINES', `cannot feed ${lines} lines`);
    for (let left = lines; left > 0; left -= 255) this.w.bytes(ESC, 0x64, Math.min(left, 255));
  }

  /** Function B cuts feed the last line past the blade first; without a cutter, feed to the tear bar. */
  private cut(partial: boolean): void {
    const cutter = this.profile.cutter;
    if (cutter === 'none') return this.feed(this.profile.tearOffLines);
    this.w.bytes(GS, 0x56, partial && cutter === 'full-partial' ? 66 : 65, 0);
  }
}

/** Trailing spaces print nothing unless underlined or inverted, so they are not sent. */
function visibleRuns(runs: readonly TextRun[]): TextRun[] {
  const out = runs.filter((r) => r.text.length > 0);
  while (out.length > 0) {
    const last = out[out.length - 1] as TextRun;
    if (last.style?.underline || last.style?.invert) break;
    const text = last.text.replace(/ +$/, '');
    if (text.length > 0) {
      out[out.length - 1] = text === last.text ? last : { text, ...(last.style ? { style: last.style } : {}) };
      break;
    }
    out.pop();
  }
  return out;
}

function findLastWideBlock(blocks: readonly Block[]): number {
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i];
    if (block?.type === 'text' && block.runs.some((r) => !isAscii(r.text))) return i;
  }
  return -1;
}
