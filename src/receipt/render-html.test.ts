import { describe, expect, it } from 'vitest';
import { STORE_ZONE, VERIFY_URL, slipSale } from '../../test/support/receipt-cases.js';
import { layoutReceipt, paperProfile, renderHtml, renderSvg, type ReceiptDocument } from './index.js';

const slip = () => layoutReceipt(slipSale(), { paper: paperProfile('80'), timeZone: STORE_ZONE, verificationUrl: VERIFY_URL });
const hostile: ReceiptDocument = {
  columns: 32,
  dots: 384,
  blocks: [{ type: 'text', runs: [{ text: '<script>alert("x")</script> & \u0001 \ud800' }] }],
};

describe('renderHtml', () => {
  it('is a monospace block of the lines with the QR code as inline SVG', () => {
    const html = renderHtml(slip());
    expect(html).toContain('class="rcpt" style="width:48ch"');
    expect(html).toContain('<b><span class="rcpt-w">消</span>');
    expect(html).toContain('MERCHANT COPY');
    expect(html).toMatch(/<div role="img" aria-label="\[QR: https:\/\/verify\.example\.cn[^"]*\]"><svg /);
    expect(html.match(/<div/g)?.length).toBe(html.match(/<\/div>/g)?.length);
  });

  it('escapes everything it is given', () => {
    const html = renderHtml(hostile);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;');
    expect(html).not.toMatch(/[\u0001\ud800]/);
  });

  it('is the same for the same document', () => {
    expect(renderHtml(slip())).toBe(renderHtml(slip()));
  });
});

describe('renderSvg', () => {
  it('places text in printer dots with fixed advance widths', () => {
    const svg = renderSvg(slip());
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="576" height="\d+"/);
    expect(svg).toContain('<text x="0" y="');
    expect(svg).toContain('textLength="96" lengthAdjust="spacingAndGlyphs"'); // 商户存根: 4 × 24 dots
    expect(svg).toMatch(/<path d="M\d+ \d+h\d+v\d+h-\d+z/);
  });

  it('escapes text and drops characters XML cannot hold', () => {
    const svg = renderSvg(hostile);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toMatch(/[\u0001\ud800]/);
  });
});
