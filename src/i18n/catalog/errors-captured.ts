import { messages } from './types.js';

/** Captured receipts in the journal: finding them by their printed text, showing and reprinting them. */
export const CAPTURED_ERRORS = messages('staff', {
  CAPTURE_NOT_FOUND: {
    zh: { title: '找不到这张小票', detail: ['没有编号为 {id} 的收银机小票记录', '没有这张收银机小票的记录'], hint: '按时间和金额查找，或按小票上的文字查找' },
    en: { title: 'Captured receipt not found', detail: ['no captured receipt {id} on record', 'that captured receipt is not on record'], hint: 'look it up by time and amount, or by words printed on it', cliHint: 'look it up with `reissue find` (by time and amount, or --text)' },
  },
  CAPTURE_NOT_ORIGINAL: {
    zh: { title: '只能重印', detail: ['{id} 是收银机自己打印的小票，本系统只能打印它的重印凭证', '收银机自己打印的小票，本系统只能打印它的重印凭证'], hint: '请用“重印”' },
    en: { title: 'Duplicates only', detail: ['{id} is a captured receipt: its POS printed the original; only duplicates of it are printed here', 'its POS printed the original; only duplicates of it are printed here'], hint: 'reprint it as a duplicate', cliHint: 'reprint it as a duplicate (`reissue reprint ID`)' },
  },
  CAPTURE_NO_TEMPLATE: {
    zh: { title: '不能换版式', detail: ['{id} 是收银机打印的小票，重印时按它原来的样子打印', '收银机打印的小票按原来的样子重印'], hint: '不要选版式或联别' },
    en: { title: 'No layout choice', detail: ['{id} is a captured receipt: its duplicate prints as the POS printed it', 'a captured receipt reprints as the POS printed it'], hint: 'leave the layout and copy out', cliHint: 'leave --template and --copy out' },
  },
  INVALID_CAPTURE: {
    audience: 'integrator',
    zh: { title: '不是有效的收银机小票记录', detail: ['不是 reissue tap 记录的小票：{path}', '不是 reissue tap 记录的小票'], hint: '收银机小票只能由 reissue tap 记录' },
    en: { title: 'Not a captured receipt', detail: ['not a captured job as `reissue tap` makes them: {path}', 'not a captured job as `reissue tap` makes them'], hint: 'captured jobs are made by `reissue tap`; this one was changed or made by hand' },
  },
  NO_RULES_FILE: {
    audience: 'operator',
    zh: { title: '没有识别规则文件', detail: ['{file} 没有识别规则文件', '没有识别规则文件'], hint: ['检查 {given} 给出的路径（相对于配置文件所在的文件夹）', '检查 --rules 给出的路径'] },
    en: { title: 'No rules file', detail: ['there is no rules file at {file}', 'there is no rules file'], hint: ['check the path given with {given} (relative to the configuration file\'s folder)', 'check the path given with --rules'] },
  },
  BAD_TEXT_QUERY: {
    zh: { title: '查找的文字不对', detail: ['请给 1 到 {max} 个词，每个词不超过 {length} 个字', '查找的词太多或太长'], hint: '例如：拿铁 LATTE' },
    en: { title: 'Bad words to look for', detail: ['give 1 to {max} words of at most {length} characters to look for', 'too many or too long words to look for'], hint: 'e.g. 拿铁 LATTE', cliHint: 'e.g. --text "拿铁 LATTE"' },
  },
  BAD_ORIGIN: {
    zh: { title: '来源不对', detail: ['不认识的来源“{value}”', '不认识的来源'], hint: '可选：sale（交易）、capture（收银机小票）' },
    en: { title: 'Unknown origin', detail: ['unknown origin "{value}"', 'unknown origin'], hint: 'use one of {allowed:list}' },
  },
});
