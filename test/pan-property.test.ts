import Database from 'better-sqlite3';
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGtin, luhnValid, type TransactionInput } from '../src/core/index.js';
import { runCli, tempDir } from './support/cli.js';
import { nthSale, retailSale } from './support/fixtures.js';

/** The digit that makes `body` + digit pass Luhn: the rightmost body digit is doubled. */
function checkDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

const digit = fc.integer({ min: 0, max: 9 });

/** Any Luhn-valid card number of 13–19 digits: a random prefix completed with its check digit. */
const panArb = fc
  .integer({ min: 13, max: 19 })
  .chain((length) => fc.tuple(fc.integer({ min: 1, max: 9 }), fc.array(digit, { minLength: length - 2, maxLength: length - 2 })))
  .map(([first, rest]) => {
    const body = `${first}${rest.join('')}`;
    return `${body}${checkDigit(body)}`;
  });

const grouped = (pan: string, separator: string) => (pan.match(/.{1,4}/g) ?? []).join(separator);
/** Every way a test writes a number, so that none of them may show up in output or on disk. */
const writtenForms = (pan: string) => [pan, grouped(pan, ' '), grouped(pan, '-')];

const writtenPan = (pan: string) => fc.constantFrom(pan, grouped(pan, ' '), grouped(pan, '-'));

/** Counter text that shop staff really type, digits included, none of it card-like on its own. */
const words = fc.array(fc.constantFrom('卡号', 'card', 'No.', '请核对', 'Tel 021-12345678', '2026-11-27', '14:32', '会员', '￥12.50', 'thanks', 'x3', 'VIP', '退货', 'ref A1'), {
  maxLength: 4,
});

/** The number alone, or inside free text with a non-digit next to it on each side. */
const panText = (pan: string) =>
  fc.oneof(
    writtenPan(pan),
    fc
      .tuple(words, fc.constantFrom(' ', '：', ': ', '#', '(', '，'), writtenPan(pan), fc.constantFrom(' ', ')', '。', ', '), words)
      .map(([before, open, written, close, after]) => `${before.join(' ')}${open}${written}${close}${after.join(' ')}`),
  );

const trackData = (pan: string) =>
  fc
    .tuple(fc.constantFrom('2812', '3001'), fc.constantFrom('101', '201'), fc.array(digit, { minLength: 7, maxLength: 12 }))
    .chain(([expiry, service, discretionary]) =>
      fc.constantFrom(
        `%B${pan}^ZHANG/SAN^${expiry}${service}${discretionary.join('')}?`,
        `;${pan}=${expiry}${service}${discretionary.join('')}?`,
        `${pan}=${expiry}${service}${discretionary.join('')}`,
        `${pan}D${expiry}${service}${discretionary.join('')}`,
      ),
    );

type Sale = Record<string, unknown> & { items: Record<string, unknown>[] };
/** Where a value can be put: returns the changed sale. */
type Placement = (sale: Sale, value: unknown, line: number) => Sale;

const STRING_FIELDS: Record<string, Placement> = {
  'card.masked': (s, v) => ({ ...s, card: { masked: v } }),
  note: (s, v) => ({ ...s, note: v }),
  'merchant.name': (s, v) => ({ ...s, merchant: { id: '898310058120123', name: v } }),
  'store.address': (s, v) => ({ ...s, store: { name: '好又多超市', address: v } }),
  'store.phone': (s, v) => ({ ...s, store: { name: '好又多超市', phone: v } }),
  'items[i].name': (s, v, i) => ({ ...s, items: s.items.map((item, j) => (j === i ? { ...item, name: v } : item)) }),
  'items[i].sku': (s, v, i) => ({ ...s, items: s.items.map((item, j) => (j === i ? { ...item, sku: v } : item)) }),
  receiptNo: (s, v) => ({ ...s, receiptNo: v }),
  'payments[0].reference': (s, v) => ({ ...s, payments: [{ method: 'card', amount: '16.50', reference: v }] }),
  'discounts[0].name': (s, v) => ({ ...s, discounts: [{ name: v, amount: '1.00' }] }),
  'unknown key': (s, v) => ({ ...s, memo: v }),
  'unknown nested key': (s, v) => ({ ...s, extra: { loyalty: { cardNo: v } } }),
  'unknown array': (s, v) => ({ ...s, tags: ['vip', v] }),
};

const KEY_FIELDS: Record<string, Placement> = {
  'unknown key name': (s, v) => ({ ...s, [String(v)]: 'x' }),
  'nested unknown key name': (s, v) => ({ ...s, extra: { [String(v)]: true } }),
};

/** JSON number fields: the digits go into the JSON text as written, even past 2^53. */
const RAW_NUMBER = '__RAW_NUMBER__';
const NUMBER_FIELDS: Record<string, Placement> = {
  'items[i].quantity': (s, v, i) => ({ ...s, items: s.items.map((item, j) => (j === i ? { ...item, quantity: v } : item)) }),
  amount: (s, v) => ({ ...s, amount: v }),
  'unknown number': (s, v) => ({ ...s, memberNo: v }),
};

interface Attempt {
  pan: string;
  field: string;
  json: string;
  expected: 'PAN_NOT_MASKED' | 'CARD_SECRET_REFUSED';
}

const baseSale = (): Sale => retailSale({ voucherNo: '000777' }) as unknown as Sale;
const line = fc.integer({ min: 0, max: 2 });
const layout = fc.boolean();
const toJson = (value: unknown, pretty: boolean) => (pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value));

const attemptArb: fc.Arbitrary<Attempt> = panArb.chain((pan) =>
  fc.oneof(
    // A well-formed GTIN in an item's sku is a barcode, not a card number (see isGtin).
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...Object.keys(STRING_FIELDS)), panText(pan), line, layout).filter(([field, text]) => !(field === 'items[i].sku' && isGtin(text))).map(([field, text, i, pretty]): Attempt => ({ pan, field, json: toJson((STRING_FIELDS[field] as Placement)(baseSale(), text, i), pretty), expected: 'PAN_NOT_MASKED' })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...Object.keys(KEY_FIELDS)), panText(pan), line, layout).map(([field, text, i, pretty]): Attempt => ({ pan, field, json: toJson((KEY_FIELDS[field] as Placement)(baseSale(), text, i), pretty), expected: 'PAN_NOT_MASKED' })) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...Object.keys(NUMBER_FIELDS)), line, layout).map(([field, i, pretty]): Attempt => ({
        pan,
        field,
        json: toJson((NUMBER_FIELDS[field] as Placement)(baseSale(), RAW_NUMBER, i), pretty).replace(`"${RAW_NUMBER}"`, pan),
        expected: 'PAN_NOT_MASKED',
      })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom('note', 'receiptNo', 'store.address', 'items[i].name', 'unknown key'), trackData(pan), line, layout).map(([field, track, i, pretty]): Attempt => ({
        pan,
        field: `${field} (track data)`,
        json: toJson((STRING_FIELDS[field] as Placement)(baseSale(), track, i), pretty),
        expected: 'CARD_SECRET_REFUSED',
      })),
    },
  ),
);

let dir: ReturnType<typeof tempDir>;
let db: string;
/** A second connection kept open so that the CLI's close never checkpoints the WAL away. */
let holder: Database.Database | undefined;
const cli = (args: string[], stdin?: string) => runCli(dir.path, [...args, '--db', db], stdin === undefined ? {} : { stdin });
const generated: string[] = [];
const controls: string[] = [];
let validSales = 0;

async function recordValidSale(): Promise<void> {
  validSales += 1;
  const marker = `control-sale-${validSales}-ok`;
  const r = await cli(['record'], JSON.stringify(nthSale(validSales, { terminalId: '30000001', note: marker })));
  expect(r.code, r.stderr).toBe(0);
  controls.push(marker);
}

beforeAll(async () => {
  dir = tempDir('reissue-pan-');
  db = join(dir.path, 'journal.db');
  await recordValidSale();
  holder = new Database(db);
  // A connection only joins the WAL at its first read; until then the CLI's close would remove the WAL.
  holder.prepare('SELECT count(*) FROM events').get();
});

afterAll(() => {
  holder?.close();
  dir.remove();
});

describe('card numbers never get past `reissue record`', () => {
  it('the generator makes Luhn-valid numbers of 13–19 digits', () => {
    expect(checkDigit('424242424242424')).toBe(2);
    expect(checkDigit('37828224631000')).toBe(5);
    fc.assert(
      fc.property(panArb, (pan) => {
        expect(pan).toMatch(/^[1-9]\d{12,18}$/);
        expect(luhnValid(pan)).toBe(true);
        // One digit off is no longer a card number, so the check digit is doing the work.
        const last = Number(pan.at(-1));
        expect(luhnValid(`${pan.slice(0, -1)}${(last + 1) % 10}`)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a full number in any field, exit 2, without echoing it', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(attemptArb, async (attempt) => {
        runs += 1;
        generated.push(attempt.pan);
        if (runs % 5 === 0) await recordValidSale();
        const r = await cli(['record'], attempt.json);
        const context = `${attempt.field}: ${attempt.json}\n${r.stderr}`;
        expect(r.code, context).toBe(2);
        expect(r.stderr, context).toContain(`[${attempt.expected}]`);
        expect(r.stdout, context).toBe('');
        for (const form of writtenForms(attempt.pan)) {
          expect(r.stdout.includes(form) || r.stderr.includes(form), `${context}\nechoes ${form}`).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
    expect(runs).toBeGreaterThanOrEqual(200);
  });

  it('accepts masked numbers and stores only the masked form', async () => {
    const maskedArb = panArb.chain((pan) =>
      fc.constantFrom<[string, string, string | undefined]>(
        [`${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`, `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`, pan.slice(0, 6)],
        [grouped(`${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`, ' '), `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`, pan.slice(0, 6)],
        [`**** **** **** ${pan.slice(-4)}`, `************${pan.slice(-4)}`, undefined],
        [pan.slice(-4), `************${pan.slice(-4)}`, undefined],
      ).map(([input, masked, bin]) => ({ pan, input, masked, bin })),
    );
    let voucher = 0;
    await fc.assert(
      fc.asyncProperty(maskedArb, async ({ pan, input, masked, bin }) => {
        voucher += 1;
        generated.push(pan);
        const sale: TransactionInput = nthSale(voucher, { terminalId: '40000001', card: { masked: input, entryMode: 'chip' } });
        const r = await cli(['record'], JSON.stringify(sale));
        expect(r.code, `${input}: ${r.stderr}`).toBe(0);
        const id = `40000001-000128-${String(voucher).padStart(6, '0')}`;
        expect(r.stdout).toBe(`${id} recorded\n`);
        const shown = await cli(['show', id, '--json']);
        const card = (JSON.parse(shown.stdout) as { transaction: { card: Record<string, unknown> } }).transaction.card;
        expect(card).toEqual(bin ? { masked, last4: pan.slice(-4), bin, entryMode: 'chip' } : { masked, last4: pan.slice(-4), entryMode: 'chip' });
        expect(shown.stdout).not.toContain(pan);
      }),
      { numRuns: 60 },
    );
  });

  it('leaves no generated number in the database file or its WAL', async () => {
    await recordValidSale();
    const wal = `${db}-wal`;
    expect(existsSync(wal), 'the WAL file should exist while another connection is open').toBe(true);
    const files = { db: readFileSync(db), wal: readFileSync(wal) };
    expect(files.wal.length).toBeGreaterThan(0);
    // The search must be able to find what was written, or finding nothing would prove nothing.
    const both = Buffer.concat([files.db, files.wal]);
    for (const marker of controls) expect(both.includes(marker), marker).toBe(true);
    expect(files.wal.includes(controls.at(-1) ?? '?')).toBe(true);
    expect(generated.length).toBeGreaterThanOrEqual(260);
    for (const [name, bytes] of Object.entries(files)) {
      const leaked = generated.filter((pan) => writtenForms(pan).some((form) => bytes.includes(form)));
      expect(leaked, `${name} holds full card numbers`).toEqual([]);
    }
  });
});
