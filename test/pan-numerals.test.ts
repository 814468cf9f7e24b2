import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/index.js';
import { sale } from './support/fixtures.js';
import { httpClient, type Who } from './support/http-client.js';
import { leakedIn } from './support/pan-disguises.js';
import { serverHarness, type Harness } from './support/server-harness.js';

/*
 * A card number as a person reads it at a glance, written in Chinese numerals or with its groups
 * joined by letters drawn as marks and characters no font draws (found by a reviewer: each was
 * recorded as written) — refused in a sale's note; and the numerals a shop writes every day
 * in addresses, dates, amounts in words and names still recorded.
 * The number is 4539 1488 0343 6467 (Visa, Luhn-valid).
 */
const P = '4539148803436467';
const inNumerals = (numerals: string) => [...P].map((d) => [...numerals][Number(d)]).join('');
const grouped = (separator: string) => (P.match(/.{4}/g) ?? []).join(separator);
const DISGUISED: { how: string; text: string }[] = [
  { how: 'Chinese numerals (小写)', text: inNumerals('零一二三四五六七八九') },
  { how: 'Chinese capital numerals (大写)', text: inNumerals('零壹贰叁肆伍陆柒捌玖') },
  { how: 'Chinese numerals with 〇, in groups', text: (inNumerals('〇一二三四五六七八九').match(/.{4}/g) ?? []).join(' ') },
  { how: 'U+A78F LATIN LETTER SINOLOGICAL DOT between groups', text: grouped('\ua78f') },
  { how: 'U+318D HANGUL LETTER ARAEA between groups', text: grouped('\u318d') },
  { how: 'U+02D0 MODIFIER LETTER TRIANGULAR COLON between groups', text: grouped('\u02d0') },
  { how: 'a private-use character between groups', text: grouped('\ue000') },
  { how: 'an unassigned code point between groups', text: grouped('\u0378') },
];

/** What a shop writes with numerals, none of it a card number. */
const ORDINARY: { what: string; note?: string; storeName?: string }[] = [
  { what: 'an address', note: '送货地址：上海市黄浦区人民路一二三号四楼' },
  { what: 'a room no.', note: '北京市朝阳区建国路八十八号 三号楼一二〇三室' },
  { what: 'a date', note: '二〇二六年十一月二十七日 补打' },
  { what: 'a year', note: '老顾客，一九九八年起在本店消费' },
  { what: 'an amount in words', note: '收款人民币壹佰贰拾捌元伍角整' },
  { what: 'a long amount in words', note: '大写：壹拾贰万叁仟肆佰伍拾陆元柒角捌分' },
  { what: 'a list and idioms', note: '一、二、三号柜台 三三两两 一五一十 九九归一 一一一一一一一一一一一一一一一一' },
  { what: 'a store name', storeName: '一二三四五六七便利店（第八分店）' },
  { what: 'a store name with a branch no.', storeName: '九九九超市 二〇一店' },
];

let h: Harness;
let client: ReturnType<typeof httpClient>;
let pos: Who;

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 0 });
  client = httpClient(createApp(h.deps));
  pos = await client.bearer('pos');
});
afterAll(async () => {
  await h?.close();
});

describe('card numbers in Chinese numerals or between letters drawn as marks', () => {
  it.each(DISGUISED.map((c, i) => ({ ...c, voucherNo: String(600 + i).padStart(6, '0') })))('refuses a sale whose note holds the number written with $how, and records nothing', async ({ text, voucherNo }) => {
    const response = await client.call('POST', '/api/v1/transactions', { as: pos, body: sale({ voucherNo, note: `卡号 ${text}` }) });
    const { text: answer } = await client.problem(response, 400, 'PAN_NOT_MASKED');
    expect(leakedIn(answer, [P])).toEqual([]);
  });

  it.each(ORDINARY.map((c, i) => ({ ...c, voucherNo: String(700 + i).padStart(6, '0') })))('records a sale with $what', async ({ note, storeName, voucherNo }) => {
    const body = sale({ voucherNo, ...(note ? { note } : {}), ...(storeName ? { store: { name: storeName } } : {}) });
    const response = await client.call('POST', '/api/v1/transactions', { as: pos, body });
    expect(response.status, await response.text()).toBe(201);
  });

  it('leaves none of them in the SQLite file, its WAL or the logs', () => {
    expect(leakedIn(h.logs.join('\n'), [P])).toEqual([]);
    for (const bytes of [readFileSync(h.db), readFileSync(`${h.db}-wal`)]) expect(leakedIn(bytes, [P])).toEqual([]);
  });
});
