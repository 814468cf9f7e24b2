import { InputError } from '../core/index.js';
import { PAPER_PROFILES, type PaperProfile } from '../receipt/index.js';

export const TextEncodings = ['gb18030', 'gbk'] as const;
export type TextEncoding = (typeof TextEncodings)[number];

export const CutterKinds = ['full-partial', 'full', 'none'] as const;
export type CutterKind = (typeof CutterKinds)[number];

/** What a printer answers to GS I; a virtual printer uses it to impersonate the model. */
export interface PrinterIdentity {
  modelId: number;
  firmwareId: number;
  multiByte: boolean;
  autocutter: boolean;
  firmware: string;
  maker: string;
  model: string;
  serial: string;
  /** "Font of language" (GS I 69), e.g. "CHINA GB18030". */
  fonts: string;
}

/** What one printer model can do; the encoder never sends a command the model lacks. */
export interface PrinterProfile {
  id: PrinterModel;
  name: string;
  paper: PaperProfile;
  encoding: TextEncoding;
  /** GS ( k QR symbols; without it QR codes go out as raster images. */
  nativeQr: boolean;
  /** GS ( H fn 48 process-ID response after the paper has passed. */
  completionMarker: boolean;
  cutter: CutterKind;
  /** Lines to feed so the last line clears the tear bar when there is no cutter. */
  tearOffLines: number;
  drawer: boolean;
  /** GS a automatic status back. */
  asb: boolean;
  identity: PrinterIdentity;
}

export const PrinterModels = ['generic-80', 'generic-58', 'epson-tm-t88', 'xprinter-xp58'] as const;
export type PrinterModel = (typeof PrinterModels)[number];

export const PRINTER_PROFILES: Readonly<Record<PrinterModel, PrinterProfile>> = {
  'generic-80': {
    id: 'generic-80',
    name: 'Generic 80 mm GB18030 printer',
    paper: PAPER_PROFILES['80'],
    encoding: 'gb18030',
    nativeQr: true,
    completionMarker: true,
    cutter: 'full-partial',
    tearOffLines: 0,
    drawer: true,
    asb: true,
    identity: identity(0x20, 'GENERIC', 'POS-80', 'CHINA GB18030', true),
  },
  'generic-58': {
    id: 'generic-58',
    name: 'Generic 58 mm GB18030 printer',
    paper: PAPER_PROFILES['58'],
    encoding: 'gb18030',
    nativeQr: true,
    completionMarker: true,
    cutter: 'full-partial',
    tearOffLines: 0,
    drawer: true,
    asb: true,
    identity: identity(0x21, 'GENERIC', 'POS-58', 'CHINA GB18030', true),
  },
  // The Chinese TM-T88 models ship a GB2312/GBK font, not the full GB18030 one.
  'epson-tm-t88': {
    id: 'epson-tm-t88',
    name: 'Epson TM-T88 (Chinese model, 180 dpi)',
    paper: PAPER_PROFILES['80-180'],
    encoding: 'gbk',
    nativeQr: true,
    completionMarker: true,
    cutter: 'full-partial',
    tearOffLines: 0,
    drawer: true,
    asb: true,
    identity: identity(0x20, 'EPSON', 'TM-T88V', 'CHINA GB2312', true),
  },
  // Budget 58 mm models: no cutter, no drawer port, no QR firmware, no process-ID response.
  'xprinter-xp58': {
    id: 'xprinter-xp58',
    name: 'Xprinter XP-58 class (58 mm, GBK)',
    paper: PAPER_PROFILES['58'],
    encoding: 'gbk',
    nativeQr: false,
    completionMarker: false,
    cutter: 'none',
    tearOffLines: 4,
    drawer: false,
    asb: false,
    identity: identity(0x22, 'XPRINTER', 'XP-58', 'CHINA GBK', false),
  },
};

function identity(modelId: number, maker: string, model: string, fonts: string, autocutter: boolean): PrinterIdentity {
  return { modelId, firmwareId: 0x01, multiByte: true, autocutter, firmware: '1.00', maker, model, serial: '000000', fonts };
}

export function printerProfile(id: string): PrinterProfile {
  const profile = (PRINTER_PROFILES as Record<string, PrinterProfile | undefined>)[id];
  if (!profile) {
    throw new InputError('UNKNOWN_PRINTER_MODEL', `unknown printer model "${id}"`, {
      hint: `use one of ${PrinterModels.join(', ')}`,
      context: { value: id, allowed: PrinterModels },
    });
  }
  return profile;
}
