import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { cappedFileLog } from './file-log.js';
import type { CliIo } from './io.js';
import { chooseLogMode, consoleLine, logFileFor, serverLogging } from './server-console.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reissue-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('choosing how a running server reports', () => {
  it.each([
    [undefined, true, 'console'],
    [undefined, false, 'json'],
    ['json', true, 'json'],
    ['json', false, 'json'],
    ['text', false, 'console'],
    ['text', true, 'console'],
  ] as const)('--log-format %s with a terminal %s → %s', (flag, tty, mode) => {
    expect(chooseLogMode(flag, tty)).toBe(mode);
  });

  it('refuses another format, naming the ones there are', () => {
    expect(() => chooseLogMode('xml', true)).toThrow(InputError);
    expect(() => chooseLogMode('xml', true)).toThrow(/text, json/);
  });

  it('keeps the request log beside the SQLite journal, or under ./data for PostgreSQL', () => {
    expect(logFileFor('/srv/shop/data/reissue.db', '/srv/shop')).toBe('/srv/shop/data/reissue.log');
    expect(logFileFor('postgres://office@db/reissue', '/srv/office')).toBe('/srv/office/data/reissue.log');
  });
});

describe('the console line of a log record', () => {
  const at = '2026-11-27T06:30:05.000Z';
  it.each([
    [{ event: 'spooler.status', printer: 'counter', status: 'paper out', previous: 'ready' }, 'zh', /^\d\d:\d\d:\d\d 打印机 counter 故障：缺纸$/],
    [{ event: 'spooler.status', printer: 'counter', status: 'ready', previous: 'paper out' }, 'zh', /打印机 counter 已恢复正常$/],
    [{ event: 'spooler.status', printer: 'counter', status: 'unreachable', previous: 'ready' }, 'en', /printer counter: unreachable$/],
    [{ event: 'spooler.status', printer: 'counter', status: 'paper near end', previous: 'ready' }, 'zh', /打印机 counter 提醒：纸将尽$/],
    [{ event: 'reprint.issued', saleId: '10023456-000128-000457', copy: 2, user: 'li', approver: 'wang', printer: 'counter' }, 'zh', /补打：10023456-000128-000457 第 2 份（li，主管 wang 授权，counter）$/],
    [{ event: 'reprint.issued', saleId: 'S', copy: 1, user: 'li', approver: null, printer: 'counter' }, 'en', /reprint: duplicate 1 of S \(by li, on counter\)$/],
    [{ event: 'reprint.refused', code: 'APPROVAL_REQUIRED', rule: 'too-old', minutes: 10, saleId: 'S', user: 'li' }, 'zh', /拒绝补打 S（li）：需主管授权：超过 10 分钟$/],
    [{ event: 'login.locked', user: 'li', retryAfterMs: 300_000 }, 'zh', /登录已锁定：li，5 分钟后可再试$/],
    [{ event: 'server-error', code: 'JOURNAL_DAMAGED' }, 'en', /server error; see the log file$/],
  ] as const)('%j in %s', (record, language, line) => {
    expect(consoleLine({ at, ...record }, language)).toMatch(line);
  });

  it.each([
    { event: 'request', method: 'GET', path: '/api/v1/printers', status: 200 },
    { event: 'spooler.status', printer: 'counter', status: 'ready', previous: null },
    { event: 'spooler.retry', printer: 'counter' },
    { event: 'server.listening', url: 'http://127.0.0.1:8080' },
  ])('says nothing of routine %j', (record) => {
    expect(consoleLine({ at, ...record }, 'zh')).toBeUndefined();
  });
});

describe('the request log file', () => {
  it('appends lines, and at its size cap moves them to .1 and starts afresh, keeping one old file', () => {
    const path = join(dir, 'data', 'reissue.log');
    const log = cappedFileLog(path, 100);
    const line = (n: number) => `{"n":${n},"pad":"${'x'.repeat(30)}"}`;
    for (let n = 1; n <= 7; n++) log.write(line(n));
    log.close();
    // 40 bytes a line: two fit under 100, the third starts a new file.
    expect(readFileSync(path, 'utf8')).toBe(`${line(7)}\n`);
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(`${line(5)}\n${line(6)}\n`);
    expect(existsSync(`${path}.2`)).toBe(false);
  });

  it('continues an existing log after a restart instead of overwriting it', () => {
    const path = join(dir, 'reissue.log');
    const first = cappedFileLog(path);
    first.write('{"n":1}');
    first.close();
    const second = cappedFileLog(path);
    second.write('{"n":2}');
    second.close();
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
  });
});

describe('serverLogging', () => {
  const io = () => {
    const err: string[] = [];
    return { err, io: { stderr: (t: string) => err.push(t) } as unknown as CliIo };
  };

  it('in JSON mode writes every line to stderr and no file', () => {
    const { err, io: cli } = io();
    const logging = serverLogging('json', cli, 'en', join(dir, 'reissue.log'));
    logging.sink('{"event":"request","status":200}');
    logging.close();
    expect(err).toEqual(['{"event":"request","status":200}\n']);
    expect(existsSync(join(dir, 'reissue.log'))).toBe(false);
  });

  it('in console mode puts every line in the file and only notable ones, in words, on stderr', () => {
    const { err, io: cli } = io();
    const file = join(dir, 'reissue.log');
    const logging = serverLogging('console', cli, 'zh', file);
    const lines = [
      '{"at":"2026-11-27T06:30:05.000Z","event":"request","method":"GET","path":"/health","status":200}',
      '{"at":"2026-11-27T06:30:06.000Z","event":"spooler.status","printer":"counter","status":"paper out","previous":"ready"}',
      'not json at all',
    ];
    for (const line of lines) logging.sink(line);
    logging.close();
    expect(readFileSync(file, 'utf8')).toBe(`${lines.join('\n')}\n`);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/打印机 counter 故障：缺纸\n$/);
  });
});
