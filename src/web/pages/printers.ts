/**
 * Printers, live: status read every 2 s (probe), queue, paper used, cleaning; a test page;
 * each printer's recent jobs with pictures of their receipts.
 */
import { api, apiUrl } from '../api.js';
import { append, byId, clear, el } from '../dom.js';
import { instant, metres } from '../format.js';
import { conditionText } from '../../i18n/catalog/printer-conditions.js';
import { lang, onLangChange, t } from '../i18n.js';
import { followJob, jobState, jobWhat } from '../jobs.js';
import { showProblem, startPage } from '../layout.js';
import { readSyncLag, syncLagText, type SyncLag } from '../sync-lag.js';
import type { JobView as Job, PrinterView as Printer } from '../../server/index.js';

const POLL_MS = 2000;
/** A tap of this server (configuration file): jobs captured from its POS that are not yet in the journal. */
interface TapRow {
  source: string;
  printer: string;
  backup: string | null;
  connections: number;
  captured: number;
  backlog: number;
  undelivered: number;
}

let printers: Printer[] = [];
let taps: TapRow[] = [];
let recent = new Map<string, Job[]>();
let canManage = false;
let recentAvailable = true;
let syncLag: SyncLag | undefined;
const lastStatus = new Map<string, string>();
const recentKey = new Map<string, string>();

/** A printer's journaled status words ("paper out, cover open") in the page's language, from the one list the server words them from too. */
function statusText(status: string): string {
  return conditionText(status, lang());
}

/** Statuses of a printer that could not be asked (its last error says why). */
const UNREACHED = ['unreachable', 'not a printer'];

function statusClass(p: Printer): string {
  if (p.status === 'ready') return 'ok';
  if (p.status === 'not checked') return 'unknown';
  return p.faults.length > 0 || UNREACHED.includes(p.status) ? 'bad' : 'warn';
}

function renderTable(): void {
  const host = byId('printers-table');
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
  clear(host);
  if (printers.length === 0) {
    append(host, el('p', {}, t('printers.none')));
    return;
  }
  const headers = [
    t('printers.col.name'), t('printers.col.address'), t('printers.col.model'), t('printers.col.status'), t('printers.col.queue'), t('printers.col.inFlight'),
    t('printers.col.paper'), t('printers.col.cleaning'), t('printers.col.lastPrinted'), t('printers.col.backup'), ...(canManage ? [t('printers.col.action')] : []),
  ];
  const body = el('tbody');
  for (const p of printers) {
    const status = el(
      'td',
      { class: 'status-cell', 'data-label': headers[3] ?? '', ...(p.lastErrorText && UNREACHED.includes(p.status) ? { title: p.lastErrorText } : {}) },
      el('span', { class: `badge ${statusClass(p)}`, 'data-status': p.status }, statusText(p.status)),
      p.held ? el('div', { class: 'held' }, t('printers.held', { why: statusText(p.held) })) : null,
    );
    const button = canManage
      ? el('button', { type: 'button', id: `test-${p.name}`, class: 'small', 'aria-label': t('printers.testPageLabel', { name: p.name }) }, t('printers.testPage'))
      : null;
    button?.addEventListener('click', () => void testPage(p.name, button));
    append(
      body,
      el(
        'tr',
        { 'data-printer': p.name },
        el('th', { scope: 'row', 'data-label': headers[0] ?? '' }, p.name),
        el('td', { class: 'mono', 'data-label': headers[1] ?? '' }, p.address ?? t('common.none')),
        el('td', { 'data-label': headers[2] ?? '' }, p.model ?? ''),
        status,
        el('td', { class: 'num', 'data-col': 'queued', 'data-label': headers[4] ?? '' }, String(p.queued)),
        el('td', { class: 'num', 'data-col': 'in-flight', 'data-label': headers[5] ?? '' }, String(p.inFlight)),
        el('td', { class: 'num', 'data-label': headers[6] ?? '' }, metres(p.paperUsedMm)),
        el('td', { class: 'num', 'data-label': headers[7] ?? '' }, metres(p.paperSinceCleanMm), p.cleaningDue ? el('div', { class: 'badge warn' }, t('printers.cleaningDue')) : null),
        el('td', { 'data-label': headers[8] ?? '' }, instant(p.lastPrintedAt)),
        el('td', { 'data-label': headers[9] ?? '' }, p.backup ?? t('common.none')),
        button ? el('td', { 'data-label': headers[10] ?? '' }, button) : null,
      ),
    );
  }
  append(
    host,
    el('table', { class: 'data stack', id: 'printers-grid' }, el('caption', { class: 'visually-hidden' }, t('printers.caption')), el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))), body),
  );
  if (focused) document.getElementById(focused)?.focus();
}

/** The taps' backlog: receipts printed at the till that wait in the fallback file for the journal. */
function renderTaps(): void {
  const section = byId('taps');
  const host = byId('taps-table');
  section.hidden = taps.length === 0;
  clear(host);
  if (taps.length === 0) return;
  const headers = [t('printers.tap.source'), t('printers.tap.printer'), t('printers.tap.backlog'), t('printers.tap.captured'), t('printers.tap.undelivered'), t('printers.tap.connections')];
  const body = el('tbody');
  for (const tap of taps) {
    const backlog = tap.backlog > 0 ? el('span', { class: 'badge warn' }, t('printers.tap.waiting', { n: tap.backlog })) : el('span', { class: 'badge ok' }, t('printers.tap.allIn'));
    const note = tap.backlog > 0 ? el('div', { class: 'held' }, t('printers.tap.waitingNote')) : null;
    append(
      body,
      el(
        'tr',
        { 'data-tap': tap.source, 'data-backlog': String(tap.backlog) },
        el('th', { scope: 'row', 'data-label': headers[0] ?? '' }, tap.source),
        el('td', { class: 'mono', 'data-label': headers[1] ?? '' }, tap.backup ? `${tap.printer ?? t('common.none')} → ${tap.backup}` : (tap.printer ?? t('common.none'))),
        el('td', { class: 'status-cell', 'data-col': 'backlog', 'data-label': headers[2] ?? '' }, backlog, note),
        el('td', { class: 'num', 'data-label': headers[3] ?? '' }, String(tap.captured)),
        el('td', { class: 'num', 'data-label': headers[4] ?? '' }, String(tap.undelivered)),
        el('td', { class: 'num', 'data-label': headers[5] ?? '' }, String(tap.connections)),
      ),
    );
  }
  append(host, el('table', { class: 'data stack', id: 'taps-grid' }, el('caption', { class: 'visually-hidden' }, t('printers.tapsCaption')), el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))), body));
}

function renderRecent(force = false): void {
  const host = byId('recent-output');
  if (!recentAvailable) {
    clear(host);
    append(host, el('p', {}, t('printers.recentUnavailable')));
    return;
  }
  for (const p of printers.filter((x) => x.configured)) {
    const jobs = recent.get(p.name) ?? [];
    const key = jobs.map((j) => `${j.id}:${j.state}`).join(',');
    let section = host.querySelector<HTMLElement>(`section[data-printer="${CSS.escape(p.name)}"]`);
    if (section && !force && recentKey.get(p.name) === key) continue;
    recentKey.set(p.name, key);
    const fresh = el('section', { class: 'recent', 'data-printer': p.name, 'aria-labelledby': `recent-${p.name}` });
    append(fresh, el('h3', { id: `recent-${p.name}` }, t('printers.recent', { name: p.name })));
    if (jobs.length === 0) append(fresh, el('p', {}, t('printers.recentNone')));
    const list = el('ol', { class: 'recent-jobs' });
    for (const job of jobs) {
      const caption = t('printers.recentCaption', { id: job.id, what: jobWhat(job), state: jobState(job), time: instant(job.updatedAt) });
      const picture = job.transactionId
        ? el('img', {
            src: apiUrl(`/jobs/${job.id}/picture`, {}),
            alt: t('printers.recentAlt', { n: job.id, name: p.name }),
            loading: 'lazy',
          })
        : el('div', { class: 'no-picture' }, jobWhat(job));
      // A job still waiting for its printer (busy, faulted, unreachable, a mistyped address) can be cancelled by whoever manages printers.
      const cancel = canManage && job.state === 'queued' ? el('button', { type: 'button', class: 'small', id: `cancel-${job.id}`, 'aria-label': t('printers.cancelLabel', { id: job.id }) }, t('printers.cancel')) : null;
      cancel?.addEventListener('click', () => void cancelJob(p.name, job.id, cancel));
      append(list, el('li', { 'data-job': job.id, 'data-state': job.state }, el('figure', {}, picture, el('figcaption', {}, caption)), cancel));
    }
    if (jobs.length > 0) append(fresh, list);
    if (section) section.replaceWith(fresh);
    else append(host, fresh);
    section = fresh;
  }
}

function announce(): void {
  const changes: string[] = [];
  for (const p of printers) {
    const before = lastStatus.get(p.name);
    if (before !== undefined && before !== p.status) changes.push(t('printers.announce', { name: p.name, status: statusText(p.status) }));
    lastStatus.set(p.name, p.status);
  }
  if (changes.length > 0) byId('printers-announce').textContent = changes.join('; ');
}

async function poll(): Promise<void> {
  try {
    const answer = await api<{ items: Printer[]; taps?: TapRow[] }>('/printers', { query: { probe: 'true' } });
    printers = answer.items;
    taps = answer.taps ?? [];
    byId('printers-error').hidden = true;
    if (recentAvailable) {
      const lists = await Promise.all(
        printers.filter((p) => p.configured).map(async (p) => {
          try {
            return [p.name, (await api<{ items: Job[] }>(`/printers/${encodeURIComponent(p.name)}/jobs/recent`, { query: { limit: 6 } })).items] as const;
          } catch (error) {
            if ((error as { status?: number }).status === 404) recentAvailable = false;
            return [p.name, []] as const;
          }
        }),
      );
      recent = new Map(lists.map(([name, jobs]) => [name, [...jobs]]));
    }
    announce();
    renderTable();
    renderTaps();
    renderRecent();
    byId('printers-updated').textContent = t('printers.updated', { time: instant(Date.now()) });
    await showSyncLag();
    document.body.dataset.polled = String(Number(document.body.dataset.polled ?? '0') + 1);
  } catch (error) {
    showProblem(byId('printers-error'), error);
  } finally {
    setTimeout(() => void poll(), POLL_MS);
  }
}

/** A shop that sends to head office says how far behind head office is; others show nothing. */
async function showSyncLag(): Promise<void> {
  const line = byId('sync-lag');
  try {
    syncLag = await readSyncLag();
  } catch {
    syncLag = undefined;
  }
  line.hidden = syncLag === undefined;
  line.textContent = syncLag ? syncLagText(syncLag) : '';
}

async function testPage(name: string, button: HTMLButtonElement): Promise<void> {
  const host = byId('test-page-result');
  button.disabled = true;
  try {
    const { job } = await api<{ printed: boolean; job: Job }>(`/printers/${encodeURIComponent(name)}/test-page`, { method: 'POST', headers: { Prefer: 'wait=2' } });
    const show = (j: Job) => {
      clear(host);
      append(host, el('p', { role: 'status' }, t('printers.testPageSent', { name, state: jobState(j) })));
    };
    show(job);
    await followJob(job, show);
  } catch (error) {
    showProblem(host, error);
  } finally {
    button.disabled = false;
  }
}

async function cancelJob(printer: string, id: number, button: HTMLButtonElement): Promise<void> {
  const host = byId('test-page-result');
  button.disabled = true;
  try {
    const job = await api<Job>(`/jobs/${id}/cancel`, { method: 'POST' });
    recent.set(printer, (recent.get(printer) ?? []).map((j) => (j.id === id ? job : j)));
    renderRecent(true);
    clear(host);
    append(host, el('p', { role: 'status' }, t('printers.cancelled', { id })));
  } catch (error) {
    showProblem(host, error);
    button.disabled = false;
  }
}

async function main(): Promise<void> {
  const session = await startPage('printers');
  if (!session) return;
  canManage = session.permissions.includes('printers.manage');
  onLangChange(() => {
    renderTable();
    renderTaps();
    renderRecent(true);
    if (syncLag) byId('sync-lag').textContent = syncLagText(syncLag);
  });
  await poll();
}

void main();
