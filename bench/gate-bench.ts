/**
 * The input gate (card numbers, card secrets, forbidden characters) reads every piece of
 * outside input before anything else, signed in or not, so its cost must grow with the
 * input's length and no faster. Rows: its cost per character on an ordinary sale and on the
 * shapes that cost it most (long runs of short digit groups, masked groups), as ratios to the
 * sale; then the server seen from outside while one sign-in of 8 KiB of masked groups is read.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openJournal, type AppContext } from '../src/app.js';
import { assertSafeInput, checkTransactionCardData } from '../src/core/index.js';
import { startServer } from '../src/server/index.js';
import { ms, note } from './measure.js';
import { TIME_ZONE, sales, type Row } from './setup.js';

const run = promisify(execFile);
const TEXT = 1024;
const fill = (unit: string) => unit.repeat(Math.ceil(TEXT / unit.length)).slice(0, TEXT);

/** The shapes that cost the scan most per character, each at the longest text a sale may hold. */
const SHAPES: readonly [name: string, text: string][] = [
  ['prose, Chinese and English', fill('Liège Waffle with extra cream, table 12, 二楼靠窗 ')],
  ['digits', Array.from({ length: TEXT }, (_, i) => String((i * 7919 + 13) % 10)).join('')],
  ['digits one by one ("4 4 4 …")', fill('4 ')],
  ['digits one by one ("0 0 0 …")', fill('0 ')],
  ['groups of four ("4444 4444 …")', fill('4444 ')],
  ['masked groups ("*** *12 …")', fill('*** *12 ')],
  // Read as digits in a long run (readNumerals): the scan's longest way from text to digits.
  ['Chinese numerals in groups ("四五三九 …")', fill('四五三九 一四八八 ')],
];

const cpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** CPU µs a call, in turns of 200 ms over all the calls, five turns, after a warm-up. */
function inTurns(calls: readonly (() => void)[]): number[] {
  const totals = calls.map(() => ({ us: 0, n: 0 }));
  for (const call of calls) for (let i = 0; i < 50; i++) call();
  for (let turn = 0; turn < 5; turn++) {
    calls.forEach((call, k) => {
      const start = cpuUs();
      const wallEnd = performance.now() + 200;
      let n = 0;
      while (performance.now() < wallEnd) {
        call();
        n++;
      }
      const total = totals[k] as { us: number; n: number };
      total.us += cpuUs() - start;
      total.n += n;
    });
  }
  return totals.map((t) => t.us / t.n);
}

const refusedOrNot = (work: () => void) => () => {
  try {
    work();
  } catch {
    // a refusal is an answer too: its cost is what is measured
  }
};

export async function runGateBench(): Promise<Row[]> {
  note('gate: the input gate on a sale and on the costliest shapes of text, in turns');
  const sale = [...sales(1, 3)][0];
  const saleChars = JSON.stringify(sale).length;
  const calls = [refusedOrNot(() => checkTransactionCardData(sale)), ...SHAPES.map(([, text]) => refusedOrNot(() => checkTransactionCardData({ ...sale, note: text })))];
  const [saleUs = 0, ...withNote] = inTurns(calls);
  const perChar = (us: number) => (us * 1000) / saleChars;
  const saleNs = perChar(saleUs);
  const rows: Row[] = [
    { bench: 'gate: an ordinary sale (checkTransactionCardData)', result: `${perChar(saleUs).toFixed(0)} ns a character`, ratio: '1.00×', detail: `${saleUs.toFixed(1)} µs of CPU for ${saleChars} characters of JSON; what every sale recorded pays before validation` },
    ...SHAPES.map(([name, text], k): Row => {
      const noteNs = (((withNote[k] ?? 0) - saleUs) * 1000) / text.length;
      return { bench: `gate: a ${TEXT.toLocaleString('en')}-character note of ${name}`, result: `${noteNs.toFixed(0)} ns a character`, ratio: `${(noteNs / saleNs).toFixed(1)}× the sale`, detail: `the same sale with the note (the longest text a sale may hold); what the note adds, per character of it` };
    }),
  ];
  rows.push(await signInWhileReading());
  return rows;
}

/** The client of signInWhileReading: five sign-ins to warm the server, then one timed and a /health sent 5 ms into it. */
const SIGN_IN_CLIENT = `
const [url, body] = process.argv.slice(1);
const signIn = () => fetch(url + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
for (let i = 0; i < 5; i++) await (await signIn()).text();
const start = performance.now();
const answered = signIn().then(async (r) => ({ status: r.status, code: (await r.json()).code, ms: performance.now() - start }));
await new Promise((resolve) => setTimeout(resolve, 5));
const healthStart = performance.now();
const health = await fetch(url + '/health');
await health.text();
const healthMs = performance.now() - healthStart;
process.stdout.write(JSON.stringify({ ...(await answered), health: health.status, healthMs }));
`;

/** One sign-in of 8 KiB (the most the sign-in takes) of masked groups, and a /health sent while it is read. */
async function signInWhileReading(): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'reissue-gate-bench-'));
  const db = join(dir, 'journal.db');
  const context: AppContext = { env: { REISSUE_TZ: TIME_ZONE }, cwd: dir, now: Date.now };
  const opened = await openJournal(db, context, { create: true, timeZone: TIME_ZONE });
  await opened.journal.close();
  const server = await startServer({ port: 0, db, context, logger: () => undefined });
  try {
    const body = JSON.stringify({ username: '*** *12 '.repeat(1000), password: 'x' });
    // The client in a process of its own, as a user's would be: the server's event loop is what is timed.
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SIGN_IN_CLIENT, server.url, body]);
    const seen = JSON.parse(stdout) as { status: number; code?: string; ms: number; health: number; healthMs: number };
    return {
      bench: 'gate: a sign-in of 8 KiB of masked groups, from outside (fetch in its own process)',
      result: `${ms(seen.ms)} ms`,
      detail: `answered ${seen.status} ${seen.code ?? ''} (${body.length.toLocaleString('en')} bytes, no user signed in; after 5 alike); a GET /health sent 5 ms after it answered ${seen.health} in ${ms(seen.healthMs)} ms: the server was held no longer than the sign-in's own reading`,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
