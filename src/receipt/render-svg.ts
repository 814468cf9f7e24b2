import type { ReceiptDocument } from './document.js';
import { escapeMarkup } from './escape-markup.js';
import { layoutScene, type SceneOptions } from './receipt-scene.js';
import { CELL_HEIGHT, CELL_WIDTH, runDots, type SceneRect, type SceneText } from './scene-geometry.js';
import { charWidth } from './width.js';

/** Roughly where a 24-dot font puts its baseline inside the cell. */
const BASELINE = 20;

const FONT = "'Unifont','WenQuanYi Zen Hei Mono','Noto Sans Mono CJK SC','Noto Sans Mono',monospace";

function rectPath(rects: SceneRect[]): string {
  return rects.map((r) => `M${r.x} ${r.y}h${r.w}v${r.h}h${-r.w}z`).join('');
}

/**
 * Runs of non-space characters of one width class, each with its own textLength, so
 * that whatever font the viewer has, every character stays in its printer cell.
 */
function textElements(item: SceneText): string {
  const out: string[] = [];
  const size = CELL_HEIGHT * item.sy;
  const baseline = item.y + BASELINE * item.sy;
  const attrs = `font-size="${size}"${item.bold ? ' font-weight="bold"' : ''}${item.invert ? ' fill="#fff"' : ''}`;
  let x = item.x;
  let segment = '';
  let segmentX = x;
  let segmentWide = false;
  const flush = () => {
    if (segment.length > 0) {
      out.push(`<text x="${segmentX}" y="${baseline}" textLength="${runDots(segment, item.sx)}" lengthAdjust="spacingAndGlyphs" ${attrs}>${escapeMarkup(segment)}</text>`);
    }
    segment = '';
  };
  for (const ch of item.text) {
    const wide = charWidth(ch.codePointAt(0) ?? 0) === 2;
    if (ch === ' ' || wide !== segmentWide) {
      flush();
      segmentWide = wide;
      segmentX = x;
    }
    if (ch !== ' ') {
      if (segment.length === 0) segmentX = x;
      segment += ch;
    }
    x += charWidth(ch.codePointAt(0) ?? 0) * CELL_WIDTH * item.sx;
  }
  flush();
  return out.join('');
}

/** The receipt as a vector picture in printer dots: the same placement as the PNG. */
export function renderSvg(doc: ReceiptDocument, options: SceneOptions = {}): string {
  const scene = layoutScene(doc, options);
  const rects: SceneRect[] = [];
  const texts: string[] = [];
  for (const item of scene.items) {
    if (item.kind === 'rect') {
      rects.push(item);
      continue;
    }
    const width = runDots(item.text, item.sx);
    const height = CELL_HEIGHT * item.sy;
    if (item.invert) rects.push({ kind: 'rect', x: item.x, y: item.y, w: width, h: height });
    if (item.underline) texts.push(`<rect x="${item.x}" y="${item.y + height - 2}" width="${width}" height="2"${item.invert ? ' fill="#fff"' : ''}/>`);
    texts.push(textElements(item));
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" viewBox="0 0 ${scene.width} ${scene.height}" shape-rendering="crispEdges">` +
    `<rect width="${scene.width}" height="${scene.height}" fill="#fff"/>` +
    (rects.length > 0 ? `<path d="${rectPath(rects)}"/>` : '') +
    `<g font-family="${escapeMarkup(FONT)}">${texts.join('')}</g></svg>`
  );
}
