import type { ReceiptDocument } from './document.js';
import { defaultFontLoader, type FontLoader } from './font-loader.js';
import { encodePng } from './png-encode.js';
import { rasterizeScene } from './rasterize-scene.js';
import { layoutScene, type SceneOptions } from './receipt-scene.js';

export interface PngOptions extends SceneOptions {
  /** Glyph source; the shared GNU Unifont loader unless told. */
  font?: FontLoader;
}

/** The receipt as the printer would print it: a 1-bit PNG exactly `doc.dots` wide. */
export function renderPng(doc: ReceiptDocument, options: PngOptions = {}): Buffer {
  return encodePng(rasterizeScene(layoutScene(doc, options), options.font ?? defaultFontLoader));
}
