import { zonedLocalToUtc } from '../core/index.js';
import type { Journal } from '../journal/index.js';
import { capturedJobToJson, type CaptureJournal, type CapturedJob } from './capture-journal.js';

/**
 * The CaptureJournal on the journal (SQLite or PostgreSQL through the SQL layer): each job
 * is a capture.recorded event at the end of its source's chain, capture:SOURCE, with its
 * search-index row — so verify, backup, restore, audit and head-office sync cover captured
 * receipts as they cover sales. A printed time the source's rules could not place in a time
 * zone is placed in the store's, so --around finds it by the time on the paper.
 */
export function journaledCaptures(journal: Journal, store: { timeZone: string }): CaptureJournal {
  return {
    async append(job: CapturedJob) {
      const outcome = await journal.appendCapture(capturedJobToJson(placed(job, store.timeZone)));
      return outcome.created ? 'appended' : 'duplicate';
    },
  };
}

function placed(job: CapturedJob, timeZone: string): CapturedJob {
  const printed = job.fields.printedAt;
  if (!printed || printed.utc !== undefined) return job;
  try {
    const utc = new Date(zonedLocalToUtc(printed.local.replace('T', ' '), timeZone, Date.parse(job.capturedAt))).toISOString();
    return { ...job, fields: { ...job.fields, printedAt: { ...printed, utc } } };
  } catch {
    // A wall time the zone skips (a daylight-saving gap) keeps only its local reading.
    return job;
  }
}
