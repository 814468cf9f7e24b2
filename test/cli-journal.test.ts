import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nthSale, sale } from './support/fixtures.js';
import { runCli, tempDir } from './support/cli.js';
import { onBothEngines } from './support/engines.js';
import { tamperSqlite } from './support/tamper.js';
import { Journal, WITHDRAWN_LINKS_META, restoreJournal, type TransactionRecordedPayload } from '../src/journal/index.js';
import { verifyJournal } from '../src/journal/verify.js';

type EventRowLike = { terminalId: string; seq: number; hash: string };
import { journalFiles, openStore, restoreTarget } from '../src/app.js';
import { verificationCode } from '../src/reprint/index.js';
import { eventHash } from '../src/journal/hash-chain.js';
import { transactionsTable } from '../src/journal/journal-tables.js';
import { transactionRow } from '../src/journal/projection.js';
import { unpackPayload } from '../src/journal/packed-payload.js';

let dir: ReturnType<typeof tempDir>;
let db: string;
const cli = (args: string[], options = {}) => runCli(dir.path, [...args, '--db', db], options);
const ndjson = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';

beforeEach(() => {
  dir = tempDir();
  db = join(dir.path, 'journal.db');
});
afterEach(() => dir.remove());

const tamper = tamperSqlite;

/**
 * SQL that rewrites terminal 10023456's chain from event `seq` on: its payload edited and
 * every hash from it recomputed, so the chain is whole again (what plain verify cannot see).
 */
function rehashFrom(file: string, seq: number, edit: (payload: string) => string): string {
  // Edited as canonical JSON (a packed sale unpacked first) and written back so: the journal reads both.
  const handle = new Database(file, { readonly: true });
  const rows = handle.prepare("SELECT id, store_id, terminal_id, seq, type, recorded_at, payload, prev_hash FROM events WHERE terminal_id = '10023456' AND seq >= ? ORDER BY seq").all(seq - 1) as Record<string, string | number>[];
  handle.close();
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const statements: string[] = [];
  const literal = (v: unknown) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? '1' : '0') : quote(String(v)));
  let prevHash = '';
  for (const row of rows) {
    const event = { storeId: String(row.store_id), terminalId: String(row.terminal_id), seq: Number(row.seq), type: String(row.type), recordedAt: String(row.recorded_at), payload: unpackPayload(String(row.payload)), prevHash: String(row.prev_hash) };
    if (event.seq === seq - 1) {
      prevHash = eventHash(event);
      continue;
    }
    const payload = event.seq === seq ? edit(event.payload) : event.payload;
    if (event.seq === seq) {
      // Its search-index row made to agree, as the attacker would.
      const index = transactionRow((JSON.parse(payload) as TransactionRecordedPayload).transaction, Number(row.id), null) as unknown as Record<string, unknown>;
      statements.push(`UPDATE transactions SET ${transactionsTable.columns.map((c) => `${c.name} = ${literal(index[c.key])}`).join(', ')} WHERE event_id = ${row.id}`);
    }
    const hash = eventHash({ ...event, payload, prevHash });
    statements.push(`UPDATE events SET payload = ${quote(payload)}, prev_hash = ${quote(prevHash)}, hash = ${quote(hash)} WHERE id = ${row.id}`);
    prevHash = hash;
  }
  return statements.join(';\n');
}

describe('reissue init / record / show', () => {
  it('creates a journal with the store time zone and currency', async () => {
    const r = await cli(['init', '--tz', 'Asia/Shanghai']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('time zone Asia/Shanghai');
    expect(r.stdout).toContain('currency  CNY');
    expect((await cli(['init'])).stdout).toContain('events    0');
  });

  it('refuses a file that is not UTF-8 (GBK from a Chinese Windows, UTF-16) before it becomes replacement marks in the journal for ever', async () => {
    const gbk = join(dir.path, 'sales-gbk.jsonl');
    writeFileSync(gbk, iconv.encode(`${JSON.stringify(nthSale(1))}\n${JSON.stringify(nthSale(2))}\n`, 'gbk'));
    const r = await cli(['record', gbk, '--lang', 'zh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NOT_UTF8');
    expect(r.stderr).toContain('UTF-8');
    const utf16 = join(dir.path, 'sales-utf16.jsonl');
    writeFileSync(utf16, iconv.encode(`\ufeff${JSON.stringify(nthSale(3))}\n`, 'utf16-le'));
    expect((await cli(['record', utf16])).stderr).toContain('NOT_UTF8');
    // Piped in (the terminal decoded it already): the marks it left are refused the same way, naming the line.
    const piped = await cli(['record'], { stdin: `${JSON.stringify(nthSale(4))}\n${JSON.stringify(nthSale(5, { merchant: { id: '898310058120123', name: '\ufffd\ufffd\u03f3\ufffd' } }))}\n` });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('line 2');
    expect(existsSync(db) ? (await cli(['find', '--json'])).stdout : '').not.toContain('10023456-');
  });

  it('refuses an unknown time zone', async () => {
    const r = await cli(['init', '--tz', 'Mars/Olympus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('BAD_TIME_ZONE');
  });

  it('records one JSON object from stdin, and the same again is not a duplicate', async () => {
    const first = await cli(['record'], { stdin: JSON.stringify(sale(), null, 2) });
    expect(first).toMatchObject({ code: 0, stdout: '10023456-000128-000457 recorded\n' });
    const again = await cli(['record', '-'], { stdin: JSON.stringify(sale()) });
    expect(again.stdout).toBe('10023456-000128-000457 already on record\n');
    const json = await cli(['record', '--json'], { stdin: JSON.stringify(sale()) });
    expect(JSON.parse(json.stdout)).toEqual({ id: '10023456-000128-000457', created: false, terminalId: '10023456' });
  });

  it('records NDJSON from a file and shows a sale', async () => {
    writeFileSync(join(dir.path, 'sales.ndjson'), ndjson([nthSale(1), nthSale(2), nthSale(3)]));
    const r = await cli(['record', 'sales.ndjson']);
    expect(r.stdout.trim().split('\n')).toEqual(['10023456-000128-000001 recorded', '10023456-000128-000002 recorded', '10023456-000128-000003 recorded']);
    const show = await cli(['show', '10023456-000128-000002']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('amount          CNY 12.02');
    expect(show.stdout).toContain('上海好又多超市有限公司');
    expect(show.stdout).toMatch(/time\s+2026-11-27 14:02:00 \(Asia\/Shanghai/);
    const json = JSON.parse((await cli(['show', '10023456-000128-000002', '--json'])).stdout);
    expect(json.transaction.voucherNo).toBe('000002');
  });

  it('names each bad line of a batch and records none of it', async () => {
    const r = await cli(['record'], { stdin: ndjson([nthSale(1), { ...nthSale(2), amount: 'twelve' }, { ...nthSale(3), voucherNo: '12' }]) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 of 3 transactions are invalid');
    expect(r.stderr).toContain('line 2:');
    expect(r.stderr).toContain('line 3:');
    expect(r.stderr).toContain('hint:');
    // Refused before the journal is opened, as a file of more than one batch is (cli-record-large).
    expect(existsSync(db)).toBe(false);
  });

  it('says which line is not JSON without quoting it', async () => {
    const r = await cli(['record'], { stdin: `${JSON.stringify(nthSale(1))}\n{"card": "6225881234564242",\n` });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 2 is not valid JSON');
    expect(r.stderr).not.toContain('6225881234564242');
  });

  it('refuses a full card number with PAN_NOT_MASKED, writing nothing', async () => {
    const r = await cli(['record'], { stdin: JSON.stringify(sale({ card: { masked: '6225881234564242' } })) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PAN_NOT_MASKED');
    expect(r.stderr).not.toContain('6225881234564242');
    expect(r.stdout).toBe('');
    const cvv = await cli(['record'], { stdin: JSON.stringify({ ...sale(), cvv: '123' }) });
    expect(cvv.stderr).toContain('CARD_SECRET_REFUSED');
  });

  it('reports a conflicting resend with exit 4', async () => {
    await cli(['record'], { stdin: JSON.stringify(sale()) });
    const r = await cli(['record'], { stdin: JSON.stringify(sale({ amount: '1.00' })) });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('IDEMPOTENCY_CONFLICT');
  });

  it('refuses empty input and a missing file', async () => {
    expect((await cli(['record'], { stdin: '  \n' })).stderr).toContain('EMPTY_INPUT');
    const missing = await cli(['record', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read nope.json');
  });

  it('says there is no journal rather than creating one for reads', async () => {
    const r = await cli(['show', '10023456-000128-000001']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('NO_JOURNAL');
    expect(existsSync(db)).toBe(false);
    await cli(['init']);
    const notFound = await cli(['show', '10023456-000128-000001']);
    expect(notFound.code).toBe(3);
    expect(notFound.stderr).toContain('TRANSACTION_NOT_FOUND');
  });
});

describe('reissue find', () => {
  beforeEach(async () => {
    await cli(['record'], { stdin: ndjson([sale(), ...Array.from({ length: 25 }, (_, i) => nthSale(i + 1, { terminalId: '20000001', card: { masked: '5555' } }))]) });
  });

  it('finds by the time the customer remembers and the amount', async () => {
    const r = await cli(['find', '--around', '2026-11-27 14:30', '--within', '15m', '--amount', '128.50']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('10023456-000128-000457');
    expect(r.stdout).toContain('2026-11-27 14:32:05');
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    const json = JSON.parse((await cli(['find', '--around', '14:30', '--amount', '128.50', '--json'])).stdout);
    expect(json.items.map((i: { id: string }) => i.id)).toEqual(['10023456-000128-000457']);
  });

  it('finds by voucher, reference and card last-4, and pages', async () => {
    expect((await cli(['find', '--voucher', '457', '--terminal', '10023456'])).stdout).toContain('10023456-000128-000457');
    expect((await cli(['find', '--ref', '133041825567'])).stdout).toContain('10023456-000128-000457');
    const page = await cli(['find', '--last4', '5555', '--limit', '10']);
    expect(page.stdout.trim().split('\n')).toHaveLength(12);
    const cursor = /--cursor (\S+)/.exec(page.stdout)?.[1] ?? '';
    const next = await cli(['find', '--last4', '5555', '--limit', '10', '--cursor', cursor]);
    expect(next.stdout).toContain('20000001-000128-000015');
    expect(next.stdout).not.toContain('20000001-000128-000016');
  });

  it('explains bad filters', async () => {
    expect((await cli(['find', '--amount', 'abc'])).code).toBe(2);
    expect((await cli(['find', '--within', '15m'])).stderr).toContain('--within needs --around');
    expect((await cli(['find', '--around', '25:99'])).stderr).toContain('BAD_TIME');
    expect((await cli(['find', '--colour', 'red'])).stderr).toContain("Unknown option '--colour'");
    expect((await cli(['find', '--kind', 'gift'])).stderr).toContain('BAD_KIND');
    expect((await cli(['find', '--amount', '1.234'])).stderr).toContain('more decimals than CNY allows');
  });
});

describe('reissue verify', () => {
  beforeEach(async () => {
    await cli(['record'], { stdin: ndjson([nthSale(1), nthSale(2), nthSale(3), nthSale(4)]) });
  });

  it('passes an untouched journal and prints the head hashes', async () => {
    const r = await cli(['verify']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: 4 events \(4 transactions\) on 1 terminal chain\(s\) verify\n  terminal 10023456  event 4  head [0-9a-f]{64}\n/);
    // It says what it proves and what it cannot.
    expect(r.stdout).toContain('This proves: every event still matches its hash chain');
    expect(r.stdout).toContain('It cannot prove: that nobody rewrote history');
    const zh = await cli(['verify', '--lang', 'zh']);
    expect(zh.stdout).toContain('能证明');
    expect(zh.stdout).toContain('不能证明');
  });

  it('reads a backup and the journal without changing a byte of either', async () => {
    const backup = join(dir.path, 'b.db');
    expect((await cli(['backup', backup])).code).toBe(0);
    const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    const [backupBefore, journalBefore] = [digest(backup), digest(db)];
    const r = await runCli(dir.path, ['verify', '--db', backup]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok: 4 events/);
    expect((await cli(['verify'])).code).toBe(0);
    expect([digest(backup), digest(db)]).toEqual([backupBefore, journalBefore]);
    // Nothing beside the backup either: it was opened as the sealed file it is.
    expect(readdirSync(dir.path).filter((f) => f.startsWith('b.db')).sort()).toEqual(['b.db', 'b.db.heads.json']);
  });

  it('refuses a journal of another schema without touching it, saying how to go on; --upgrade brings an older one up and verifies it', async () => {
    tamper(db, "UPDATE meta SET value = '6' WHERE key = 'schemaVersion'");
    const older = await cli(['verify']);
    expect(older.code).toBe(5);
    expect(older.stderr).toContain('[JOURNAL_SCHEMA_OLDER]');
    expect(older.stderr).toContain(`reissue verify --upgrade --db ${db}`);
    expect((await cli(['verify', '--lang', 'zh'])).stderr).toContain('日志结构版本是 6');
    const upgraded = await cli(['verify', '--upgrade']);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(upgraded.stdout).toMatch(/^ok: 4 events/);
    expect((await cli(['verify'])).code).toBe(0);

    tamper(db, "UPDATE meta SET value = '99' WHERE key = 'schemaVersion'");
    const newer = await cli(['verify']);
    expect(newer.stderr).toContain('[JOURNAL_SCHEMA_NEWER]');
    expect(newer.stderr).toContain('use the newer Reissue that wrote it');

    const empty = join(dir.path, 'empty.db');
    writeFileSync(empty, '');
    const none = await runCli(dir.path, ['verify', '--db', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`${empty} is not a Reissue journal [NOT_A_JOURNAL]`);
  });

  it('sees history rewritten with every later hash recomputed only against heads kept outside (verify --expect)', async () => {
    const backup = join(dir.path, 'b.db');
    const written = await cli(['backup', backup]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain(`heads written to ${backup}.heads.json`);
    const heads = JSON.parse(readFileSync(`${backup}.heads.json`, 'utf8')) as { format: string; heads: { terminalId: string; seq: number; hash: string }[] };
    expect(heads).toMatchObject({ format: 'reissue-heads/1', heads: [{ terminalId: '10023456', seq: 4, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
    const anchored = await cli(['verify', '--expect', `${backup}.heads.json`]);
    expect(anchored.code).toBe(0);
    expect(anchored.stdout).toContain('Heads match: the 1 head(s) saved in');

    // The attack: sale 2's amount changed, its index row too, and every hash from it on recomputed.
    tamper(db, rehashFrom(db, 2, (payload) => payload.replace('"amount":"12.02"', '"amount":"1202.00"')));
    const plain = await cli(['verify']);
    expect(plain.code, plain.stderr).toBe(0);
    const caught = await cli(['verify', '--expect', `${backup}.heads.json`]);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toContain('FAILED: terminal 10023456 event 4: head-mismatch');
    expect((await cli(['verify', '--expect', `${backup}.heads.json`, '--lang', 'zh'])).stderr).toContain('链头与之前保存的不一致');
  });

  it('sees the latest events removed only against heads kept outside', async () => {
    const saved = join(dir.path, 'heads.json');
    writeFileSync(saved, (await cli(['verify', '--json'])).stdout);
    tamper(db, 'DELETE FROM transactions WHERE event_id = (SELECT id FROM events WHERE seq = 4); DELETE FROM events WHERE seq = 4');
    expect((await cli(['verify'])).code).toBe(0);
    const caught = await cli(['verify', '--expect', saved]);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toContain('head-mismatch');
    expect(caught.stderr).toContain('events were removed');
  });

  it('refuses a heads file it cannot read, saying why, before walking the journal', async () => {
    const bad = join(dir.path, 'bad.json');
    for (const [text, why] of [
      ['not json', 'it is not JSON'],
      ['{"heads": []}', 'its "heads" list is empty'],
      ['{"heads": [{"terminalId": "10023456", "seq": 0, "hash": "ab"}]}', 'head 1 needs a terminalId'],
      // A chain's name is said back in the report: one holding a card number is refused, unshown.
      [`{"heads": [{"terminalId": "4111111111111111", "seq": 1, "hash": "${'a'.repeat(64)}"}]}`, "head 1's terminalId holds a full card number"],
    ]) {
      writeFileSync(bad, text ?? '');
      const r = await cli(['verify', '--expect', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('BAD_HEADS_FILE');
      expect(r.stderr).toContain(why);
      expect(r.stdout + r.stderr).not.toContain('4111111111111111');
    }
    // A mistyped path, or a folder: said as such, not as a bug.
    for (const path of [join(dir.path, 'no-such.heads.json'), dir.path]) {
      const r = await cli(['verify', '--expect', path, '--lang', 'zh']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('NO_INPUT_FILE');
      expect(r.stderr).toContain('.heads.json');
      expect(r.stderr).not.toContain('意外错误');
    }
  });

  it('names an edited event', async () => {
    tamper(db, "UPDATE events SET payload = replace(payload, '12.02', '1.02') WHERE seq = 2");
    const r = await cli(['verify']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FAILED: terminal 10023456 event 2');
    expect(r.stderr).toContain('edited');
  });

  it('names a missing event', async () => {
    tamper(db, 'DELETE FROM transactions WHERE event_id = (SELECT id FROM events WHERE seq = 3); DELETE FROM events WHERE seq = 3');
    const r = await cli(['verify']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('terminal 10023456 event 3');
    expect(r.stderr).toContain('missing');
  });

  it('names reordered events', async () => {
    tamper(db, 'UPDATE events SET seq = -2 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = -2');
    const r = await cli(['verify']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('terminal 10023456 event 2');
    expect(r.stderr).toContain('reordered');
  });

  it('notices a search index that lies about an amount', async () => {
    tamper(db, "UPDATE transactions SET amount_minor = 1 WHERE id = '10023456-000128-000004'");
    const r = await cli(['verify', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).failure).toMatchObject({ problem: 'index-mismatch', seq: 4 });
  });

  it('notices a removed append-only guard', async () => {
    const handle = new Database(db);
    handle.exec('DROP TRIGGER events_no_update');
    handle.close();
    const r = await cli(['verify']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('guard-missing');
  });
});

onBothEngines((engine) => {
  describe('reissue backup / restore', () => {
    beforeEach(async () => {
      db = await engine.newTarget(dir.path);
      await cli(['record'], { stdin: ndjson([nthSale(1), nthSale(2)]) });
    });

    it('backs up, refuses to overwrite, and restores into an empty journal', async () => {
      const backup = join(dir.path, 'b1.db');
      const r = await cli(['backup', backup]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('2 events verify');
      // Both phases report progress: the copy, then the check of the copy.
      expect(r.stderr).toContain('checking the backup: 2/2 (100%)');
      // The copy ends at its whole, not at the 0% of its first step.
      expect(r.stderr).toMatch(/backing up: ([\d,]+)\/\1 \(100%\)/);
      expect((await cli(['backup', backup])).stderr).toContain('BACKUP_EXISTS');
      // The heads of an earlier backup, kept beside where the next one goes: never overwritten either.
      const next = join(dir.path, 'b1-next.db');
      writeFileSync(`${next}.heads.json`, 'earlier heads');
      const kept = await cli(['backup', next]);
      expect(kept.code).toBe(2);
      expect(kept.stderr).toContain('b1-next.db.heads.json already exists');
      expect(readFileSync(`${next}.heads.json`, 'utf8')).toBe('earlier heads');
      expect(existsSync(next)).toBe(false);
      const fresh = await engine.newTarget(dir.path, 'fresh.db');
      const restored = await runCli(dir.path, ['restore', backup, '--db', fresh]);
      expect(restored.stdout).toContain('restored 2 events');
      // Three phases, in order: the backup checked (its chains, then its content) before anything is moved, the copy, the copy checked.
      expect(restored.stderr).toContain('checking the backup: 4/4 (100%)');
      expect(restored.stderr).toContain('restoring: 2/2 (100%)');
      expect(restored.stderr).toContain('checking the journal: 2/2 (100%)');
      const at = (text: string) => restored.stderr.indexOf(text);
      expect(at('checking the backup: 4/4')).toBeLessThan(at('restoring: 2/2'));
      expect((await runCli(dir.path, ['find', '--db', fresh, '--json'])).stdout).toContain('10023456-000128-000002');
      expect((await runCli(dir.path, ['verify', '--db', fresh])).code).toBe(0);
    });

    it('brings an older journal up to date, and refuses to go back over a newer one', async () => {
      const backup = join(dir.path, 'b2.db');
      await cli(['backup', backup]);
      const older = await engine.newTarget(dir.path, 'older.db');
      await runCli(dir.path, ['record', '--db', older], { stdin: ndjson([nthSale(1)]) });
      expect((await runCli(dir.path, ['restore', backup, '--db', older])).stdout).toContain('restored 1 events');
      await cli(['record'], { stdin: ndjson([nthSale(3)]) });
      const refused = await cli(['restore', backup]);
      expect(refused.code).toBe(4);
      expect(refused.stderr).toContain('JOURNAL_NEWER');
      expect((await cli(['find', '--json'])).stdout).toContain('000003');
      const forced = await cli(['restore', backup, '--force']);
      if (engine.name === 'SQLite') {
        expect(forced.code).toBe(0);
        expect(forced.stdout).toContain('previous journal was moved to');
        expect((await cli(['find', '--json'])).stdout).not.toContain('000003');
        expect(readdirSync(dir.path).some((f) => f.startsWith('journal.db.before-restore-'))).toBe(true);
      } else {
        // A database cannot be moved aside like a file: refused, and the journal left as it was.
        expect(forced.code).toBe(2);
        expect(forced.stderr).toContain('FORCE_UNSUPPORTED');
        expect(forced.stderr).toContain('restore into a new, empty database instead');
        expect((await cli(['find', '--json'])).stdout).toContain('000003');
      }
    });

    it('carries the key receipts were signed with, the withdrawn e-receipt links and (SQLite) the users into a new journal', async () => {
      const withdrawn = `${WITHDRAWN_LINKS_META} 10023456-000128-000001`;
      const original = new Journal({ store: await openStore(db) });
      let code: string;
      try {
        const key = await original.metaOnce('verificationKey', () => 'ab'.repeat(32));
        await original.setMeta(withdrawn, '1764230400000');
        code = verificationCode(key, await original.get('10023456-000128-000002'), 0);
      } finally {
        await original.close();
      }
      expect((await cli(['check', code])).stdout).toMatch(/^genuine: the original/);
      expect((await cli(['user', 'add', 'boss', '--role', 'admin', '--password-stdin'], { stdin: 'boss-password-1\n' })).code).toBe(0);
      const backup = join(dir.path, 'b4.db');
      expect((await cli(['backup', backup])).code).toBe(0);
      const fresh = await engine.newTarget(dir.path, 'fresh4.db');
      const restore = await runCli(dir.path, ['restore', backup, '--db', fresh]);
      expect(restore.code, restore.stderr).toBe(0);
      // A SQLite backup is the whole file, users included; a PostgreSQL journal's backup holds its events and settings only.
      const users = (await runCli(dir.path, ['user', 'list', '--db', fresh])).stdout;
      if (engine.name === 'SQLite') {
        expect(restore.stdout).toContain('carried 1 users from the backup');
        expect(users).toMatch(/^boss +admin/m);
        // Their password still signs them in: boss adds a cashier on the restored journal.
        const added = await runCli(dir.path, ['user', 'add', 'li', '--role', 'cashier', '--by', 'boss', '--password-stdin', '--db', fresh], { stdin: 'li-password-123\nboss-password-1\n' });
        expect(added.code, added.stderr).toBe(0);
      } else {
        expect(restore.stdout).not.toContain('carried');
        expect(users).not.toContain('boss');
      }
      // A receipt printed before the disk was lost is still genuine, and a withdrawn link stays withdrawn.
      const check = await runCli(dir.path, ['check', code, '--db', fresh]);
      expect(check.stdout, check.stderr).toMatch(/^genuine: the original/);
      const restored = new Journal({ store: await openStore(fresh) });
      try {
        expect(await restored.meta(withdrawn)).toBe('1764230400000');
      } finally {
        await restored.close();
      }
    });

    it('refuses a backup that does not verify, and a file that is no backup', async () => {
      const backup = join(dir.path, 'b3.db');
      await cli(['backup', backup]);
      tamper(backup, "UPDATE events SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE seq = 1");
      const r = await runCli(dir.path, ['restore', backup, '--db', await engine.newTarget(dir.path, 'x.db')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('BACKUP_INVALID');
      writeFileSync(join(dir.path, 'junk.db'), 'not a database');
      expect((await cli(['restore', join(dir.path, 'junk.db')])).stderr).toContain('NOT_A_BACKUP');
      expect((await cli(['restore', join(dir.path, 'none.db')])).code).toBe(3);
    });
  });
});

describe('reissue restore --force (SQLite journal file)', () => {
  it('leaves the journal where it is when the backup does not verify', async () => {
    await cli(['record'], { stdin: ndjson([nthSale(1), nthSale(2)]) });
    const backup = join(dir.path, 'b4.db');
    await cli(['backup', backup]);
    await cli(['record'], { stdin: ndjson([nthSale(3)]) });
    tamper(backup, "UPDATE events SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE seq = 1");
    const r = await cli(['restore', backup, '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('BACKUP_INVALID');
    // Nothing was moved aside: the journal in its place still holds every sale.
    expect(readdirSync(dir.path).filter((f) => f.includes('before-restore'))).toEqual([]);
    expect((await cli(['find', '--json'])).stdout).toContain('10023456-000128-000003');
    expect((await cli(['verify'])).code).toBe(0);
  });

  it('refuses a backup that verifies but holds a card number (its hashes made anew), moving and writing nothing', async () => {
    await cli(['record'], { stdin: ndjson([nthSale(1), nthSale(2)]) });
    const backup = join(dir.path, 'b7.db');
    await cli(['backup', backup]);
    await cli(['record'], { stdin: ndjson([nthSale(3)]) });
    // Someone appends to the backup, hashing as the journal hashes: an audit entry holding a card number.
    const crafted = await openStore(backup);
    try {
      const chain: EventRowLike[] = [];
      for await (const e of crafted.events()) if (e.terminalId === '10023456') chain.push(e);
      const last = chain.at(-1)!;
      const row = { storeId: '', terminalId: last.terminalId, seq: last.seq + 1, type: 'audit.note', recordedAt: '2026-11-27T08:00:00.000Z', payload: '{"text":"card 4111 1111 1111 1111"}', prevHash: last.hash };
      await crafted.write(async (w) => void (await w.insertEvents([{ ...row, hash: eventHash(row) }])));
      expect((await verifyJournal(crafted)).ok).toBe(true);
    } finally {
      await crafted.close();
    }
    for (const args of [['restore', backup, '--force', '--db', db], ['restore', backup, '--db', join(dir.path, 'new.db')]]) {
      const r = await runCli(dir.path, args);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('BACKUP_CONTENT_REFUSED');
      expect(r.stderr).toContain('full card number');
      expect(r.stdout + r.stderr).not.toContain('4111 1111 1111 1111');
    }
    expect(readdirSync(dir.path).filter((f) => f.includes('before-restore'))).toEqual([]);
    expect(existsSync(join(dir.path, 'new.db'))).toBe(false);
    expect((await cli(['find', '--json'])).stdout).toContain('10023456-000128-000003');
  });

  it("refuses a backup whose users are not as Reissue writes them, before anything is restored; restores one whose users table is of an earlier layout without them, saying so", async () => {
    await cli(['record'], { stdin: ndjson([nthSale(1)]) });
    expect((await cli(['user', 'add', 'boss', '--role', 'admin', '--password-stdin'], { stdin: 'boss-password-1\n' })).code).toBe(0);
    const backup = join(dir.path, 'b8.db');
    await cli(['backup', backup]);
    for (const [change, field] of [["role = 'root'", 'role'], ["name = '4111111111111111'", 'name'], ["password_hash = 'plain-text'", 'passwordHash']] as const) {
      const crafted = join(dir.path, `b8-${field}.db`);
      writeFileSync(crafted, readFileSync(backup));
      tamper(crafted, `UPDATE users SET ${change}`);
      const target = join(dir.path, `new-${field}.db`);
      const r = await runCli(dir.path, ['restore', crafted, '--db', target]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('BACKUP_USERS_REFUSED');
      expect(r.stderr).toContain(`its ${field}`);
      expect(r.stderr).not.toContain('4111111111111111');
      expect(existsSync(target)).toBe(false);
    }
    const older = join(dir.path, 'b8-older.db');
    writeFileSync(older, readFileSync(backup));
    tamper(older, 'ALTER TABLE users DROP COLUMN stores');
    const target = join(dir.path, 'new-older.db');
    const r = await runCli(dir.path, ['restore', older, '--db', target, '--lang', 'zh']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('用户没有恢复');
    expect((await runCli(dir.path, ['show', '10023456-000128-000001', '--db', target])).code).toBe(0);
  });

  it('refuses while another process has the journal open (a running server), moving nothing', async () => {
    await cli(['record'], { stdin: ndjson([nthSale(1), nthSale(2)]) });
    const backup = join(dir.path, 'b6.db');
    await cli(['backup', backup]);
    await cli(['record'], { stdin: ndjson([nthSale(3)]) });
    // As `reissue start` holds it: open, and read from.
    const server = new Database(db);
    try {
      server.prepare('SELECT count(*) FROM events').get();
      for (const args of [['restore', backup, '--force'], ['restore', backup]]) {
        const r = await cli([...args, '--lang', 'zh']);
        expect(r.code).toBe(4);
        expect(r.stderr).toContain('JOURNAL_IN_USE');
        expect(r.stderr).toContain('先停止');
      }
      expect(readdirSync(dir.path).filter((f) => f.includes('before-restore'))).toEqual([]);
      // What the server writes still lands in the journal everyone reads.
      expect(server.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 3 });
    } finally {
      server.close();
    }
    expect((await cli(['find', '--json'])).stdout).toContain('10023456-000128-000003');
    expect((await cli(['restore', backup, '--force'])).code).toBe(0);
  });

  it('from head office: a restore that fails leaves no journal in the place it was restoring to', async () => {
    writeFileSync(join(dir.path, 'SH-001.token'), 'a-token-of-head-office\n', { mode: 0o600 });
    const r = await cli(['restore', '--from', 'http://127.0.0.1:1', '--token-file', 'SH-001.token', '--lang', 'zh']);
    expect(r.code).not.toBe(0);
    // Else `reissue start` would take what is there (nothing, or half a shop) for the shop's journal.
    expect(existsSync(db)).toBe(false);
    expect(r.stderr).toContain('没有恢复完成的日志已移到');
  });

  it('puts the journal back in its place when the restore fails after setting it aside', async () => {
    await cli(['record'], { stdin: ndjson([nthSale(1), nthSale(2)]) });
    const backup = join(dir.path, 'b5.db');
    await cli(['backup', backup]);
    await cli(['record'], { stdin: ndjson([nthSale(3)]) });
    const real = restoreTarget(db, { env: {}, cwd: dir.path, now: () => 0 });
    // The new journal is written into, then the disk fills up.
    const failing = { file: db, open: async () => {
      const journal = await real.open();
      await journal.close();
      throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' });
    } };
    await expect(restoreJournal(backup, failing, journalFiles, { force: true, now: () => 0 })).rejects.toThrow('disk full');
    expect(readdirSync(dir.path).filter((f) => f.includes('before-restore'))).toEqual([]);
    expect(readdirSync(dir.path).some((f) => f.startsWith('journal.db.failed-restore-'))).toBe(true);
    expect((await cli(['find', '--json'])).stdout).toContain('10023456-000128-000003');
    expect((await cli(['verify'])).code).toBe(0);
  });
});

describe('a --db that is no journal', () => {
  it('says what is wrong with the path instead of an unexpected error, and writes nothing', async () => {
    const junk = join(dir.path, 'sales.csv');
    writeFileSync(junk, 'terminal,voucher\n10023456,000457\n');
    const record = await runCli(dir.path, ['record', '--db', junk], { stdin: JSON.stringify(sale()) });
    expect(record.code).toBe(2);
    expect(record.stderr).toContain('NOT_A_JOURNAL');
    expect(record.stderr).not.toContain('unexpected');
    expect(readFileSync(junk, 'utf8')).toBe('terminal,voucher\n10023456,000457\n');
    expect((await runCli(dir.path, ['verify', '--db', junk])).stderr).toContain('NOT_A_JOURNAL');
    // A mistyped PostgreSQL URL is no path to make a SQLite journal under (sales would go to a local file nobody backs up).
    for (const url of ['postgress://reissue:secret@db.example/reissue', 'postgre://reissue@db.example/reissue']) {
      const typo = await runCli(dir.path, ['init', '--db', url]);
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain('BAD_DB_TARGET');
      expect(typo.stderr).not.toContain('secret');
    }
    expect(readdirSync(dir.path).filter((f) => f.startsWith('postgre'))).toEqual([]);
    // A PostgreSQL server that is not there, a host name that is not one: said in Chinese, not in the driver's English.
    const refused = await runCli(dir.path, ['find', '--db', 'postgres://reissue@127.0.0.1:1/reissue', '--lang', 'zh']);
    expect(refused.stderr).toContain('POSTGRES_UNAVAILABLE');
    expect(refused.stderr).toContain('连接被拒绝');
    expect(refused.stderr).not.toMatch(/ECONNREFUSED|connect /);
    const noHost = await runCli(dir.path, ['find', '--db', 'postgres://reissue@no-such-host.invalid/reissue', '--lang', 'zh']);
    expect(noHost.stderr).toContain('找不到主机');
    expect(noHost.stderr).not.toMatch(/ENOTFOUND|getaddrinfo/);
    const folder = await runCli(dir.path, ['find', '--db', dir.path, '--lang', 'zh']);
    expect(folder.code).toBe(5);
    expect(folder.stderr).toContain('JOURNAL_CANNOT_OPEN');
    expect(folder.stderr).toContain('无法打开日志文件');
    expect(folder.stderr).not.toContain('意外错误');
  });
});

describe('reissue (top level)', () => {
  it('says a TLS key or certificate it cannot read is one, before starting anything', async () => {
    const r = await runCli(dir.path, ['start', '--port', '0', '--db', db, '--tls-key', join(dir.path, 'key.pem'), '--tls-cert', join(dir.path, 'cert.pem'), '--lang', 'zh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NO_INPUT_FILE');
    expect(r.stderr).toContain('--tls-key');
    expect(r.stderr).not.toContain('意外错误');
    expect(existsSync(db)).toBe(false);
  });

  it('lists commands, explains unknown ones and shows help', async () => {
    expect((await runCli(dir.path, ['--help'])).stdout).toContain('seed');
    const unknown = await runCli(dir.path, ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    // Said back before the arguments' gate, still masked.
    const typed = await runCli(dir.path, ['4111-1111-1111-1111']);
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain('unknown command "****-****-****-1111"');
    expect((await runCli(dir.path, ['find', '--help'])).stdout).toContain('--around');
    expect((await runCli(dir.path, ['show'])).stderr).toContain('missing the transaction id');
  });
});
