import { FORMATTERS } from '../formatters.js';
import type { Language } from '../language.js';
import { fill, type Params } from '../template.js';

/**
 * Notes an answer carries beside its result, by code: not errors (the answer stands), but
 * something the reader must know to trust it — a search read on a standby that lags.
 */
export const NOTICE_TEXTS = {
  REPLICA_BEHIND: {
    zh: '结果来自只读副本，它比主库落后 {bytes} 字节的日志：刚推送的交易可能还没出现，请稍后再查',
    en: 'these results come from the read replica, {bytes} bytes of log behind the primary: sales pushed a moment ago may not show yet; search again shortly',
  },
  REPLICA_CAUGHT_UP: {
    zh: '结果来自只读副本，它已跟上主库',
    en: 'these results come from the read replica, which has caught up with the primary',
  },
} as const satisfies Record<string, Record<Language, string>>;

export type NoticeCode = keyof typeof NOTICE_TEXTS;

export function noticeText(code: NoticeCode, params: Params, language: Language): string {
  const template: string = NOTICE_TEXTS[code][language];
  // A value left out drops its number, never shows "{bytes}".
  return fill(template, params, language, FORMATTERS) ?? template.replace(/ ?\{[^}]*\} ?/g, ' ');
}
