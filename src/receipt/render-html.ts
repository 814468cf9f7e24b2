import type { ReceiptDocument, TextRun } from './document.js';
import { escapeMarkup } from './escape-markup.js';
import { blockMarker } from './render-text.js';
import { renderSvg } from './render-svg.js';
import { charWidth } from './width.js';

// Scoped by class prefix: the fragment is dropped into back-office pages as it is.
const STYLE =
  '<style>.rcpt{display:inline-block;background:#fff;color:#000;font:14px/1.35 monospace;white-space:pre;padding:1ch}' +
  '.rcpt-l{min-height:1.35em}.rcpt-c{text-align:center}.rcpt-r{text-align:right}' +
  '.rcpt-w{display:inline-block;width:2ch;text-align:center}.rcpt-i{background:#000;color:#fff}' +
  '.rcpt-x2{display:inline-block;transform:scaleX(2);transform-origin:left}' +
  '.rcpt-y2{display:inline-block;transform:scaleY(2);transform-origin:bottom;margin-top:1.35em}' +
  '.rcpt-xy2{font-size:2em}.rcpt svg{display:block;width:100%;height:auto}</style>';

/** Full-width characters get a box of exactly two columns, whatever the viewer's font. */
function cells(text: string): string {
  let html = '';
  for (const ch of text) html += charWidth(ch.codePointAt(0) ?? 0) === 2 ? `<span class="rcpt-w">${escapeMarkup(ch)}</span>` : escapeMarkup(ch);
  return html;
}

function runHtml(run: TextRun): string {
  const style = run.style ?? {};
  let html = cells(run.text);
  if (style.bold) html = `<b>${html}</b>`;
  if (style.underline) html = `<u>${html}</u>`;
  if (style.invert) html = `<span class="rcpt-i">${html}</span>`;
  const sx = style.width ?? 1;
  const sy = style.height ?? 1;
  if (sx === 2 && sy === 2) return `<span class="rcpt-xy2">${html}</span>`;
  // A horizontal stretch does not take room of its own, so the margin reserves it.
  if (sx === 2) return `<span class="rcpt-x2" style="margin-right:${[...run.text].reduce((n, c) => n + charWidth(c.codePointAt(0) ?? 0), 0)}ch">${html}</span>`;
  if (sy === 2) return `<span class="rcpt-y2">${html}</span>`;
  return html;
}

function line(content: string, align: string | undefined): string {
  const cls = align === 'center' ? 'rcpt-l rcpt-c' : align === 'right' ? 'rcpt-l rcpt-r' : 'rcpt-l';
  return `<div class="${cls}">${content}</div>`;
}

/**
 * An HTML fragment for the back office: a monospace block of the receipt's lines with the
 * styles it prints with, QR codes, barcodes and images as inline SVG in printer dots.
 */
export function renderHtml(doc: ReceiptDocument): string {
  const parts: string[] = [];
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'text':
        parts.push(line(block.runs.map(runHtml).join(''), block.align));
        break;
      case 'rule':
        parts.push(line(escapeMarkup((block.char ?? '-').repeat(doc.columns)), 'left'));
        break;
      case 'feed':
        for (let i = 0; i < block.lines; i++) parts.push(line('', 'left'));
        break;
      case 'qr':
      case 'barcode':
      case 'image': {
        const svg = renderSvg({ columns: doc.columns, dots: doc.dots, blocks: [block] }, { margin: 0, lineSpacing: 24 });
        const label = escapeMarkup(blockMarker(block) ?? '');
        parts.push(`<div role="img" aria-label="${label}">${svg}</div>`);
        break;
      }
      case 'cut':
      case 'drawer':
        break;
    }
  }
  return `${STYLE}<div class="rcpt" style="width:${doc.columns}ch">${parts.join('')}</div>`;
}
