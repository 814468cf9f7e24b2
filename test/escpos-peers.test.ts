/**
 * The ESC/POS bench compares encoders on the same receipt: each peer's bytes, decoded by our
 * parser, must print exactly the lines and the QR code ours print.
 */
import { describe, expect, it } from 'vitest';
import {
  benchDocument,
  benchTransaction,
  contentDifference,
  printedContent,
  receiptPrinterEncoderBytes,
  receiptlineBytes,
  receiptlineMarkdown,
  reissueFromDocument,
  reissueFromTransaction,
} from '../bench/escpos-peers.js';

describe('the ESC/POS bench receipt', () => {
  const tx = benchTransaction();
  const doc = benchDocument(tx);
  const ours = printedContent(reissueFromDocument(doc));

  it('is a card sale of ten items with its payment block and a QR code', () => {
    expect(ours.lines).toContain('银行卡 CARD **** 1234 141.80');
    expect(ours.lines).toContain('参考号 REF NO 123456789012');
    expect(ours.lines.filter((l) => /^\S.* \d+\.\d\d \d+ \d+\.\d\d$/.test(l))).toHaveLength(10);
    expect(ours.qr).toHaveLength(1);
    expect(Buffer.from(reissueFromTransaction(tx)).equals(Buffer.from(reissueFromDocument(doc)))).toBe(true);
  });

  it('prints the same through receiptline', () => {
    expect(contentDifference(ours, printedContent(receiptlineBytes(receiptlineMarkdown(doc))))).toBeUndefined();
  });

  it('prints the same through receipt-printer-encoder', () => {
    expect(contentDifference(ours, printedContent(receiptPrinterEncoderBytes(doc.blocks)))).toBeUndefined();
  });

  it('names the first difference when an output differs', () => {
    const changed = { ...ours, lines: ours.lines.map((l, i) => (i === 3 ? `${l}!` : l)) };
    expect(contentDifference(ours, changed)).toBe(`line 4: "${ours.lines[3]}!" ≠ "${ours.lines[3]}"`);
    expect(contentDifference(ours, { ...ours, qr: ['x'] })).toMatch(/^QR \["x"\]/);
    expect(contentDifference(ours, { ...ours, lines: [...ours.lines, 'extra'] })).toBe(`${ours.lines.length + 1} lines ≠ ${ours.lines.length}`);
    expect(contentDifference(ours, { ...ours, unknown: 2 })).toBe('2 commands our parser does not know');
  });
});
