import { describe, expect, it } from 'vitest';
import { retailCardNoPayments, retailCashSale, slipSale } from '../../test/support/receipt-cases.js';
import { CardSlipModes, originalPieces } from './index.js';

describe('originalPieces: what the original print of a sale is', () => {
  it('adds the bank slips the shop prints to the receipt of a card sale', () => {
    expect(originalPieces(retailCardNoPayments(), {}, 'none')).toEqual([{ template: 'retail', copy: 'cardholder' }]);
    expect(originalPieces(retailCardNoPayments(), {}, 'merchant')).toEqual([
      { template: 'retail', copy: 'cardholder' },
      { template: 'slip', copy: 'merchant' },
    ]);
    expect(originalPieces(retailCardNoPayments(), { copy: 'merchant' }, 'both')).toEqual([
      { template: 'retail', copy: 'merchant' },
      { template: 'slip', copy: 'merchant' },
      { template: 'slip', copy: 'cardholder' },
    ]);
  });

  it('prints a slip sale once per copy, never the same piece twice', () => {
    expect(originalPieces(slipSale(), {}, 'none')).toEqual([{ template: 'slip', copy: 'merchant' }]);
    expect(originalPieces(slipSale(), {}, 'merchant')).toEqual([{ template: 'slip', copy: 'merchant' }]);
    expect(originalPieces(slipSale(), {}, 'both')).toEqual([
      { template: 'slip', copy: 'merchant' },
      { template: 'slip', copy: 'cardholder' },
    ]);
    expect(originalPieces(slipSale(), { copy: 'cardholder' }, 'both')).toEqual([
      { template: 'slip', copy: 'cardholder' },
      { template: 'slip', copy: 'merchant' },
    ]);
  });

  it('prints exactly the template asked for, and nothing for a sale not paid by card', () => {
    for (const mode of CardSlipModes) {
      expect(originalPieces(retailCardNoPayments(), { template: 'slip', copy: 'cardholder' }, mode)).toEqual([{ template: 'slip', copy: 'cardholder' }]);
      expect(originalPieces(retailCardNoPayments(), { template: 'retail' }, mode)).toEqual([{ template: 'retail', copy: 'cardholder' }]);
      expect(originalPieces(retailCashSale(), {}, mode)).toEqual([{ template: 'retail', copy: 'cardholder' }]);
      // One face without a card: the job names the copy that prints, whatever was asked.
      expect(originalPieces(retailCashSale(), { copy: 'merchant' }, mode)).toEqual([{ template: 'retail', copy: 'cardholder' }]);
    }
    expect(() => originalPieces(retailCashSale(), { template: 'slip' }, 'both')).toThrow(expect.objectContaining({ code: 'NO_CARD_SLIP' }));
  });
});
