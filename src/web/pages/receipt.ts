/**
 * One receipt: the preview exactly as the chosen printer prints it (its paper and language,
 * rendered by the server the way the spooler renders the job), what the journal holds, its
 * print jobs, the reprint dialog — which says before printing whether approval is needed and
 * asks a customer who lost the receipt what fits how they paid — and the e-receipt link.
 */
import type { CaptureWithJobs, EReceiptView, JobView, PrinterView, ReprintOutcome, ReprintPolicyView, TransactionWithJobs } from '../../server/index.js';
import { ApiError, api, apiText, apiUrl, gatewayLost, type Query } from '../api.js';
import { append, byId, clear, el, valueOf } from '../dom.js';
import { instant, minor, money, saleTime } from '../format.js';
import { onLangChange, t, tOr } from '../i18n.js';
import { followJob, jobState, jobsTable } from '../jobs.js';
import { problemBox, showProblem, startPage } from '../layout.js';
import { qrSvg } from '../qr-svg.js';
import { capturedBlock, saleStateBlock } from '../sale-state.js';

const id = new URLSearchParams(location.search).get('id') ?? '';
/** Head office: the shop whose sale this is (two shops may hold the same id). */
const store = new URLSearchParams(location.search).get('store') ?? undefined;
const ofStore: Query = store === undefined ? {} : { store };
/** A receipt a tap captured ("cap-…"): it previews and reprints as its POS printed it. */
const captured = /^cap-[a-z]{24}$/.test(id);
let sale: TransactionWithJobs | undefined;
let capture: CaptureWithJobs | undefined;
let printers: PrinterView[] = [];
let policy: ReprintPolicyView | undefined;
let policyProblem: unknown;
let outcome: { result: ReprintOutcome; job: JobView } | undefined;
let eReceipt: EReceiptView | undefined;

const receiptPath = () => `/${captured ? 'captures' : 'transactions'}/${encodeURIComponent(id)}/receipt`;
const chosenPrinter = () => byId<HTMLSelectElement>('preview-printer').value;
const copiesDiffer = () => (sale?.copies.length ?? 0) > 0;

// ---------------------------------------------------------------- preview

/** The preview's query: as the chosen printer prints it, the copy only where it changes anything. */
function previewQuery(format: string): Query {
  if (captured) return { format };
  const printer = chosenPrinter();
  return { format, ...ofStore, ...(printer ? { for: printer } : {}), ...(copiesDiffer() ? { copy: byId<HTMLSelectElement>('copy').value } : {}) };
}

function previewNote(): void {
  const printer = printers.find((p) => p.name === chosenPrinter());
  const note = byId('preview-note');
  if (!printer) {
    note.textContent = t('receipt.previewNoPrinter');
    return;
  }
  const language = printer.language ? tOr(`lang.${printer.language}`, printer.language) : t('receipt.langOwn');
  note.textContent = t('receipt.previewNote', { printer: printer.name, paper: printer.paper ? tOr(`paper.${printer.paper}`, printer.paper) : '', lang: language });
}

async function showPreview(): Promise<void> {
  const image = byId<HTMLImageElement>('receipt-image');
  image.src = apiUrl(receiptPath(), previewQuery('png'));
  image.alt = t('receipt.imageAlt', { id });
  byId<HTMLAnchorElement>('download-pdf').href = apiUrl(receiptPath(), previewQuery('pdf'));
  previewNote();
  byId('receipt-text').textContent = await apiText(receiptPath(), previewQuery('text'));
  document.body.dataset.previewed = chosenPrinter() || 'default';
}

/** The printer chosen for the preview is the one the reprint goes to, and back. */
function choosePrinter(name: string): void {
  for (const select of [byId<HTMLSelectElement>('preview-printer'), byId<HTMLSelectElement>('printer')]) select.value = name;
  void showPreview();
}

async function loadPrinters(): Promise<void> {
  let defaultPrinter: string | null = null;
  try {
    const answer = await api<{ items: PrinterView[]; defaultPrinter: string | null }>('/printers');
    printers = answer.items.filter((p) => p.configured);
    defaultPrinter = answer.defaultPrinter;
  } catch {
    printers = [];
  }
  for (const select of [byId<HTMLSelectElement>('preview-printer'), byId<HTMLSelectElement>('printer')]) {
    clear(select);
    for (const p of printers) {
      const paper = p.paper ? tOr(`paper.${p.paper}`, p.paper) : '';
      append(select, el('option', { value: p.name }, `${p.name}${paper ? ` · ${paper}` : ''}${p.name === defaultPrinter ? ` (${t('printers.default')})` : ''}`));
    }
    if (select.options.length === 0) append(select, el('option', { value: '' }, t('common.none')));
    select.value = defaultPrinter ?? printers[0]?.name ?? '';
  }
}

// ---------------------------------------------------------------- details

/** What was read off a captured receipt, where it came from, and its place in the journal. */
function captureFacts(c: CaptureWithJobs): [string, string][] {
  const f = c.fields as { merchant?: string; amount?: { minor: number; currency: string }; printedAt?: { local: string }; last4?: string; referenceNo?: string; voucherNo?: string; batchNo?: string; terminalId?: string; operatorId?: string };
  const none = t('common.none');
  return [
    [t('receipt.origin'), t('kind.captured', { source: c.source })],
    [t('receipt.merchant'), f.merchant ?? none],
    [t('receipt.amount'), f.amount ? minor(f.amount.minor, f.amount.currency) : none],
    [t('receipt.time'), f.printedAt ? saleTime(f.printedAt.local) : none],
    [t('receipt.capturedAt'), instant(c.capturedAt)],
    [t('receipt.card'), f.last4 ? `**** ${f.last4}` : none],
    [t('receipt.ref'), f.referenceNo ?? none],
    [t('receipt.operator'), f.operatorId ?? none],
    [t('receipt.key'), `${f.terminalId ?? none} / ${f.batchNo ?? none} / ${f.voucherNo ?? none}`],
    [t('receipt.recorded'), instant(c.recordedAt)],
    [t('receipt.hash'), `${c.hash.slice(0, 16)}…`],
  ];
}

function renderDetails(): void {
  byId('receipt-heading').textContent = t('receipt.heading', { id });
  const held = sale ?? capture;
  if (!held) return;
  if (!sale && capture) {
    const list = byId('sale-details');
    clear(list);
    for (const [term, value] of captureFacts(capture)) append(list, el('dt', {}, term), el('dd', {}, value));
  }
  const jobs = byId('jobs');
  clear(jobs);
  append(jobs, held.jobs.length === 0 ? el('p', {}, t('receipt.noJobs')) : jobsTable(t('receipt.jobs'), held.jobs, 'jobs-table'));
  for (const field of ['copy-field', 'reprint-copy-field']) byId(field).hidden = !copiesDiffer();
  byId('copy-note').hidden = copiesDiffer() || captured;
  // Above the preview and in the reprint dialog too, where whoever is about to print looks first.
  const status = sale?.status;
  for (const banner of [byId('sale-state'), byId('reprint-sale-state')]) {
    clear(banner);
    banner.hidden = !status && !capture;
    // A captured receipt carries its mark here as in the search list.
    banner.classList.toggle('captured-banner', !sale && capture !== undefined);
    if (status) append(banner, saleStateBlock(status, { note: true }));
    else if (!sale && capture) append(banner, capturedBlock(capture.source));
  }
  if (!sale) return;
  const tx = sale.transaction;
  const facts: [string, string][] = [
    // Head office: which shop sold it (a shop's own journal names its store id too, when set).
    ...(sale.storeId ? [[t('col.store'), sale.storeId] as [string, string]] : []),
    [t('receipt.merchant'), `${tx.merchant.name} (${tx.merchant.id})`],
    [t('receipt.kind'), tOr(`kind.${tx.kind}`, tx.kind)],
    [t('receipt.amount'), money(tx.amount, tx.currency)],
    [t('receipt.time'), saleTime(tx.occurredAt)],
    [t('receipt.card'), tx.card ? tx.card.masked : (tx.payments ?? []).map((p) => tOr(`payment.${p.method}`, p.method)).join(', ') || t('common.none')],
    [t('receipt.ref'), tx.referenceNo ?? t('common.none')],
    [t('receipt.authCode'), tx.authCode ?? t('common.none')],
    [t('receipt.operator'), tx.operatorId],
    [t('receipt.key'), `${tx.terminalId} / ${tx.batchNo} / ${tx.voucherNo}`],
    [t('receipt.recorded'), instant(sale.recordedAt)],
    [t('receipt.hash'), `${sale.hash.slice(0, 16)}…`],
  ];
  const list = byId('sale-details');
  clear(list);
  for (const [term, value] of facts) append(list, el('dt', {}, term), el('dd', {}, value));
  if (sale.status) append(list, el('dt', {}, t('receipt.status')), el('dd', {}, saleStateBlock(sale.status)));
}

async function loadSale(): Promise<void> {
  if (captured) capture = await api<CaptureWithJobs>(`/captures/${encodeURIComponent(id)}`);
  else sale = await api<TransactionWithJobs>(`/transactions/${encodeURIComponent(id)}`, { query: ofStore });
  renderDetails();
}

// ---------------------------------------------------------------- reprint: what it needs

/** A captured receipt's terminal for the policy: the terminal no. printed on it, else its till. */
function captureTerminal(): string {
  return ((capture?.fields as { terminalId?: string } | undefined)?.terminalId ?? capture?.source) || '';
}

function policyText(p: ReprintPolicyView): string {
  const values = { minutes: p.cashierWindowMinutes, limit: p.copyLimit, days: p.reprintWindowDays, terminal: sale?.transaction.terminalId ?? captureTerminal() };
  const key = p.needs === 'none' ? `policy.none.${p.basis ?? 'role'}` : `policy.${p.needs}.${p.why ?? ''}`;
  return tOr(key, p.needs, values);
}

function renderPolicy(): void {
  const host = byId('policy');
  clear(host);
  const submit = byId<HTMLButtonElement>('reprint-submit');
  const approval = byId('approval-fields');
  if (policyProblem !== undefined) {
    append(host, problemBox(policyProblem));
    approval.hidden = false;
    return;
  }
  if (!policy) {
    host.dataset.needs = 'checking';
    append(host, el('p', {}, t('policy.checking')));
    return;
  }
  host.dataset.needs = policy.needs;
  append(host, el('p', { class: 'policy-line' }, policyText(policy)), el('p', { class: 'muted' }, t('policy.copies', { n: policy.copiesSoFar, limit: policy.copyLimit })));
  const needsSomeone = policy.needs === 'supervisor' || policy.needs === 'admin';
  approval.hidden = !needsSomeone;
  const admin = policy.needs === 'admin';
  byId('approval-legend').textContent = t(admin ? 'reprint.approvalAdmin' : 'reprint.approval');
  byId('approver-label').textContent = t(admin ? 'reprint.adminName' : 'reprint.approver');
  byId('approver-password-label').textContent = t(admin ? 'reprint.adminPassword' : 'reprint.approverPassword');
  byId<HTMLInputElement>('approver').required = needsSomeone;
  byId<HTMLInputElement>('approver-password').required = needsSomeone;
  submit.disabled = policy.needs === 'impossible';
  syncReasonFields();
}

async function loadPolicy(): Promise<void> {
  policy = undefined;
  policyProblem = undefined;
  renderPolicy();
  try {
    policy = await api<ReprintPolicyView>(`/transactions/${encodeURIComponent(id)}/reprint-policy`, { query: ofStore });
  } catch (error) {
    policyProblem = error;
  }
  renderPolicy();
}

/** The fields follow the reason: words for "other"; for a lost receipt, what fits how the sale was paid. */
function syncReasonFields(): void {
  const reason = byId<HTMLSelectElement>('reason').value;
  byId('reason-text-field').hidden = reason !== 'other';
  byId<HTMLInputElement>('reason-text').required = reason === 'other';
  const lost = reason === 'customer_lost';
  byId('customer-fields').hidden = !lost;
  const customer = policy?.customer ?? { by: 'card' as const };
  const byCard = customer.by === 'card';
  const methods = customer.by === 'payment' ? customer.methods : [];
  byId('customer-card-field').hidden = !lost || !byCard;
  byId('customer-method-field').hidden = !lost || byCard || methods.length === 0;
  const method = byId<HTMLSelectElement>('customer-method');
  const wanted = method.value;
  clear(method);
  append(method, el('option', { value: '' }, t('reprint.chooseMethod')));
  for (const m of methods) append(method, el('option', { value: m.method }, tOr(`payment.${m.method}`, m.method)));
  method.value = methods.some((m) => m.method === wanted) ? wanted : methods.length === 1 ? (methods[0]?.method ?? '') : '';
  const withReference = methods.find((m) => m.method === method.value)?.reference === true;
  byId('customer-ref-field').hidden = !lost || byCard || !withReference;
  byId<HTMLInputElement>('customer-last4').required = lost && byCard;
  byId<HTMLInputElement>('customer-amount').required = lost;
  method.required = lost && !byCard && methods.length > 0;
  byId<HTMLInputElement>('customer-ref').required = lost && withReference;
}

// ---------------------------------------------------------------- reprint: printing

function outcomeText(): string {
  if (!outcome) return '';
  const { result, job } = outcome;
  return t('reprint.queued', { copy: result.copy, basis: tOr(`basis.${result.basis}`, result.basis), job: job.id, state: jobState(job) });
}

function renderOutcome(): void {
  for (const host of [byId('reprint-result'), byId('reprint-outcome')]) {
    clear(host);
    if (!outcome) continue;
    append(
      host,
      el(
        'div',
        { class: `outcome state-${outcome.job.state}`, role: 'status', 'data-state': outcome.job.state, 'data-copy': outcome.result.copy },
        el('p', { class: 'outcome-line' }, outcomeText()),
        outcome.job.detail ? el('p', {}, outcome.job.detailText ?? outcome.job.detail) : null,
        el('p', { class: 'code' }, t('reprint.code', { code: outcome.result.code })),
      ),
    );
  }
}

function reprintBody(form: HTMLFormElement): Record<string, unknown> {
  const reason = valueOf(form, 'reason');
  const body: Record<string, unknown> = { reason };
  if (reason === 'other' || valueOf(form, 'reasonText') !== '') body.reasonText = valueOf(form, 'reasonText');
  if (valueOf(form, 'printer') !== '') body.printer = valueOf(form, 'printer');
  if (copiesDiffer()) body.copy = valueOf(form, 'copy');
  if (!byId('approval-fields').hidden) body.approver = { username: valueOf(form, 'approver'), password: byId<HTMLInputElement>('approver-password').value };
  if (reason === 'customer_lost') {
    const customer: Record<string, string> = {};
    const put = (field: string, name: string, key: string) => {
      if (!byId(field).hidden && valueOf(form, name) !== '') customer[key] = valueOf(form, name);
    };
    put('customer-card-field', 'customerLast4', 'last4');
    put('customer-method-field', 'customerMethod', 'method');
    put('customer-ref-field', 'customerRef', 'referenceLast4');
    put('customer-amount-field', 'customerAmount', 'amount');
    body.customer = customer;
  }
  return body;
}

async function submitReprint(form: HTMLFormElement): Promise<void> {
  const result = byId('reprint-result');
  const submit = byId<HTMLButtonElement>('reprint-submit');
  const password = byId<HTMLInputElement>('approver-password');
  clear(result);
  submit.disabled = true;
  submit.textContent = t('reprint.busy');
  try {
    const answer = await api<ReprintOutcome>(`/transactions/${encodeURIComponent(id)}/reprints`, { query: ofStore, method: 'POST', body: reprintBody(form), headers: { Prefer: 'wait=3' } });
    password.value = '';
    outcome = { result: answer, job: answer.job };
    renderOutcome();
    void loadSale();
    const final = await followJob(answer.job, (job) => {
      outcome = { result: answer, job };
      renderOutcome();
      void loadSale();
    });
    outcome = { result: answer, job: final };
    renderOutcome();
    await loadSale();
    void loadPolicy();
  } catch (error) {
    // A proxy gave up waiting (the reprint waits for the printer) or lost the server: the server
    // may have printed the copy all the same, so it is not called a failure, and the copies
    // shown below are read again.
    if (gatewayLost(error)) {
      password.value = '';
      clear(result);
      const unknown = new ApiError({ ...error.problem, title: t('reprint.unknownTitle'), detail: t('reprint.unknown', { status: error.status }), hint: t('reprint.unknownHint') });
      append(result, problemBox(unknown));
      void loadSale();
      return;
    }
    // A refusal about the customer's words is fixed by the customer's words: the supervisor
    // standing by need not type the password again.
    const aboutCustomer = error instanceof ApiError && error.code.startsWith('CUSTOMER_');
    if (!aboutCustomer) password.value = '';
    clear(result);
    append(result, problemBox(error, error instanceof ApiError && error.status === 403 ? 'reprint.refused' : undefined));
    if (aboutCustomer && password.value !== '') append(result, el('p', { class: 'muted', id: 'kept-password' }, t('reprint.keptPassword')));
  } finally {
    submit.disabled = policy?.needs === 'impossible';
    submit.textContent = t('reprint.submit');
  }
}

// ---------------------------------------------------------------- e-receipt

/** A loopback host (127.0.0.0/8, ::1, localhost) names the computer itself: no phone reaches it. */
function loopbackHost(url: string): string | undefined {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === '0.0.0.0' ? host : undefined;
}

function renderEReceipt(): void {
  const host = byId('ereceipt-result');
  clear(host);
  if (!eReceipt) return;
  const url = new URL(eReceipt.url, location.origin).href;
  const pdf = new URL(eReceipt.pdfUrl, location.origin).href;
  const copy = el('button', { type: 'button', id: 'ereceipt-copy' }, t('ereceipt.copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(url);
      copy.textContent = t('ereceipt.copied');
    } catch {
      copy.hidden = true;
    }
  });
  const loopback = loopbackHost(url);
  append(
    host,
    loopback
      ? el('div', { class: 'problem', role: 'alert', id: 'ereceipt-loopback' }, el('p', {}, el('strong', {}, t('ereceipt.loopback', { host: loopback }))), el('p', { class: 'hint' }, t('ereceipt.loopbackHint')))
      : null,
    el(
      'div',
      { class: 'ereceipt' },
      el('figure', { class: 'qr-figure' }, qrSvg(url, t('ereceipt.qr', { url })), el('figcaption', {}, t('ereceipt.scan'))),
      el(
        'dl',
        { class: 'facts' },
        el('dt', {}, t('ereceipt.link')),
        el('dd', {}, el('a', { href: url, id: 'ereceipt-link', target: '_blank', rel: 'noopener', class: 'long-link' }, url)),
        el('dt', {}, t('ereceipt.pdf')),
        el('dd', {}, el('a', { href: pdf, id: 'ereceipt-pdf', target: '_blank', rel: 'noopener', class: 'long-link' }, pdf)),
      ),
      el('p', {}, t('ereceipt.expires', { time: instant(eReceipt.expiresAt) })),
      copy,
    ),
  );
}

async function createEReceipt(): Promise<void> {
  const button = byId<HTMLButtonElement>('ereceipt-create');
  button.disabled = true;
  try {
    eReceipt = await api<EReceiptView>(`/transactions/${encodeURIComponent(id)}/e-receipt`, { query: ofStore, method: 'POST', body: {} });
    renderEReceipt();
  } catch (error) {
    showProblem(byId('ereceipt-result'), error);
  } finally {
    button.disabled = false;
  }
}

async function withdrawEReceipts(): Promise<void> {
  const button = byId<HTMLButtonElement>('ereceipt-withdraw');
  const host = byId('ereceipt-withdrawn');
  button.disabled = true;
  clear(host);
  try {
    const { withdrawnAt } = await api<{ withdrawnAt: string }>(`/transactions/${encodeURIComponent(id)}/e-receipt/withdraw`, { query: ofStore, method: 'POST', body: {} });
    // A link shown here was made before: it no longer opens.
    eReceipt = undefined;
    renderEReceipt();
    append(host, el('p', { class: 'done', id: 'ereceipt-withdrawn-note' }, t('ereceipt.withdrawn', { time: instant(withdrawnAt) })));
  } catch (error) {
    showProblem(host, error);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- page

/** A receipt that cannot be shown offers nothing to print, send or download: the problem alone. */
function refuseToShow(error: unknown): void {
  showProblem(byId('receipt-error'), error);
  for (const part of document.querySelectorAll<HTMLElement>('.page-actions, .receipt-layout')) part.hidden = true;
}

async function main(): Promise<void> {
  const session = await startPage('receipt', 'sales.read');
  if (!session) return;
  try {
    const search = sessionStorage.getItem('reissue.search');
    if (search) byId<HTMLAnchorElement>('back').href = `/?${search}`;
  } catch {
    // private mode: back to a fresh search
  }
  if (!captured && !/^[0-9A-Za-z]{8}-\d{6}-\d{6}$/.test(id)) {
    refuseToShow(new ApiError({ status: 400, code: 'BAD_ID', detail: t('common.badId', { id }), hint: t('common.badIdHint') }));
    return;
  }
  try {
    await Promise.all([loadSale(), loadPrinters()]);
  } catch (error) {
    refuseToShow(error);
    return;
  }
  await showPreview();
  byId('preview-printer').addEventListener('change', () => choosePrinter(chosenPrinter()));
  byId('printer').addEventListener('change', () => choosePrinter(byId<HTMLSelectElement>('printer').value));
  byId('copy').addEventListener('change', () => {
    byId<HTMLSelectElement>('reprint-copy').value = byId<HTMLSelectElement>('copy').value;
    void showPreview();
  });
  byId('reprint-copy').addEventListener('change', () => {
    byId<HTMLSelectElement>('copy').value = byId<HTMLSelectElement>('reprint-copy').value;
    void showPreview();
  });
  onLangChange(() => {
    renderDetails();
    renderOutcome();
    renderEReceipt();
    renderPolicy();
    previewNote();
    void showPreview();
  });

  const dialog = byId<HTMLDialogElement>('reprint-dialog');
  const form = byId<HTMLFormElement>('reprint-form');
  const canReprint = session.permissions.some((p) => p === 'reprint.any' || p === 'reprint.own-last');
  byId<HTMLButtonElement>('open-reprint').hidden = !canReprint;
  byId('open-reprint').addEventListener('click', () => {
    clear(byId('reprint-result'));
    syncReasonFields();
    dialog.showModal();
    byId<HTMLSelectElement>('reason').focus();
    void loadPolicy();
  });
  byId('reprint-cancel').addEventListener('click', () => dialog.close());
  byId('reason').addEventListener('change', () => {
    // The customer keeps the cardholder copy of a receipt they lost.
    if (byId<HTMLSelectElement>('reason').value === 'customer_lost' && copiesDiffer()) {
      byId<HTMLSelectElement>('reprint-copy').value = 'cardholder';
      byId<HTMLSelectElement>('copy').value = 'cardholder';
      void showPreview();
    }
    syncReasonFields();
  });
  byId('customer-method').addEventListener('change', syncReasonFields);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    void submitReprint(form);
  });

  const eDialog = byId<HTMLDialogElement>('ereceipt-dialog');
  // An e-receipt is signed for a sale; a captured receipt is reprinted on paper.
  byId<HTMLButtonElement>('open-ereceipt').hidden = captured || !session.permissions.includes('reprint.any');
  byId('open-ereceipt').addEventListener('click', () => eDialog.showModal());
  byId('ereceipt-close').addEventListener('click', () => eDialog.close());
  byId('ereceipt-create').addEventListener('click', () => void createEReceipt());
  byId('ereceipt-withdraw').addEventListener('click', () => void withdrawEReceipts());
  document.body.dataset.loaded = 'true';
}

void main();
