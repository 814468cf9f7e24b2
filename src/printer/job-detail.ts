/**
 * A print job's detail line ("held: paper out", "retry in 2000 ms: …"), as journaled and
 * stored with the job, is English words; the builders here write it and `readJobDetail`
 * reads it back as a code and its values, so screens say it in their own language. Both
 * sides live in this one file so that they cannot drift apart.
 */
export const JobDetailCodes = [
  'held', 'retry', 'expired', 'render-failed', 'rerouted', 'printer-removed', 'abandoned',
  'not-sent', 'send-failed', 'no-answer', 'no-completion', 'connection-lost', 'stopped-while-held', 'expired-while-held', 'cancelled', 'unclear', 'other',
] as const;
export type JobDetailCode = (typeof JobDetailCodes)[number];

export interface JobDetail {
  code: JobDetailCode;
  params: Record<string, string>;
}

const MAYBE = 'the receipt may or may not have printed';

export const jobDetail = {
  held: (reason: string) => `held: ${reason}`,
  retry: (delayMs: number, error: string) => `retry in ${delayMs} ms: ${error}`,
  expired: (expiresAt: number, afterMs: number) => `not printed by ${new Date(expiresAt).toISOString()} (${Math.round(afterMs / 1000)} s after it was queued); reprint it if still wanted`,
  renderFailed: (error: string) => `could not render the receipt: ${error}`,
  rerouted: (jobId: number, to: string, reason: string) => `rerouted to job ${jobId} on ${to}: ${reason}`,
  printerRemoved: (printer: string) => `printer ${printer} is not configured any more`,
  abandoned: (state: string) => `left ${state} by a spooler that stopped (process ended mid-job); it may or may not have printed`,
  notSent: () => 'the connection went away before sending',
  sendFailed: (error: string) => `the connection failed while sending (${error}); part of the receipt may have printed`,
  noAnswer: (error: string) => `the printer stopped answering after the data was sent (${error}); ${MAYBE}`,
  noStatus: (error: string) => `no status after the data was sent (${error}); ${MAYBE}`,
  noCompletion: (timeoutMs: number, error?: string) => `no completion answer within ${timeoutMs} ms after the data was sent${error ? ` (${error})` : ''}; ${MAYBE}`,
  connectionLost: (error: string) => `the connection was lost after the data was sent (${error}); ${MAYBE}`,
  unclear: (error: string) => `${error}; ${MAYBE}`,
  stoppedWhileHeld: (reason: string) => `the spooler stopped while the printer held the job (${reason}); it prints if the printer still has it when the fault is cleared`,
  expiredWhileHeld: (reason: string) => `the job expired while the printer held it (${reason}); it prints if the printer still has it when the fault is cleared`,
  cancelled: (by: string) => `cancelled by ${by} before it was sent`,
};

const READERS: readonly [RegExp, JobDetailCode, readonly string[]][] = [
  [/^held: (.+)$/s, 'held', ['reason']],
  [/^retry in (\d+) ms: (.*)$/s, 'retry', ['retryInMs', 'error']],
  [/^not printed by (\S+) \((\d+) s after it was queued\)/, 'expired', ['expiresAt', 'seconds']],
  [/^could not render the receipt: (.*)$/s, 'render-failed', ['error']],
  [/^rerouted to job (\d+) on (\S+): (.*)$/s, 'rerouted', ['jobId', 'to', 'reason']],
  [/^printer (\S+) is not configured any more$/, 'printer-removed', ['printer']],
  [/^left (\S+) by a spooler that stopped/, 'abandoned', ['state']],
  [/^the connection went away before sending$/, 'not-sent', []],
  [/^the connection failed while sending \((.*)\); part of the receipt may have printed$/s, 'send-failed', ['error']],
  [/^(?:the printer stopped answering|no status) after the data was sent \((.*)\); /s, 'no-answer', ['error']],
  [/^no completion answer within (\d+) ms after the data was sent/, 'no-completion', ['timeoutMs']],
  [/^the connection was lost after the data was sent \((.*)\); /s, 'connection-lost', ['error']],
  [/^the spooler stopped while the printer held the job \((.*)\); /s, 'stopped-while-held', ['reason']],
  [/^the job expired while the printer held it \((.*)\); /s, 'expired-while-held', ['reason']],
  [/^cancelled by (.+) before it was sent$/s, 'cancelled', ['by']],
  // Last: the lines above that end the same way say more.
  [/^(.*); the receipt may or may not have printed$/s, 'unclear', ['error']],
];

/** The code and values of a detail line the spooler wrote; `other` (with the text) for anything else. */
export function readJobDetail(detail: string): JobDetail {
  for (const [pattern, code, names] of READERS) {
    const match = pattern.exec(detail);
    if (match) return { code, params: Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? ''])) };
  }
  return { code: 'other', params: { text: detail } };
}
