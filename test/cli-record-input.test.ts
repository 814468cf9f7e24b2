/**
 * `reissue record` input a careless operator gives (found in review): nothing is half-written
 * in any of these; what matters is the error, the line it names and what it says to fix.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nthSale } from './support/fixtures.js';
import { runCli, tempDir } from './support/cli.js';

let dir: ReturnType<typeof tempDir>;
let db: string;
const AFTER = Date.parse('2026-12-01T00:00:00Z');
const cli = (args: string[], options = {}) => runCli(dir.path, [...args, '--db', db], { now: AFTER, ...options });
const j = (x: unknown) => JSON.stringify(x);
beforeEach(() => {
  dir = tempDir();
  db = join(dir.path, 'journal.db');
});
afterEach(() => dir.remove());

describe('reissue record: what a bad input is told', () => {
  it('an NDJSON file saved as "UTF-8 with BOM" (Windows Notepad, Excel) is read as POST /api/v1/transactions reads a body with a BOM', async () => {
    writeFileSync(join(dir.path, 'sales.ndjson'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${j(nthSale(1))}\r\n${j(nthSale(2))}\r\n`)]));
    const r = await cli(['record', 'sales.ndjson']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('10023456-000128-000001 recorded\n10023456-000128-000002 recorded\n');
  });

  it('names the line of the file, blank lines counted', async () => {
    const r = await cli(['record'], { stdin: ['', j(nthSale(1)), '', '', j({ ...nthSale(2), amount: 'ten' })].join('\n') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 5: invalid transaction: amount');
    expect(existsSync(db)).toBe(false);
  });

  it('names the line of the file for a sale time out of the window and for a conflict, blank lines counted', async () => {
    const late = await cli(['record'], { stdin: [j(nthSale(1)), '', '', j(nthSale(2, { occurredAt: '2030-01-01T00:00:00Z' }))].join('\n') });
    expect(late.code).toBe(2);
    expect(late.stderr).toContain('line 4: ');
    expect((await cli(['record'], { stdin: j(nthSale(2)) })).code).toBe(0);
    const r = await cli(['record', '--lang', 'zh'], { stdin: [j(nthSale(1)), '', j(nthSale(2, { amount: '1.00' }))].join('\n') });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('第 3 行：');
    expect(r.stderr).toContain('这一批都没有记录');
  });

  it('names every line that is not JSON, as it does for lines with bad content ("each bad line is named")', async () => {
    const lines = [j(nthSale(1)), '{"terminalId": "10023456",', j(nthSale(3)), 'not json', j(nthSale(5))].join('\n');
    const r = await cli(['record'], { stdin: lines });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('reissue: 2 lines are not valid JSON (first: line 2); nothing was recorded [BAD_JSON]');
    expect(r.stderr).toContain('  - line 2: not valid JSON\n  - line 4: not valid JSON\n');
    const zh = await cli(['record', '--lang', 'zh'], { stdin: lines });
    expect(zh.stderr).toContain('有 2 行不是有效的 JSON（第一处在第 2 行），什么都没有记录');
    expect(zh.stderr).toContain('  - 第 2 行：不是有效的 JSON\n  - 第 4 行：不是有效的 JSON\n');
    expect(existsSync(db)).toBe(false);
  });

  it('lists the first ten lines that are not JSON and counts the rest', async () => {
    const lines = [j(nthSale(1)), ...Array.from({ length: 25 }, (_, i) => `{"voucherNo": "${i}"`)];
    const r = await cli(['record'], { stdin: lines.join('\n') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('25 lines are not valid JSON (first: line 2)');
    expect(r.stderr).toContain('  - line 11: not valid JSON\n  … and 15 more\n');
    expect(r.stderr).not.toContain('line 12');
  });

  it('says where a pretty-printed object stops being JSON, not "line 1"', async () => {
    const pretty = JSON.stringify(nthSale(1), null, 2).split('\n');
    // The comma after "kind": "sale" on line 2 forgotten: JSON sees the mistake at the start of line 3.
    expect(pretty[1]).toBe('  "kind": "sale",');
    pretty[1] = '  "kind": "sale"';
    const r = await cli(['record'], { stdin: pretty.join('\n') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the input is not valid JSON at line 3, column 3; nothing was recorded [BAD_JSON]');
    expect(r.stderr).toContain('a missing comma shows on the line after it');
    const zh = await cli(['record', '--lang', 'zh'], { stdin: pretty.join('\n') });
    expect(zh.stderr).toContain('输入不是有效的 JSON：错在第 3 行第 3 个字符，什么都没有记录');
  });

  it('a conflict past the first 2000 lines names the line of the file, not of its batch', async () => {
    await cli(['record'], { stdin: j(nthSale(2100)) });
    const inputs = Array.from({ length: 2500 }, (_, i) => nthSale(i + 1));
    inputs[2099] = nthSale(2100, { amount: '1.00' });
    // Two blank lines inside the first batch: the conflicting sale is on line 2102 of the file.
    const text = `${inputs.map(j).slice(0, 10).join('\n')}\n\n\n${inputs.map(j).slice(10).join('\n')}\n`;
    const r = await cli(['record'], { stdin: text });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('note: lines 1–2002 were recorded; nothing from line 2003 on was');
    expect(r.stderr).toContain('line 2102: 10023456-000128-002100 is already on record');
    expect(r.stdout.trim().split('\n')).toHaveLength(2000);
  }, 60_000);
});
