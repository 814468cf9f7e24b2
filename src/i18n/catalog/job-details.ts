import { FORMATTERS } from '../formatters.js';
import type { Language } from '../language.js';
import { fillFirst } from '../template.js';


/**
 * A print job's detail line by its code (printer/job-detail.ts reads the stored English line
 * back into a code and values): what the printers page and the job list show.
 */
export const JOB_DETAIL_TEXTS: Readonly<Record<string, { zh: string | readonly string[]; en: string | readonly string[] }>> = {
  held: { zh: '暂停：{reason:conditions}', en: 'held: {reason:conditions}' },
  retry: { zh: '无法连接打印机，{retryInMs:seconds} 秒后重试', en: ['retry in {retryInMs:seconds} s: {error}', 'retry in {retryInMs:seconds} s'] },
  expired: { zh: ['排队 {seconds} 秒仍未打印，已过期；如仍需要请补打', '已过期；如仍需要请补打'], en: ['not printed within {seconds} s of being queued; reprint it if still wanted', 'expired; reprint it if still wanted'] },
  'render-failed': { zh: '无法生成凭证', en: ['could not render the receipt: {error}', 'could not render the receipt'] },
  rerouted: { zh: ['已转到备用打印机 {to}（任务 {jobId}）', '已转到备用打印机'], en: ['sent to backup printer {to} (job {jobId})', 'sent to the backup printer'] },
  'printer-removed': { zh: ['打印机 {printer} 已不在配置中', '打印机已不在配置中'], en: ['printer {printer} is not configured any more', 'the printer is not configured any more'] },
  abandoned: { zh: '打印途中程序停止了：可能已打印，也可能没有', en: 'the spooler stopped mid-job: it may or may not have printed' },
  'not-sent': { zh: '发送前连接就断开了', en: 'the connection went away before sending' },
  'send-failed': { zh: '发送途中连接中断：可能已打印了一部分', en: 'the connection failed while sending; part of the receipt may have printed' },
  'no-answer': { zh: '数据发出后打印机没有回应：可能已打印，也可能没有', en: 'the printer stopped answering after the data was sent; the receipt may or may not have printed' },
  'no-completion': { zh: ['数据发出后 {timeoutMs:seconds} 秒内没有收到完成确认：可能已打印，也可能没有', '没有收到完成确认：可能已打印，也可能没有'], en: ['no completion answer within {timeoutMs:seconds} s after the data was sent; the receipt may or may not have printed', 'no completion answer; the receipt may or may not have printed'] },
  'connection-lost': { zh: '数据发出后连接中断：可能已打印，也可能没有', en: 'the connection was lost after the data was sent; the receipt may or may not have printed' },
  'stopped-while-held': { zh: '打印机暂停（{reason:conditions}）时打印服务停止了；排除故障后，打印机里还有数据就会打印', en: 'the spooler stopped while the printer held the job ({reason:conditions}); it prints if the printer still has it when the fault is cleared' },
  'expired-while-held': { zh: '打印机暂停（{reason:conditions}）期间任务过期；排除故障后，打印机里还有数据就会打印', en: 'the job expired while the printer held it ({reason:conditions}); it prints if the printer still has it when the fault is cleared' },
  cancelled: { zh: '发送前已由 {by} 取消', en: 'cancelled by {by} before it was sent' },
  unclear: { zh: '数据发出后等待打印结果时出错：可能已打印，也可能没有', en: ['{error}; the receipt may or may not have printed', 'the receipt may or may not have printed'] },
  other: { zh: '{text}', en: '{text}' },
};

/** The detail of a job in words: "暂停：缺纸". */
export function jobDetailText(detail: { code: string; params: Readonly<Record<string, unknown>> }, language: Language): string {
  const texts = JOB_DETAIL_TEXTS[detail.code] ?? JOB_DETAIL_TEXTS.other;
  return fillFirst(texts?.[language], detail.params, language, FORMATTERS) ?? String(detail.params.text ?? '');
}

