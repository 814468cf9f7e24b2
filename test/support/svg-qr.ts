import type { Raster } from '../../src/escpos/index.js';

/**
 * The raster (2 dots a module) of a QR code drawn as SVG path runs "M{x} {y}h{w}v1h-{w}z" in
 * a viewBox of `size` modules, so the project's own decoder (decodeQrRaster) can read it.
 */
export function rasterFromQrPath(d: string, size: number, dots = 2): Raster {
  const width = size * dots;
  const stride = Math.ceil(width / 8);
  const bits = new Uint8Array(stride * width);
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-?\d+z/g)) {
    const [x0, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let x = x0; x < x0 + w; x++) {
      for (let dy = 0; dy < dots; dy++) {
        for (let dx = 0; dx < dots; dx++) {
          const px = x * dots + dx;
          const py = y * dots + dy;
          bits[py * stride + (px >> 3)] = (bits[py * stride + (px >> 3)] ?? 0) | (0x80 >> (px & 7));
        }
      }
    }
  }
  return { width, height: width, bits };
}
