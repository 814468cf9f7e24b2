/**
 * Request schemas (zod) for every route, and the response shapes the OpenAPI document
 * describes. Request schemas are enforced; a transaction's own content is validated by the
 * journal (field paths from core), so its schema here documents it.
 */
import { z } from 'zod';
import { Roles } from '../auth/index.js';
import { EntryModes, PaymentMethods, SaleStates, TransactionKinds } from '../core/index.js';
import { JobKinds, JobStates } from '../journal/index.js';
import { PRINTER_NAME, PRINTER_NAME_RULE } from '../printer/index.js';
import { ReceiptCopies, ReceiptLanguages, ReceiptTemplates } from '../receipt/index.js';
import { ReceiptFormats } from '../render/index.js';
import { ReasonCodes } from '../reprint/index.js';

export const MAX_BATCH = 1000;
export const PAPERS = ['58', '80', '80-180'] as const;
export const REPORT_FORMATS = ['json', 'csv', 'text'] as const;

const TX_ID = /^[0-9A-Za-z]{8}-\d{6}-\d{6}$/;
const name = z.string().min(1).max(64);

// ——— auth ———

export const loginBody = z
  .object({
    username: name,
    password: z.string().min(1, 'a password is required').max(1024),
    /** true: answer with a bearer token for an integrator instead of setting cookies. */
    bearer: z.boolean().optional(),
  })
  .strict();

// ——— transactions ———

const amount = z.string().describe('decimal string, e.g. "128.50" (never a JSON number)');

/** The transaction as a POS sends it (README "Transaction input"); documentation only — the journal validates. */
export const transactionInput = z
  .object({
    kind: z.enum(TransactionKinds),
    merchant: z.object({ id: z.string().describe('15 digits'), name: z.string(), nameEn: z.string().optional() }),
    store: z.object({ name: z.string(), address: z.string().optional(), phone: z.string().optional() }).optional(),
    terminalId: z.string().describe('8 letters or digits'),
    operatorId: z.string().describe('1–10 letters or digits'),
    batchNo: z.string().describe('6 digits'),
    voucherNo: z.string().describe('6 digits, 000001–999999'),
    referenceNo: z.string().optional(),
    authCode: z.string().optional(),
    receiptNo: z.string().optional(),
    occurredAt: z.string().describe('ISO 8601 with its UTC offset, e.g. 2026-11-27T14:32:05+08:00'),
    amount,
    currency: z.string().describe('ISO 4217, e.g. CNY'),
    card: z
      .object({
        masked: z.string().describe('masked only: "622588******4242" or "4242"; a full card number is refused (PAN_NOT_MASKED)'),
        issuer: z.string().optional(),
        acquirer: z.string().optional(),
        entryMode: z.enum(EntryModes).optional(),
        expiry: z.string().optional(),
      })
      .optional(),
    items: z.array(z.object({ name: z.string(), sku: z.string().optional(), quantity: z.union([z.number().int(), z.string()]), unitPrice: amount, discount: amount.optional(), amount: amount.optional() })).optional(),
    discounts: z.array(z.object({ name: z.string(), amount })).optional(),
    tax: z.array(z.object({ name: z.string(), rate: z.string().optional(), amount })).optional(),
    payments: z.array(z.object({ method: z.enum(PaymentMethods), amount, tendered: amount.optional(), change: amount.optional(), reference: z.string().optional() })).optional(),
    original: z.object({ batchNo: z.string().optional(), voucherNo: z.string().optional(), referenceNo: z.string().optional() }).optional(),
    note: z.string().optional(),
  })
  .describe('one completed transaction');

/** One sale, or {transactions: [...]} (1–1000, recorded all or nothing): a JSON object either way. */
export const recordBody = z.record(z.string(), z.unknown(), { error: 'the body is a transaction object, or {"transactions": [...]}' });
/** A body with a "transactions" member is a batch, and nothing else. */
export const batchBody = z
  .object({ transactions: z.array(z.unknown(), { error: 'transactions is an array of transactions' }).min(1, 'send at least one transaction').max(MAX_BATCH, `at most ${MAX_BATCH} transactions a request`) })
  .strict();
/** What the OpenAPI document shows for recordBody. */
export const recordBodyDoc = z.union([z.object({ transactions: z.array(transactionInput).min(1).max(MAX_BATCH) }), transactionInput]);

const digitsUpTo = (n: number, what: string) => z.string().regex(new RegExp(`^\\s*\\d{1,${n}}\\s*$`), `${what} is up to ${n} digits`);

const storeField = z.string().min(1).max(400).optional().describe('head office: a store id, or several separated by commas (a user limited to some stores: only theirs)');

/** A sale named by id; at head office two shops may hold the same id: `store` says whose. */
export const saleQuery = z.object({ store: storeField }).strict();

export const searchQuery = z
  .object({
    around: z.string().min(1).optional().describe('store-local time the customer remembers: "2026-11-27 14:30" or "14:30" (today)'),
    within: z.string().min(1).optional().describe('window around `around`, e.g. 15m (default) or 1h'),
    from: z.string().min(1).optional().describe('store-local start'),
    to: z.string().min(1).optional().describe('store-local end; a bare date means the whole day'),
    amount: z.string().min(1).optional().describe('128.50, or a range 100..200'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency is a three-letter ISO 4217 code').optional(),
    voucher: digitsUpTo(6, 'voucher no.').optional(),
    batch: digitsUpTo(6, 'batch no.').optional(),
    terminal: z.string().regex(/^[0-9A-Za-z]{8}$/, 'terminal no. is 8 letters or digits').optional(),
    ref: z.string().min(1).max(32).optional(),
    last4: z.string().regex(/^\d{4}$/, 'card last-4 is four digits').optional(),
    view: z.enum(['full', 'list']).optional().describe('full (default): each item the whole journaled sale; list: list lines read from the search index alone (no line items, names or hash), faster'),
    operator: z.string().regex(/^[0-9A-Za-z]{1,10}$/, 'operator no. is 1–10 letters or digits').optional(),
    kind: z.enum(TransactionKinds).optional(),
    merchant: z.string().regex(/^\d{15}$/, 'merchant no. is 15 digits').optional(),
    store: storeField,
    limit: z.string().regex(/^\d{1,3}$/, 'limit is a whole number from 1 to 500').optional().describe('1–500, default 20'),
    cursor: z.string().min(1).max(200).optional().describe('`next` of the previous page'),
  })
  .strict();

export const receiptQuery = z
  .object({
    format: z.enum(ReceiptFormats).optional().describe('default text'),
    for: z.string().regex(PRINTER_NAME, PRINTER_NAME_RULE).optional().describe('a configured printer: the receipt exactly as it prints there (its paper and language; leave out paper, printer and lang)'),
    paper: z.enum(PAPERS).optional(),
    printer: z.string().min(1).max(32).optional().describe('printer model, e.g. epson-tm-t88 (for escpos)'),
    template: z.enum(ReceiptTemplates).optional().describe('slip: the bank-card slip 签购单 of a card sale; retail: the shop receipt 小票; default: the sale\'s own'),
    copy: z.enum(ReceiptCopies).optional(),
    lang: z.enum(ReceiptLanguages).optional(),
    store: storeField,
  })
  .strict();

const printerName = z.string().min(1).max(64).describe('a configured printer name (GET /api/v1/printers); addresses come only from the configuration');

const approverField = z.object({ username: name, password: z.string().min(1).max(1024) }).strict().optional();

export const printBody = z
  .object({
    printer: printerName.optional().describe('default: the configuration\'s defaultPrinter'),
    backup: printerName.optional(),
    template: z.enum(ReceiptTemplates).optional().describe('print just this piece: the bank slip (slip) or the shop receipt (retail); default: the sale\'s receipt plus the bank slips the printer\'s cardSlip setting adds'),
    copy: z.enum(ReceiptCopies).optional(),
    approver: approverField.describe("a supervisor's step-up approval, for this one print: needed for another terminal's sale or one older than the cashier window"),
  })
  .strict();

const reprintFields = {
  reason: z.enum(ReasonCodes, { error: `reason is one of ${ReasonCodes.join(', ')}` }),
  reasonText: z.string().trim().min(1).max(200).optional().describe('required for reason "other"'),
  printer: printerName.optional().describe('default: the configuration\'s defaultPrinter'),
  template: z.enum(ReceiptTemplates).optional().describe('the bank slip (slip) or the shop receipt (retail) of the sale; default: its own receipt'),
  copy: z.enum(ReceiptCopies).optional(),
  approver: approverField.describe("a supervisor's step-up approval, for this one reprint"),
  customer: z
    .object({
      last4: z.string().regex(/^\d{4}$/, 'card last-4 is four digits').optional().describe('a card sale: the last 4 digits of the card'),
      amount: z.string().min(1).max(20).optional().describe('the amount the customer paid, e.g. "128.50"'),
      method: z.enum(PaymentMethods, { error: `payment method is one of ${PaymentMethods.join(', ')}` }).optional().describe('a sale not paid by card: how the customer paid'),
      referenceLast4: z.string().regex(/^[0-9A-Za-z]{4}$/, 'the last 4 of the payment reference are 4 letters or digits').optional().describe('the last 4 characters of that payment\'s reference, where it has one'),
    })
    .strict()
    .optional()
    .describe('what the customer says, required for customer_lost: for a card sale last4 and amount; otherwise amount and method, and referenceLast4 where the payment has a reference (GET …/reprint-policy says which)'),
};

export const reprintBody = z.object(reprintFields).strict();

/** How to find the sale when its id is not known (the counter's "reprint the last receipt"). */
export const locateSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('id'), id: z.string().regex(TX_ID, 'a transaction id is TERMINAL-BATCH-VOUCHER') }).strict(),
  z.object({ by: z.literal('last'), terminalId: z.string().regex(/^[0-9A-Za-z]{8}$/, 'terminal no. is 8 letters or digits') }).strict(),
  z.object({ by: z.literal('voucher'), voucherNo: digitsUpTo(6, 'voucher no.'), batchNo: digitsUpTo(6, 'batch no.').optional(), terminalId: z.string().regex(/^[0-9A-Za-z]{8}$/) }).strict(),
  z.object({ by: z.literal('ref'), referenceNo: z.string().min(1).max(32) }).strict(),
  z.object({ by: z.literal('search'), around: z.string().min(1), within: z.string().min(1).optional(), amount: z.string().min(1), terminalId: z.string().regex(/^[0-9A-Za-z]{8}$/).optional() }).strict(),
]);

export const locatedReprintBody = z.object({ locate: locateSchema, store: storeField, ...reprintFields }).strict();

export const eReceiptView = z.object({
  url: z.string().describe('the page; absolute when the server knows its public address (--public-url)'),
  pdfUrl: z.string(),
  expiresAt: z.string(),
});

export const eReceiptWithdrawnView = z.object({ withdrawnAt: z.string().describe('links of the sale made until then no longer open') });

export const eReceiptBody = z
  .object({ expiresInDays: z.number().int().min(1).max(90).optional().describe('default 30') })
  .strict();

export const auditQuery = z
  .object({
    from: z.string().min(1).optional().describe('store-local time'),
    to: z.string().min(1).optional().describe('store-local time'),
    user: z.string().min(1).max(64).optional().describe('whom it concerns, who did it, or who approved it'),
    type: z.string().min(1).max(64).optional().describe('e.g. reprint.issued, reprint.refused, access.denied'),
    limit: z.string().regex(/^\d{1,4}$/, 'limit is a whole number from 1 to 1000').optional().describe('1–1000, default 200'),
    store: storeField,
  })
  .strict();

export const printersQuery = z.object({ probe: z.enum(['true', 'false', '1', '0']).optional().describe('read the status of idle printers now (slower)') }).strict();
export const recentJobsQuery = z.object({ limit: z.string().regex(/^\d{1,3}$/, 'limit is a whole number from 1 to 100').optional().describe('1–100, default 20') }).strict();

export const reportQuery = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date is YYYY-MM-DD').optional().describe('store-local day, default today'),
    terminal: z.string().optional(),
    batch: z.string().optional(),
    operator: z.string().optional(),
    format: z.enum(REPORT_FORMATS).optional().describe('default json'),
    paper: z.enum(PAPERS).optional().describe('text: the paper width it is laid out for (default 80)'),
    lang: z.enum(ReceiptLanguages).optional(),
    store: storeField,
  })
  .strict();

export const newUserBody = z
  .object({
    name: z.string().min(1).max(32),
    role: z.enum(Roles),
    password: z.string().min(1).max(1024),
    operatorNo: z.string().min(1).max(10).optional(),
    terminal: z.string().min(1).max(8).optional(),
    stores: z.string().min(1).max(400).optional().describe('head office: limit the user to these stores, e.g. "SH-001,SH-002" (not for an admin)'),
  })
  .strict();

// ——— responses (documentation) ———

export const userView = z.object({
  name: z.string(),
  role: z.enum(Roles),
  operatorNo: z.string().optional(),
  terminal: z.string().optional(),
  stores: z.array(z.string()).optional().describe('head office: the only stores the user may see (absent: every store)'),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const sessionView = z.object({
  user: userView,
  permissions: z.array(z.string()),
  csrfToken: z.string().optional().describe('send it as X-CSRF-Token with every POST made with the session cookie'),
  token: z.string().optional().describe('bearer token (only when asked for with "bearer": true)'),
  expiresAt: z.string(),
  absoluteExpiresAt: z.string(),
  store: z.object({ timeZone: z.string(), currency: z.string() }).describe('the store time zone (IANA) and currency'),
});

export const jobViewSchema = z.object({
  id: z.number().int(),
  transactionId: z.string().nullable(),
  kind: z.enum(JobKinds),
  copy: z.number().int(),
  printer: z.string().nullable().describe('the printer\'s name; null when it is a network address or device (given on the command line or to a tap) and the reader does not manage printers'),
  backup: z.string().nullable(),
  state: z.enum(JobStates),
  final: z.boolean(),
  attempts: z.number().int(),
  detail: z.string().nullable().describe('as journaled, in English'),
  detailCode: z.string().nullable().describe('held, retry, expired, rerouted, render-failed, no-completion … (null without a detail)'),
  detailText: z.string().nullable().describe('the detail in the language of Accept-Language'),
  stateText: z.string().describe('the state in the language of Accept-Language'),
  paperMm: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string(),
  reroutedFrom: z.number().int().nullable(),
  href: z.string(),
});

/** What voids and refunds did to a sale (absent when nothing did). */
export const saleStatusView = z
  .object({
    state: z.enum(SaleStates).describe('voided (已撤销), refunded (已退货) or partly-refunded (部分退货)'),
    amount: z.string().describe('voided or refunded in all, in the sale\'s currency'),
    currency: z.string(),
    corrections: z
      .array(
        z.object({
          id: z.string(),
          kind: z.enum(['void', 'refund']),
          terminalId: z.string(),
          batchNo: z.string(),
          voucherNo: z.string(),
          occurredAt: z.string().describe('as journaled, with its UTC offset'),
          time: z.string().optional().describe('store-local (verification answers)'),
          amount: z.string(),
          currency: z.string(),
        }),
      )
      .describe('each void or refund, oldest first'),
  })
  .describe('present only on a sale a void cancelled or refunds gave back, in whole or in part');

export const journaledView = z.object({
  id: z.string(),
  storeId: z.string().describe("the shop it was sold in (head office), or this journal's store id; empty when none is set"),
  transaction: transactionInput,
  status: saleStatusView.optional(),
  copies: z.array(z.enum(ReceiptCopies)).optional().describe('GET /transactions/{id}: the copies that print differently (merchant, cardholder); empty when the copy changes nothing'),
  originalId: z.string().optional(),
  recordedBy: z.object({ via: z.enum(['http', 'cli']), user: z.string() }).optional().describe('who recorded the sale: the signed-in user (http), or the --by name / operating-system user (cli)'),
  eventId: z.number().int(),
  seq: z.number().int(),
  recordedAt: z.string(),
  hash: z.string(),
});

/** A list line of GET /transactions?view=list, from the search index alone. */
export const summaryView = z.object({
  id: z.string(),
  storeId: z.string().describe("the shop it was sold in (head office), or this journal's store id; empty when none is set"),
  kind: z.string(),
  terminalId: z.string(),
  batchNo: z.string(),
  voucherNo: z.string(),
  referenceNo: z.string().optional(),
  cardLast4: z.string().optional(),
  operatorId: z.string(),
  merchantId: z.string(),
  amount: z.string(),
  currency: z.string(),
  occurredAt: z.string().describe('ISO 8601 UTC'),
  originalId: z.string().optional(),
  eventId: z.number().int(),
});

export const recordOutcomeView = z.object({
  id: z.string(),
  created: z.boolean(),
  status: z.enum(['created', 'already-on-record']),
  terminalId: z.string(),
  seq: z.number().int().optional(),
  href: z.string(),
});

export const printOutcomeView = z.object({
  printed: z.boolean().describe('every piece printed'),
  job: jobViewSchema.describe('the receipt (the first piece)'),
  pieces: z.array(jobViewSchema).describe('every piece of paper of this print, in order: the receipt, then any bank slips'),
});

export const reprintOutcomeView = z.object({
  saleId: z.string(),
  copy: z.number().int(),
  code: z.string().describe('verification code printed as QR; check it at /api/v1/verify/{code}'),
  basis: z.enum(['own-last-receipt', 'role', 'approved']),
  printed: z.boolean(),
  job: jobViewSchema,
  verifyUrl: z.string().describe('where the code is checked'),
});

/** GET /api/v1/transactions/{id}/reprint-policy: what a reprint would need, before printing. */
export const reprintPolicyView = z.object({
  saleId: z.string(),
  needs: z.enum(['none', 'supervisor', 'admin', 'impossible']).describe('whose approval a reprint by the signed-in user needs now; impossible: nobody may reprint it'),
  why: z.enum(['too-old', 'other-terminal', 'not-last', 'copy-limit', 'window-passed', 'view-only']).nullable().describe('why approval is needed (or why it is impossible)'),
  basis: z.enum(['own-last-receipt', 'role']).nullable().describe('when none is needed: on what ground'),
  copiesSoFar: z.number().int(),
  copyLimit: z.number().int(),
  cashierWindowMinutes: z.number().int(),
  reprintWindowDays: z.number().int(),
  customer: z
    .union([z.object({ by: z.literal('card') }), z.object({ by: z.literal('payment'), methods: z.array(z.object({ method: z.enum(PaymentMethods), reference: z.boolean() })) })])
    .describe('for customer_lost: card → ask last4 and amount; payment → ask amount and method, and referenceLast4 for a method whose reference is true'),
});

/** GET /api/v1/verify/{code}: what anyone holding the paper may know. */
export const verifyView = z.object({
  genuine: z.boolean(),
  message: z.string().describe('in English'),
  messageText: z.string().describe('the same verdict in the language of Accept-Language'),
  saleId: z.string().optional(),
  copy: z.number().int().optional().describe('0: the original; n: DUPLICATE n'),
  sale: z
    .object({
      id: z.string(),
      kind: z.enum(TransactionKinds),
      time: z.string().describe('store-local'),
      amount: z.string(),
      currency: z.string(),
      operatorNo: z.string(),
      merchant: z.string(),
      status: saleStatusView.optional().describe('a void cancelled the sale, or refunds gave it back: the receipt is not a paid sale any more'),
    })
    .optional(),
  printedAt: z.string().nullable().optional().describe('when DUPLICATE n printed (store-local); null when no printed copy n is on record'),
});

export const problemSchema = z.object({
  type: z.string(),
  title: z.string().describe('in the language of Accept-Language'),
  status: z.number().int(),
  code: z.string().describe('stable, for programs'),
  detail: z.string().describe('in the language of Accept-Language'),
  hint: z.string().optional().describe('how to fix it, in the language of Accept-Language'),
  errors: z.array(z.object({ path: z.string().describe('e.g. transactions[2].amount'), message: z.string().describe('names the field as the screen labels it: 第 3 笔 金额：… / transaction 3: amount …') })).optional(),
  candidates: z.array(z.object({ id: z.string(), time: z.string(), amount: z.string(), kind: z.string(), card: z.string(), operatorId: z.string(), terminalId: z.string() })).optional(),
  job: jobViewSchema.optional(),
  retryAfter: z.number().int().optional(),
});

/** Beside a search read on a hot standby: how far it lags, as a code and in the reader's language. */
export const replicaNoticeView = z
  .object({
    behindBytes: z.number().int().describe('bytes of write-ahead log the standby has not replayed yet (0: caught up)'),
    code: z.enum(['REPLICA_BEHIND', 'REPLICA_CAUGHT_UP']),
    text: z.string().describe('what the code says, in the language of Accept-Language'),
  })
  .describe('present when the search was answered by a read replica (--read-replica): a replica that is behind may miss the newest sales');
