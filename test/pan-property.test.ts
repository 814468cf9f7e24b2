import Database from 'better-sqlite3';
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_NETWORKS, cardNetworkOf, containsPan, isGtin, luhnValid, maskPans, parseTransaction, type TransactionInput } from '../src/core/index.js';
import { runCli, tempDir } from './support/cli.js';
import { nthSale, retailSale, sale } from './support/fixtures.js';
import {
  anyLuhnPanArb,
  anyNetworkPanArb,
  checkDigit,
  DIGIT_ZEROS,
  disguisedPanArb,
  gtinArb,
  leakedIn,
  legitimateTextArb,
  merchantNoArb,
  networkPanArb,
  phoneArb,
  readsAsSaleId,
  saleIdArb,
} from './support/pan-disguises.js';

/*
 * Issue 9 item 8 / issue 16 item 1: card numbers of every network, in every separator
 * (. / _ , : spaces, zero-width characters, soft hyphens, ideographic space, full-width
 * full stops), every grouping, with stray digits, in every Unicode digit script — refused
 * everywhere and found in files and logs however they were written; and what a shop really
 * writes (merchant nos., references, vouchers, barcodes, dates, phones, amounts) accepted.
 */

const panArb = fc.oneof(anyNetworkPanArb.map((p) => p.pan), anyLuhnPanArb);

describe('the generators', () => {
  it('make Luhn-valid numbers of every network, of the network\'s lengths', () => {
    expect(checkDigit('424242424242424')).toBe(2);
    expect(checkDigit('37828224631000')).toBe(5);
    for (const network of CARD_NETWORKS) {
      fc.assert(
        fc.property(networkPanArb(network), (pan) => {
          expect(network.lengths).toContain(pan.length);
          expect(luhnValid(pan)).toBe(true);
          // One digit off is no longer a card number, so the check digit is doing the work.
          expect(luhnValid(`${pan.slice(0, -1)}${(Number(pan.at(-1)) + 1) % 10}`)).toBe(false);
        }),
        { numRuns: 50 },
      );
    }
  });

  it('write digits of every Unicode decimal digit set', () => {
    expect(DIGIT_ZEROS.length).toBeGreaterThan(60);
    expect(DIGIT_ZEROS).toEqual(expect.arrayContaining([0x30, 0x660, 0x6f0, 0x966, 0xe50, 0xff10, 0x104a0, 0x1d7ce]));
  });
});

describe('the detector', () => {
  it('finds every disguised card number, alone and inside text, as the input gate reads it', () => {
    fc.assert(
      fc.property(disguisedPanArb, fc.constantFrom(['', ''], ['卡号 ', ' 请核对'], ['card: ', '.'], ['（', '）'], ['Tel 021-12345678 card ', ' thanks']), ({ pan, network, written }, [before, after]) => {
        const text = `${before}${written}${after}`;
        // A value that is nothing but a sale id (8-6-6) is an identifier outside a sale's data (path parameters, id arguments).
        const saleIds = before === '' && readsAsSaleId(written) ? 'never' : 'whole';
        expect(containsPan(text, { saleIds }), `${network} ${pan} as ${JSON.stringify(written)}`).toBe(true);
      }),
      { numRuns: 8_000 },
    );
  });

  it('masks every disguised card number so that it cannot be read back, however the log is read', () => {
    fc.assert(
      // Logs read sale ids (8-6-6) part by part wherever they stand: Reissue writes them itself.
      fc.property(disguisedPanArb.filter(({ written }) => !readsAsSaleId(written)), ({ pan, written }) => {
        expect(leakedIn(maskPans(`path=/x?q=${written}&n=1`), [pan])).toEqual([]);
      }),
      { numRuns: 3_000 },
    );
  });

  it('takes no realistic shop value for a card number', () => {
    fc.assert(
      fc.property(legitimateTextArb, (text) => {
        expect(containsPan(text), JSON.stringify(text)).toBe(false);
        expect(maskPans(text)).toBe(text);
      }),
      { numRuns: 8_000 },
    );
  });

  it('reads every sale id as the identifier it is, where it is one', () => {
    fc.assert(
      fc.property(saleIdArb, fc.integer({ min: 0, max: 9 }), (id, copy) => {
        expect(containsPan(id, { saleIds: 'whole' })).toBe(false);
        expect(containsPan(`${id}.${copy}.K7QX2M9PZR4T8VWA`, { saleIds: 'whole' })).toBe(false);
        expect(containsPan(`GET /api/v1/transactions/${id}/receipt?format=pdf`)).toBe(false);
        expect(maskPans(`重打印 ${id} 第${copy}联`)).toBe(`重打印 ${id} 第${copy}联`);
      }),
      { numRuns: 5_000 },
    );
  });

  it('accepts every realistic merchant no. in merchant.id, and refuses every AmEx number there', () => {
    fc.assert(
      fc.property(merchantNoArb, (id) => {
        expect(parseTransaction(sale({ merchant: { id, name: '好又多' } })).merchant.id).toBe(id);
      }),
      { numRuns: 2_000 },
    );
    const amex = CARD_NETWORKS.find((n) => n.name === 'amex');
    if (!amex) throw new Error('no AmEx in the network table');
    fc.assert(
      fc.property(networkPanArb(amex), (id) => {
        expect(() => parseTransaction(sale({ merchant: { id, name: '好又多' } }))).toThrow(expect.objectContaining({ code: 'PAN_NOT_MASKED' }));
      }),
      { numRuns: 200 },
    );
  });
});

const trackData = (pan: string) =>
  fc
    .tuple(fc.constantFrom('2812', '3001'), fc.constantFrom('101', '201'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 12 }))
    .chain(([expiry, service, discretionary]) =>
      fc.constantFrom(
        `%B${pan}^ZHANG/SAN^${expiry}${service}${discretionary.join('')}?`,
        `;${pan}=${expiry}${service}${discretionary.join('')}?`,
        `${pan}=${expiry}${service}${discretionary.join('')}`,
        `${pan}D${expiry}${service}${discretionary.join('')}`,
      ),
    );

/** Counter text that shop staff really type, digits included, none of it card-like on its own. */
const words = fc.array(fc.constantFrom('卡号', 'card', 'No.', '请核对', 'Tel 021-12345678', '2026-11-27', '14:32', '会员', '￥12.50', 'thanks', 'x3', 'VIP', '退货', 'ref A1'), { maxLength: 4 });

/** The number alone, or inside free text with a non-digit next to it on each side. */
const inText = (written: string) =>
  fc.oneof(
    fc.constant(written),
    fc
      .tuple(words, fc.constantFrom(' ', '：', ': ', '#', '(', '，'), fc.constantFrom(' ', ')', '。', ', '), words)
      .map(([before, open, close, after]) => `${before.join(' ')}${open}${written}${close}${after.join(' ')}`),
  );

type Sale = Record<string, unknown> & { items: Record<string, unknown>[] };
/** Where a value can be put: returns the changed sale. */
type Placement = (sale: Sale, value: unknown, line: number) => Sale;

const setItem = (s: Sale, i: number, field: string, v: unknown) => ({ ...s, items: s.items.map((item, j) => (j === i ? { ...item, [field]: v } : item)) });

const STRING_FIELDS: Record<string, Placement> = {
  'card.masked': (s, v) => ({ ...s, card: { masked: v } }),
  note: (s, v) => ({ ...s, note: v }),
  'merchant.name': (s, v) => ({ ...s, merchant: { id: '898310058120123', name: v } }),
  'merchant.id': (s, v) => ({ ...s, merchant: { id: v, name: '好又多' } }),
  'store.address': (s, v) => ({ ...s, store: { name: '好又多超市', address: v } }),
  'store.phone': (s, v) => ({ ...s, store: { name: '好又多超市', phone: v } }),
  'items[i].name': (s, v, i) => setItem(s, i, 'name', v),
  'items[i].sku': (s, v, i) => setItem(s, i, 'sku', v),
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
  'items[i].quantity': (s, v, i) => setItem(s, i, 'quantity', v),
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
const placed = (fields: Record<string, Placement>, field: string, value: unknown, i: number, pretty: boolean) => toJson((fields[field] as Placement)(baseSale(), value, i), pretty);

const attemptArb: fc.Arbitrary<Attempt> = fc.oneof(
  {
    weight: 8,
    arbitrary: disguisedPanArb.chain(({ pan, written }) =>
      fc
        .tuple(fc.constantFrom(...Object.keys(STRING_FIELDS)), inText(written), line, layout)
        // A well-formed GTIN in an item's sku is a barcode, not a card number; 15 plain digits in merchant.id are a merchant
        // no. unless a card network issues numbers of that prefix and length (see core's transaction exemptions).
        .filter(([field, text]) => !(field === 'items[i].sku' && isGtin(text)) && !(field === 'merchant.id' && /^\d{15}$/.test(text) && cardNetworkOf(text) === undefined))
        .map(([field, text, i, pretty]): Attempt => ({ pan, field, json: placed(STRING_FIELDS, field, text, i, pretty), expected: 'PAN_NOT_MASKED' })),
    ),
  },
  {
    weight: 1,
    arbitrary: disguisedPanArb.chain(({ pan, written }) =>
      fc.tuple(fc.constantFrom(...Object.keys(KEY_FIELDS)), line, layout).map(([field, i, pretty]): Attempt => ({ pan, field, json: placed(KEY_FIELDS, field, written, i, pretty), expected: 'PAN_NOT_MASKED' })),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.oneof(anyNetworkPanArb.map((p) => ({ pan: p.pan, network: true })), anyLuhnPanArb.map((pan) => ({ pan, network: false }))), fc.constantFrom(...Object.keys(NUMBER_FIELDS)), line, layout, fc.integer({ min: 0, max: 12 })).map(([{ pan, network }, field, i, pretty, point]): Attempt => ({
      pan,
      field: `${field} (JSON number)`,
      // As written, or (a network's number, for which an irregular grouping is refused too) with a decimal point inside: 4111.111111111111.
      json: placed(NUMBER_FIELDS, field, RAW_NUMBER, i, pretty).replace(`"${RAW_NUMBER}"`, point === 0 || !network ? pan : `${pan.slice(0, point)}.${pan.slice(point)}`),
      expected: 'PAN_NOT_MASKED',
    })),
  },
  {
    weight: 1,
    arbitrary: panArb.chain((pan) =>
      fc.tuple(fc.constantFrom('note', 'receiptNo', 'store.address', 'items[i].name', 'unknown key'), trackData(pan), line, layout).map(([field, track, i, pretty]): Attempt => ({
        pan,
        field: `${field} (track data)`,
        json: placed(STRING_FIELDS, field, track, i, pretty),
        expected: 'CARD_SECRET_REFUSED',
      })),
    ),
  },
);

/** Realistic values in the fields that hold them, each accepted. */
const legitimateSaleArb: fc.Arbitrary<{ label: string; sale: (voucher: number) => TransactionInput }> = fc.oneof(
  merchantNoArb.map((id) => ({ label: `merchant.id ${id}`, sale: (v: number) => nthSale(v, { terminalId: '50000001', merchant: { id, name: '好又多' } }) })),
  legitimateTextArb.filter((t) => t.length <= 200).map((note) => ({ label: `note ${note}`, sale: (v: number) => nthSale(v, { terminalId: '50000001', note }) })),
  legitimateTextArb.filter((t) => t.length <= 120).map((address) => ({ label: `address ${address}`, sale: (v: number) => nthSale(v, { terminalId: '50000001', store: { name: '好又多', address } }) })),
  phoneArb.map((phone) => ({ label: `phone ${phone}`, sale: (v: number) => nthSale(v, { terminalId: '50000001', store: { name: '好又多', phone } }) })),
  gtinArb.map((sku) => ({
    label: `sku ${sku}`,
    sale: (v: number) => ({ ...retailSale({ voucherNo: String(v).padStart(6, '0'), terminalId: '50000002', occurredAt: (nthSale(v).occurredAt as string) }), items: [{ name: '可口可乐', sku, quantity: 2, unitPrice: '3.50' }, { name: '面', quantity: 1, unitPrice: '4.50' }, { name: '水', quantity: 3, unitPrice: '2.00' }] }),
  })),
);

let dir: ReturnType<typeof tempDir>;
let db: string;
/** A second connection kept open so that the CLI's close never checkpoints the WAL away. */
let holder: Database.Database | undefined;
const cli = (args: string[], stdin?: string) => runCli(dir.path, [...args, '--db', db], stdin === undefined ? {} : { stdin });
const generated: string[] = [];
const controls: string[] = [];
const output: string[] = [];
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
  it('refuses a disguised number of any network in any field, as a key, a JSON number or track data: exit 2, never echoed', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(attemptArb, async (attempt) => {
        runs += 1;
        generated.push(attempt.pan);
        if (runs % 10 === 0) await recordValidSale();
        const r = await cli(['record'], attempt.json);
        output.push(r.stdout, r.stderr);
        const context = `${attempt.field}: ${attempt.json}\n${r.stderr}`;
        expect(r.code, context).toBe(2);
        expect(r.stderr, context).toContain(`[${attempt.expected}]`);
        expect(r.stdout, context).toBe('');
        expect(leakedIn(r.stderr, [attempt.pan]), `${context}\nechoes the number`).toEqual([]);
      }),
      { numRuns: 400 },
    );
    expect(runs).toBeGreaterThanOrEqual(400);
  });

  it('records realistic shop values in the fields that hold them', async () => {
    let voucher = 0;
    await fc.assert(
      fc.asyncProperty(legitimateSaleArb, async ({ label, sale: make }) => {
        voucher += 1;
        const r = await cli(['record'], JSON.stringify(make(voucher)));
        expect(r.code, `${label}\n${r.stderr}`).toBe(0);
        expect(r.stdout).toMatch(/ recorded\n$/);
      }),
      { numRuns: 100 },
    );
  });

  it('accepts masked numbers and stores only the masked form', async () => {
    const maskedArb = panArb.chain((pan) => {
      const stars = '*'.repeat(Math.max(4, pan.length - 10));
      const bin = pan.slice(0, 6);
      return fc
        .constantFrom<[string, string, string | undefined]>(
          [`${bin}${stars}${pan.slice(-4)}`, `${bin}${stars}${pan.slice(-4)}`, bin],
          [`${bin.slice(0, 4)} ${bin.slice(4)}${stars.slice(0, 2)} ${stars.slice(2)}${pan.slice(-4)}`, `${bin}${stars}${pan.slice(-4)}`, bin],
          [`**** **** **** ${pan.slice(-4)}`, `************${pan.slice(-4)}`, undefined],
          [pan.slice(-4), `************${pan.slice(-4)}`, undefined],
        )
        .filter(([, masked]) => masked.length <= 19)
        .map(([input, masked, b]) => ({ pan, input, masked, bin: b }));
    });
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
        output.push(shown.stdout);
        const card = (JSON.parse(shown.stdout) as { transaction: { card: Record<string, unknown> } }).transaction.card;
        expect(card).toEqual(bin ? { masked, last4: pan.slice(-4), bin, entryMode: 'chip' } : { masked, last4: pan.slice(-4), entryMode: 'chip' });
      }),
      { numRuns: 60 },
    );
  });

  it('leaves no generated number in the database file, its WAL or anything printed, however written', async () => {
    await recordValidSale();
    const wal = `${db}-wal`;
    expect(existsSync(wal), 'the WAL file should exist while another connection is open').toBe(true);
    const files = { db: readFileSync(db), wal: readFileSync(wal), output: Buffer.from(output.join('\n')) };
    expect(files.wal.length).toBeGreaterThan(0);
    // The search must be able to find what was written, or finding nothing would prove nothing.
    const both = Buffer.concat([files.db, files.wal]);
    for (const marker of controls) expect(both.includes(marker), marker).toBe(true);
    expect(files.wal.includes(controls.at(-1) ?? '?')).toBe(true);
    // …and the normalised scan finds a number the way the attacks wrote it.
    const sample = generated[0] ?? '';
    expect(leakedIn(Buffer.from(`x ${[...sample].map((d) => String.fromCodePoint(0x660 + Number(d))).join('\u200d')} y`), [sample])).toEqual([sample]);
    expect(generated.length).toBeGreaterThanOrEqual(460);
    for (const [name, bytes] of Object.entries(files)) expect(leakedIn(bytes, generated), `${name} holds full card numbers`).toEqual([]);
  });
});
