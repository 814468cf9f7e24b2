import type { Words } from './vocabulary.js';

/**
 * What a printer reports, as the spooler journals it ("paper out", "cover open" … — these
 * words are stored in the journal and stay as they are), with a stable code and the words
 * people read: the printers page shows `暂停：缺纸`, not `暂停：paper out`.
 */
export const PRINTER_CONDITIONS: Readonly<Record<string, Words & { code: string }>> = {
  ready: { code: 'ready', zh: '就绪', en: 'ready' },
  'not checked': { code: 'not-checked', zh: '尚未检查', en: 'not checked yet' },
  unreachable: { code: 'unreachable', zh: '无法连接', en: 'unreachable' },
  'not a printer': { code: 'not-a-printer', zh: '该地址不是打印机（检查地址和端口）', en: 'not a printer at that address (check the address and port)' },
  'paper out': { code: 'paper-out', zh: '缺纸', en: 'paper out' },
  'paper near end': { code: 'paper-near-end', zh: '纸将尽', en: 'paper near end' },
  'cover open': { code: 'cover-open', zh: '上盖打开', en: 'cover open' },
  'cutter error': { code: 'cutter-error', zh: '切刀卡纸', en: 'cutter jammed' },
  'unrecoverable error': { code: 'unrecoverable-error', zh: '打印机故障（需重启）', en: 'printer fault (needs a restart)' },
  'overheated (recovers by itself)': { code: 'overheated', zh: '打印头过热（会自行恢复）', en: 'print head overheated (recovers by itself)' },
  error: { code: 'error', zh: '打印机故障', en: 'printer fault' },
  offline: { code: 'offline', zh: '离线', en: 'offline' },
};

const SEPARATOR = /\s*,\s*/;

/** "paper out, cover open" → ["paper-out", "cover-open"]; an unknown word keeps itself. */
export function conditionCodes(text: string | readonly string[]): string[] {
  const parts = typeof text === 'string' ? text.split(SEPARATOR) : text;
  return parts.filter((p) => p !== '').map((p) => PRINTER_CONDITIONS[p]?.code ?? p);
}

/** "paper out, cover open" → "缺纸、上盖打开" / "paper out, cover open". */
export function conditionText(text: string | readonly string[], language: 'zh' | 'en'): string {
  const parts = typeof text === 'string' ? text.split(SEPARATOR) : text;
  return parts
    .filter((p) => p !== '')
    .map((p) => PRINTER_CONDITIONS[p]?.[language] ?? p)
    .join(language === 'zh' ? '、' : ', ');
}
