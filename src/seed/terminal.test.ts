import { describe, expect, it } from 'vitest';
import { TerminalCounter } from './terminal.js';

describe('TerminalCounter', () => {
  it('opens batch 000001 on the first day and the next batch each new day, vouchers running on', () => {
    const t = new TerminalCounter('10023456');
    expect(t.next('2026-11-27')).toEqual({ batchNo: '000001', voucherNo: '000001' });
    expect(t.next('2026-11-27')).toEqual({ batchNo: '000001', voucherNo: '000002' });
    expect(t.next('2026-11-28')).toEqual({ batchNo: '000002', voucherNo: '000003' });
  });

  it('wraps the voucher 999999 → 000001 into a new batch, so keys never repeat', () => {
    const t = new TerminalCounter('10023456', 999_998);
    expect(t.next('2026-11-27')).toEqual({ batchNo: '000001', voucherNo: '999999' });
    expect(t.atWrap).toBe(true);
    expect(t.next('2026-11-27')).toEqual({ batchNo: '000002', voucherNo: '000001' });
    expect(t.atWrap).toBe(false);
    expect(t.batchNo).toBe('000002');
  });
});
