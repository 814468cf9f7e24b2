import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { PRINTER_PROFILES, PrinterModels, printerProfile } from './index.js';

describe('printer profiles', () => {
  it('covers the required models with consistent paper', () => {
    expect(PrinterModels).toEqual(['generic-80', 'generic-58', 'epson-tm-t88', 'xprinter-xp58']);
    for (const model of PrinterModels) {
      const profile = printerProfile(model);
      expect(profile.id).toBe(model);
      expect(profile.paper.dots).toBeGreaterThanOrEqual(profile.paper.columns * 12);
    }
    expect(PRINTER_PROFILES['epson-tm-t88'].paper).toMatchObject({ dpi: 180, columns: 42 });
    expect(PRINTER_PROFILES['epson-tm-t88'].encoding).toBe('gbk');
    expect(PRINTER_PROFILES['xprinter-xp58']).toMatchObject({ encoding: 'gbk', nativeQr: false, cutter: 'none', paper: { columns: 32 } });
    expect(PRINTER_PROFILES['generic-80']).toMatchObject({ encoding: 'gb18030', nativeQr: true, completionMarker: true, paper: { columns: 48, dots: 576 } });
  });

  it('refuses an unknown model with a hint', () => {
    expect(() => printerProfile('tm-9000')).toThrow(InputError);
    expect(() => printerProfile('tm-9000')).toThrow(expect.objectContaining({ code: 'UNKNOWN_PRINTER_MODEL', hint: expect.stringContaining('generic-80') }));
  });
});
