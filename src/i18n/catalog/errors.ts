import { AUTH_ERRORS } from './errors-auth.js';
import { CAPTURE_ERRORS } from './errors-capture.js';
import { CAPTURED_ERRORS } from './errors-captured.js';
import { CLI_ERRORS } from './errors-cli.js';
import { CORE_ERRORS } from './errors-core.js';
import { DEVICE_ERRORS } from './errors-device.js';
import { JOURNAL_ERRORS } from './errors-journal.js';
import { OUTPUT_ERRORS } from './errors-output.js';
import { PRINTER_ERRORS } from './errors-printer.js';
import { REPRINT_ERRORS } from './errors-reprint.js';
import { SERVER_ERRORS } from './errors-server.js';
import { SYNC_ERRORS } from './errors-sync.js';
import type { MessageCatalog } from './types.js';
import type { Words } from './vocabulary.js';

const SECTIONS: readonly MessageCatalog[] = [CORE_ERRORS, JOURNAL_ERRORS, AUTH_ERRORS, REPRINT_ERRORS, PRINTER_ERRORS, DEVICE_ERRORS, CAPTURE_ERRORS, CAPTURED_ERRORS, OUTPUT_ERRORS, SERVER_ERRORS, CLI_ERRORS, SYNC_ERRORS];

function merged(): MessageCatalog {
  const all: Record<string, MessageCatalog[string]> = {};
  for (const section of SECTIONS) {
    for (const [code, entry] of Object.entries(section)) {
      if (all[code]) throw new Error(`message ${code} is in two catalog sections`);
      all[code] = entry;
    }
  }
  return all;
}

/** Every error code's texts in Chinese and English (one catalog for server, CLI and web). */
export const ERRORS: MessageCatalog = merged();

/** A heading for an error whose code the catalog lacks (a test keeps that from happening), by its kind. */
export const KIND_TITLES: Readonly<Record<string, Words>> = {
  input: { zh: '输入有误', en: 'Bad request' },
  unauthorized: { zh: '未登录', en: 'Not signed in' },
  forbidden: { zh: '不允许', en: 'Not allowed' },
  throttled: { zh: '尝试次数太多', en: 'Too many attempts' },
  'not-found': { zh: '没有找到', en: 'Not found' },
  conflict: { zh: '与已有记录冲突', en: 'Conflict with the record' },
  integrity: { zh: '日志校验失败', en: 'Journal integrity failure' },
  config: { zh: '服务器设置有误', en: 'Server configuration problem' },
  unavailable: { zh: '暂时无法使用', en: 'Service unavailable' },
  internal: { zh: '内部错误', en: 'Internal error' },
  http: { zh: '请求出错', en: 'HTTP error' },
};
