/**
 * A QR code as an SVG element, from the same symbol the receipts print (the receipt
 * module's qrMatrix over the `qrcode` library): dark runs as one path, a 4-module quiet zone.
 */
import { qrMatrix } from '../receipt/index.js';

const NS = 'http://www.w3.org/2000/svg';
const QUIET = 4;

/** "M{x} {y}h{w}v1h-{w}z" per run of dark modules, in module units with the quiet zone. */
export function qrPathData(data: string): { size: number; d: string } {
  const { size, modules } = qrMatrix(data);
  let d = '';
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (modules[y * size + x] !== 1) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && modules[y * size + x] === 1) x++;
      d += `M${start + QUIET} ${y + QUIET}h${x - start}v1h-${x - start}z`;
    }
  }
  return { size: size + 2 * QUIET, d };
}

export function qrSvg(data: string, label: string): SVGSVGElement {
  const { size, d } = qrPathData(data);
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(NS, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(background, path);
  return svg;
}
