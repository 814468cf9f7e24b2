import { readFileSync } from 'node:fs';
import { ConfigError } from '../core/index.js';
import { indexUnifontHex, scaleHexGlyph, type Glyph } from './unifont.js';

export const UNIFONT_PATH = '/usr/share/unifont/unifont.hex';

/** Where glyphs come from; PNG rendering asks for one code point at a time. */
export interface FontLoader {
  /** The Font A glyph, or undefined when the font has none for this code point. */
  glyph(codePoint: number): Glyph | undefined;
}

/** Reads a Unifont .hex file, failing with a hint to install the package when it is missing. */
export function readUnifontFile(path: string = UNIFONT_PATH): string {
  try {
    return readFileSync(path, 'latin1');
  } catch (error) {
    throw new ConfigError('FONT_MISSING', `GNU Unifont is missing at ${path}: install it with \`apt-get install -y unifont\``, {
      hint: 'on Debian/Ubuntu run `apt-get install -y unifont`; elsewhere give createFontLoader a reader for a Unifont .hex file',
      cause: error,
    });
  }
}

/**
 * A font loader that reads and indexes the .hex file on first use, then keeps every glyph it
 * has scaled. `read` replaces the file read (tests, a composition root with its own path).
 */
export function createFontLoader(read: () => string = () => readUnifontFile(UNIFONT_PATH)): FontLoader {
  let index: Map<number, string> | undefined;
  const scaled = new Map<number, Glyph | null>();
  return {
    glyph(codePoint: number): Glyph | undefined {
      const cached = scaled.get(codePoint);
      if (cached !== undefined) return cached ?? undefined;
      index ??= indexUnifontHex(read());
      const hex = index.get(codePoint);
      const glyph = hex === undefined ? null : scaleHexGlyph(hex);
      scaled.set(codePoint, glyph);
      return glyph ?? undefined;
    },
  };
}

/** The one shared loader, so the 3.7 MB font is parsed once per process, and only if used. */
export const defaultFontLoader: FontLoader = createFontLoader();
