import type { Align, QrErrorLevel } from '../receipt/index.js';

/** A 1-bit raster as ESC/POS carries it: rows of `width` dots, MSB first, rows padded to whole bytes. */
export interface Raster {
  width: number;
  height: number;
  bits: Uint8Array;
}

/**
 * One command as the streaming parser recognised it. Text is one run of printable bytes
 * between two control bytes, decoded in the code page or Kanji mode active at the time.
 */
export type EscPosCommand =
  | { type: 'text'; text: string; kanji: boolean }
  | { type: 'lf' }
  | { type: 'cr' }
  | { type: 'ff' }
  | { type: 'ht' }
  | { type: 'can' }
  | { type: 'init' }
  | { type: 'print-mode'; fontB: boolean; bold: boolean; doubleHeight: boolean; doubleWidth: boolean; underline: boolean }
  | { type: 'bold'; on: boolean }
  | { type: 'double-strike'; on: boolean }
  | { type: 'underline'; dots: 0 | 1 | 2; kanji: boolean }
  | { type: 'align'; align: Align }
  | { type: 'feed-lines'; lines: number }
  | { type: 'feed-dots'; dots: number }
  | { type: 'line-spacing'; dots: number | null }
  | { type: 'font'; font: number }
  | { type: 'code-page'; page: number }
  | { type: 'charset'; set: number }
  | { type: 'drawer-kick'; pin: 2 | 5; onMs: number; offMs: number }
  | { type: 'upside-down'; on: boolean }
  | { type: 'char-spacing'; dots: number }
  | { type: 'position'; dots: number; relative: boolean }
  | { type: 'size'; width: number; height: number }
  | { type: 'invert'; on: boolean }
  | { type: 'cut'; partial: boolean; feed: number | null; form: 'A' | 'B' | 'C' | 'D' | 'legacy' }
  | { type: 'barcode-height'; dots: number }
  | { type: 'barcode-module'; dots: number }
  | { type: 'hri-position'; position: 0 | 1 | 2 | 3 }
  | { type: 'hri-font'; font: number }
  | { type: 'barcode'; system: string; data: string }
  | { type: 'left-margin'; dots: number }
  | { type: 'print-width'; dots: number }
  | { type: 'motion-units'; x: number; y: number }
  | { type: 'asb'; mask: number }
  | { type: 'status-request'; n: number }
  | { type: 'printer-id-request'; n: number }
  | { type: 'realtime-status'; n: number; a: number | null }
  | { type: 'realtime-request'; n: number }
  | { type: 'realtime-command'; fn: number; params: Uint8Array }
  | { type: 'nv-image'; n: number; mode: number }
  | { type: 'kanji-mode'; on: boolean }
  | { type: 'kanji-print-mode'; doubleWidth: boolean; doubleHeight: boolean; underline: boolean }
  | { type: 'kanji-code'; n: number }
  | { type: 'kanji-spacing'; left: number; right: number }
  | { type: 'kanji-quadruple'; on: boolean }
  | { type: 'paper-sensor'; purpose: 'signal' | 'stop'; mask: number }
  | { type: 'panel-buttons'; on: boolean }
  | { type: 'qr-model'; model: number }
  | { type: 'qr-size'; dots: number }
  | { type: 'qr-ecc'; level: QrErrorLevel }
  | { type: 'qr-store'; data: Uint8Array }
  | { type: 'qr-print' }
  | { type: 'symbol-2d'; cn: number; fn: number; params: Uint8Array }
  | ({ type: 'graphics-store'; scaleX: number; scaleY: number } & Raster)
  | { type: 'graphics-print' }
  | ({ type: 'raster'; mode: number } & Raster)
  | ({ type: 'bit-image'; doubleDensity: boolean } & Raster)
  | { type: 'process-id'; id: string }
  | { type: 'extended'; prefix: 'ESC (' | 'GS (' | 'FS (' | 'GS 8'; fn: string; params: Uint8Array }
  | { type: 'other'; name: string; bytes: Uint8Array }
  | UnknownCommand;

export interface UnknownCommand {
  type: 'unknown';
  bytes: Uint8Array;
}

export type EscPosCommandType = EscPosCommand['type'];

/** Commands that ask the printer to answer; a virtual printer replies to these. */
export type QueryCommand = Extract<
  EscPosCommand,
  { type: 'asb' | 'status-request' | 'printer-id-request' | 'realtime-status' | 'realtime-request' | 'process-id' }
>;

const QUERY_TYPES: ReadonlySet<EscPosCommandType> = new Set([
  'asb',
  'status-request',
  'printer-id-request',
  'realtime-status',
  'realtime-request',
  'process-id',
]);

export function isQuery(command: EscPosCommand): command is QueryCommand {
  return QUERY_TYPES.has(command.type);
}
