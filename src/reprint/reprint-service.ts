import { randomBytes } from 'node:crypto';
import { ReissueError, assertSafeInput, formatInZone, parseMoney, parseOccurredAt, transactionAmount } from '../core/index.js';
import type { Journal, JournaledTransaction, PrintJobRow } from '../journal/index.js';
import { locateSale, type LocateContext, type LocateRequest } from './locate-sale.js';
import { DEFAULT_POLICY, decideReprint, type Actor, type PolicyDecision, type PolicySettings } from './reprint-policy.js';
import { codeMatches, parseVerificationCode, verificationCode } from './verification-code.js';

/** The people side, as the reprint service needs it (the auth module provides it). */
export interface ReprintAuth {
  /** Checks a name and password; returns the user or throws. */
  verify(name: string, password: string): Promise<Actor & { operatorNo?: string | undefined }>;
  /** A step-up approval of one action by someone else; returns the approver or throws. */
  approve(approver: string, password: string, forUser: string, action: string): Promise<Actor & { operatorNo?: string | undefined }>;
}

/** The printing side (the spooler provides it). */
export interface DuplicateQueue {
  enqueue(request: { transactionId: string; terminalId: string; printer: string; backup?: string | null; kind: 'duplicate'; copy: number; options: Record<string, unknown> }): Promise<PrintJobRow>;
}

export interface ReprintServiceOptions {
  journal: Journal;
  auth: ReprintAuth;
  queue: DuplicateQueue;
  /** Journals one audit event (reprint.issued / reprint.refused). */
  audit: (type: string, payload: Record<string, unknown>) => Promise<void>;
  clock: () => number;
  context: Omit<LocateContext, 'now'>;
  policy?: PolicySettings;
  /** Prefix of the verification link in the QR code, e.g. "https://shop.example/v/"; the bare code otherwise. */
  verifyUrl?: string;
}

export interface ReprintRequest {
  locate: LocateRequest;
  /** Who asks: credentials (CLI) or a user already signed in (HTTP). */
  user: { name: string; password: string } | { actor: Actor & { operatorNo?: string | undefined } };
  approver?: { name: string; password: string };
  reason: string;
  reasonText?: string;
  printer: string;
  backup?: string;
  copy?: 'merchant' | 'cardholder';
  customer?: { last4?: string; amount?: string };
}

export interface ReprintResult {
  sale: JournaledTransaction;
  copy: number;
  code: string;
  job: PrintJobRow;
  decision: PolicyDecision;
}

const LIVE_OR_PRINTED = new Set(['queued', 'sending', 'awaiting-ack', 'printed', 'unknown', 'rerouted']);
const COPY_ATTEMPTS = 200;

/**
 * Re-issues a receipt as a marked duplicate: find the sale, apply the policy, number the
 * copy, queue it, and journal who did it — or journal the refusal. Nothing prints on refusal.
 */
export class ReprintService {
  constructor(private readonly options: ReprintServiceOptions) {}

  async reprint(request: ReprintRequest): Promise<ReprintResult> {
    const { journal, auth } = this.options;
    const actor = 'actor' in request.user ? request.user.actor : await auth.verify(request.user.name, request.user.password);
    const now = this.options.clock();
    await this.gate(request, actor.name, now);
    let sale: JournaledTransaction | undefined;
    let approval: (Actor & { operatorNo?: string | undefined }) | undefined;
    try {
      sale = await locateSale(journal, request.locate, { ...this.options.context, now });
      const action = `reprint ${sale.id}`;
      approval = request.approver ? await auth.approve(request.approver.name, request.approver.password, actor.name, action) : undefined;
      const tx = sale.transaction;
      const newest = (await journal.find({ terminalId: tx.terminalId, limit: 1 })).items[0];
      const copiesSoFar = await this.copiesSoFar(sale.id);
      const decision = decideReprint(
        {
          actor,
          approval,
          sale: { id: sale.id, terminalId: tx.terminalId, occurredAt: parseOccurredAt(tx.occurredAt), amountMinor: transactionAmount(tx).minor, last4: tx.card?.last4, isLastOfTerminal: newest?.id === sale.id },
          now,
          copiesSoFar,
          reason: { code: request.reason, text: request.reasonText },
          customer: request.customer ? { last4: request.customer.last4, amountMinor: request.customer.amount === undefined ? undefined : parseMoney(request.customer.amount, tx.currency).minor } : undefined,
        },
        this.options.policy ?? DEFAULT_POLICY,
      );
      return await this.issue(sale, actor, approval, decision, request, now);
    } catch (error) {
      if (error instanceof ReissueError) {
        await this.options.audit('reprint.refused', {
          saleId: sale?.id ?? null, user: actor.name, approver: approval?.name ?? request.approver?.name ?? null, reason: request.reason,
          code: error.code, message: error.message, at: new Date(now).toISOString(),
        });
      }
      throw error;
    }
  }

  /**
   * Everything of the request that reaches the audit chain, the print job or a message passes
   * the input gate first: a card number in the reason text or the approver's name is refused
   * (PAN_NOT_MASKED, never echoed) and the refusal journaled without the values.
   */
  private async gate(request: ReprintRequest, user: string, now: number): Promise<void> {
    const { locate, reason, reasonText, approver, printer, backup, copy, customer } = request;
    try {
      assertSafeInput({ locate, reason, reasonText, approver: approver ? { username: approver.name } : undefined, printer, backup, copy, customer }, { outcome: 'nothing was printed' });
    } catch (error) {
      if (error instanceof ReissueError) {
        await this.options.audit('reprint.refused', { saleId: null, user, approver: null, reason: null, code: error.code, message: error.message, at: new Date(now).toISOString() });
      }
      throw error;
    }
  }

  /** Copies numbered so far (the highest issued): a failed or expired copy never printed, so its number is free again. */
  private async copiesSoFar(saleId: string): Promise<number> {
    const jobs = await this.options.journal.store.listJobs({ transactionId: saleId });
    return jobs.filter((j) => j.kind === 'duplicate' && LIVE_OR_PRINTED.has(j.state)).reduce((max, j) => Math.max(max, j.copy), 0);
  }

  private async issue(sale: JournaledTransaction, actor: Actor & { operatorNo?: string | undefined }, approval: (Actor & { operatorNo?: string | undefined }) | undefined, decision: PolicyDecision, request: ReprintRequest, now: number): Promise<ReprintResult> {
    const key = await this.verificationKey();
    // Two reprints at once compute the same next number; the queue refuses a number in use
    // (COPY_ALREADY_USED) inside its write, so the loser takes the next one: no gap, no repeat.
    for (let attempt = 0; attempt < COPY_ATTEMPTS; attempt++) {
      const copy = (await this.copiesSoFar(sale.id)) + 1;
      const code = verificationCode(key, sale, copy);
      try {
        const job = await this.options.queue.enqueue({
          transactionId: sale.id,
          terminalId: sale.transaction.terminalId,
          printer: request.printer,
          ...(request.backup ? { backup: request.backup } : {}),
          kind: 'duplicate',
          copy,
          options: {
            ...(request.copy ? { copy: request.copy } : {}),
            duplicate: { copy, reprintedAt: new Date(now).toISOString(), operatorId: actor.operatorNo ?? actor.name, ...(approval ? { approverId: approval.operatorNo ?? approval.name } : {}) },
            verificationUrl: `${this.options.verifyUrl ?? ''}${code}`,
          },
        });
        await this.options.audit('reprint.issued', {
          saleId: sale.id, copy, user: actor.name, approver: approval?.name ?? null, reason: request.reason, reasonText: request.reasonText ?? null,
          printer: job.printer, jobId: job.id, basis: decision.basis, code, at: new Date(now).toISOString(),
        });
        return { sale, copy, code, job, decision };
      } catch (error) {
        if (!(error instanceof ReissueError && error.code === 'COPY_ALREADY_USED')) throw error;
      }
    }
    throw new Error(`could not number a copy of ${sale.id} after ${COPY_ATTEMPTS} attempts`);
  }

  /** The journal's own secret for receipt codes, made on first use. */
  async verificationKey(): Promise<string> {
    const store = this.options.journal.store;
    const existing = await store.getMeta('verificationKey');
    if (existing) return existing;
    await store.setMeta('verificationKey', randomBytes(32).toString('hex'));
    return (await store.getMeta('verificationKey')) as string;
  }

  /** "genuine: copy n of sale X, printed at … by …" or "not genuine". */
  async check(code: string): Promise<{ genuine: boolean; message: string; saleId?: string; copy?: number }> {
    const parsed = parseVerificationCode(code);
    const { journal, context } = this.options;
    const found = await journal.get(parsed.saleId).catch(() => undefined);
    if (!found || !codeMatches(await this.verificationKey(), found, parsed)) return { genuine: false, message: 'not genuine: this code was not issued by this journal (or the sale was altered)' };
    const tx = found.transaction;
    const sale = `sale ${found.id} (${tx.currency} ${tx.amount}, ${formatInZone(parseOccurredAt(tx.occurredAt), context.timeZone)})`;
    if (parsed.copy === 0) return { genuine: true, message: `genuine: the original of ${sale}`, saleId: found.id, copy: 0 };
    const jobs = await journal.store.listJobs({ transactionId: found.id });
    const job = jobs.find((j) => j.kind === 'duplicate' && j.copy === parsed.copy && j.state === 'printed');
    if (!job) return { genuine: true, message: `genuine code for copy ${parsed.copy} of ${sale}, but that copy has no printed record`, saleId: found.id, copy: parsed.copy };
    const options = JSON.parse(job.options) as { duplicate?: { operatorId?: string; approverId?: string } };
    const by = options.duplicate?.operatorId ?? '?';
    return {
      genuine: true,
      message: `genuine: copy ${parsed.copy} of ${sale}, printed at ${formatInZone(job.updatedAt, context.timeZone)} on ${job.printer} by operator ${by}${options.duplicate?.approverId ? ` (approved by ${options.duplicate.approverId})` : ''}`,
      saleId: found.id,
      copy: parsed.copy,
    };
  }
}
