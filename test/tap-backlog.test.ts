/**
 * The taps' backlog (captured receipts waiting in the fallback file for the journal) where
 * staff look for it: `reissue printers` (read from the fallback files, in process) and
 * GET /api/v1/printers (a running tap's own count, app.request). The web page is checked in
 * Chromium (test/e2e/phone.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCapture, fallbackFile, DEFAULT_SOURCE_RULES, type CapturedJob } from '../src/capture/index.js';
import { paperProfile } from '../src/receipt/index.js';
import { createApp, type Harness, serverHarness } from './support/server-harness.js';
import { receiptJobBytes } from './support/captured-jobs.js';
import { RECEIPTS } from './support/captured-receipts.js';
import { runCli, tempDir } from './support/cli.js';
import { MemoryCaptureJournal } from './support/memory-capture-journal.js';
import { recordingPrinter, type RecordingPrinter } from './support/recording-printer.js';
import { tapHarness, type TapHarness } from './support/tap-harness.js';

const lines = RECEIPTS[0]?.lines ?? [];

function job(n: number): CapturedJob {
  const meta = { id: `cap-backlog${'abcdefghij'[n] ?? 'z'}`, source: 'till-1', channel: 'tcp' as const, peer: '127.0.0.1:1', connection: 1, seq: n, endedBy: 'cut' as const, startedAt: 0, capturedAt: 1 };
  return buildCapture(receiptJobBytes(lines), meta, { kanji: true, paper: paperProfile('80'), rules: DEFAULT_SOURCE_RULES }) as CapturedJob;
}

describe('reissue printers lists the taps\' backlog from their fallback files', () => {
  const dir = tempDir('reissue-backlog-');
  let printer: RecordingPrinter;
  beforeAll(async () => {
    printer = await recordingPrinter();
    // The configuration lives in shop/; its tap's fallback file is named relative to that folder.
    mkdirSync(join(dir.path, 'shop'));
    writeFileSync(
      join(dir.path, 'shop', 'reissue.config.json'),
      JSON.stringify({
        printers: [{ name: 'front', address: printer.address }],
        taps: [
          { source: 'till-1', listen: '127.0.0.1:0', printer: 'front', fallback: 'spool/till-1.jsonl' },
          { source: 'till-2', listen: '127.0.0.1:0', printer: 'front' },
        ],
      }),
    );
    const log = fallbackFile(join(dir.path, 'shop', 'spool', 'till-1.jsonl'));
    for (const n of [1, 2, 3]) await log.append(job(n));
    await log.acknowledge(job(2).id);
    await log.close();
    // A `reissue tap` with the default --fallback, beside the journal, one job waiting (till-2 has no file: nothing waits).
    mkdirSync(join(dir.path, 'data'));
    const other = fallbackFile(join(dir.path, 'data', 'tap-back-till.jsonl'));
    await other.append(job(4));
    await other.close();
    // One that cannot be read (a folder where the file should be).
    mkdirSync(join(dir.path, 'data', 'tap-broken.jsonl'));
  });
  afterAll(async () => {
    await printer.virtual.stop();
    dir.remove();
  });
  const args = ['--db', 'data/journal.db', '--config', 'shop/reissue.config.json'];

  it('in Chinese and English: the configured tap with 2 waiting, the others with none or why not', async () => {
    const zh = await runCli(dir.path, ['printers', ...args, '--lang', 'zh']);
    expect(zh.code, zh.stderr).toBe(0);
    const tapLines = zh.stdout.split('\n').slice(zh.stdout.split('\n').findIndex((l) => l.startsWith('收银机采集')));
    expect(tapLines[0]).toMatch(/^收银机采集\s+待补记\s+备用文件$/);
    expect(tapLines.find((l) => l.startsWith('till-1'))).toMatch(/^till-1\s+2 张暂存在备用文件里，日志恢复写入后自动补记\s+.*shop\/spool\/till-1\.jsonl$/);
    expect(tapLines.find((l) => l.startsWith('till-2'))).toMatch(/^till-2\s+0（已全部写入日志）\s+.*data\/tap-till-2\.jsonl$/);
    expect(tapLines.find((l) => l.startsWith('back-till'))).toMatch(/^back-till\s+1 张暂存在备用文件里，日志恢复写入后自动补记\s+.*data\/tap-back-till\.jsonl$/);
    expect(tapLines.find((l) => l.startsWith('broken'))).toMatch(/^broken\s+无法读取备用文件：.*EISDIR/);
    const en = await runCli(dir.path, ['printers', ...args, '--lang', 'en']);
    expect(en.stdout).toMatch(/^TAP\s+WAITING FOR THE JOURNAL\s+FALLBACK FILE$/m);
    expect(en.stdout).toMatch(/^till-1\s+2 kept in the fallback file, added to the journal once it takes writes\s/m);
    expect(en.stdout).toMatch(/^till-2\s+0 \(all in the journal\)\s/m);
  });

  it('--json: each printer carries the taps that print to it', async () => {
    const r = await runCli(dir.path, ['printers', '--json', ...args]);
    expect(r.code, r.stderr).toBe(0);
    const front = (JSON.parse(r.stdout) as { name: string; taps: unknown[] }[]).find((p) => p.name === 'front');
    expect(front?.taps).toEqual([
      { source: 'till-1', backlog: 2, file: join(dir.path, 'shop', 'spool', 'till-1.jsonl') },
      { source: 'till-2', backlog: 0, file: join(dir.path, 'data', 'tap-till-2.jsonl') },
    ]);
  });

  it('a shop without taps sees no tap table', async () => {
    const bare = tempDir('reissue-backlog-none-');
    try {
      const r = await runCli(bare.path, ['printers', '--db', 'journal.db']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/TAP|收银机采集/);
    } finally {
      bare.remove();
    }
  });
});

describe('GET /api/v1/printers lists the running taps with their backlog', () => {
  let h: Harness;
  let tap: TapHarness;
  const journal = new MemoryCaptureJournal();
  beforeAll(async () => {
    h = await serverHarness();
    journal.failWith = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    tap = await tapHarness({ journal });
  });
  afterAll(async () => {
    await tap?.stop();
    await h?.close();
  });

  const printers = async (app: ReturnType<typeof createApp>) => {
    const login = await app.request('http://localhost/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'li', password: 'li-password' }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const response = await app.request('http://localhost/api/v1/printers', { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    return (await response.json()) as { items: unknown[]; taps: Record<string, unknown>[] };
  };

  it('a job the journal could not take shows as backlog 1 until the journal is back', async () => {
    const app = createApp({ ...h.deps, taps: () => [tap.tap.status()] });
    const pos = await tap.pos();
    await pos.send(receiptJobBytes(lines));
    await pos.finish();
    await tap.event('job-kept', (e) => e.where === 'fallback');
    // li is a cashier: the tap's printer, given by address, is not shown to her (server-api covers who sees it).
    expect((await printers(app)).taps).toEqual([{ source: 'front-till', printer: null, backup: null, connections: 0, captured: 1, backlog: 1, undelivered: 0 }]);
    journal.failWith = undefined;
    await tap.event('job-kept', (e) => e.where === 'journal' && e.backlog === 0);
    expect((await printers(app)).taps).toMatchObject([{ source: 'front-till', captured: 1, backlog: 0 }]);
  });

  it('a server without taps answers an empty list', async () => {
    expect((await printers(createApp(h.deps))).taps).toEqual([]);
  });
});
