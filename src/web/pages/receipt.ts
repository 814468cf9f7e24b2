/**
 * One receipt: what the journal holds, the preview exactly as it prints (the server's PNG,
 * and its text), its print jobs, the reprint dialog and the e-receipt link with its QR.
 */
import { ApiError, api, apiUrl } from '../api.js';
import { append, byId, clear, el, valueOf } from '../dom.js';
import { instant, money, saleTime } from '../format.js';
import { onLangChange, t, tOr } from '../i18n.js';
import { followJob, jobState, jobsTable } from '../jobs.js';
import { problemBox, showProblem, startPage } from '../layout.js';
import { encodeQr, qrPath } from '../qr.js';
import type { EReceipt, Job, ReprintOutcome, TransactionWithJobs } from '../types.js';

const id = new URLSearchParams(location.search).get('id') ?? '';
let sale: TransactionWithJobs | undefined;
let outcome: { result: ReprintOutcome; job: Job } | undefined;
let eReceipt: EReceipt | undefined;

function previewQuery(format: string): Record<string, string> {
  const form = byId<HTMLFormElement>('preview-options');
  return { format, paper: valueOf(form, 'paper'), copy: valueOf(form, 'copy'), lang: valueOf(form, 'lang') };
}

async function showPreview(): Promise<void> {
  const path = `/transactions/${encodeURIComponent(id)}/receipt`;
  const image = byId<HTMLImageElement>('receipt-image');
  image.src = apiUrl(path, previewQuery('png'));
  image.alt = t('receipt.imageAlt', { id });
  byId<HTMLAnchorElement>('download-pdf').href = apiUrl(path, previewQuery('pdf'));
  try {
    const response = await fetch(apiUrl(path, previewQuery('text')), { credentials: 'same-origin' });
    byId('receipt-text').textContent = response.ok ? await response.text() : '';
  } catch {
    byId('receipt-text').textContent = '';
  }
}

function renderDetails(): void {
  byId('receipt-heading').textContent = t('receipt.heading', { id });
  if (!sale) return;
  const tx = sale.transaction;
  const facts: [string, string][] = [
    [t('receipt.merchant'), `${tx.merchant.name} (${tx.merchant.id})`],
    [t('receipt.kind'), tOr(`kind.${tx.kind}`, tx.kind)],
    [t('receipt.amount'), money(tx.amount, tx.currency)],
    [t('receipt.time'), saleTime(tx.occurredAt)],
    [t('receipt.card'), tx.card ? tx.card.masked : t('common.none')],
    [t('receipt.ref'), tx.referenceNo ?? t('common.none')],
    [t('receipt.authCode'), tx.authCode ?? t('common.none')],
    [t('receipt.operator'), tx.operatorId],
    [t('receipt.key'), `${tx.terminalId} / ${tx.batchNo} / ${tx.voucherNo}`],
    [t('receipt.recorded'), instant(sale.recordedAt)],
    [t('receipt.hash'), sale.hash ? `${sale.hash.slice(0, 16)}…` : t('common.none')],
  ];
  const list = byId('sale-details');
  clear(list);
  for (const [term, value] of facts) append(list, el('dt', {}, term), el('dd', {}, value));
  const jobs = byId('jobs');
  clear(jobs);
  append(jobs, sale.jobs.length === 0 ? el('p', {}, t('receipt.noJobs')) : jobsTable(t('receipt.jobs'), sale.jobs, 'jobs-table'));
}

async function loadSale(): Promise<void> {
  sale = await api<TransactionWithJobs>(`/transactions/${encodeURIComponent(id)}`);
  renderDetails();
}

// ---------------------------------------------------------------- reprint

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
        outcome.job.detail ? el('p', {}, outcome.job.detail) : null,
        el('p', {}, t('reprint.code', { code: outcome.result.code })),
      ),
    );
  }
}

function syncReasonFields(): void {
  const reason = byId<HTMLSelectElement>('reason').value;
  byId('reason-text-field').hidden = reason !== 'other';
  byId<HTMLInputElement>('reason-text').required = reason === 'other';
  byId('customer-fields').hidden = reason !== 'customer_lost';
  for (const field of ['customer-last4', 'customer-amount']) byId<HTMLInputElement>(field).required = reason === 'customer_lost';
}

async function loadPrinters(): Promise<void> {
  const select = byId<HTMLSelectElement>('printer');
  try {
    const { items } = await api<{ items: { name: string; configured: boolean; status: string }[] }>('/printers');
    clear(select);
    for (const p of items.filter((p) => p.configured)) append(select, el('option', { value: p.name }, p.name));
  } catch {
    // the server's default printer is used
  }
  if (select.options.length === 0) append(select, el('option', { value: '' }, t('common.none')));
}

async function submitReprint(form: HTMLFormElement): Promise<void> {
  const result = byId('reprint-result');
  const submit = byId<HTMLButtonElement>('reprint-submit');
  clear(result);
  const reason = valueOf(form, 'reason');
  const approver = valueOf(form, 'approver');
  const approverPassword = byId<HTMLInputElement>('approver-password').value;
  const body: Record<string, unknown> = { reason };
  if (reason === 'other' || valueOf(form, 'reasonText') !== '') body.reasonText = valueOf(form, 'reasonText');
  if (valueOf(form, 'printer') !== '') body.printer = valueOf(form, 'printer');
  body.copy = valueOf(form, 'copy');
  if (approver !== '' || approverPassword !== '') body.approver = { username: approver, password: approverPassword };
  if (reason === 'customer_lost') body.customer = { ...(valueOf(form, 'customerLast4') ? { last4: valueOf(form, 'customerLast4') } : {}), ...(valueOf(form, 'customerAmount') ? { amount: valueOf(form, 'customerAmount') } : {}) };
  submit.disabled = true;
  submit.textContent = t('reprint.busy');
  try {
    const answer = await api<ReprintOutcome>(`/transactions/${encodeURIComponent(id)}/reprints`, { method: 'POST', body, headers: { Prefer: 'wait=3' } });
    byId<HTMLInputElement>('approver-password').value = '';
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
  } catch (error) {
    byId<HTMLInputElement>('approver-password').value = '';
    clear(result);
    append(result, problemBox(error, error instanceof ApiError && error.status === 403 ? 'reprint.refused' : 'common.error'));
  } finally {
    submit.disabled = false;
    submit.textContent = t('reprint.submit');
  }
}

// ---------------------------------------------------------------- e-receipt

function qrSvg(url: string): SVGSVGElement {
  const code = encodeQr(url);
  const size = code.size + 8;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('width', String(size * 4));
  svg.setAttribute('height', String(size * 4));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('ereceipt.qr', { url }));
  svg.setAttribute('class', 'qr');
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', qrPath(code));
  path.setAttribute('fill', '#000');
  svg.append(background, path);
  return svg;
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
  append(
    host,
    el(
      'div',
      { class: 'ereceipt' },
      qrSvg(url),
      el(
        'dl',
        { class: 'facts' },
        el('dt', {}, t('ereceipt.link')),
        el('dd', {}, el('a', { href: url, id: 'ereceipt-link', target: '_blank', rel: 'noopener' }, url)),
        el('dt', {}, t('ereceipt.pdf')),
        el('dd', {}, el('a', { href: pdf, id: 'ereceipt-pdf', target: '_blank', rel: 'noopener' }, pdf)),
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
    eReceipt = await api<EReceipt>(`/transactions/${encodeURIComponent(id)}/e-receipt`, { method: 'POST', body: {} });
    renderEReceipt();
  } catch (error) {
    showProblem(byId('ereceipt-result'), error);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- page

async function main(): Promise<void> {
  const session = await startPage('receipt', 'sales.read');
  if (!session) return;
  try {
    const search = sessionStorage.getItem('reissue.search');
    if (search) byId<HTMLAnchorElement>('back').href = `/?${search}`;
  } catch {
    // private mode: back to a fresh search
  }
  if (!/^[0-9A-Za-z]{8}-\d{6}-\d{6}$/.test(id)) {
    showProblem(byId('receipt-error'), new ApiError({ status: 400, code: 'BAD_ID', detail: `"${id}" is not a transaction id`, hint: 'open a receipt from the search results' }));
    return;
  }
  try {
    await loadSale();
  } catch (error) {
    showProblem(byId('receipt-error'), error);
    return;
  }
  void showPreview();
  byId('preview-options').addEventListener('change', () => void showPreview());
  onLangChange(() => {
    renderDetails();
    renderOutcome();
    renderEReceipt();
    syncReasonFields();
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
  });
  byId('reprint-cancel').addEventListener('click', () => dialog.close());
  byId('reason').addEventListener('change', syncReasonFields);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    void submitReprint(form);
  });
  await loadPrinters();

  const eDialog = byId<HTMLDialogElement>('ereceipt-dialog');
  byId<HTMLButtonElement>('open-ereceipt').hidden = !session.permissions.includes('reprint.any');
  byId('open-ereceipt').addEventListener('click', () => eDialog.showModal());
  byId('ereceipt-close').addEventListener('click', () => eDialog.close());
  byId('ereceipt-create').addEventListener('click', () => void createEReceipt());
  document.body.dataset.loaded = 'true';
}

void main();
