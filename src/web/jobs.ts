/** Print jobs as the pages show them, and waiting for one to end. */
import { api } from './api.js';
import { el, table } from './dom.js';
import { instant, metres } from './format.js';
import { t, tOr } from './i18n.js';
import type { JobView as Job } from '../server/index.js';

export function jobWhat(job: Job): string {
  return job.kind === 'duplicate' ? t('jobkind.duplicate', { n: job.copy }) : tOr(`jobkind.${job.kind}`, job.kind);
}

export function jobState(job: Job): string {
  return tOr(`state.${job.state}`, job.state);
}

export function jobsTable(caption: string, jobs: readonly Job[], id?: string): HTMLTableElement {
  const headers = [t('job.col.id'), t('job.col.kind'), t('job.col.printer'), t('job.col.state'), t('printers.col.paper'), t('job.col.updated'), t('job.col.detail')];
  const rows = jobs.map((job) => [
    String(job.id),
    jobWhat(job),
    job.printer ?? t('common.none'),
    el('span', { class: `state state-${job.state}` }, jobState(job)),
    job.paperMm > 0 ? metres(job.paperMm) : t('common.none'),
    instant(job.updatedAt),
    // The server words it in the page's language (暂停：缺纸); the journaled words are English.
    job.detailText ?? job.detail ?? '',
  ]);
  return table(caption, headers, rows, { ...(id ? { id } : {}), hideCaption: true });
}

/** Polls a job every second until it ends (or `stop` says so); tells each change. */
export async function followJob(job: Job, onChange: (job: Job) => void, stop: () => boolean = () => false): Promise<Job> {
  let current = job;
  while (!current.final && !stop()) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    try {
      const next = await api<Job>(`/jobs/${current.id}`);
      if (next.state !== current.state || next.detail !== current.detail) onChange(next);
      current = next;
    } catch {
      // a blip in the network: keep asking
    }
  }
  return current;
}
