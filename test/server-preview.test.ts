/**
 * A copy nobody issued: what the back office and `reissue receipt` give anyone who may read a
 * sale — a cashier, an auditor — is a preview, marked 仅供查看 · PREVIEW — NOT A RECEIPT
 * across the paper in every format, and nothing is journaled. A copy the customer takes away
 * is a numbered, journaled duplicate, or an e-receipt.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseToDocument } from '../src/escpos/index.js';
import { readGrayPng } from '../src/render/index.js';
import { renderText } from '../src/receipt/index.js';
import { CSRF_HEADER, createApp } from '../src/server/index.js';
import { runCli } from './support/cli.js';
import { decodePng } from './support/png-decode.js';
import { OLD, RECENT, serverHarness, type Harness } from './support/server-harness.js';

let h: Harness;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 8000 });
  app = createApp(h.deps);
});

afterAll(async () => {
  await h?.close();
});

async function signIn(username: string): Promise<Record<string, string>> {
  const response = await app.request('http://localhost/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-password` }) });
  expect(response.status).toBe(200);
  return { Cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), [CSRF_HEADER]: ((await response.json()) as { csrfToken: string }).csrfToken };
}

const MARK = /仅供查看 ?· ?PREVIEW ?— ?NOT A RECEIPT/;
const markLines = (text: string) => text.split('\n').filter((l) => MARK.test(l)).length;
const words = (html: string) => html.replace(/<style>.*?<\/style>/s, '').replace(/<[^>]+>/g, '');

/** Share of black dots in the first printed line (below the 24-dot margin) and in the last. */
function bands(png: Uint8Array): [number, number] {
  const image = decodePng(png);
  const share = (from: number) => {
    let black = 0;
    for (let i = from * image.width; i < (from + 24) * image.width; i++) black += image.ink[i] ?? 0;
    return black / (24 * image.width);
  };
  return [share(24), share(image.height - 54)];
}

/** Every format, as the given headers' user downloads it. */
async function download(headers: Record<string, string>, id: string, extra = ''): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const format of ['text', 'html', 'png', 'escpos', 'pdf']) {
    const response = await app.request(`http://localhost/api/v1/transactions/${id}/receipt?format=${format}${extra}`, { headers });
    expect(response.status, format).toBe(200);
    out[format] = new Uint8Array(await response.arrayBuffer());
  }
  return out;
}

function expectMarkedEverywhere(got: Record<string, Uint8Array>): void {
  const text = Buffer.from(got.text ?? []).toString('utf8');
  expect(markLines(text)).toBeGreaterThanOrEqual(8);
  expect(words(Buffer.from(got.html ?? []).toString('utf8')).split(/仅供查看 · PREVIEW — NOT A RECEIPT/).length - 1).toBe(markLines(text));
  expect(markLines(renderText(parseToDocument(got.escpos ?? new Uint8Array()).doc))).toBe(markLines(text));
  const [top, bottom] = bands(got.png ?? new Uint8Array());
  expect(top).toBeGreaterThan(0.5);
  expect(bottom).toBeGreaterThan(0.5);
  expect(Buffer.from(got.pdf ?? []).includes(readGrayPng(got.png ?? new Uint8Array()).data)).toBe(true);
}

describe('the back office\'s receipt downloads are previews, never receipts', () => {
  it('a cashier and an auditor get every format marked across the paper; nothing is journaled', async () => {
    const [li, zhao] = [await signIn('li'), await signIn('zhao')];
    const before = await h.opened.journal.counts();
    for (const headers of [li, zhao]) expectMarkedEverywhere(await download(headers, OLD));
    // As a configured printer prints it: marked all the same.
    expectMarkedEverywhere(await download(zhao, RECENT, '&for=front&template=retail'));
    expect(await h.opened.journal.counts()).toEqual(before);
  });

  it('the picture of a print job is marked too: it is for looking, not a copy to hand out', async () => {
    const headers = { ...(await signIn('bo')), 'Content-Type': 'application/json' };
    const reprint = await app.request(`http://localhost/api/v1/transactions/${OLD}/reprints`, { method: 'POST', headers, body: JSON.stringify({ reason: 'customer_request' }) });
    const { job } = (await reprint.json()) as { job: { id: number } };
    const picture = await app.request(`http://localhost/api/v1/jobs/${job.id}/picture`, { headers });
    expect(picture.status).toBe(200);
    const [top, bottom] = bands(new Uint8Array(await picture.arrayBuffer()));
    expect(top).toBeGreaterThan(0.5);
    expect(bottom).toBeGreaterThan(0.5);
    // While the paper itself carries no preview mark: it is the numbered duplicate.
    const paper = h.printer.jobs().at(-1)?.text ?? '';
    expect(paper).toContain('DUPLICATE 1');
    expect(paper).not.toMatch(MARK);
  });

  it('reissue receipt marks every file it writes: text, HTML, ESC/POS, PNG, PDF', async () => {
    const cli = (args: string[]) => runCli(h.dir.path, ['receipt', OLD, '--db', h.db, ...args]);
    const files: Record<string, Uint8Array> = {};
    for (const [format, file] of [['text', 'r.txt'], ['html', 'r.html'], ['png', 'r.png'], ['escpos', 'r.bin'], ['pdf', 'r.pdf']] as const) {
      expect((await cli(['--format', format, '--out', file])).code).toBe(0);
      files[format] = readFileSync(join(h.dir.path, file));
    }
    expectMarkedEverywhere(files);
    expect((await cli(['--paper', '58'])).stdout.split('\n')[0]).toBe('仅供查看·PREVIEW—NOT A RECEIPT');
  });
});
