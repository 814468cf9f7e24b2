import { ForbiddenError } from './errors.js';

/** Why a copy is wanted; required for every reprint. */
export const ReasonCodes = ['paper_jam', 'paper_out', 'printer_fault', 'faint_print', 'customer_lost', 'customer_request', 'other'] as const;
export type ReasonCode = (typeof ReasonCodes)[number];

export interface PolicySettings {
  /** A cashier's own last receipt may be reprinted without approval within this long (default 10 min). */
  cashierWindowMs: number;
  /** Sales older than this can only be viewed (default 180 days). */
  reprintWindowMs: number;
  /** Copies beyond this need an admin (default 3). */
  copyLimit: number;
}

export const DEFAULT_POLICY: PolicySettings = { cashierWindowMs: 10 * 60_000, reprintWindowMs: 180 * 86_400_000, copyLimit: 3 };

export interface Actor {
  name: string;
  role: string;
  /** The till the person works at, if any. */
  terminalId?: string | undefined;
}

export interface PolicyRequest {
  actor: Actor;
  /** A supervisor's (or admin's) step-up approval for this one reprint, already verified. */
  approval?: Actor | undefined;
  sale: { id: string; terminalId: string; occurredAt: number; amountMinor: number; last4: string | undefined; isLastOfTerminal: boolean };
  now: number;
  /** Duplicates printed of this sale so far. */
  copiesSoFar: number;
  reason: { code: string; text?: string | undefined };
  /** What the customer says, required for customer_lost. */
  customer?: { last4?: string | undefined; amountMinor?: number | undefined } | undefined;
}

export interface PolicyDecision {
  /** How the reprint was allowed, for the audit trail. */
  basis: 'own-last-receipt' | 'role' | 'approved';
}

const APPROVERS = new Set(['supervisor', 'admin']);
const ANY_SALE = new Set(['backoffice', 'admin']);

/**
 * The reprint rules in one place. Throws a ForbiddenError (or an input error for a bad
 * reason) naming the rule; returns how the reprint is allowed otherwise.
 */
export function decideReprint(request: PolicyRequest, settings: PolicySettings = DEFAULT_POLICY): PolicyDecision {
  const { actor, approval, sale, now, reason } = request;
  if (!(ReasonCodes as readonly string[]).includes(reason.code)) {
    throw new ForbiddenError('REASON_REQUIRED', reason.code ? `"${reason.code}" is not a reprint reason` : 'a reprint needs a reason', {
      hint: `give one of ${ReasonCodes.join(', ')} (with a few words of text for other)`,
      kind: 'input',
      context: { value: reason.code, allowed: ReasonCodes, ...(reason.code ? {} : { rule: 'missing' }) },
    });
  }
  if (reason.code === 'other' && !reason.text?.trim()) {
    throw new ForbiddenError('REASON_TEXT_REQUIRED', 'the reason "other" needs a few words saying why', { hint: 'add the reason text: who asked for the copy and why', kind: 'input' });
  }
  if (approval && approval.name === actor.name) {
    throw new ForbiddenError('SELF_APPROVAL', 'nobody approves their own reprint', { hint: 'ask another supervisor to approve it' });
  }
  if (approval && !APPROVERS.has(approval.role)) {
    throw new ForbiddenError('NOT_AN_APPROVER', `${approval.name} is a ${approval.role} and cannot approve reprints`, { hint: 'a supervisor or an admin approves reprints', context: { approver: approval.name, role: approval.role } });
  }
  const age = now - sale.occurredAt;
  if (age > settings.reprintWindowMs) {
    throw new ForbiddenError('REPRINT_WINDOW_PASSED', `sale ${sale.id} is older than ${Math.round(settings.reprintWindowMs / 86_400_000)} days: it can be viewed but not reprinted`, {
      hint: 'view the receipt instead (it can still be shown and exported as PDF)',
      context: { saleId: sale.id, days: Math.round(settings.reprintWindowMs / 86_400_000) },
    });
  }
  if (reason.code === 'customer_lost') {
    const customer = request.customer;
    if (customer?.last4 === undefined || customer.amountMinor === undefined) {
      throw new ForbiddenError('CUSTOMER_DETAILS_REQUIRED', 'for a lost receipt, ask the customer for the card last-4 and the amount', { hint: 'enter the card last-4 and the amount the customer states', kind: 'input', context: { missing: [...(customer?.last4 === undefined ? ['last4'] : []), ...(customer?.amountMinor === undefined ? ['amount'] : [])] } });
    }
    if ((sale.last4 !== undefined && customer.last4 !== sale.last4) || customer.amountMinor !== sale.amountMinor) {
      throw new ForbiddenError('CUSTOMER_DETAILS_MISMATCH', 'the card last-4 or the amount the customer gave does not match this sale', {
        hint: 'check the details with the customer, or find the sale again',
        context: { saleId: sale.id },
      });
    }
  }
  if (request.copiesSoFar >= settings.copyLimit && actor.role !== 'admin' && approval?.role !== 'admin') {
    throw new ForbiddenError('COPY_LIMIT_REACHED', `sale ${sale.id} already has ${request.copiesSoFar} duplicate(s); more need an admin`, {
      hint: 'ask an admin to approve this reprint',
      context: { saleId: sale.id, copies: request.copiesSoFar, limit: settings.copyLimit },
    });
  }
  if (ANY_SALE.has(actor.role)) return { basis: 'role' };
  if (actor.role === 'auditor') {
    throw new ForbiddenError('REPRINT_NOT_ALLOWED', 'auditors can view receipts but not reprint them', { hint: 'ask a cashier, supervisor or back office to reprint' });
  }
  const ownLast = actor.terminalId === sale.terminalId && sale.isLastOfTerminal && age <= settings.cashierWindowMs;
  if (ownLast && !approval) return { basis: 'own-last-receipt' };
  if (approval) return { basis: 'approved' };
  const rule = actor.terminalId !== sale.terminalId ? 'other-terminal' : !sale.isLastOfTerminal ? 'not-last' : 'too-old';
  const minutes = Math.round(settings.cashierWindowMs / 60_000);
  const why = rule === 'other-terminal' ? `sale ${sale.id} is from terminal ${sale.terminalId}, not yours` : rule === 'not-last' ? `sale ${sale.id} is not the last receipt of your terminal` : `sale ${sale.id} is more than ${minutes} minutes old`;
  throw new ForbiddenError('APPROVAL_REQUIRED', `${why}: a supervisor must approve this reprint`, {
    hint: 'ask a supervisor to approve this one reprint with their own name and password',
    context: { rule, saleId: sale.id, terminalId: sale.terminalId, minutes },
  });
}
