import type { PaymentMethod } from '../core/index.js';
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
  /** Head office: the only stores the person may see; another store's sale is not found for them. */
  stores?: readonly string[] | undefined;
}

/** A signed-in user as the policy weighs them (the auth module's User fits). */
export function actorOf(user: { name: string; role: string; terminal?: string | undefined; operatorNo?: string | undefined; stores?: readonly string[] | undefined }): Actor & { operatorNo?: string | undefined } {
  return { name: user.name, role: user.role, terminalId: user.terminal, operatorNo: user.operatorNo, ...(user.stores ? { stores: user.stores } : {}) };
}

/**
 * What a customer who lost the receipt can prove they paid with: the card's last 4 digits
 * for a card sale; otherwise how they paid (and the last 4 characters of that payment's
 * reference, where the sale has one). The amount is asked in both cases.
 */
export type CustomerProof = { by: 'card'; last4: string } | { by: 'payment'; methods: readonly { method: PaymentMethod; referenceLast4?: string | undefined }[] };

/** What the customer says, for customer_lost. */
export interface CustomerStatement {
  last4?: string | undefined;
  amountMinor?: number | undefined;
  method?: string | undefined;
  referenceLast4?: string | undefined;
}

/** The facts about one sale that the policy weighs. */
export interface SaleFacts {
  id: string;
  /** The shop it was sold in (head office), '' or absent in a shop's own journal. */
  storeId?: string | undefined;
  terminalId: string;
  occurredAt: number;
  amountMinor: number;
  /** The newest receipt of its terminal; false when that does not weigh (see lastReceiptWeighs) and was not looked up. */
  isLastOfTerminal: boolean;
  proof: CustomerProof;
}

/** Everything but the request's own words: who asks, which sale, when, copies so far. */
export interface PolicySituation {
  actor: Actor;
  sale: SaleFacts;
  now: number;
  /** Duplicates printed of this sale so far. */
  copiesSoFar: number;
}

export interface PolicyRequest extends PolicySituation {
  /** A supervisor's (or admin's) step-up approval for this one reprint, already verified. */
  approval?: Actor | undefined;
  reason: { code: string; text?: string | undefined };
  /** What the customer says, required for customer_lost. */
  customer?: CustomerStatement | undefined;
}

export interface PolicyDecision {
  /** How the reprint was allowed, for the audit trail. */
  basis: 'own-last-receipt' | 'role' | 'approved';
}

/**
 * Whose approval a reprint needs before it may print, and why — the same rule the print
 * applies, so the dialog can say it before anyone prints.
 */
export type ApprovalNeed =
  | { needs: 'none'; basis: 'own-last-receipt' | 'role' }
  | { needs: 'supervisor'; why: 'too-old' | 'other-terminal' | 'not-last' }
  | { needs: 'admin'; why: 'copy-limit' }
  | { needs: 'impossible'; why: 'window-passed' | 'view-only' };

const APPROVERS = new Set(['supervisor', 'admin']);
const ANY_SALE = new Set(['backoffice', 'admin']);

/** Who must approve a reprint of this sale by this person now, whatever the reason given. */
export function approvalNeeded(situation: PolicySituation, settings: PolicySettings = DEFAULT_POLICY): ApprovalNeed {
  const { actor, sale, now } = situation;
  const age = now - sale.occurredAt;
  if (age > settings.reprintWindowMs) return { needs: 'impossible', why: 'window-passed' };
  if (actor.role === 'auditor') return { needs: 'impossible', why: 'view-only' };
  if (situation.copiesSoFar >= settings.copyLimit && actor.role !== 'admin') return { needs: 'admin', why: 'copy-limit' };
  if (ANY_SALE.has(actor.role)) return { needs: 'none', basis: 'role' };
  if (actor.terminalId !== sale.terminalId) return { needs: 'supervisor', why: 'other-terminal' };
  if (!sale.isLastOfTerminal) return { needs: 'supervisor', why: 'not-last' };
  // A receipt stamped ahead of the clock (a captured receipt carries the time its POS printed) is no fresher than one as far behind it.
  if (Math.abs(age) > settings.cashierWindowMs) return { needs: 'supervisor', why: 'too-old' };
  return { needs: 'none', basis: 'own-last-receipt' };
}

/**
 * Whether "the terminal's last receipt" can change what `approvalNeeded` says for this person
 * and this sale's terminal: only for a cashier or supervisor at the sale's own till (an
 * auditor, back office and admin are decided before it, another till's person too). Only
 * then is it looked up; SaleFacts.isLastOfTerminal is false otherwise, which never grants.
 */
export function lastReceiptWeighs(actor: Actor, terminalId: string): boolean {
  return actor.role !== 'auditor' && !ANY_SALE.has(actor.role) && actor.terminalId === terminalId;
}

/** The last 4 characters of a payment reference, as the customer reads them off their phone. */
export function referenceLast4(reference: string): string {
  return reference.replace(/[\s-]/g, '').slice(-4).toUpperCase();
}

const requiredFor = (what: string) => `for a lost receipt, ask the customer for ${what}`;

/** For customer_lost: the customer's words must fit the sale, by card or by payment. */
function checkCustomer(sale: SaleFacts, customer: CustomerStatement | undefined): void {
  const said = customer ?? {};
  const mismatch = () =>
    new ForbiddenError('CUSTOMER_DETAILS_MISMATCH', 'the details the customer gave do not match this sale', { hint: 'check the details with the customer, or find the sale again' });
  if (sale.proof.by === 'card') {
    if (said.last4 === undefined || said.amountMinor === undefined) {
      throw new ForbiddenError('CUSTOMER_DETAILS_REQUIRED', requiredFor('the card last-4 and the amount'), {
        hint: 'enter the card last-4 and the amount the customer states',
        kind: 'input',
        context: { needs: ['last4', 'amount'] },
      });
    }
    if (said.last4 !== sale.proof.last4 || said.amountMinor !== sale.amountMinor) throw mismatch();
    return;
  }
  if (said.last4 !== undefined) {
    throw new ForbiddenError('CUSTOMER_NOT_CARD', 'this sale was not paid by card, so there is no card last-4 to check', {
      hint: 'ask the customer how they paid (cash, WeChat, Alipay …) and the amount instead',
      kind: 'input',
    });
  }
  const { methods } = sale.proof;
  const named = methods.find((m) => m.method === said.method);
  const needs = ['amount', ...(methods.length > 0 ? ['method'] : []), ...(named?.referenceLast4 !== undefined ? ['referenceLast4'] : [])];
  const missing =
    said.amountMinor === undefined || (methods.length > 0 && said.method === undefined) || (named?.referenceLast4 !== undefined && said.referenceLast4 === undefined);
  if (missing) {
    throw new ForbiddenError('CUSTOMER_PAYMENT_REQUIRED', requiredFor(methods.length > 0 ? 'the amount and how they paid' : 'the amount'), {
      hint: named?.referenceLast4 !== undefined ? 'enter the amount, the payment method and the last 4 of the payment reference the customer shows' : 'enter the amount and the payment method the customer states',
      kind: 'input',
      context: { needs, ...(methods.length === 0 ? { rule: 'amount' } : named?.referenceLast4 !== undefined ? { rule: 'reference' } : {}) },
    });
  }
  if (said.amountMinor !== sale.amountMinor) throw mismatch();
  if (methods.length > 0 && named === undefined) throw mismatch();
  if (named?.referenceLast4 !== undefined && referenceLast4(said.referenceLast4 ?? '') !== named.referenceLast4) throw mismatch();
}

/**
 * An approver limited to some stores approves their sales only: one they could not even find
 * is not theirs to let print, a marked duplicate or the unmarked original alike. Both print
 * paths ask here, so the rule is one. A sale of no store (a shop journal without a store id)
 * is any approver's.
 */
export function refuseApproverOfOtherStore(approval: Actor | undefined, sale: { storeId?: string | undefined }, print: 'reprint' | 'original'): void {
  if (!approval?.stores || !sale.storeId || approval.stores.includes(sale.storeId)) return;
  const hint = 'ask a supervisor of that store, or one of every store, to approve';
  if (print === 'original') {
    throw new ForbiddenError('APPROVER_OTHER_STORE', `${approval.name} may not approve printing the original of a sale of store ${sale.storeId}`, { hint, context: { approver: approval.name, storeId: sale.storeId, rule: 'original' } });
  }
  throw new ForbiddenError('APPROVER_OTHER_STORE', `${approval.name} may not approve a reprint of a sale of store ${sale.storeId}`, { hint, context: { approver: approval.name, storeId: sale.storeId } });
}

/**
 * The reprint rules in one place. Throws a ForbiddenError (or an input error for a bad
 * reason or missing customer details) naming the rule; returns how the reprint is allowed.
 */
export function decideReprint(request: PolicyRequest, settings: PolicySettings = DEFAULT_POLICY): PolicyDecision {
  const { actor, approval, sale, reason } = request;
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
  refuseApproverOfOtherStore(approval, sale, 'reprint');
  const need = approvalNeeded(request, settings);
  if (need.needs === 'impossible' && need.why === 'window-passed') {
    throw new ForbiddenError('REPRINT_WINDOW_PASSED', `sale ${sale.id} is older than ${Math.round(settings.reprintWindowMs / 86_400_000)} days: it can be viewed but not reprinted`, {
      hint: 'view the receipt instead (it can still be shown and exported as PDF)',
      context: { saleId: sale.id, days: Math.round(settings.reprintWindowMs / 86_400_000) },
    });
  }
  if (reason.code === 'customer_lost') checkCustomer(sale, request.customer);
  switch (need.needs) {
    case 'impossible':
      throw new ForbiddenError('REPRINT_NOT_ALLOWED', 'auditors can view receipts but not reprint them', { hint: 'ask a cashier, supervisor or back office to reprint' });
    case 'admin':
      if (approval?.role === 'admin') return { basis: 'approved' };
      throw new ForbiddenError('COPY_LIMIT_REACHED', `sale ${sale.id} already has ${request.copiesSoFar} duplicate(s); more need an admin`, {
        hint: 'ask an admin to approve this reprint',
        context: { saleId: sale.id, copies: request.copiesSoFar, limit: settings.copyLimit },
      });
    case 'none':
      return approval && need.basis === 'own-last-receipt' ? { basis: 'approved' } : { basis: need.basis };
    case 'supervisor': {
      if (approval) return { basis: 'approved' };
      const minutes = Math.round(settings.cashierWindowMs / 60_000);
      const why =
        need.why === 'other-terminal'
          ? `sale ${sale.id} is from terminal ${sale.terminalId}, not yours`
          : need.why === 'not-last'
            ? `sale ${sale.id} is not the last receipt of your terminal`
            : `sale ${sale.id} is more than ${minutes} minutes old`;
      throw new ForbiddenError('APPROVAL_REQUIRED', `${why}: a supervisor must approve this reprint`, {
        hint: 'ask a supervisor to approve this one reprint with their own name and password',
        context: { why: need.why, rule: need.why, saleId: sale.id, terminalId: sale.terminalId, minutes },
      });
    }
  }
}
