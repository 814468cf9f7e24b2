import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SOURCE_RULES, buildCapture, capturedJobToJson } from '../src/capture/index.js';
import { encodeEscPos, parseToDocument } from '../src/escpos/index.js';
import { PREVIEW_MARK_EVERY, defaultFontLoader, paperProfile, type Block } from '../src/receipt/index.js';
import { renderReceipt } from '../src/render/index.js';
import { createApp } from '../src/server/index.js';
import { httpClient } from './support/http-client.js';
import { decodePng } from './support/png-decode.js';
import { OLD, serverHarness, type Harness } from './support/server-harness.js';

/**
 * A captured receipt its POS printed as one raster picture (what a Windows printer driver
 * sends) is previewed marked across the picture, every four lines' height, as a text receipt
 * is: the picture between the top and bottom bands is not the POS's paper to the dot.
 */

let h: Harness;
let client: ReturnType<typeof httpClient>;
/** The receipt as the POS's driver printed it: one picture. */
let original: Uint8Array;
const ID = `cap-${'raster'.repeat(4)}`;
const isMark = (block: Block | undefined) => block?.type === 'text' && block.runs.some((r) => r.text.includes('仅供查看') && r.text.includes('NOT A RECEIPT'));

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 3000 });
  client = httpClient(createApp(h.deps));
  const { transaction } = await h.opened.journal.get(OLD);
  const png = decodePng(renderReceipt(transaction, { format: 'png', timeZone: 'Asia/Shanghai', font: defaultFontLoader }).body as Uint8Array);
  const rowBytes = Math.ceil(png.width / 8);
  const bits = new Uint8Array(rowBytes * png.height);
  for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) if (png.ink[y * png.width + x]) bits[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
  original = bits;
  const raw = encodeEscPos({ columns: 48, dots: 576, blocks: [{ type: 'image', width: png.width, height: png.height, bits }, { type: 'feed', lines: 2 }, { type: 'cut', partial: true }] }, 'generic-80');
  const at = Date.parse('2026-11-27T06:40:00Z');
  const job = buildCapture(raw, { id: ID, source: 'front-till', channel: 'tcp', peer: '192.168.1.20:51234', connection: 1, seq: 1, endedBy: 'cut', startedAt: at - 40, capturedAt: at }, { kanji: true, paper: paperProfile('80'), rules: DEFAULT_SOURCE_RULES });
  if (!job) throw new Error('the raster job prints nothing');
  await h.opened.journal.appendCapture(capturedJobToJson(job));
});
afterAll(() => h.close());

describe('the preview of a captured raster receipt', () => {
  it('as ESC/POS: the picture in bands of at most four lines, each marked right above and below, nothing of it lost', async () => {
    const li = await client.bearer('li');
    const answer = await client.call('GET', `/api/v1/captures/${ID}/receipt?format=escpos`, { as: li });
    expect(answer.status).toBe(200);
    const { blocks } = parseToDocument(new Uint8Array(await answer.arrayBuffer()), { kanjiDefault: true, paper: paperProfile('80') }).doc;
    const bands = blocks.flatMap((b, i) => (b.type === 'image' ? [{ ...b, i }] : []));
    expect(original.length / 72).toBeGreaterThan(1000);
    expect(Math.max(...bands.map((b) => b.height))).toBeLessThanOrEqual(PREVIEW_MARK_EVERY * 24);
    expect(bands.every((b) => isMark(blocks[b.i - 1]) && isMark(blocks[b.i + 1]))).toBe(true);
    expect(Buffer.concat(bands.map((b) => b.bits)).equals(Buffer.from(original))).toBe(true);
  });

  it('as text: never more than four lines without the mark', async () => {
    const li = await client.bearer('li');
    const answer = await client.call('GET', `/api/v1/captures/${ID}/receipt?format=text`, { as: li });
    expect(answer.status).toBe(200);
    const lines = (await answer.text()).split('\n');
    expect(lines.filter((l) => l.startsWith('[IMAGE')).length).toBeGreaterThan(10);
    let unmarked = 0;
    for (const line of lines) {
      unmarked = line.includes('仅供查看') ? 0 : unmarked + 1;
      expect(unmarked).toBeLessThanOrEqual(PREVIEW_MARK_EVERY);
    }
  });
});
