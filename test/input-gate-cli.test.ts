import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';
import { nthSale, retailSale, sale } from './support/fixtures.js';
import { checkDigit, leakedIn } from './support/pan-disguises.js';
import { unpackPayload } from '../src/journal/packed-payload.js';
import { openStore } from '../src/app.js';
import { inspectInput } from '../src/core/index.js';
import { Journal } from '../src/journal/index.js';
import { verificationCode } from '../src/reprint/index.js';

/*
 * Issue 9 items 7, 12, 13 and 14 on the command line: every argument and every value of the
 * configuration file passes the gate; `record` reads each JSON value once and bounded, keeps
 * sale times in the configured window and journals who recorded each sale.
 */

const NOW = Date.parse('2026-11-27T08:00:00Z');
const PAN = `${'453914880343646'}${checkDigit('453914880343646')}`;
const DISGUISES = [PAN, (PAN.match(/.{4}/g) ?? []).join('.'), [...PAN].join('\u200d'), [...PAN].map((d) => String.fromCodePoint(0x966 + Number(d))).join(''), `9${PAN}`, `${PAN.slice(0, 7)} ${PAN.slice(7)}`];

let dir: ReturnType<typeof tempDir>;
const db = () => join(dir.path, 'j.db');
const cli = (args: string[], options: { stdin?: string; env?: Record<string, string | undefined> } = {}) => runCli(dir.path, [...args, '--db', db()], { now: NOW, ...options });

beforeEach(async () => {
  dir = tempDir('reissue-gate-cli-');
  expect((await cli(['record'], { stdin: JSON.stringify(sale()) })).code).toBe(0);
  await cli(['user', 'add', 'root', '--role', 'admin', '--operator-no', '99', '--password-stdin'], { stdin: 'root-password\n' });
});
afterEach(() => dir.remove());

/** Everything the journal file and its WAL hold, and what the command printed, checked for the number. */
function expectNoLeak(printed: string): void {
  expect(leakedIn(printed, [PAN])).toEqual([]);
  const files = [readFileSync(db())];
  try {
    files.push(readFileSync(`${db()}-wal`));
  } catch {
    // No WAL left after the last connection closed.
  }
  for (const bytes of files) expect(leakedIn(bytes, [PAN])).toEqual([]);
}

/** Runs each command and expects PAN_NOT_MASKED naming where (exit 2), the number nowhere: not printed, not in the file, not in the audit. */
async function expectRefused(attempts: readonly [string[], string][]): Promise<void> {
  for (const [args, where] of attempts) {
    const r = await cli(args, { stdin: 'root-password\n' });
    expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
    expect(r.stderr).toContain('[PAN_NOT_MASKED]');
    expect(r.stderr).toContain(where);
    expectNoLeak(r.stdout + r.stderr);
  }
  const audit = await cli(['audit', '--json']);
  expect(audit.code).toBe(0);
  expectNoLeak(audit.stdout);
}

describe('the gate for command-line arguments (issue 9 item 7)', () => {
  it.each(DISGUISES.map((text, i) => [i, text] as const))('refuses a card number in any argument (disguise %i), naming the option, exit 2', async (_, text) => {
    const attempts: [string[], string][] = [
      [['reprint', '10023456-000128-000457', '--reason', 'other', '--reason-text', `卡号 ${text}`, '--user', 'root', '--password-stdin'], '--reason-text'],
      [['reprint', '--ref', text, '--reason', 'customer_request', '--user', 'root', '--password-stdin'], '--ref'],
      [['find', `--ref=${text}`], '--ref'],
      [['audit', '--user', text], '--user'],
      [['user', 'add', text, '--role', 'cashier', '--by', 'root', '--password-stdin'], 'argument 2'],
      [['record', '--by', text], '--by'],
    ];
    await expectRefused(attempts);
  });

  it('refuses a control character in an argument', async () => {
    const r = await cli(['reprint', '10023456-000128-000457', '--reason', 'other', '--reason-text', 'jam\u202eevil', '--user', 'root', '--password-stdin'], { stdin: 'root-password\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[FORBIDDEN_CHARACTER]');
    expect(r.stderr).toContain('U+202E');
  });

  it('refuses a user name that is a card number in any spelling the name rules allow', async () => {
    for (const name of [PAN, (PAN.match(/.{4}/g) ?? []).join('.'), (PAN.match(/.{4}/g) ?? []).join('_'), (PAN.match(/.{4}/g) ?? []).join('-')]) {
      const r = await cli(['user', 'add', name, '--role', 'cashier', '--by', 'root', '--password-stdin'], { stdin: 'a long password\nroot-password\n' });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('[PAN_NOT_MASKED]');
    }
    expect((await cli(['user', 'list'])).stdout).not.toMatch(/\d{4}[._-]?\d{4}/);
  });
});

describe('a card number typed in a sale id\'s shape on the command line', () => {
  // The number across terminal, batch and voucher, two digits each side: a well-formed sale id.
  const shaped = `99${PAN.slice(0, 6)}-${PAN.slice(6, 12)}-${PAN.slice(12)}99`;
  const OLD = '10023456-000128-000457';

  it('is refused in any option (no option takes a sale id), reaching past an id, or as an id naming no sale; nothing journaled holds it', async () => {
    const attempts: [string[], string][] = [
      [['reprint', OLD, '--reason', 'other', '--reason-text', shaped, '--user', 'root', '--password-stdin'], '--reason-text'],
      [['reprint', '--ref', shaped, '--reason', 'customer_request', '--user', 'root', '--password-stdin'], '--ref'],
      [['reprint', '--last', '--terminal', shaped, '--reason', 'customer_request', '--user', 'root', '--password-stdin'], '--terminal'],
      [['report', '--terminal', shaped], '--terminal'],
      [['show', `${OLD}.x.${shaped}`], 'argument 1'],
      [['show', shaped], 'id'],
      [['reprint', shaped, '--reason', 'customer_request', '--printer', '127.0.0.1:9', '--user', 'root', '--password-stdin'], 'id'],
      // Where no sale id goes: a store id, a file, an argument too many (which the usage message would quote).
      [['store', 'set-id', shaped], 'argument 2'],
      [['hq', 'store', 'add', shaped, '--name', 'x'], 'argument 3'],
      [['backup', shaped], 'argument 1'],
      [['show', OLD, shaped], 'argument 2'],
    ];
    await expectRefused(attempts);
  });

  it('`check` takes a genuine receipt code whose digits line up deep into its signature (checked by the signature, not the gate)', async () => {
    // A batch no. that starts like a card (Mastercard's 2-series), as a date-numbered batch may.
    expect((await cli(['record'], { stdin: JSON.stringify(sale({ batchNo: '265551', voucherNo: '004327', referenceNo: '133041804327' })) })).code).toBe(0);
    const journal = new Journal({ store: await openStore(db()) });
    let code = '';
    try {
      const key = await journal.metaOnce('verificationKey', () => 'k'.repeat(64));
      const sold = await journal.get('10023456-265551-004327');
      for (let copy = 0; !code && copy < 10_000; copy++) {
        const candidate = verificationCode(key, sold, copy);
        if (inspectInput(candidate) !== undefined) code = candidate;
      }
    } finally {
      await journal.close();
    }
    expect(code, 'a code the gate would refuse').not.toBe('');
    const checked = await cli(['check', code]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain('genuine');
    // The gate still reads every other argument.
    const forged = await cli(['check', `${shaped}.0.${PAN}`]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain('not genuine');
    expectNoLeak(forged.stdout + forged.stderr);
  });

  it('a real sale whose id reads as a card number is shown by its id', async () => {
    const realId = '45000001-000128-000020';
    expect((await cli(['record'], { stdin: JSON.stringify(sale({ terminalId: '45000001', voucherNo: '000020', referenceNo: '133041800020' })) })).code).toBe(0);
    const shown = await cli(['show', realId]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(realId);
  });
});

describe('the gate for configuration values (issue 9 item 7)', () => {
  const withConfig = (config: string) => {
    writeFileSync(join(dir.path, 'reissue.config.json'), config);
    return cli(['record', '--config', 'reissue.config.json'], { stdin: JSON.stringify(sale({ voucherNo: '000458' })) });
  };

  it('refuses a card number in a configuration value, exit 5, never echoing it', async () => {
    for (const text of DISGUISES) {
      const r = await withConfig(JSON.stringify({ printers: [{ name: 'front', address: '127.0.0.1:9100', group: `卡 ${text}` }] }));
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr).toContain('[PAN_NOT_MASKED]');
      expect(r.stderr).toContain('printers[0].group');
      expectNoLeak(r.stderr);
    }
  });

  it('refuses a value in a sale id\'s shape whose digits read as a card number (no setting holds a sale id)', async () => {
    const shaped = `99${PAN.slice(0, 6)}-${PAN.slice(6, 12)}-${PAN.slice(12)}99`;
    const r = await withConfig(JSON.stringify({ printers: [{ name: 'front', address: '127.0.0.1:9100', group: shaped }] }));
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain('[PAN_NOT_MASKED]');
    expect(r.stderr).toContain('printers[0].group');
    expectNoLeak(r.stderr);
  });

  it('refuses a configuration file that repeats a key', async () => {
    const r = await withConfig('{"sales": {"acceptAhead": "5m"}, "sales": {"acceptAhead": "30d"}}');
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('[DUPLICATE_KEY]');
    expect(r.stderr).toContain('sales');
  });
});

describe('`reissue record` reads every value once, bounded (issue 9 items 12 and 14)', () => {
  it('refuses deeply nested JSON with exit 2 and a clear message, not a crash', async () => {
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    const r = await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000501' })).replace(/}$/, `,"extra":${deep}}`) });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('[INPUT_TOO_DEEP]');
    expect(r.stderr).toContain('more than 32 levels');
    expect(r.stderr).toContain('hint:');
  });

  it('refuses a repeated key in one JSON object and in an NDJSON line, naming line and field; nothing is recorded', async () => {
    const one = await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000502' })).replace('"amount":"128.50"', '"amount":"10.00","amount":"99999.00"') });
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('amount is given more than once');
    expect(one.stderr).toContain('[DUPLICATE_KEY]');
    const lines = [JSON.stringify(sale({ voucherNo: '000503' })), JSON.stringify(sale({ voucherNo: '000504' })).replace('"batchNo":"000128"', '"batchNo":"000128","batchNo":"000129"')].join('\n');
    const nd = await cli(['record'], { stdin: lines });
    expect(nd.code).toBe(2);
    expect(nd.stderr).toContain('line 2: batchNo is given more than once');
    expect((await cli(['show', '10023456-000128-000503'])).code).toBe(3);
  });

  it.each([
    ['NUL', '\u0000', 'U+0000'],
    ['a bidi override', '\u202d', 'U+202D'],
    ['a pop directional isolate', '\u2069', 'U+2069'],
  ])('refuses %s in a text field, naming the field', async (_, char, code) => {
    const r = await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000505', note: `ok${char}` })) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[FORBIDDEN_CHARACTER]');
    expect(r.stderr).toContain(`note contains a character no text may hold (${code})`);
  });

  it('takes "10" and then "10.00" as the same sale, refuses "010.00", and names a huge quantity for what it is', async () => {
    expect((await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000506', amount: '10' })) })).stdout).toBe('10023456-000128-000506 recorded\n');
    expect((await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000506', amount: '10.00' })) })).stdout).toBe('10023456-000128-000506 already on record\n');
    const zero = await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000507', amount: '010.00' })) });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('amount: has a leading zero ("010.00")');
    const huge = JSON.stringify({ ...retailSale({ voucherNo: '000508' }), discounts: undefined, payments: undefined, amount: '15.50' }).replace('"quantity":2', '"quantity":99999999999999999999');
    const r = await cli(['record'], { stdin: huge });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('items[0].quantity: is too large: at most 99999');
    expect(r.stderr).not.toContain('PAN_NOT_MASKED');
  });
});

describe('sale times and who recorded a sale (issue 9 item 13)', () => {
  const ahead = (ms: number) => new Date(NOW + ms).toISOString().replace('.000Z', '+00:00');

  it('refuses sales dated year 9999 or 0001, or more than 5 minutes ahead, naming occurredAt', async () => {
    for (const occurredAt of ['9999-12-31T23:59:59+08:00', '0001-01-01T00:00:00+00:00', ahead(6 * 60_000)]) {
      const r = await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000601', occurredAt })) });
      expect(r.code, occurredAt).toBe(2);
      expect(r.stderr).toContain('occurredAt:');
    }
    expect((await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000602', occurredAt: ahead(5 * 60_000) })) })).code).toBe(0);
  });

  it('takes the window from the configuration file (sales.acceptAhead, sales.acceptBack)', async () => {
    writeFileSync(join(dir.path, 'reissue.config.json'), JSON.stringify({ sales: { acceptAhead: '2h', acceptBack: '30d' } }));
    expect((await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000603', occurredAt: ahead(90 * 60_000) })) })).code).toBe(0);
    const old = await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000604', occurredAt: ahead(-31 * 86_400_000) })) });
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('further back than 30 days');
    writeFileSync(join(dir.path, 'reissue.config.json'), JSON.stringify({ sales: { acceptAhead: '2d' } }));
    expect((await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000605' })) })).code).toBe(5);
  });

  it('takes the window from the configuration beside the journal, as every other command does', async () => {
    const data = join(dir.path, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'reissue.config.json'), JSON.stringify({ sales: { acceptAhead: '2h' } }));
    const r = await runCli(dir.path, ['record', '--db', join(data, 'j.db')], { now: NOW, stdin: JSON.stringify(sale({ voucherNo: '000606', occurredAt: ahead(90 * 60_000) })) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('checks every line of a large import before the first is written', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => JSON.stringify(nthSale(i + 1, { terminalId: '70000001', occurredAt: i === 2400 ? '9999-01-01T00:00:00+00:00' : '2026-11-27T06:00:00+00:00' })));
    const r = await cli(['record'], { stdin: lines.join('\n') });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('line 2401');
    expect((await cli(['find', '--terminal', '70000001', '--json'])).stdout).not.toContain('70000001-');
  });

  it('journals who recorded a sale — --by NAME, else the operating-system user — inside the hashed payload', async () => {
    expect((await cli(['record', '--by', 'Li'], { stdin: JSON.stringify(sale({ voucherNo: '000611' })) })).code).toBe(0);
    expect((await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000612' })), env: { USER: 'alice' } })).code).toBe(0);
    const shown = (id: string) => cli(['show', id, '--json']).then((r) => JSON.parse(r.stdout) as { recordedBy?: unknown });
    expect((await shown('10023456-000128-000611')).recordedBy).toEqual({ via: 'cli', user: 'li' });
    expect((await shown('10023456-000128-000612')).recordedBy).toEqual({ via: 'cli', user: 'alice' });
    const file = new Database(db(), { readonly: true });
    try {
      const payload = unpackPayload((file.prepare("SELECT payload FROM events WHERE payload LIKE '%000612%' AND type = 'transaction.recorded'").get() as { payload: string }).payload);
      expect(payload).toContain('"recordedBy":{"user":"alice","via":"cli"}');
    } finally {
      file.close();
    }
    // The name is under the hash: the journal still verifies.
    expect((await cli(['verify'])).code).toBe(0);
    const bad = await cli(['record', '--by', 'wang li'], { stdin: JSON.stringify(sale({ voucherNo: '000613' })) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('INVALID_USER_NAME');
  });

  it('refuses an operating-system user whose first 64 characters, as kept, end in a card number, and one in a sale id\'s shape', async () => {
    // 48 letters, then the card number and more digits: the whole name is one 29-digit run, the kept 64 characters end in the card number.
    for (const USER of [`${'a'.repeat(48)}${PAN}0000000000000`, `AAAAAAAA-${PAN.slice(0, 6)}-${PAN.slice(6, 12)}.${PAN.slice(12)}`]) {
      const r = await cli(['record'], { stdin: JSON.stringify(sale({ voucherNo: '000614' })), env: { USER } });
      expect(r.code, USER).toBe(2);
      expect(r.stderr).toContain('PAN_NOT_MASKED');
      expect(leakedIn(`${r.stdout}${r.stderr}`, [PAN])).toEqual([]);
    }
    expect((await cli(['find', '--voucher', '000614', '--json'])).stdout).not.toContain('000614');
  });
});
