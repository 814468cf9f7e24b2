import { describe, expect, it } from 'vitest';
import { configFromText, defaultConfig, parseConfig } from './config-schema.js';
import { printerOutput } from './printer-output.js';
import { localiseIssue } from '../i18n/index.js';

const printers = [
  { name: 'counter', address: '192.168.1.50:9100', model: 'generic-80', group: 'front', backup: 'office' },
  { name: 'office', address: '192.168.1.51', model: 'epson-tm-t88' },
];

const issuesOf = (raw: unknown): { path: string; message: string }[] => {
  try {
    parseConfig(raw, 'reissue.config.json');
  } catch (error) {
    // Path and English words; the issue codes behind them are checked by the i18n tests.
    return (error as { context: { issues: { path: string; message: string }[] } }).context.issues.map(({ path, message }) => ({ path, message }));
  }
  throw new Error('expected the configuration to be refused');
};

describe('configuration', () => {
  it('reads printers with defaults filled in', () => {
    const config = parseConfig({ printers, defaultPrinter: 'counter', spooler: { expireAfter: '5m' } }, 'reissue.config.json');
    expect(config.printers[0]).toEqual({ name: 'counter', host: '192.168.1.50', port: 9100, model: 'generic-80', group: 'front', backup: 'office', cardSlip: 'none' });
    expect(config.printers[1]).toMatchObject({ host: '192.168.1.51', port: 9100, model: 'epson-tm-t88', backup: undefined });
    expect(config.spooler).toEqual({ expireAfterMs: 300_000, retryInitialMs: 1000, retryMaxMs: 30_000, failoverAfter: 3, ackTimeoutMs: 60_000, statusPollMs: 1000, cleanEveryMm: 150_000 });
  });

  it('reads USB and serial printers, and names a bad serial speed with its path', () => {
    const config = parseConfig({ printers: [{ name: 'usb', address: '/dev/usb/lp0' }, { name: 'com', address: 'serial:/dev/ttyUSB0:9600' }] }, 'reissue.config.json');
    expect(config.printers[0]).toMatchObject({ host: '', port: 0, device: { kind: 'device', path: '/dev/usb/lp0' } });
    expect(config.printers[1]).toMatchObject({ device: { kind: 'serial', path: '/dev/ttyUSB0', baud: 9600 } });
    const issues = issuesOf({ printers: [{ name: 'com', address: 'serial:/dev/ttyUSB0:9601' }] });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('printers[0].address');
    expect(issues[0]?.message).toContain('9601');
  });

  it('says which bank slips a printer adds to a card sale\'s receipt', () => {
    const config = parseConfig({ printers: [{ ...printers[1], cardSlip: 'both' }, { name: 'back', address: '10.0.0.9', cardSlip: 'merchant' }] }, 'reissue.config.json');
    expect(config.printers.map((p) => p.cardSlip)).toEqual(['both', 'merchant']);
  });

  it('has working built-in defaults', () => {
    expect(defaultConfig()).toMatchObject({ printers: [], defaultPrinter: undefined, spooler: { expireAfterMs: 600_000 } });
  });

  it('names every problem with its path', () => {
    expect(issuesOf({ printers: [{ ...printers[0], backup: 'nowhere' }] })).toEqual([{ path: 'printers[0].backup', message: 'names "nowhere", which is not a printer in this file' }]);
    expect(issuesOf({ printers: [printers[1], printers[1]] })[0]).toEqual({ path: 'printers[1].name', message: '"office" is used by two printers' });
    expect(issuesOf({ printers: [{ ...printers[1], backup: 'office' }] })[0]?.message).toBe('a printer cannot be its own backup');
    expect(issuesOf({ printers: [{ ...printers[0], address: '192.168.1.51:9100' }, printers[1]] })).toEqual([{ path: 'printers[0].backup', message: 'names "office", the same printer (192.168.1.51:9100): a backup must be another printer' }]);
    expect(issuesOf({ printers: [{ name: 'a', address: '/dev/usb/lp0', backup: 'b' }, { name: 'b', address: '/dev/usb/lp0' }] })[0]?.path).toBe('printers[0].backup');
    expect(issuesOf({ printers, taps: [{ source: 'pos', listen: '0.0.0.0:9100', printer: 'office', backup: '192.168.1.51:9100' }] })).toEqual([{ path: 'taps[0].backup', message: 'names "192.168.1.51:9100", the same printer (192.168.1.51:9100): a backup must be another printer' }]);
    expect(issuesOf({ printers: [{ ...printers[1], model: 'tm-9000' }] })[0]?.path).toBe('printers[0].model');
    expect(issuesOf({ printers: [{ ...printers[1], address: 'http://x' }] })[0]?.path).toBe('printers[0].address');
    expect(issuesOf({ printers: [{ ...printers[1], address: 'x:70000' }] })[0]?.message).toBe('port 70000 is out of range');
    expect(issuesOf({ printers: [{ ...printers[1], colour: 'red' }] })[0]?.path).toBe('printers[0]');
    expect(issuesOf({ spooler: { expireAfter: 'soon' } })[0]).toEqual({ path: 'spooler.expireAfter', message: '"soon" is not a duration (write 90s, 15m, 2h)' });
    expect(issuesOf({ spooler: { retryInitial: '1m', retryMax: '10s' } })[0]?.path).toBe('spooler.retryInitial');
    expect(issuesOf({ defaultPrinter: 'x' })[0]?.path).toBe('defaultPrinter');
    expect(issuesOf({ printers: [{ ...printers[1], cardSlip: 'all' }] })[0]?.path).toBe('printers[0].cardSlip');
  });

  it("reads the language a printer's receipts print in, which spooler and preview both use", () => {
    const config = parseConfig({ printers: [{ ...printers[1], language: 'zh' }, { name: 'bar', address: '10.0.0.9', model: 'generic-58' }] }, 'reissue.config.json');
    expect(config.printers[0]?.language).toBe('zh');
    expect(printerOutput(config, 'office', 'generic-80')).toEqual({ printer: 'epson-tm-t88', language: 'zh' });
    expect(printerOutput(config, 'bar', 'generic-80')).toEqual({ printer: 'generic-58' });
    // A printer only named by its address prints as the model it resolved to, in each receipt's own language.
    expect(printerOutput(config, '10.0.0.7:9100', 'generic-80')).toEqual({ printer: 'generic-80' });
    expect(issuesOf({ printers: [{ ...printers[1], language: 'fr' }] })[0]?.path).toBe('printers[0].language');
  });

  it('takes printer names by the one rule the spooler uses', () => {
    expect(issuesOf({ printers: [{ ...printers[1], name: 'front.desk' }] })[0]).toEqual({ path: 'printers[0].name', message: 'a printer name is 1–32 letters, digits, - or _, e.g. "front" or "kitchen-2"' });
    expect(issuesOf({ printers: [{ ...printers[1], name: 'x'.repeat(33) }] })[0]?.path).toBe('printers[0].name');
  });

  it('says which file is not JSON, with a hint', () => {
    expect(() => configFromText('{printers: []', '/etc/reissue.json')).toThrow(/\/etc\/reissue.json is not valid JSON/);
    expect(() => configFromText('{"printers": 3}', 'x.json')).toThrow(expect.objectContaining({ code: 'BAD_CONFIG', hint: expect.stringContaining('fix x.json') }));
  });

  it('reads taps with their defaults, printers by name or address', () => {
    const config = parseConfig(
      {
        printers,
        taps: [
          { source: 'front-till', listen: '0.0.0.0:9100', printer: 'counter', backup: 'office', rules: 'rules.json' },
          { source: 'bar', lpd: '0.0.0.0:515', printer: '192.168.1.60:9100', paper: '58', codePage: '437', idleGap: '500ms', fallback: 'data/bar.jsonl' },
        ],
      },
      'reissue.config.json',
    );
    expect(config.taps).toEqual([
      { source: 'front-till', listen: { host: '0.0.0.0', port: 9100 }, lpd: undefined, printer: 'counter', backup: 'office', rules: 'rules.json', paper: '80', kanji: true, idleGapMs: 2000, fallback: undefined },
      { source: 'bar', listen: undefined, lpd: { host: '0.0.0.0', port: 515 }, printer: '192.168.1.60:9100', backup: undefined, rules: undefined, paper: '58', kanji: false, idleGapMs: 500, fallback: 'data/bar.jsonl' },
    ]);
    expect(defaultConfig().taps).toEqual([]);
  });

  it('names every problem of a tap with its path, in Chinese and English', () => {
    const tap = { source: 'front-till', listen: '0.0.0.0:9100', printer: 'counter' };
    const refused = (taps: unknown[]) => {
      try {
        parseConfig({ printers, taps }, 'reissue.config.json');
      } catch (error) {
        return (error as { context: { issues: { path: string; message: string; code?: string; params?: Record<string, unknown> }[] } }).context.issues;
      }
      throw new Error('expected the taps to be refused');
    };
    expect(refused([tap, { ...tap, listen: '0.0.0.0:9101' }]).map((i) => [i.path, i.message])).toEqual([['taps[1].source', '"front-till" is the source of two taps']]);
    expect(refused([tap, { ...tap, source: 'bar' }]).map((i) => [i.path, i.message])).toEqual([['taps[1].listen', '0.0.0.0:9100 is also where taps[0].listen listens']]);
    expect(refused([{ ...tap, listen: '9100' }]).map((i) => i.path)).toEqual(['taps[0].listen']);
    expect(refused([{ source: 'x', printer: 'counter' }]).map((i) => [i.path, i.code])).toEqual([['taps[0].listen', 'TAP_LISTEN_REQUIRED']]);
    expect(refused([{ ...tap, printer: 'kitchen' }]).map((i) => i.path)).toEqual(['taps[0].printer']);
    expect(refused([{ ...tap, backup: 'counter' }]).map((i) => i.message)).toEqual(['a printer cannot be its own backup']);
    expect(refused([{ ...tap, backup: 'serial:/dev/ttyUSB0:12345' }]).map((i) => i.path)).toEqual(['taps[0].backup']);
    expect(refused([{ ...tap, source: 'front till' }]).map((i) => i.path)).toEqual(['taps[0].source']);
    expect(refused([{ ...tap, idleGap: 'soon' }]).map((i) => i.path)).toEqual(['taps[0].idleGap']);
    expect(refused([{ ...tap, colour: 'red' }]).map((i) => i.path)).toEqual(['taps[0]']);
    const [issue] = refused([{ ...tap, printer: 'kitchen' }]);
    if (!issue) throw new Error('no issue');
    expect(localiseIssue(issue, 'zh')).toBe('第 1 个小票采集 打印机：“kitchen”不是本文件里的打印机，也不是打印机地址（写打印机名称、主机:端口、USB 打印机设备文件的完整路径，或者 serial: 加串口设备的完整路径和速率）');
    expect(localiseIssue(issue, 'en')).toBe('tap 1: printer names "kitchen", which is neither a printer in this file nor a printer address (HOST:PORT, /dev/usb/lp0 or serial:/dev/ttyUSB0:9600)');
    const [taken] = refused([tap, { ...tap, source: 'bar' }]);
    if (!taken) throw new Error('no issue');
    expect(localiseIssue(taken, 'zh')).toBe('第 2 个小票采集 监听地址：0.0.0.0:9100 已被 taps[0].listen 使用');
  });

  it('reads the taps of the README\'s example as it says', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /Run it with the server[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    const config = configFromText((block ?? '').replace(/^ {2}/gm, ''), 'README.md');
    expect(config.taps).toEqual([expect.objectContaining({ source: 'front-till', listen: { host: '0.0.0.0', port: 9100 }, printer: 'front', backup: 'spare', idleGapMs: 2000 })]);
  });
});
