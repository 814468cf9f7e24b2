import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.js';
import { localiseError } from '../i18n/index.js';
import { RECEIPTS } from '../../test/support/captured-receipts.js';
import { recogniseFields } from './recognise.js';
import { DEFAULT_SOURCE_RULES, type SourceRules } from './receipt-fields.js';
import { captureRulesFromText, parseCaptureRules } from './rules-file.js';

const CAPTURED = Date.parse('2026-11-26T12:00:00Z');
const rules = (over: Partial<SourceRules> = {}): SourceRules => ({ ...DEFAULT_SOURCE_RULES, ...over });

describe('recogniseFields: the table of receipts', () => {
  for (const receipt of RECEIPTS) {
    it(receipt.name, () => {
      const fields = recogniseFields(receipt.text, rules(receipt.rules), CAPTURED);
      expect(fields).toEqual(receipt.fields);
    });
  }

  it('never gives a kitchen ticket or a report an amount', () => {
    for (const receipt of RECEIPTS.filter((r) => r.fields.amount === undefined)) {
      expect(recogniseFields(receipt.text, rules(receipt.rules), CAPTURED).amount).toBeUndefined();
    }
  });
});

describe('amounts', () => {
  const amount = (text: string, currency = 'CNY') => recogniseFields(text, rules({ currency }), CAPTURED).amount;

  it('takes the total over a subtotal, and a subtotal only when no total is printed', () => {
    expect(amount('SUBTOTAL 20.45\nTAX 1.64\nTOTAL 22.09', 'USD')).toEqual({ minor: 2209, currency: 'USD' });
    expect(amount('小计 20.45\n谢谢惠顾')).toEqual({ minor: 2045, currency: 'CNY' });
  });

  it('never takes cash tendered, change, discounts, tax or counts', () => {
    expect(amount('实收 200.00\n找零 71.50')).toBeUndefined();
    expect(amount('CASH TENDERED 30.00\nCHANGE 7.91\nYou saved 2.00', 'USD')).toBeUndefined();
    expect(amount('优惠金额 5.00\n增值税 1.20\n合计数量 3')).toBeUndefined();
    expect(amount('合计 3 件')).toBeUndefined();
  });

  it('reads a total that includes tax, thousands separators, 元 and a sign on the next line', () => {
    expect(amount('合计(含税)  1,234.50')).toEqual({ minor: 123450, currency: 'CNY' });
    expect(amount('应付 88元')).toEqual({ minor: 8800, currency: 'CNY' });
    expect(amount('金额(AMOUNT):\n   RMB -128.50')).toEqual({ minor: -12850, currency: 'CNY' });
    expect(amount('TOTAL  ¥ 99.00', 'USD')).toEqual({ minor: 9900, currency: 'CNY' });
  });

  it('does not read a date after a label as an amount', () => {
    expect(amount('合计 2026.11.26')).toBeUndefined();
  });
});

describe('printed time', () => {
  const at = (text: string, over: Partial<SourceRules> = {}, captured = CAPTURED) => recogniseFields(text, rules(over), captured).printedAt;

  it('reads the forms receipts print', () => {
    expect(at('2026-11-26 19:47:31')).toEqual({ local: '2026-11-26T19:47:31' });
    expect(at('2026/11/26 19:52')).toEqual({ local: '2026-11-26T19:52:00' });
    expect(at('2026年11月26日 20:31')).toEqual({ local: '2026-11-26T20:31:00' });
    expect(at('DATE: 2026/11/26\nTIME: 07:05:09')).toEqual({ local: '2026-11-26T07:05:09' });
    expect(at('26/11/2026  7:47 PM')).toEqual({ local: '2026-11-26T19:47:00' });
    expect(at('11/26/2026 12:05 AM')).toEqual({ local: '2026-11-26T00:05:00' });
  });

  it('reads 05/06/2026 as the source says, else as the date nearer the capture time', () => {
    expect(at('05/06/2026 10:00', { dateOrder: 'dmy' })).toEqual({ local: '2026-06-05T10:00:00' });
    expect(at('05/06/2026 10:00', { dateOrder: 'mdy' })).toEqual({ local: '2026-05-06T10:00:00' });
    expect(at('05/06/2026 10:00', {}, Date.parse('2026-06-05T03:00:00Z'))).toEqual({ local: '2026-06-05T10:00:00' });
    expect(at('05/06/2026 10:00', {}, Date.parse('2026-05-06T03:00:00Z'))).toEqual({ local: '2026-05-06T10:00:00' });
  });

  it('gives the instant in UTC when the source has a time zone', () => {
    expect(at('2026-11-26 19:47:31', { timeZone: 'Asia/Shanghai' })).toEqual({ local: '2026-11-26T19:47:31', utc: '2026-11-26T11:47:31.000Z' });
  });

  it('skips reprint lines, card expiry, impossible dates and a date without a time', () => {
    expect(at('重打印 2026/11/28 09:12:40\n日期/时间: 2026/11/27 14:32:05')).toEqual({ local: '2026-11-27T14:32:05' });
    expect(at('有效期(EXP DATE): 12/28\n2026-02-30 10:00\n2026-11-26')).toBeUndefined();
  });
});

function rulesError(raw: unknown): ConfigError {
  try {
    parseCaptureRules(raw, 'rules.json');
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error('the rules were accepted');
}

describe('rules files', () => {
  const file = {
    currency: 'CNY',
    sources: {
      'hk-cafe': { currency: 'HKD', dateOrder: 'dmy', timeZone: 'Asia/Hong_Kong' },
      canteen: { builtIn: false, fields: { amount: '应付款\\s*(?<amount>[\\d.]+)', printedAt: ['(?<year>\\d{4})(?<month>\\d\\d)(?<day>\\d\\d)-(?<hour>\\d\\d)(?<minute>\\d\\d)'] } },
    },
  };

  it("gives each source its own section over the file's top level", () => {
    const loaded = parseCaptureRules(file, 'rules.json');
    expect(loaded.forSource('hk-cafe')).toMatchObject({ currency: 'HKD', dateOrder: 'dmy', timeZone: 'Asia/Hong_Kong', builtIn: true });
    expect(loaded.forSource('anything-else')).toMatchObject({ currency: 'CNY', dateOrder: undefined, builtIn: true });
  });

  it("uses a source's own patterns, and only those when builtIn is false", () => {
    const canteen = parseCaptureRules(file, 'rules.json').forSource('canteen');
    const fields = recogniseFields('职工食堂\n应付款 12.5\n合计 99.00\n单 20261126-1215', canteen, CAPTURED);
    expect(fields).toEqual({ amount: { minor: 1250, currency: 'CNY' }, printedAt: { local: '2026-11-26T12:15:00' } });
  });

  it('names every problem with its path', () => {
    const bad = {
      currency: 'RMB',
      sources: {
        front: { dateOrder: 'ymd', fields: { amount: ['合计(?<total>\\d+)'], colour: ['x'] } },
        back: { timeZone: 'Mars/Base', fields: { voucherNo: ['(unclosed'], printedAt: ['(?<date>.+)'], batchNo: ['(?<batchNo>(\\d+)+)'] } },
      },
    };
    const error = rulesError(bad);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('BAD_RULES');
    expect(error.hint).toMatch(/rules\.json/);
    const paths = (error.context.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['sources.front.dateOrder', 'sources.front.fields']));
    // Shape problems come first; once the shape is right, the meaning of each value is checked.
    const shaped = { ...bad, sources: { ...bad.sources, front: { fields: { amount: ['合计(?<total>\\d+)'] } } } };
    const second = rulesError(shaped);
    const issues = second.context.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path)).toEqual([
      'currency',
      'sources.front.fields.amount[0]',
      'sources.back.timeZone',
      'sources.back.fields.printedAt[0]',
      'sources.back.fields.voucherNo[0]',
      'sources.back.fields.batchNo[0]',
    ]);
    expect(issues[1]?.message).toMatch(/\(\?<amount>/);
    expect(issues[4]?.message).toMatch(/not a regular expression/);
    expect(issues[5]?.message).toMatch(/take forever/);
    expect(second.message).toMatch(/^rules\.json: currency: "RMB" is not an ISO 4217 currency .* \(and 5 more\)$/);
    // Each problem in Chinese on the terminal, where the reader edits the file by these paths.
    const zh = localiseError(second, 'zh', 'cli');
    expect(zh.detail).toBe('rules.json：currency：不认识的币种“RMB”；另有 5 处需要改正');
    expect(zh.errors?.map((e) => e.message)).toEqual([
      'currency：不认识的币种“RMB”',
      'sources.front.fields.amount[0]：没有名为“amount”的分组：用 (?<amount>…) 括住要识别的那部分',
      'sources.back.timeZone：不认识的时区“Mars/Base”',
      'sources.back.fields.printedAt[0]：要用 (?<printedAt>…) 括住日期和时间，或者用 year、month、day、hour、minute 五个分组',
      'sources.back.fields.voucherNo[0]：不是有效的正则表达式',
      'sources.back.fields.batchNo[0]：重复的一组里面又有重复，遇到长小票可能要算很久；去掉外层的 + 或 *',
    ]);
    expect(localiseError(second, 'en', 'cli').errors?.[4]?.message).toMatch(/^sources\.back\.fields\.voucherNo\[0\]: is not a regular expression: Invalid regular expression: .*Unterminated group$/);
    expect(localiseError(rulesError({ sources: { 'front till': {} } }), 'zh', 'cli').detail).toBe('rules.json：sources.front till：“front till”不能用作来源名');
  });

  it('refuses a file that is not JSON, saying how to fix it', () => {
    expect(() => captureRulesFromText('{"sources": ', 'rules.json')).toThrow(expect.objectContaining({ code: 'BAD_RULES', hint: expect.stringMatching(/JSON object/) }));
    const notJson = (() => {
      try {
        captureRulesFromText('{"sources": ', 'rules.json');
      } catch (error) {
        return error as ConfigError;
      }
      throw new Error('the rules were accepted');
    })();
    expect(localiseError(notJson, 'zh')).toMatchObject({ detail: expect.stringMatching(/^rules\.json 不是有效的 JSON：/), hint: '改正 rules.json：它是一个 JSON 对象，如 {"sources": {"front": {"dateOrder": "dmy"}}}' });
  });
});

describe('the rules file in the README', () => {
  it('is valid, and does what it says', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /Recognition can be tuned[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const rules = captureRulesFromText(block ?? '', 'README.md');
    expect(rules.forSource('hk-cafe')).toMatchObject({ currency: 'HKD', dateOrder: 'dmy', timeZone: 'Asia/Hong_Kong' });
    expect(recogniseFields('食堂\n应付款 15.5', rules.forSource('canteen'), CAPTURED).amount).toEqual({ minor: 1550, currency: 'CNY' });
  });
});
