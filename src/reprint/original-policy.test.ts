import { describe, expect, it } from 'vitest';
import { decideOriginalPrint, originalPrintNeed } from './original-policy.js';
import { DEFAULT_POLICY, decideReprint, type PolicyRequest } from './reprint-policy.js';

const NOW = Date.parse('2026-11-27T06:40:00Z');
const li = { name: 'li', role: 'cashier', terminalId: '10023456' };
/** Another terminal's sale of store SH-001, a minute old: its original needs a supervisor. */
const other = { id: '10023457-000128-000602', storeId: 'SH-001', terminalId: '10023457', occurredAt: NOW - 60_000 };
const need = originalPrintNeed(li, other, NOW, DEFAULT_POLICY);
const supervisor = { name: 'wang', role: 'supervisor' };

const originalRefusal = (approval: typeof supervisor & { stores?: string[] }, sale: { id: string; storeId?: string; terminalId: string } = other) => {
  try {
    return decideOriginalPrint(need, sale, approval, DEFAULT_POLICY).basis;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('original print policy', () => {
  it('needs a supervisor for another terminal\'s sale, and takes one', () => {
    expect(need).toEqual({ needs: 'supervisor', why: 'other-terminal' });
    expect(() => decideOriginalPrint(need, other, undefined, DEFAULT_POLICY)).toThrow(expect.objectContaining({ code: 'ORIGINAL_APPROVAL_REQUIRED' }));
    expect(decideOriginalPrint(need, other, supervisor, DEFAULT_POLICY)).toEqual({ basis: 'approved' });
  });

  it("refuses an approver limited to other stores than the sale's, as the reprint does (a review helper's finding)", () => {
    expect(originalRefusal({ ...supervisor, stores: ['SH-002'] })).toBe('APPROVER_OTHER_STORE');
    expect(originalRefusal({ ...supervisor, stores: ['SH-002', 'SH-001'] })).toBe('approved');
    // A sale of no store (a shop journal without a store id) is any approver's.
    expect(originalRefusal({ ...supervisor, stores: ['SH-002'] }, { id: other.id, storeId: '', terminalId: other.terminalId })).toBe('approved');
    // One rule for both: the reprint of the same sale by the same approver is refused alike.
    const reprint: PolicyRequest = {
      actor: li,
      sale: { ...other, amountMinor: 12850, isLastOfTerminal: false, proof: { by: 'card', last4: '4242' } },
      now: NOW,
      copiesSoFar: 0,
      reason: { code: 'paper_jam' },
      approval: { ...supervisor, stores: ['SH-002'] },
    };
    expect(() => decideReprint(reprint)).toThrow(expect.objectContaining({ code: 'APPROVER_OTHER_STORE' }));
  });

  it('says it is the original an approver of another store may not let print, in the message and the rule', () => {
    try {
      decideOriginalPrint(need, other, { ...supervisor, stores: ['SH-002'] }, DEFAULT_POLICY);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'forbidden', code: 'APPROVER_OTHER_STORE', message: 'wang may not approve printing the original of a sale of store SH-001', context: { approver: 'wang', storeId: 'SH-001', rule: 'original' } });
    }
  });
});
