import { ForbiddenError } from './errors.js';
import { refuseApproverOfOtherStore, type Actor, type PolicySettings } from './reprint-policy.js';

/**
 * Whose approval printing a sale's original (unmarked) receipt needs. An original is the
 * customer's one clean piece of paper: a cashier prints it at their own terminal while the
 * sale is fresh (the last-receipt reprint window); anything else is another person's say-so
 * (or a marked duplicate). Back office and admins may print any sale's, as they may reprint
 * any. That it never printed before is the spooler's rule (ALREADY_PRINTED), for everyone.
 */
export type OriginalNeed =
  | { needs: 'none'; basis: 'own-terminal' | 'role' }
  | { needs: 'supervisor'; why: 'other-terminal' | 'too-old' }
  | { needs: 'impossible'; why: 'window-passed' };

export interface OriginalDecision {
  /** How the print was allowed, for the audit trail. */
  basis: 'own-terminal' | 'role' | 'approved';
}

const ANY_SALE = new Set(['backoffice', 'admin']);

export function originalPrintNeed(actor: Actor, sale: { terminalId: string; occurredAt: number }, now: number, settings: PolicySettings): OriginalNeed {
  const age = now - sale.occurredAt;
  if (age > settings.reprintWindowMs) return { needs: 'impossible', why: 'window-passed' };
  if (ANY_SALE.has(actor.role)) return { needs: 'none', basis: 'role' };
  if (actor.terminalId !== sale.terminalId) return { needs: 'supervisor', why: 'other-terminal' };
  // A sale stamped ahead of the clock is no fresher than one as far behind it.
  if (Math.abs(age) > settings.cashierWindowMs) return { needs: 'supervisor', why: 'too-old' };
  return { needs: 'none', basis: 'own-terminal' };
}

/**
 * Allowed (and how), or a ForbiddenError naming the rule. `approval`: the approver (with the
 * stores they are limited to) of a supervisor's approval of this print, already verified.
 */
export function decideOriginalPrint(need: OriginalNeed, sale: { id: string; storeId?: string | undefined; terminalId: string }, approval: Actor | undefined, settings: PolicySettings): OriginalDecision {
  refuseApproverOfOtherStore(approval, sale, 'original');
  switch (need.needs) {
    case 'none':
      return { basis: need.basis };
    case 'impossible': {
      const days = Math.round(settings.reprintWindowMs / 86_400_000);
      throw new ForbiddenError('ORIGINAL_WINDOW_PASSED', `sale ${sale.id} is older than ${days} days: its original can no longer be printed`, {
        hint: 'view the receipt instead (it can still be shown and exported as PDF)',
        context: { saleId: sale.id, days },
      });
    }
    case 'supervisor': {
      if (approval) return { basis: 'approved' };
      const minutes = Math.round(settings.cashierWindowMs / 60_000);
      const why = need.why === 'other-terminal' ? `sale ${sale.id} is from terminal ${sale.terminalId}, not yours` : `sale ${sale.id} is more than ${minutes} minutes old`;
      throw new ForbiddenError('ORIGINAL_APPROVAL_REQUIRED', `${why}: a supervisor must approve printing its original`, {
        hint: 'ask a supervisor to approve this one print with their own name and password, or reprint a marked duplicate',
        context: { rule: need.why, saleId: sale.id, terminalId: sale.terminalId, minutes },
      });
    }
  }
}
