import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../../test/support/errors.js';
import { containsPan, luhnValid, parseMaskedCard } from './card.js';
import { maskPans, saleIdHidingCardNumber } from './pan-scan.js';

const VISA = '4111111111111111';
const UNIONPAY = '6225881234564242';
const AMEX = '378282246310005';

/** Every digit of `text` written in the decimal digits of the script whose zero is `zero`. */
const inScript = (text: string, zero: number) => text.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
const grouped = (pan: string, separator: string) => (pan.match(/.{1,4}/g) ?? []).join(separator);

describe('containsPan: disguises that were accepted and stored (issue 9 item 8)', () => {
  it.each([
    ['dots', grouped(VISA, '.')],
    ['underscores', grouped(VISA, '_')],
    ['slashes', grouped(VISA, '/')],
    ['commas', grouped(VISA, ',')],
    ['colons', grouped(VISA, ':')],
    ['a mix of separators', '4111.1111/1111_1111'],
    // Letters an input method gives for a dash (found as stored in the last session's note).
    ['the long vowel mark ー', grouped(VISA, 'ー')],
    ['its half-width form ｰ', grouped(VISA, 'ｰ')],
    ['the ideograph 一', grouped(UNIONPAY, '一')],
    ['the Kangxi radical ⼀', grouped(UNIONPAY, '⼀')],
    ['bopomofo ㄧ', grouped(VISA, 'ㄧ')],
    ['Hangul ㅡ', grouped(VISA, 'ㅡ')],
    ['the modifier macron ˉ', grouped(VISA, 'ˉ')],
    ['bopomofo ㄦ, on the Zhuyin keyboard\'s dash key', grouped(VISA, 'ㄦ')],
    ['the stroke 丨', grouped(UNIONPAY, '丨')],
    ['the macron below ˍ', grouped(VISA, 'ˍ')],
    ['full-width full stops', grouped(VISA, '．')],
    ['ideographic spaces', grouped(VISA, '\u3000')],
    ['zero-width spaces', [...VISA].join('\u200b')],
    ['zero-width non-joiners', grouped(VISA, '\u200c')],
    ['zero-width joiners', grouped(VISA, '\u200d')],
    ['word joiners', grouped(VISA, '\u2060')],
    ['soft hyphens', [...UNIONPAY].join('\u00ad')],
    ['a bidi override inside', `${VISA.slice(0, 8)}\u202e${VISA.slice(8)}`],
    ['combining marks on the digits', [...VISA].join('\u0301')],
    ['an irregular grouping 7 + 9', '4111111 111111111'],
    ['an irregular grouping 2 + 14', '41 11111111111111'],
    ['an irregular grouping in text', `卡号 6225 881 2345 642 42 请核对`],
    ['a leading extra digit', '94111111111111111'],
    ['a trailing extra digit', `${VISA}7`],
    ['two stray digits around it', `9${VISA}3`],
    ['a stray digit in front of a grouped number', '94111 1111 1111 1111'],
    ['Arabic-Indic digits', inScript(VISA, 0x0660)],
    ['Extended Arabic-Indic digits', inScript(VISA, 0x06f0)],
    ['Devanagari digits', inScript(UNIONPAY, 0x0966)],
    ['Bengali digits', inScript(UNIONPAY, 0x09e6)],
    ['Thai digits', inScript(VISA, 0x0e50)],
    ['Myanmar digits', inScript(VISA, 0x1040)],
    ['Mongolian digits', inScript(VISA, 0x1810)],
    ['Osmanya digits (outside the BMP)', inScript(VISA, 0x104a0)],
    ['mathematical bold digits', inScript(VISA, 0x1d7ce)],
    ['digits of two scripts mixed', `${inScript(VISA.slice(0, 8), 0x0660)}${inScript(VISA.slice(8), 0x0966)}`],
    ['circled digits', '④①①①①①①①①①①①①①①①'],
    // Digits NFKC leaves alone (reviewer's finding): dingbat circled ones, and the Suzhou numerals of Chinese prices.
    ['negative circled dingbat digits', grouped(VISA.replace(/[0-9]/g, (d) => '⓿❶❷❸❹❺❻❼❽❾'[Number(d)] ?? ''), ' ')],
    ['circled sans-serif dingbat digits', VISA.replace(/[1-9]/g, (d) => String.fromCharCode(0x2780 + Number(d) - 1))],
    ['negative circled sans-serif dingbat digits', VISA.replace(/[1-9]/g, (d) => String.fromCharCode(0x278a + Number(d) - 1))],
    ['double circled digits', grouped(VISA.replace(/[1-9]/g, (d) => String.fromCharCode(0x24f5 + Number(d) - 1)), ' ')],
    ['Suzhou numerals', grouped(UNIONPAY.replace(/[0-9]/g, (d) => (d === '0' ? '〇' : String.fromCharCode(0x3021 + Number(d) - 1))), ' ')],
  ])('finds a card number written with %s', (_, text) => {
    expect(containsPan(text)).toBe(true);
  });

  it.each([
    ['hides one digit', '41111111*1111'],
    ['hides three digits', '411111***1111111'],
    ['shows nine leading digits', '411111111****1111'],
    ['shows digits in the middle', '4111 11** 11** 1111'],
    ['hides one digit, after a proper mask', '**** 4242 41111111*1111'],
  ])('refuses a masked number in free text that %s', (_, text) => {
    expect(containsPan(`card ${text} thanks`)).toBe(true);
  });

  it.each([
    ['URL-escaped hyphens', grouped(VISA, '%2D')],
    ['URL-escaped spaces', grouped(UNIONPAY, '%20')],
    ['URL-escaped slashes, lower case', grouped(VISA, '%2f')],
    ['escapes escaped again', grouped(VISA, '%252D')],
    ['every digit escaped', [...VISA].map((d) => `%3${d}`).join('')],
    ['full-width digits escaped as UTF-8', encodeURIComponent(inScript(VISA, 0xff10))],
  ])('finds a card number written with %s (a form or a link decodes them)', (_, text) => {
    expect(containsPan(`reason=${text}&x=1`)).toBe(true);
    const masked = maskPans(`reason=${text}`);
    // Only the last four digits are left; the masked text is the decoded one.
    expect(masked).toMatch(/^reason=[^0-9%]*(1111|4242)$/);
    expect(masked.replace(/[^*]/g, '')).toHaveLength(12);
    expect(containsPan(masked)).toBe(false);
  });

  it('leaves escapes that hide no card number as they are', () => {
    for (const text of ['50%25 off on 2026%2D11%2D27', 'a%ZZ b %2', '100% of 12345678901 points']) {
      expect(containsPan(text), text).toBe(false);
      expect(maskPans(text)).toBe(text);
    }
  });

  it('an AmEx number is found however it is grouped', () => {
    for (const text of [AMEX, '3782 822463 10005', '378282 246310005', '3782.8224.6310.005']) expect(containsPan(text), text).toBe(true);
  });
});

describe('containsPan: what a shop writes is not taken for a card number', () => {
  it.each([
    ['a 15-digit merchant no.', '898310058120123'],
    ['another merchant no.', '102310048990001'],
    ['a 12-digit reference no.', '133041825567'],
    ['a 6-digit voucher no.', '000457'],
    ['a sale id', '10023456-000128-000457'],
    ['a sale id whose terminal starts like a card', '36123456-000128-000457'],
    ['a verification code', '10023456-000128-000457.2.Xk3q9'],
    ['an ISO time', '2026-11-27T14:32:05+08:00'],
    ['a date and time', '2026-11-27 14:32:05'],
    ['a date with slashes', '2026/11/27 14:32'],
    ['a Chinese date', '2026年11月27日 14时32分'],
    ['a mobile number', '13800138000'],
    ['a grouped mobile number', '+86 138 0013 8000'],
    ['a landline', '021-12345678'],
    ['a landline with the country code', '+86 21 6123 4567'],
    ['an amount', '￥1,234.56'],
    ['an amount with its date', '128.50 on 2026-11-27'],
    ['a masked card', '6225 88** **** 4242'],
    ['a last-4 mask', '**** **** **** 4242'],
    ['a masked card beside its amount on a receipt line', '银行卡 **** 4242          128.50'],
    ['a 28-digit WeChat Pay transaction no.', '4200001234202611271234567890'],
    ['a 28-digit Alipay trade no.', '2026112722001412341234567890'],
    ['the same card number twice in a row', `${VISA}${VISA}`],
    ['a Japanese phone no. with long vowel marks', '03ー1234ー5678'],
    ['words with ー and 一 beside figures', 'コーヒー 2杯 一1234一5678 第一1234567'],
    // Numbers written next to each other with only separators between can line up, with ー as with "-": a word between them keeps them apart.
    ['a postcode and phone nos. with words between', '〒460ー9893 名古屋市 TEL 052ー123ー4567 FAX 052ー123ー4568'],
    ['a date with 一 and a time', '2026一11一27 14:32'],
  ])('%s (%j)', (_, text) => {
    expect(containsPan(text)).toBe(false);
  });
});

/** VISA, UNIONPAY … written in Chinese numerals: `numerals` gives the ten digits' numerals. */
const inNumerals = (text: string, numerals: string) => text.replace(/[0-9]/g, (d) => [...numerals][Number(d)] ?? d);
const SMALL = '零一二三四五六七八九';
const CAPITAL = '零壹贰叁肆伍陆柒捌玖';

describe('containsPan: a card number written in Chinese numerals or with letters drawn as marks (found by a reviewer)', () => {
  // 4539 1488 0343 6467: the review's Visa number.
  const REVIEWED = '4539148803436467';
  it.each([
    ['Chinese numerals (小写)', inNumerals(REVIEWED, SMALL)],
    ['Chinese numerals with 〇', inNumerals(REVIEWED, '〇一二三四五六七八九')],
    ['capital numerals (大写)', inNumerals(REVIEWED, CAPITAL)],
    ['traditional capital numerals', inNumerals(UNIONPAY, '零壹貳參肆伍陸柒捌玖')],
    ['Chinese numerals in groups of four', grouped(inNumerals(UNIONPAY, SMALL), ' ')],
    ['Chinese numerals grouped with 、', grouped(inNumerals(VISA, SMALL), '、')],
    ['numerals as read out (幺 for 1, 两 for 2)', inNumerals(UNIONPAY, '零幺两三四五六七八九')],
    ['Chinese and Suzhou numerals mixed', inNumerals(UNIONPAY, '〇〡〢〣〤〥〦〧〨〩').replace(/〡/g, '一')],
    ['13 numerals (a 13-digit Visa)', inNumerals('4222222222222', SMALL)],
    ['U+A78F LATIN LETTER SINOLOGICAL DOT', grouped(REVIEWED, '\ua78f')],
    ['U+318D HANGUL LETTER ARAEA', grouped(REVIEWED, '\u318d')],
    ['U+02D0 MODIFIER LETTER TRIANGULAR COLON', grouped(REVIEWED, '\u02d0')],
    ['U+02BC MODIFIER LETTER APOSTROPHE', grouped(VISA, '\u02bc')],
    ['U+3005 IDEOGRAPHIC ITERATION MARK', grouped(VISA, '\u3005')],
    ['a private-use character', grouped(REVIEWED, '\ue000')],
    ['a private-use character outside the BMP', grouped(REVIEWED, '\u{f0000}')],
    ['an unassigned code point', grouped(REVIEWED, '\u0378')],
    ['the noncharacter U+FFFF', grouped(REVIEWED, '\uffff')],
  ])('%s (%j)', (_, text) => {
    expect(containsPan(`卡号 ${text}`)).toBe(true);
    expect(containsPan(text)).toBe(true);
    expect(maskPans(`卡号 ${text}`)).not.toMatch(/\d{7}/);
  });

  it.each([
    ['an address', '上海市黄浦区人民路一二三号四楼'],
    ['an address with a room no.', '北京市朝阳区建国路八十八号 三号楼一二〇三室'],
    ['a date', '二〇二六年十一月二十七日'],
    ['a year', '一九九八年开业'],
    ['an amount in words on a receipt', '人民币壹佰贰拾元整'],
    ['a long amount in words', '金额大写：壹拾贰万叁仟肆佰伍拾陆元柒角捌分'],
    ['a store name', '一二三四五六七便利店（第八分店）'],
    ['a list', '一、二、三、四、五、六、七、八、九、十'],
    ['a line drawn with 一', '一一一一一一一一一一一一一一一一一一一一一一一一'],
    ['words with numerals', '三三两两 一五一十 七上八下 九九归一 一二三四五六七八九十'],
    ['numerals beside a phone no.', '一二三号 电话 138 0013 8000 五六七八'],
    ['twelve numerals (a phone no. read out)', '幺三八零零幺三八零零零'],
    ['a dash 一 between figures', '2026一11一27 一二三四五六七八九〇一二'],
  ])('not %s (%j)', (_, text) => {
    expect(containsPan(text)).toBe(false);
  });

  it('reads 一 as a dash between digits still, and as a 1 only among enough numerals', () => {
    expect(containsPan(grouped(UNIONPAY, '一'))).toBe(true);
    expect(containsPan('6225一8812一3456一4242')).toBe(true);
    expect(containsPan(inNumerals(UNIONPAY, SMALL).slice(0, 12))).toBe(false);
  });
});

describe('sale ids: read part by part only where they are what they look like', () => {
  // 6480230293110240695 is a Luhn-valid 19-digit Discover number; with a 0 in front it has the shape of a sale id (8-6-6).
  const asSaleId = '06480230-293110-240695';

  it("reads a sale id part by part in Reissue's own text (logs, receipts, journal events)", () => {
    expect(containsPan(asSaleId)).toBe(false);
    expect(containsPan(`GET /api/v1/transactions/${asSaleId}/receipt`)).toBe(false);
  });

  it('in outside input, only when the value is the sale id and nothing else (a path parameter, an id argument)', () => {
    expect(containsPan(asSaleId, { saleIds: 'whole' })).toBe(false);
    expect(containsPan(`${asSaleId}.1.K7QX2M9PZR4T8VWA`, { saleIds: 'whole' })).toBe(false);
    expect(containsPan(`卡号 ${asSaleId} 请核对`, { saleIds: 'whole' })).toBe(true);
  });

  it("never in a sale's own data", () => {
    expect(containsPan(asSaleId, { saleIds: 'never' })).toBe(true);
  });

  it('not when letters in the terminal leave a card number of 13–19 digits (Card4111-111111-111111)', () => {
    for (const disguised of ['Card4111-111111-111111', 'ABCD4111-111111-111111.2', 'abcdefg4-111111-111119']) {
      const digits = disguised.replace(/\.\d+$/, '').replace(/\D/g, '');
      expect(luhnValid(digits), disguised).toBe(true);
      for (const saleIds of ['anywhere', 'whole', 'never'] as const) expect(containsPan(disguised, { saleIds }), `${disguised} (${saleIds})`).toBe(true);
      expect(maskPans(`GET /api/v1/transactions/${disguised}`)).not.toContain('111111-111111');
    }
    // A terminal with letters whose digits are no card number stays an id.
    expect(containsPan('POS12345-000128-000457', { saleIds: 'whole' })).toBe(false);
  });
});

describe('saleIdHidingCardNumber: a whole sale id only a lookup can tell from a card number', () => {
  const shaped = `99${VISA.slice(0, 6)}-${VISA.slice(6, 12)}-${VISA.slice(12)}99`;

  it('gives the id of a value whose id alone, read as one number, holds a card number', () => {
    expect(containsPan(shaped, { saleIds: 'whole' })).toBe(false);
    expect(saleIdHidingCardNumber(shaped)).toEqual({ saleId: shaped });
    // With a copy no. after it (a verification code), and spaces around the hyphens (a wrapped line).
    expect(saleIdHidingCardNumber(`${shaped}.2`)).toEqual({ saleId: shaped });
    expect(saleIdHidingCardNumber(` 99${VISA.slice(0, 6)} - ${VISA.slice(6, 12)} - ${VISA.slice(12)}99 `)).toEqual({ saleId: shaped });
    // One real id in eight is such an id too: 45000001-000128-000020 is a sale's id, and reads as one.
    expect(saleIdHidingCardNumber('45000001-000128-000020')).toEqual({ saleId: '45000001-000128-000020' });
  });

  it('with its copy no. (up to 4 digits) and the first digits of a code\'s signature: a genuine receipt code whose digits line up is the sale\'s to vouch for', () => {
    // A real sale's code (the original's QR) that reads as a card number only with its copy no.
    expect(saleIdHidingCardNumber('89812926-000580-268690.0.NVQ1KXD91HHVS7FR')).toEqual({ saleId: '89812926-000580-268690' });
    expect(saleIdHidingCardNumber(`AAAAAAAA-${VISA.slice(0, 6)}-${VISA.slice(6, 12)}.${VISA.slice(12)}`)).toEqual({ saleId: `AAAAAAAA-${VISA.slice(0, 6)}-${VISA.slice(6, 12)}` });
  });

  it('a card number reaching further is one however real the id', () => {
    expect(saleIdHidingCardNumber(`AAAAAAAA-000000-000000.${VISA.slice(0, 8)}.${VISA.slice(8)}`)).toBe('beyond-the-id');
    expect(saleIdHidingCardNumber(`10023456-000128-000457.x.${shaped}`)).toBe('beyond-the-id');
    expect(saleIdHidingCardNumber(`10023456-000128-000457.1.${shaped}.pdf`)).toBe('beyond-the-id');
  });

  it('nothing for an id whose digits hold none (a verification code, a link\'s token), or for text that is more than an id', () => {
    expect(saleIdHidingCardNumber('10023456-000128-000457')).toBeUndefined();
    expect(saleIdHidingCardNumber('10023456-000128-000457.3.ABCDEFGH23456KMN')).toBeUndefined();
    expect(saleIdHidingCardNumber(`note ${shaped}`)).toBeUndefined();
    expect(saleIdHidingCardNumber(VISA)).toBeUndefined();
  });
});

describe('parseMaskedCard: a mask hides all but BIN and last 4, at least 4 digits', () => {
  it.each(['41111111*1111', '41111111**1111', '4111111***1111', '622588***4242'])('refuses %j, which Luhn could restore, with PAN_NOT_MASKED', (input) => {
    const error = inputErrorOf(() => parseMaskedCard(input));
    expect(error.code).toBe('PAN_NOT_MASKED');
    expect(error.message).not.toMatch(/\d{4}/);
  });

  it.each([
    ['dots', grouped(VISA, '.')],
    ['zero-width joiners', grouped(VISA, '\u200d')],
    ['Arabic-Indic digits', inScript(VISA, 0x0660)],
    ['irregular groups', '4111111 111111111'],
  ])('refuses a full number written with %s, never echoing its digits', (_, input) => {
    const error = inputErrorOf(() => parseMaskedCard(input));
    expect(error.code).toBe('PAN_NOT_MASKED');
    expect(error.message).not.toMatch(/\p{Nd}{2}/u);
  });

  it('reads a masked number in other digits and widths as its ASCII form', () => {
    expect(parseMaskedCard('６２２５８８＊＊＊＊＊＊４２４２')).toEqual({ masked: '622588******4242', last4: '4242', bin: '622588' });
    expect(parseMaskedCard(`**** ${inScript('4242', 0x0660)}`)).toEqual({ masked: '****4242', last4: '4242' });
  });

  it('never echoes the digits of a refused mask, in any script', () => {
    const error = inputErrorOf(() => parseMaskedCard(`card ${inScript('41111111', 0x0660)}`));
    expect(error.code).toBe('BAD_CARD');
    expect(error.message).not.toMatch(/\p{Nd}/u);
  });
});
