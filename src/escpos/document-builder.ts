import iconv from 'iconv-lite';
import {
  BarcodeSymbologies,
  barcodeDrawable,
  PAPER_PROFILES,
  type Align,
  type BarcodeSymbology,
  type Block,
  type QrErrorLevel,
  type ReceiptDocument,
  type RuleBlock,
  type TextStyle,
} from '../receipt/index.js';
import { isQuery, type EscPosCommand, type QueryCommand, type Raster, type UnknownCommand } from './commands.js';
import { LineBuffer } from './line-buffer.js';
import { decodeQrRaster } from './qr-decode.js';
import { joinRasters, stackRasters, widenRaster } from './raster.js';

export interface ParsedDocument {
  doc: ReceiptDocument;
  /** Bytes the parser did not recognise (it resynchronised after each). */
  unknown: UnknownCommand[];
  /** Requests for an answer (status, ASB, printer id, process id), in stream order. */
  queries: QueryCommand[];
  /** Recognised content the document model cannot carry: NV images, PDF417, UPC-E, CODE93 … */
  dropped: EscPosCommand[];
  /** The document stops at MAX_DOCUMENT_CELLS: what the bytes printed after that is not in it. */
  truncated: boolean;
}

/**
 * How much paper a document may hold, in character cells: every printed line counts as the
 * paper's width (a longer one as its length), so 41,666 lines of 80 mm paper. Far beyond any
 * receipt or streamed report (a 1 MiB job of text is about 1M cells), and a bound on what a
 * few bytes may ask for: a 3-byte feed prints 255 lines, and everything made of the document
 * (its text, the fields read from it, a picture) is made line by line.
 */
export const MAX_DOCUMENT_CELLS = 2_000_000;

/** The widest print area GS W may set: the widest paper a profile has. Wider is the paper's edge. */
const WIDEST_DOTS = Math.max(...Object.values(PAPER_PROFILES).map((p) => p.dots));

/** Size and underline, which ESC/POS keeps apart for single-byte and Kanji characters. */
interface Look {
  underline: boolean;
  width: number;
  height: number;
}

const PLAIN: Look = { underline: false, width: 1, height: 1 };
const RULE_CHARS: Readonly<Record<string, RuleBlock['char']>> = { '-': '-', '=': '=', '*': '*', '.': '.', '─': '-', '━': '-', '═': '=' };
const SYMBOLOGIES: ReadonlySet<string> = new Set(BarcodeSymbologies);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Plays commands the way a printer does, line by line, and records what lands on paper.
 * A virtual printer feeds it one receipt's commands (it may split the stream at cuts).
 */
export class DocumentBuilder {
  private readonly blocks: Block[] = [];
  private readonly unknown: UnknownCommand[] = [];
  private readonly queries: QueryCommand[] = [];
  private readonly dropped: EscPosCommand[] = [];
  private columns: number;
  private dots: number;
  private readonly fixedPaper: boolean;
  private readonly line = new LineBuffer();
  private align: Align = 'left';
  private bold = false;
  private invert = false;
  private ank: Look = PLAIN;
  private kanji: Look = PLAIN;
  private leftMargin = 0;
  /** Bit images (ESC *) on the current line, and the finished bands of one image. */
  private band: Raster[] = [];
  private strips: Raster[] = [];
  private stripAlign: Align = 'left';
  private barcode = { height: 162, module: 3, hri: 0 };
  private qr: { size: number; ecc: QrErrorLevel; data: Uint8Array | undefined } = { size: 3, ecc: 'L', data: undefined };
  private graphics: Raster | undefined;
  private cells = 0;
  private truncated = false;

  constructor(paper?: { columns: number; dots: number }) {
    this.columns = (paper ?? PAPER_PROFILES['80']).columns;
    this.dots = (paper ?? PAPER_PROFILES['80']).dots;
    this.fixedPaper = paper !== undefined;
  }

  add(cmd: EscPosCommand): void {
    if (isQuery(cmd)) return void this.queries.push(cmd);
    switch (cmd.type) {
      case 'text':
        return this.text(cmd.text, cmd.kanji);
      case 'lf':
        return this.endLine(true);
      case 'ff':
        return this.endLine(false);
      case 'ht':
        // A tab stop past the print area moves to its end, as a printer does.
        return this.padTo(Math.min(Math.floor(this.line.columns / 8) * 8 + 8, this.columns));
      case 'position': {
        // A position past the print area is ignored, as a printer ignores it: 4 bytes of
        // ESC \ asked for 2,730 blank columns, and a job of them for gigabytes.
        const column = (cmd.relative ? this.line.columns : 0) + Math.round(cmd.dots / (this.dots / this.columns));
        return column > this.columns ? undefined : this.padTo(column);
      }
      case 'init':
        return this.reset();
      case 'print-mode':
        this.bold = cmd.bold;
        this.ank = { underline: cmd.underline, width: cmd.doubleWidth ? 2 : 1, height: cmd.doubleHeight ? 2 : 1 };
        return;
      case 'bold':
      case 'double-strike':
        this.bold = cmd.on;
        return;
      case 'underline':
        if (cmd.kanji) this.kanji = { ...this.kanji, underline: cmd.dots > 0 };
        else this.ank = { ...this.ank, underline: cmd.dots > 0 };
        return;
      case 'kanji-print-mode':
        this.kanji = { underline: cmd.underline, width: cmd.doubleWidth ? 2 : 1, height: cmd.doubleHeight ? 2 : 1 };
        return;
      case 'kanji-quadruple':
        this.kanji = { ...this.kanji, width: cmd.on ? 2 : 1, height: cmd.on ? 2 : 1 };
        return;
      case 'size':
        this.ank = { ...this.ank, width: cmd.width, height: cmd.height };
        this.kanji = { ...this.kanji, width: cmd.width, height: cmd.height };
        return;
      case 'invert':
        this.invert = cmd.on;
        return;
      case 'align':
        this.align = cmd.align;
        return;
      case 'left-margin':
        this.leftMargin = cmd.dots;
        return;
      case 'print-width':
        return this.printWidth(cmd.dots);
      case 'feed-lines':
        return this.feed(cmd.lines);
      case 'feed-dots':
        return this.feed(Math.round(cmd.dots / 30));
      case 'cut':
        this.endLine(false);
        return this.push(cmd.partial ? { type: 'cut', partial: true } : { type: 'cut' });
      case 'drawer-kick':
        this.endLine(false);
        return this.push({ type: 'drawer', pin: cmd.pin });
      case 'barcode-height':
        this.barcode.height = cmd.dots;
        return;
      case 'barcode-module':
        this.barcode.module = cmd.dots;
        return;
      case 'hri-position':
        this.barcode.hri = cmd.position;
        return;
      case 'barcode':
        return this.printBarcode(cmd);
      case 'qr-size':
        this.qr.size = cmd.dots;
        return;
      case 'qr-ecc':
        this.qr.ecc = cmd.level;
        return;
      case 'qr-store':
        this.qr.data = cmd.data;
        return;
      case 'qr-print':
        return this.printQr();
      case 'raster':
        this.endLine(false);
        return this.image(cmd, this.align);
      case 'graphics-store':
        this.graphics = { width: cmd.width, height: cmd.height, bits: cmd.bits };
        return;
      case 'graphics-print':
        this.endLine(false);
        if (this.graphics) this.image(this.graphics, this.align);
        return;
      case 'bit-image':
        if (!this.line.started) this.line.start(this.align);
        this.band.push(cmd);
        return;
      case 'unknown':
        return void this.unknown.push(cmd);
      case 'nv-image':
      case 'symbol-2d':
        this.endLine(false);
        return void this.dropped.push(cmd);
      default:
        return;
    }
  }

  finish(): ParsedDocument {
    this.endLine(false);
    this.flushStrips();
    return { doc: { columns: this.columns, dots: this.dots, blocks: this.blocks }, unknown: this.unknown, queries: this.queries, dropped: this.dropped, truncated: this.truncated };
  }

  /** ESC @ empties the print buffer too: a line not yet printed is lost, as on paper. */
  private reset(): void {
    this.line.reset();
    this.band = [];
    this.align = 'left';
    this.bold = false;
    this.invert = false;
    this.ank = PLAIN;
    this.kanji = PLAIN;
    this.leftMargin = 0;
    this.qr.data = undefined;
    // A picture stored in the print buffer goes with it, as on a printer.
    this.graphics = undefined;
  }

  private printWidth(dots: number): void {
    if (this.fixedPaper || this.blocks.length > 0) return;
    this.dots = Math.max(12, Math.min(dots, WIDEST_DOTS));
    this.columns = Math.floor(this.dots / 12);
  }

  /** Outside Kanji mode every byte is one column; inside it, non-ASCII characters take two. */
  private text(text: string, kanji: boolean): void {
    this.startLine();
    let from = 0;
    for (let i = 1; i <= text.length; i++) {
      const wide = kanji && text.charCodeAt(from) >= 0x80;
      if (i < text.length && wide === (kanji && text.charCodeAt(i) >= 0x80)) continue;
      const part = text.slice(from, i);
      const look = wide ? this.kanji : this.ank;
      const count = wide ? [...part].length * 2 : part.length;
      this.line.append(part, this.style(look), count * look.width);
      from = i;
    }
  }

  private style(look: Look): TextStyle {
    const style: TextStyle = {};
    if (this.bold) style.bold = true;
    if (look.underline) style.underline = true;
    if (look.width > 1) style.width = 2;
    if (look.height > 1) style.height = 2;
    if (this.invert) style.invert = true;
    return style;
  }

  private startLine(): void {
    if (this.line.started) return;
    this.flushStrips();
    this.line.start(this.align);
    // A margin as wide as the print area leaves it one column, as a printer does.
    this.line.padTo(Math.min(Math.round(this.leftMargin / (this.dots / this.columns)), this.columns - 1));
  }

  private padTo(column: number): void {
    this.startLine();
    this.line.padTo(column);
  }

  /** LF prints the line, a blank one too; other commands only push out a line that has content. */
  private endLine(blank: boolean): void {
    const align = this.line.align ?? this.align;
    if (this.band.length > 0) {
      if (this.strips.length === 0) this.stripAlign = align;
      this.strips.push(joinRasters(this.band));
      this.band = [];
    } else if (!this.line.empty || blank) {
      this.push(this.lineBlock(align));
    }
    this.line.reset();
  }

  private lineBlock(align: Align): Block {
    const runs = this.line.runs;
    const text = runs.map((r) => r.text).join('').trimEnd();
    const char = RULE_CHARS[text.charAt(0)];
    const plain = runs.every((r) => !r.style);
    if (char && plain && text.length === this.columns && text === text.charAt(0).repeat(text.length)) {
      return char === '-' ? { type: 'rule' } : { type: 'rule', char };
    }
    return align === 'left' ? { type: 'text', runs } : { type: 'text', runs, align };
  }

  /** ESC d prints a pending line as its first line of feed. */
  private feed(lines: number): void {
    let left = lines;
    if (!this.line.empty || this.band.length > 0) {
      this.endLine(true);
      left--;
    }
    if (left <= 0 || !this.fits(left * this.columns)) return;
    const last = this.blocks[this.blocks.length - 1];
    if (last?.type === 'feed' && this.strips.length === 0) last.lines += left;
    else this.push({ type: 'feed', lines: left }, 0);
  }

  private printBarcode(cmd: Extract<EscPosCommand, { type: 'barcode' }>): void {
    this.endLine(false);
    // Data the symbology cannot encode (a POS's garbage, letters in an EAN-8): the printer prints no symbol.
    if (!SYMBOLOGIES.has(cmd.system) || !barcodeDrawable(cmd.system as BarcodeSymbology, cmd.data)) return void this.dropped.push(cmd);
    const { height, module, hri } = this.barcode;
    this.push({ type: 'barcode', symbology: cmd.system as BarcodeSymbology, data: cmd.data, height, moduleWidth: module, hri: hri !== 0, align: this.align });
  }

  private printQr(): void {
    this.endLine(false);
    if (!this.qr.data) return;
    this.push({ type: 'qr', data: decodeQrPayload(this.qr.data), size: this.qr.size, ecc: this.qr.ecc, align: this.align });
  }

  /** A raster holding a QR symbol is recorded as that QR code, so its payload survives. */
  private image(raster: Raster, align: Align): void {
    const qr = decodeQrRaster(raster);
    if (qr) return this.push({ type: 'qr', data: qr.data, size: qr.moduleDots, ecc: qr.ecc, align });
    this.push({ type: 'image', width: raster.width, height: raster.height, bits: raster.bits, align });
  }

  private flushStrips(): void {
    if (this.strips.length === 0) return;
    const strips = this.strips;
    this.strips = [];
    const width = Math.max(...strips.map((s) => s.width));
    this.image(stackRasters(strips.map((s) => widenRaster(s, width))), this.stripAlign);
  }

  private push(block: Block, cells = this.cellsOf(block)): void {
    this.flushStrips();
    if (this.fits(cells)) this.blocks.push(block);
  }

  /** Counts `cells` against the document's bound; false (and the document truncated) past it. */
  private fits(cells: number): boolean {
    if (this.truncated || this.cells + cells > MAX_DOCUMENT_CELLS) {
      this.truncated = true;
      return false;
    }
    this.cells += cells;
    return true;
  }

  private cellsOf(block: Block): number {
    if (block.type === 'text') return Math.max(this.columns, block.runs.reduce((n, run) => n + run.text.length, 0));
    if (block.type === 'qr' || block.type === 'barcode') return Math.max(this.columns, block.data.length);
    return this.columns;
  }
}

/** Native QR data is bytes; POS software sends UTF-8 or, in China, often GBK. */
function decodeQrPayload(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), 'gb18030');
  }
}
