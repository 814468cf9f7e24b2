import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, approvalNeeded, decideReprint, lastReceiptWeighs, referenceLast4, type PolicyRequest } from './reprint-policy.js';

const NOW = Date.parse('2026-11-27T06:40:00Z');
const base = (overrides: Partial<PolicyRequest> = {}): PolicyRequest => ({
  actor: { name: 'li', role: 'cashier', terminalId: '10023456' },
  sale: { id: '10023456-000128-000457', terminalId: '10023456', occurredAt: NOW - 5 * 60_000, amountMinor: 12850, isLastOfTerminal: true, proof: { by: 'card', last4: '4242' } },
  now: NOW,
  copiesSoFar: 0,
  reason: { code: 'paper_jam' },
  ...overrides,
});
const refusal = (request: PolicyRequest) => {
  try {
    decideReprint(request);
  } catch (error) {
    return (error as { code: string; kind: string }).code;
  }
  return 'allowed';
};
const sale = (changes: Partial<PolicyRequest['sale']>) => ({ ...base().sale, ...changes });
const supervisor = { name: 'wang', role: 'supervisor' };

describe('reprint policy', () => {
  it('lets a cashier reprint the last receipt of their own terminal within 10 minutes', () => {
    expect(decideReprint(base())).toEqual({ basis: 'own-last-receipt' });
  });

  it('needs a supervisor for an older receipt, another terminal, or not the last one', () => {
    expect(refusal(base({ sale: sale({ occurredAt: NOW - 11 * 60_000 }) }))).toBe('APPROVAL_REQUIRED');
    expect(refusal(base({ sale: sale({ terminalId: '20000001' }) }))).toBe('APPROVAL_REQUIRED');
    expect(refusal(base({ sale: sale({ isLastOfTerminal: false }) }))).toBe('APPROVAL_REQUIRED');
    expect(decideReprint(base({ sale: sale({ occurredAt: NOW - 11 * 60_000 }), approval: supervisor }))).toEqual({ basis: 'approved' });
  });

  it('takes a receipt stamped ahead of the clock as no fresher than one as far behind it (a till or POS clock running fast)', () => {
    // A captured receipt's time is what its POS printed: a year ahead, it is not "a few minutes old" for a year.
    expect(approvalNeeded(base({ sale: sale({ occurredAt: NOW + 365 * 86_400_000 }) }))).toEqual({ needs: 'supervisor', why: 'too-old' });
    expect(refusal(base({ sale: sale({ occurredAt: NOW + 11 * 60_000 }) }))).toBe('APPROVAL_REQUIRED');
    // A till a little fast, within the window, is still its own last receipt.
    expect(decideReprint(base({ sale: sale({ occurredAt: NOW + 4 * 60_000 }) }))).toEqual({ basis: 'own-last-receipt' });
  });

  it('refuses self-approval and approval by someone who is not an approver', () => {
    expect(refusal(base({ actor: { name: 'wang', role: 'supervisor', terminalId: '1' }, approval: supervisor }))).toBe('SELF_APPROVAL');
    expect(refusal(base({ approval: { name: 'zhao', role: 'cashier' } }))).toBe('NOT_AN_APPROVER');
  });

  it("refuses an approver limited to other stores than the sale's (a review helper's finding): they could not even find it", () => {
    const older = sale({ occurredAt: NOW - 11 * 60_000, storeId: 'SH-001' });
    expect(refusal(base({ sale: older, approval: { ...supervisor, stores: ['SH-002'] } }))).toBe('APPROVER_OTHER_STORE');
    expect(decideReprint(base({ sale: older, approval: { ...supervisor, stores: ['SH-002', 'SH-001'] } }))).toEqual({ basis: 'approved' });
    // An approver of every store, and a shop's own sale (no store id), as before.
    expect(decideReprint(base({ sale: older, approval: supervisor }))).toEqual({ basis: 'approved' });
    expect(decideReprint(base({ sale: sale({ occurredAt: NOW - 11 * 60_000 }), approval: { ...supervisor, stores: ['SH-002'] } }))).toEqual({ basis: 'approved' });
  });

  it('lets back office and admins reprint any sale; auditors only view', () => {
    const old = sale({ terminalId: '20000001', occurredAt: NOW - 30 * 86_400_000, isLastOfTerminal: false });
    expect(decideReprint(base({ actor: { name: 'bo', role: 'backoffice' }, sale: old }))).toEqual({ basis: 'role' });
    expect(decideReprint(base({ actor: { name: 'root', role: 'admin' }, sale: old }))).toEqual({ basis: 'role' });
    expect(refusal(base({ actor: { name: 'au', role: 'auditor' } }))).toBe('REPRINT_NOT_ALLOWED');
  });

  it('needs an admin beyond the copy limit', () => {
    expect(refusal(base({ copiesSoFar: 3, actor: { name: 'bo', role: 'backoffice' } }))).toBe('COPY_LIMIT_REACHED');
    expect(refusal(base({ copiesSoFar: 3, approval: supervisor, sale: sale({ isLastOfTerminal: false }) }))).toBe('COPY_LIMIT_REACHED');
    expect(decideReprint(base({ copiesSoFar: 3, approval: { name: 'root', role: 'admin' } }))).toEqual({ basis: 'approved' });
    expect(decideReprint(base({ copiesSoFar: 2 }))).toEqual({ basis: 'own-last-receipt' });
  });

  it('lets nobody reprint a sale older than the window', () => {
    const old = sale({ occurredAt: NOW - DEFAULT_POLICY.reprintWindowMs - 1 });
    expect(refusal(base({ actor: { name: 'root', role: 'admin' }, sale: old }))).toBe('REPRINT_WINDOW_PASSED');
  });

  it('requires a known reason, and words for "other"', () => {
    expect(refusal(base({ reason: { code: '' } }))).toBe('REASON_REQUIRED');
    expect(refusal(base({ reason: { code: 'because' } }))).toBe('REASON_REQUIRED');
    expect(refusal(base({ reason: { code: 'other' } }))).toBe('REASON_TEXT_REQUIRED');
    expect(decideReprint(base({ reason: { code: 'other', text: 'tax office asked' } }))).toEqual({ basis: 'own-last-receipt' });
  });

  it('for a lost card receipt, checks the card last-4 and the amount the customer gives', () => {
    const lost = { code: 'customer_lost' };
    expect(refusal(base({ reason: lost }))).toBe('CUSTOMER_DETAILS_REQUIRED');
    expect(refusal(base({ reason: lost, customer: { last4: '4242' } }))).toBe('CUSTOMER_DETAILS_REQUIRED');
    expect(refusal(base({ reason: lost, customer: { last4: '1111', amountMinor: 12850 } }))).toBe('CUSTOMER_DETAILS_MISMATCH');
    expect(refusal(base({ reason: lost, customer: { last4: '4242', amountMinor: 12800 } }))).toBe('CUSTOMER_DETAILS_MISMATCH');
    expect(decideReprint(base({ reason: lost, customer: { last4: '4242', amountMinor: 12850 } }))).toEqual({ basis: 'own-last-receipt' });
  });

  it('for a lost cash, WeChat or Alipay receipt, asks the amount and how the customer paid, never a card last-4', () => {
    const lost = { code: 'customer_lost' };
    const cash = sale({ proof: { by: 'payment', methods: [{ method: 'cash' }] } });
    expect(refusal(base({ sale: cash, reason: lost }))).toBe('CUSTOMER_PAYMENT_REQUIRED');
    expect(refusal(base({ sale: cash, reason: lost, customer: { amountMinor: 12850 } }))).toBe('CUSTOMER_PAYMENT_REQUIRED');
    // Any four digits used to pass here: a sale without a card has no card last-4 to check.
    expect(refusal(base({ sale: cash, reason: lost, customer: { last4: '4242', amountMinor: 12850, method: 'cash' } }))).toBe('CUSTOMER_NOT_CARD');
    expect(refusal(base({ sale: cash, reason: lost, customer: { amountMinor: 12850, method: 'wechat' } }))).toBe('CUSTOMER_DETAILS_MISMATCH');
    expect(refusal(base({ sale: cash, reason: lost, customer: { amountMinor: 100, method: 'cash' } }))).toBe('CUSTOMER_DETAILS_MISMATCH');
    expect(decideReprint(base({ sale: cash, reason: lost, customer: { amountMinor: 12850, method: 'cash' } }))).toEqual({ basis: 'own-last-receipt' });

    const wechat = sale({ proof: { by: 'payment', methods: [{ method: 'wechat', referenceLast4: referenceLast4('4200-0012-3456-7890') }] } });
    expect(refusal(base({ sale: wechat, reason: lost, customer: { amountMinor: 12850, method: 'wechat' } }))).toBe('CUSTOMER_PAYMENT_REQUIRED');
    expect(refusal(base({ sale: wechat, reason: lost, customer: { amountMinor: 12850, method: 'wechat', referenceLast4: '7891' } }))).toBe('CUSTOMER_DETAILS_MISMATCH');
    expect(decideReprint(base({ sale: wechat, reason: lost, customer: { amountMinor: 12850, method: 'wechat', referenceLast4: '7890' } }))).toEqual({ basis: 'own-last-receipt' });

    // Nothing on record about how it was paid: the amount is all that can be checked.
    const unknown = sale({ proof: { by: 'payment', methods: [] } });
    expect(refusal(base({ sale: unknown, reason: lost }))).toBe('CUSTOMER_PAYMENT_REQUIRED');
    expect(decideReprint(base({ sale: unknown, reason: lost, customer: { amountMinor: 12850 } }))).toEqual({ basis: 'own-last-receipt' });
  });

  it('says who must approve before anyone prints, by the same rules', () => {
    const situation = (changes: Partial<PolicyRequest>) => ({ ...base(), ...changes });
    expect(approvalNeeded(situation({}))).toEqual({ needs: 'none', basis: 'own-last-receipt' });
    expect(approvalNeeded(situation({ sale: sale({ occurredAt: NOW - 11 * 60_000 }) }))).toEqual({ needs: 'supervisor', why: 'too-old' });
    expect(approvalNeeded(situation({ sale: sale({ terminalId: '20000001' }) }))).toEqual({ needs: 'supervisor', why: 'other-terminal' });
    expect(approvalNeeded(situation({ sale: sale({ isLastOfTerminal: false }) }))).toEqual({ needs: 'supervisor', why: 'not-last' });
    expect(approvalNeeded(situation({ copiesSoFar: 3 }))).toEqual({ needs: 'admin', why: 'copy-limit' });
    expect(approvalNeeded(situation({ copiesSoFar: 3, actor: { name: 'root', role: 'admin' } }))).toEqual({ needs: 'none', basis: 'role' });
    expect(approvalNeeded(situation({ actor: { name: 'bo', role: 'backoffice' } }))).toEqual({ needs: 'none', basis: 'role' });
    expect(approvalNeeded(situation({ actor: { name: 'au', role: 'auditor' } }))).toEqual({ needs: 'impossible', why: 'view-only' });
    expect(approvalNeeded(situation({ sale: sale({ occurredAt: NOW - DEFAULT_POLICY.reprintWindowMs - 1 }) }))).toEqual({ needs: 'impossible', why: 'window-passed' });
  });

  it('maps refusals to forbidden and bad reasons to input', () => {
    expect(() => decideReprint(base({ reason: { code: 'x' } }))).toThrow(expect.objectContaining({ kind: 'input', hint: expect.stringContaining('paper_jam') }));
    expect(() => decideReprint(base({ sale: sale({ terminalId: '2' }) }))).toThrow(expect.objectContaining({ kind: 'forbidden', message: expect.stringContaining('not yours') }));
  });

  it('looks up "the terminal\'s last receipt" only where it can change the answer', () => {
    const roles = ['cashier', 'supervisor', 'backoffice', 'admin', 'auditor'];
    const tills = ['10023456', '20000001', undefined];
    const ages = [60_000, 11 * 60_000, 200 * 86_400_000];
    let weighed = 0;
    for (const role of roles) {
      for (const terminalId of tills) {
        for (const age of ages) {
          for (const copiesSoFar of [0, 3]) {
            const actor = { name: 'li', role, terminalId };
            const at = (isLastOfTerminal: boolean) => approvalNeeded({ actor, now: NOW, copiesSoFar, sale: sale({ occurredAt: NOW - age, isLastOfTerminal }) });
            if (!lastReceiptWeighs(actor, '10023456')) expect(at(true)).toEqual(at(false));
            else if (JSON.stringify(at(true)) !== JSON.stringify(at(false))) weighed++;
          }
        }
      }
    }
    // A cashier and a supervisor at the sale's till, under the copy limit, within the reprint window (fresh: none or not-last; older: too-old or not-last).
    expect(weighed).toBe(4);
  });
});
