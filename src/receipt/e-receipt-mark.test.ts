import { describe, expect, it } from 'vitest';
import { parseTransaction } from '../core/index.js';
import { retailSale, sale } from '../../test/support/fixtures.js';
import { STORE_ZONE } from '../../test/support/receipt-cases.js';
import { E_RECEIPT_MARK, PAPER_PROFILES, PaperIds, displayWidth, layoutReceipt, renderText } from './index.js';

describe("the customer's e-receipt", () => {
  it('is the receipt between two bands that say 电子凭证 · E-RECEIPT, on every paper, opening no drawer', () => {
    for (const input of [sale(), retailSale()]) {
      const tx = parseTransaction(input);
      for (const paper of PaperIds) {
        const plain = layoutReceipt(tx, { paper: PAPER_PROFILES[paper], timeZone: STORE_ZONE });
        const marked = layoutReceipt(tx, { paper: PAPER_PROFILES[paper], timeZone: STORE_ZONE, eReceipt: true });
        const lines = renderText(marked).split('\n');
        const bands = lines.filter((l) => l.includes('E-RECEIPT') && l.includes('电子凭证'));
        expect(bands, paper).toHaveLength(2);
        expect(lines[0], paper).toContain('E-RECEIPT');
        for (const band of bands) expect(displayWidth(band), paper).toBeLessThanOrEqual(PAPER_PROFILES[paper].columns);
        // Between the bands, the receipt as it prints; after the lower one, its cut.
        const body = marked.blocks.filter((b) => !(b.type === 'text' && b.runs.some((r) => r.text.includes('E-RECEIPT'))));
        expect(body, paper).toEqual(plain.blocks.filter((b) => b.type !== 'drawer'));
        expect(marked.blocks.at(-1)?.type, paper).toBe(plain.blocks.filter((b) => b.type !== 'drawer').at(-1)?.type);
      }
    }
    expect(E_RECEIPT_MARK).toBe('电子凭证 · E-RECEIPT');
  });
});
