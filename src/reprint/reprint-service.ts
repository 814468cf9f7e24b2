import { randomBytes } from 'node:crypto';
import { InputError, ReissueError, assertSafeInput, displayMoney, formatInZone, formatMoney, parseMoney, parseOccurredAt, transactionAmount, type SaleCorrection, type SaleStatus, type Transaction, type TransactionKind } from '../core/index.js';
import { AUDIT_CHAIN, isCaptureId, type Journal, type JournaledCapture, type JournaledTransaction, type JournalWriter, type PrintJobRow } from '../journal/index.js';
import { receiptOptionsOf, type ReceiptJobOptions } from '../printer/index.js';
import { chooseTemplate, type ReceiptTemplate } from '../receipt/index.js';
import { locateReceipt, type LocateContext, type LocateRequest } from './locate-receipt.js';
import { DEFAULT_POLICY, approvalNeeded, decideReprint, lastReceiptWeighs, referenceLast4, type Actor, type ApprovalNeed, type CustomerProof, type PolicyDecision, type PolicyRequest, type PolicySettings, type PolicySituation } from './reprint-policy.js';
import { codeMatches, parseVerificationCode, verificationCode, type ParsedCode } from './verification-code.js';

/** The people side, as the reprint service needs it (the auth module provides it). */
export interface ReprintAuth {
  /** Checks a name and password; returns the user or throws. */
  verify(name: string, password: string): Promise<Actor & { operatorNo?: string | undefined }>;
  /** A step-up approval of one action by someone else; returns the approver or throws. */
  approve(approver: string, password: string, forUser: string, action: string): Promise<Actor & { operatorNo?: string | undefined }>;
}

/** The printing side (the spooler provides it). */
export interface DuplicateQueue {
  /**
   * Queues a duplicate in one journal write with the decision that numbers it: `number`
   * gets the sale's jobs as the chain records them (the sale locked against other reprints)
   * and returns the copy and options or throws to refuse; `record` journals who asked in the
   * same write. Both may run again when the write is retried.
   */
  enqueueDuplicate(
    request: { transactionId: string; terminalId: string; printer: string; backup?: string | null },
    number: (jobs: readonly PrintJobRow[]) => { copy: number; options: ReceiptJobOptions },
    record: (job: PrintJobRow, writer: JournalWriter) => Promise<void>,
  ): Promise<PrintJobRow>;
}

export interface ReprintServiceOptions {
  journal: Journal;
  auth: ReprintAuth;
  queue: DuplicateQueue;
  /** Journals one audit event in a write of its own (reprint.refused; reprint.issued goes in the write that queues the copy). */
  audit: (type: string, payload: Record<string, unknown>) => Promise<void>;
  clock: () => number;
  context: Omit<LocateContext, 'now'>;
  policy?: PolicySettings;
  /** Prefix of the verification link in the QR code, e.g. "https://shop.example/v/"; the bare code otherwise. */
  verifyUrl?: string;
  /** `size` random bytes, for the journal's verification key (made on first use). */
  random?: (size: number) => Uint8Array;
}

/** What a printer is chosen by when the request names none: what was found, and for a captured receipt its tap's source. */
export type PrinterChoice = (found: { origin: 'sale' } | { origin: 'capture'; source: string }) => string;

export interface ReprintRequest {
  locate: LocateRequest;
  /** Head office: the store whose sale it is (two shops may hold the same id); refused outside the user's stores. */
  stores?: readonly string[];
  /** Who asks: credentials (CLI) or a user already signed in (HTTP). */
  user: { name: string; password: string } | { actor: Actor & { operatorNo?: string | undefined } };
  approver?: { name: string; password: string };
  reason: string;
  reasonText?: string;
  /**
   * The printer, or how to choose it once the receipt is found: a captured receipt goes back to
   * its tap's printer (the edges know the configuration), found by whichever way it was reached.
   */
  printer: string | PrinterChoice;
  backup?: string;
  /** The bank slip or the shop receipt of the sale; its own receipt unless told. */
  template?: ReceiptTemplate;
  copy?: 'merchant' | 'cardholder';
  /** What the customer says, for customer_lost: card last-4 (card sales) or payment method and reference last-4, and the amount. */
  customer?: { last4?: string; amount?: string; method?: string; referenceLast4?: string };
}

/** What the reprint dialog says before printing: who must approve, and what to ask a customer who lost it. */
export interface ReprintAssessment {
  saleId: string;
  need: ApprovalNeed;
  copiesSoFar: number;
  copyLimit: number;
  /** Minutes a cashier may reprint their own last receipt without approval. */
  cashierWindowMinutes: number;
  reprintWindowDays: number;
  /** For customer_lost. */
  customerProof: CustomerProof;
}

/** The copy asked for; a customer who lost the receipt gets the cardholder copy unless told otherwise. */
function copyFor(request: ReprintRequest): 'merchant' | 'cardholder' | undefined {
  return request.copy ?? (request.reason === 'customer_lost' ? 'cardholder' : undefined);
}

/** How a customer who lost the receipt can show it was theirs (see CustomerProof). */
export function customerProof(tx: Transaction): CustomerProof {
  if (tx.card) return { by: 'card', last4: tx.card.last4 };
  const methods = new Map<string, { method: NonNullable<Transaction['payments']>[number]['method']; referenceLast4?: string }>();
  for (const p of tx.payments ?? []) {
    if (!methods.has(p.method)) methods.set(p.method, { method: p.method, ...(p.reference ? { referenceLast4: referenceLast4(p.reference) } : {}) });
  }
  return { by: 'payment', methods: [...methods.values()] };
}

export interface ReprintResult {
  /** The sale, or the captured receipt (its id starts with "cap-"). */
  sale: JournaledTransaction | JournaledCapture;
  copy: number;
  code: string;
  job: PrintJobRow;
  decision: PolicyDecision;
}

/** A receipt the journal can re-issue: a sale, or a print job a tap captured. */
type Reprintable = { origin: 'sale'; item: JournaledTransaction } | { origin: 'capture'; item: JournaledCapture };

function printerOf(printer: string | PrinterChoice, target: Reprintable): string {
  if (typeof printer === 'string') return printer;
  return printer(target.origin === 'capture' ? { origin: 'capture', source: target.item.capture.source } : { origin: 'sale' });
}

/** A captured receipt's "terminal" for the policy: the terminal no. printed on it, else its tap's source. */
function captureTerminal({ capture }: JournaledCapture): string {
  return capture.fields.terminalId ?? capture.source;
}

/** How a customer who lost a captured receipt shows it was theirs: the card last-4 when one was printed, else the amount. */
function captureProof({ capture }: JournaledCapture): CustomerProof {
  return capture.fields.last4 ? { by: 'card', last4: capture.fields.last4 } : { by: 'payment', methods: [] };
}

/**
 * Who reprinted, as the paper names them: the operator no., never a login name (the paper
 * leaves the shop; the audit chain keeps the name). Without a number: "--".
 */
const onPaper = (person: { operatorNo?: string | undefined }) => person.operatorNo ?? '--';

const LIVE_OR_PRINTED = new Set(['queued', 'sending', 'awaiting-ack', 'printed', 'unknown', 'rerouted']);

/** The highest copy number issued: a failed or expired copy never printed, so its number is free again. */
function copiesOf(jobs: readonly PrintJobRow[]): number {
  return jobs.filter((j) => j.kind === 'duplicate' && LIVE_OR_PRINTED.has(j.state)).reduce((max, j) => Math.max(max, j.copy), 0);
}

/**
 * Re-issues a receipt as a marked duplicate: find the sale, apply the policy, number the
 * copy, queue it, and journal who did it — or journal the refusal. Nothing prints on refusal.
 */
export class ReprintService {
  constructor(private readonly options: ReprintServiceOptions) {}

  async reprint(request: ReprintRequest): Promise<ReprintResult> {
    const { auth } = this.options;
    const actor = 'actor' in request.user ? request.user.actor : await auth.verify(request.user.name, request.user.password);
    // A user limited to some stores finds, and so reprints, only their sales: another store's is not found.
    const journal = this.options.journal.within(actor.stores).atStores(request.stores);
    const now = this.options.clock();
    await this.gate(request, actor.name, now);
    let sale: JournaledTransaction | JournaledCapture | undefined;
    let approval: (Actor & { operatorNo?: string | undefined }) | undefined;
    try {
      const target = await this.locate(journal, request.locate, now);
      sale = target.item;
      // At head office a shop's sale is printed in its shop: said so, not left to look like a sale not on record.
      await journal.refuseOtherShops(target.item);
      const action = `reprint ${sale.id}`;
      // Copies so far are counted inside the write that numbers the copy, not here.
      const facts = await this.situation(target, actor, now);
      // An approver's password is checked (and journaled as approval.granted) only where an approval could let this reprint
      // happen: not for a view-only user or a sale past the reprint window, which no count of copies changes.
      const hopeless = approvalNeeded({ ...facts, copiesSoFar: 0 }, this.policy).needs === 'impossible';
      approval = request.approver && !hopeless ? await auth.approve(request.approver.name, request.approver.password, actor.name, action) : undefined;
      const situation: Omit<PolicyRequest, 'copiesSoFar'> = {
        ...facts,
        approval,
        reason: { code: request.reason, text: request.reasonText },
        customer: request.customer ? { ...request.customer, amountMinor: request.customer.amount === undefined ? undefined : parseMoney(request.customer.amount, currencyOf(target)).minor } : undefined,
      };
      return await this.issue(target, actor, approval, situation, request, now);
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
      // A name or a printer is never a sale id: one in its shape is read as the digits it holds. (A reason text may be one: staff quote the sale.)
      assertSafeInput({ locate, reason, reasonText }, { outcome: 'nothing was printed' });
      assertSafeInput({ approver: approver ? { username: approver.name } : undefined, printer: typeof printer === 'string' ? printer : undefined, backup, copy, customer }, { outcome: 'nothing was printed', saleIds: 'never' });
    } catch (error) {
      if (error instanceof ReissueError) {
        await this.options.audit('reprint.refused', { saleId: null, user, approver: null, reason: null, code: error.code, message: error.message, at: new Date(now).toISOString() });
      }
      throw error;
    }
  }

  /** The reprint policy's windows and limits (printing an original keeps to the same windows). */
  get policy(): PolicySettings {
    return this.options.policy ?? DEFAULT_POLICY;
  }

  /** The receipt asked for, in the stores `journal` reads (a user limited to some stores finds theirs only). */
  private async locate(journal: Journal, locate: LocateRequest, now: number): Promise<Reprintable> {
    if (locate.by === 'id' && isCaptureId(locate.id)) return { origin: 'capture', item: await journal.getCapture(locate.id) };
    const located = await locateReceipt(journal, locate, { ...this.options.context, now });
    // Read again with its chain checked: a duplicate is only ever printed from an untouched record.
    if (located.origin === 'capture') return { origin: 'capture', item: await journal.getCapture(located.id) };
    if (locate.by === 'id') return { origin: 'sale', item: located.sale };
    // In the store it was found in: at head office shops may hold sales under the same id.
    const store = (await journal.isOwn(located.sale)) ? '' : located.sale.storeId;
    return { origin: 'sale', item: await journal.within([store]).get(located.id) };
  }

  /** The facts the policy weighs about this receipt, for this person, now (all but the copies so far, which the caller counts where it must). */
  private async situation(target: Reprintable, actor: Actor, now: number): Promise<Omit<PolicySituation, 'copiesSoFar'>> {
    if (target.origin === 'capture') {
      const { item } = target;
      const terminalId = captureTerminal(item);
      const isLastOfTerminal = lastReceiptWeighs(actor, terminalId) && (await this.options.journal.isNewestOfChain(item));
      const occurredAt = Date.parse(item.capture.fields.printedAt?.utc ?? item.capture.capturedAt);
      return { actor, now, sale: { id: item.id, storeId: item.storeId, terminalId, occurredAt, amountMinor: item.capture.fields.amount?.minor ?? 0, isLastOfTerminal, proof: captureProof(item) } };
    }
    const sale = target.item;
    const tx = sale.transaction;
    // The terminal's newest sale in the journal's order, read only when it weighs (a read per reprint otherwise); at head office within the sale's own shop.
    const isLastOfTerminal = lastReceiptWeighs(actor, tx.terminalId) && (await this.options.journal.isNewestOfChain(sale));
    return {
      actor,
      now,
      sale: { id: sale.id, storeId: sale.storeId, terminalId: tx.terminalId, occurredAt: parseOccurredAt(tx.occurredAt), amountMinor: transactionAmount(tx).minor, isLastOfTerminal, proof: customerProof(tx) },
    };
  }

  /**
   * What a reprint of this sale by this person would need, by the same rules and facts the
   * reprint itself uses; nothing is printed or journaled.
   */
  async assess(saleId: string, actor: Actor, stores?: readonly string[]): Promise<ReprintAssessment> {
    const now = this.options.clock();
    const target = await this.locate(this.options.journal.within(actor.stores).atStores(stores), { by: 'id', id: saleId }, now);
    const situation: PolicySituation = { ...(await this.situation(target, actor, now)), copiesSoFar: await this.copiesSoFar(target.item.id) };
    const policy = this.policy;
    return {
      saleId: target.item.id,
      need: approvalNeeded(situation, policy),
      copiesSoFar: situation.copiesSoFar,
      copyLimit: policy.copyLimit,
      cashierWindowMinutes: Math.round(policy.cashierWindowMs / 60_000),
      reprintWindowDays: Math.round(policy.reprintWindowMs / 86_400_000),
      customerProof: situation.sale.proof,
    };
  }

  /** Copies numbered so far, as the sale's events tell them. */
  private async copiesSoFar(saleId: string): Promise<number> {
    return copiesOf(await this.options.journal.jobsOfSale(saleId));
  }

  /**
   * Numbers the copy where it is queued: in the one write that reads the receipt's jobs from
   * the chain (the receipt locked), applies the policy with that count, inserts the job and
   * journals reprint.issued — so two reprints at once, in one process or two, on SQLite or
   * PostgreSQL, never share or skip a number and never pass the copy limit. A captured
   * receipt's duplicate is numbered the same way.
   */
  private async issue(target: Reprintable, actor: Actor & { operatorNo?: string | undefined }, approval: (Actor & { operatorNo?: string | undefined }) | undefined, situation: Omit<PolicyRequest, 'copiesSoFar'>, request: ReprintRequest, now: number): Promise<ReprintResult> {
    const sale = target.item;
    if (target.origin === 'capture' && (request.template !== undefined || request.copy !== undefined)) {
      throw new InputError('CAPTURE_NO_TEMPLATE', `${sale.id} is a captured receipt: its duplicate prints as the POS printed it`, { hint: 'leave --template and --copy out', context: { id: sale.id } });
    }
    // A slip of a sale not paid by card is refused here, before a copy number is taken.
    if (target.origin === 'sale' && request.template !== undefined) chooseTemplate(target.item.transaction, request.template);
    const key = await this.verificationKey();
    // A voided or refunded sale never reprints as a paid one: the duplicate carries the mark. It is read again when a
    // duplicate that waited in the queue prints (createSpooler's render): a void recorded meanwhile is on the paper.
    const status = target.origin === 'sale' ? await this.options.journal.statusOf(target.item) : undefined;
    let decided: { decision: PolicyDecision; copy: number; code: string } | undefined;
    const job = await this.options.queue.enqueueDuplicate(
      { transactionId: sale.id, terminalId: target.origin === 'sale' ? target.item.transaction.terminalId : target.item.chain, printer: printerOf(request.printer, target), ...(request.backup ? { backup: request.backup } : {}) },
      (jobs) => {
        const copiesSoFar = copiesOf(jobs);
        const decision = decideReprint({ ...situation, copiesSoFar }, this.policy);
        const copy = copiesSoFar + 1;
        const code = verificationCode(key, sale, copy);
        decided = { decision, copy, code };
        return {
          copy,
          options: {
            ...(request.template ? { template: request.template } : {}),
            ...(target.origin === 'sale' && copyFor(request) ? { copy: copyFor(request) } : {}),
            duplicate: { copy, reprintedAt: new Date(now).toISOString(), operatorId: onPaper(actor), ...(approval ? { approverId: onPaper(approval) } : {}) },
            ...(status ? { status } : {}),
            verificationUrl: `${this.options.verifyUrl ?? ''}${code}`,
            verificationCode: code,
          },
        };
      },
      async (queued, writer) => {
        if (!decided) throw new Error('a duplicate was queued without a decision');
        // The sale checked before is read again in this write, on the primary: a duplicate
        // is queued only from a record that still matches its chain when the copy is numbered.
        if (target.origin === 'sale') await writer.checkRecord(target.item);
        await writer.append(AUDIT_CHAIN, 'reprint.issued', {
          saleId: sale.id, copy: decided.copy, user: actor.name, approver: approval?.name ?? null, reason: request.reason, reasonText: request.reasonText ?? null,
          printer: queued.printer, jobId: queued.id, basis: decided.decision.basis, code: decided.code, at: new Date(now).toISOString(),
        });
      },
    );
    if (!decided) throw new Error('a duplicate was queued without a decision');
    return { sale, copy: decided.copy, code: decided.code, job, decision: decided.decision };
  }

  private key: Promise<string> | undefined;

  /**
   * The journal's own secret for receipt codes, made on first use (the first one made wins a
   * race); read once, as it never changes once made (it was a read per reprint).
   */
  verificationKey(): Promise<string> {
    if (this.key) return this.key;
    const random = this.options.random ?? randomBytes;
    const key = this.options.journal.metaOnce('verificationKey', () => Buffer.from(random(32)).toString('hex'));
    this.key = key;
    key.catch(() => {
      if (this.key === key) this.key = undefined;
    });
    return key;
  }

  /**
   * The receipt a code names, read with its chain checked. At head office several shops may
   * hold a sale under one id; the code signs the sale's journal hash, so it names the one
   * whose hash it matches (each candidate's signature is compared before any is read).
   */
  private async locateCode(journal: Journal, parsed: ParsedCode, key: string): Promise<Reprintable | undefined> {
    const at = (view: Journal) =>
      this.locate(view, { by: 'id', id: parsed.saleId }, this.options.clock()).catch((error: unknown) => {
        if (error instanceof ReissueError && (error.kind === 'not-found' || error.kind === 'input')) return undefined;
        throw error;
      });
    try {
      return await at(journal);
    } catch (error) {
      if (!(error instanceof ReissueError) || error.code !== 'SALE_IN_SEVERAL_STORES') throw error;
      const holder = (await journal.holdersOf(parsed.saleId)).find((h) => codeMatches(key, { id: parsed.saleId, hash: h.hash }, parsed));
      return holder ? at(journal.within([holder.storeId])) : undefined;
    }
  }

  /**
   * Is this receipt genuine? `message` is for staff ("… on front by operator 07"); the rest
   * is what anyone holding the paper may be told: the sale's time, amount and operator no.,
   * which copy and when it printed — never a printer or a member of staff.
   */
  async check(code: string): Promise<Verdict> {
    const parsed = parseVerificationCode(code);
    const { journal, context } = this.options;
    // A receipt that is not on record is simply not genuine; one that does not match its chain is refused (RECORD_ALTERED).
    const key = await this.verificationKey();
    let found: Reprintable | undefined;
    try {
      found = await this.locateCode(journal, parsed, key);
    } catch (error) {
      // That a record no longer matches its chain is said only to someone holding a code issued for it: a guessed code learns nothing about the journal.
      const issued = async () => (await journal.holdersOf(parsed.saleId)).some((h) => codeMatches(key, { id: parsed.saleId, hash: h.hash }, parsed));
      if (error instanceof ReissueError && error.code === 'RECORD_ALTERED' && !(await issued())) return NOT_GENUINE;
      throw error;
    }
    if (!found || !codeMatches(key, found.item, parsed)) return NOT_GENUINE;
    const status = found.origin === 'sale' ? await journal.statusOf(found.item) : undefined;
    const facts: VerifiedSale = {
      ...verifiedFacts(found, context.timeZone),
      ...(status ? { status: { ...status, corrections: status.corrections.map((c) => ({ ...c, time: formatInZone(parseOccurredAt(c.occurredAt), context.timeZone) })) } } : {}),
    };
    const amount = facts.amount === '' ? '' : `${displayMoney(parseMoney(facts.amount, facts.currency))}, `;
    const sale = `${found.origin === 'capture' ? 'captured receipt' : 'sale'} ${found.item.id} (${amount}${facts.time})${facts.status ? ` — ${statusSentence(facts.status)}` : ''}`;
    const verdict = { genuine: true, saleId: found.item.id, copy: parsed.copy, sale: facts };
    if (parsed.copy === 0) return { ...verdict, message: `genuine: the original of ${sale}`, publicMessage: `genuine: the original of ${sale}` };
    const jobs = await journal.jobsOfSale(found.item.id);
    const job = jobs.find((j) => j.kind === 'duplicate' && j.copy === parsed.copy && j.state === 'printed');
    if (!job) {
      const message = `genuine code for copy ${parsed.copy} of ${sale}, but that copy has no printed record`;
      return { ...verdict, printedAt: null, message, publicMessage: message };
    }
    let options: ReceiptJobOptions;
    try {
      // What is told of the copy (when, by whom) is vouched for only from events that still match their chain.
      await journal.checkJob(job);
      options = receiptOptionsOf(job);
    } catch (error) {
      if (!(error instanceof ReissueError)) throw error;
      const message = `genuine code for copy ${parsed.copy} of ${sale}, but the print record of that copy is damaged: ${error.message}`;
      return { ...verdict, printedAt: null, message, publicMessage: message };
    }
    const by = options.duplicate?.operatorId ?? '?';
    const printedAt = formatInZone(job.updatedAt, context.timeZone);
    const publicMessage = `genuine: copy ${parsed.copy} of ${sale}, printed at ${printedAt}`;
    return {
      ...verdict,
      printedAt,
      message: `${publicMessage} on ${job.printer} by operator ${by}${options.duplicate?.approverId ? ` (approved by ${options.duplicate.approverId})` : ''}`,
      printer: job.printer,
      printedBy: by,
      ...(options.duplicate?.approverId ? { approvedBy: options.duplicate.approverId } : {}),
      publicMessage,
    };
  }
}

function currencyOf(target: Reprintable): string {
  return target.origin === 'sale' ? target.item.transaction.currency : (target.item.capture.fields.amount?.currency ?? 'CNY');
}

/** What a receipt check tells anyone about the receipt: for a captured one, what was read off it. */
function verifiedFacts(found: Reprintable, timeZone: string): VerifiedSale {
  if (found.origin === 'capture') {
    const { capture } = found.item;
    const amount = capture.fields.amount;
    return {
      id: found.item.id,
      kind: 'sale',
      origin: 'capture',
      time: formatInZone(Date.parse(capture.fields.printedAt?.utc ?? capture.capturedAt), timeZone),
      amount: amount ? formatMoney(amount) : '',
      currency: amount?.currency ?? '',
      operatorNo: capture.fields.operatorId ?? '',
      merchant: capture.fields.merchant ?? '',
    };
  }
  const tx = found.item.transaction;
  return {
    id: found.item.id,
    kind: tx.kind,
    time: formatInZone(parseOccurredAt(tx.occurredAt), timeZone),
    amount: tx.amount,
    currency: tx.currency,
    operatorNo: tx.operatorId,
    merchant: tx.merchant.name,
  };
}

/** What voids and refunds did to a checked sale, each with its store-local time. */
export type VerifiedStatus = Omit<SaleStatus, 'corrections'> & { corrections: (SaleCorrection & { time: string })[] };

/** "VOIDED by void 000458 at 2026-11-27 15:01:02 (CNY 128.50)": the plain-English form of the message. */
function statusSentence(status: VerifiedStatus): string {
  const each = status.corrections.map((c) => `${c.kind} ${c.voucherNo} at ${c.time} (${displayMoney(parseMoney(c.amount, c.currency))})`).join(', ');
  const money = displayMoney(parseMoney(status.amount, status.currency));
  if (status.state === 'voided') return `VOIDED by ${each}`;
  return `${status.state === 'refunded' ? 'REFUNDED' : `PARTLY REFUNDED (${money})`} by ${each}`;
}

/** A sale as a receipt check shows it to anyone: no card, no staff. */
export interface VerifiedSale {
  id: string;
  kind: TransactionKind;
  /** Present for a receipt a tap captured: its amount, operator and merchant are what was read off it (empty when none was). */
  origin?: 'capture';
  /** Store-local "YYYY-MM-DD HH:MM:SS". */
  time: string;
  amount: string;
  currency: string;
  /** The operator no. printed on the receipt (操作员号). */
  operatorNo: string;
  merchant: string;
  /** A void cancelled it, or refunds gave it back: the paper is not a paid sale any more. */
  status?: VerifiedStatus;
}

const NOT_GENUINE_MESSAGE = 'not genuine: this code was not issued by this journal (or the sale was altered)';
/** What anyone is told of a code this journal did not issue, or of a sale altered since. */
export const NOT_GENUINE: Readonly<Verdict> = { genuine: false, message: NOT_GENUINE_MESSAGE, publicMessage: NOT_GENUINE_MESSAGE };

export interface Verdict {
  genuine: boolean;
  /** For staff: which printer and operator printed the copy. */
  message: string;
  /** The same verdict without staff or printers, for anyone holding the paper. */
  publicMessage: string;
  saleId?: string;
  /** 0 for the original, n for DUPLICATE n. */
  copy?: number;
  sale?: VerifiedSale;
  /** When DUPLICATE n printed (store-local), or null when no printed copy n is on record. */
  printedAt?: string | null;
  /** For staff only (never in the public answer): the printer, the operator no. and the approver of DUPLICATE n. */
  printer?: string;
  printedBy?: string;
  approvedBy?: string;
}
