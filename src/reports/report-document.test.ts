import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenFiles } from '../../test/support/golden.js';
import { sale } from '../../test/support/fixtures.js';
import { encodeEscPos, parseToDocument, PRINTER_PROFILES, type PrinterModel } from '../escpos/index.js';
import { decodePng } from '../../test/support/png-decode.js';
import { PaperIds, ReceiptLanguages, displayWidth, lineWidth, paperProfile, renderPng, renderText, type PaperId, type ReceiptDocument } from '../receipt/index.js';
import { collectDay, reportDocument, reportText, type DayReport } from './index.js';
import { DST_DAY, DST_ZONE, GENERATED_AT, recordDay, tempJournal, type TempJournal } from '../../test/support/report-fixtures.js';

/**
 * Golden files under test/golden/reports: written with UPDATE_GOLDEN=1, checked by eye, then
 * compared exactly; a missing one fails, and CI never rewrites them (test/support/golden.ts).
 */
const goldens = goldenFiles('reports');

function matchesGolden(name: string, actual: string): void {
  expect(actual).toBe(goldens.read(name, actual).toString('utf8'));
}

const PRINTER_FOR: Readonly<Record<PaperId, PrinterModel>> = { '58': 'generic-58', '80': 'generic-80', '80-180': 'epson-tm-t88' };

/** Every printed line of a document is within the paper: text blocks by their printed width (double width counts twice), and the text rendering. */
function expectFits(doc: ReceiptDocument, columns: number): void {
  expect(doc.columns).toBe(columns);
  for (const block of doc.blocks) {
    if (block.type === 'text') expect(lineWidth(block), JSON.stringify(block)).toBeLessThanOrEqual(columns);
  }
  for (const line of renderText(doc).split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
}

/** Heads fixed for the goldens (the journal's own depend on when its events were written). */
const HEADS = [
  { terminalId: '10023456', seq: 12, hash: 'a3f1c09e'.repeat(8) },
  { terminalId: 'audit', seq: 3, hash: '0b7d5e21'.repeat(8) },
];

let db: TempJournal;
let day: DayReport;
let empty: DayReport;
let crowded: DayReport;

beforeAll(async () => {
  db = await tempJournal();
  await recordDay(db.journal);
  day = { ...(await collectDay(db.journal, { date: DST_DAY, timeZone: DST_ZONE, clock: () => GENERATED_AT })), heads: HEADS };
  empty = { ...(await collectDay(db.journal, { date: '2026-11-27', timeZone: 'Asia/Shanghai', clock: () => Date.parse('2026-11-28T01:00:00Z') })), heads: HEADS };
  // Everything as wide as the input allows: several currencies, the longest operator no.,
  // an amount near the top of the range, a merchant name of 40 CJK characters (80 columns).
  const merchant = { id: '898310058120123', name: '上海国际大酒店管理有限公司浦东分公司前台收银处'.repeat(2).slice(0, 40) };
  await db.journal.recordMany([
    sale({ merchant, voucherNo: '000901', occurredAt: '2026-11-28T09:00:00+08:00', amount: '99999999999.99', operatorId: 'ABCDEFGHIJ' }),
    sale({ merchant, voucherNo: '000902', occurredAt: '2026-11-28T09:01:00+08:00', amount: '12.00', currency: 'HKD', operatorId: 'ABCDEFGHIJ' }),
    sale({ merchant, kind: 'void', voucherNo: '000903', occurredAt: '2026-11-28T09:02:00+08:00', amount: '12.00', currency: 'HKD', operatorId: '1', original: { voucherNo: '000902' } }),
    sale({ merchant, voucherNo: '000904', occurredAt: '2026-11-28T09:03:00+08:00', amount: '1500', currency: 'JPY', operatorId: '1', card: undefined, referenceNo: undefined }),
  ]);
  crowded = { ...(await collectDay(db.journal, { date: '2026-11-28', timeZone: 'Asia/Shanghai', clock: () => Date.parse('2026-11-28T12:00:00Z') })), heads: HEADS };
});
afterAll(async () => {
  await db.close();
});

describe('reportDocument fits the paper', () => {
  for (const paper of PaperIds) {
    for (const language of ReceiptLanguages) {
      it(`${paper} ${language}`, () => {
        const profile = paperProfile(paper);
        for (const report of [day, empty, crowded]) {
          for (const sections of [undefined, ['list'], ['totals']] as const) {
            const doc = reportDocument(report, { paper: profile, language, ...(sections ? { sections } : {}) });
            expect(doc.dots).toBe(profile.dots);
            expectFits(doc, profile.columns);
          }
        }
      });
    }
  }
});

describe('reportDocument: text goldens, paper × language', () => {
  for (const paper of PaperIds) {
    for (const language of ReceiptLanguages) {
      it(`day ${paper} ${language}`, () => {
        matchesGolden(`day-${paper}-${language}.txt`, reportText(day, { paper: paperProfile(paper), language }));
      });
    }
  }
  it.each([
    ['empty-58-bilingual.txt', () => reportText(empty, { paper: paperProfile('58'), language: 'bilingual' })],
    ['currencies-80-zh.txt', () => reportText(crowded, { paper: paperProfile('80'), language: 'zh' })],
    ['totals-only-80-180-en.txt', () => reportText(day, { paper: paperProfile('80-180'), language: 'en', sections: ['totals'] })],
  ])('%s', (name, text) => {
    matchesGolden(name, text());
  });
});

describe('reportDocument: what is on the paper', () => {
  it("prints each chain's head hash and event count as the journal has them, on every paper", async () => {
    const live = await collectDay(db.journal, { date: DST_DAY, timeZone: DST_ZONE, clock: () => GENERATED_AT });
    const heads = await db.journal.heads();
    expect(live.heads).toEqual(heads);
    expect(heads.length).toBeGreaterThan(0);
    for (const paper of PaperIds) {
      const doc = reportDocument(live, { paper: paperProfile(paper), language: 'bilingual' });
      expectFits(doc, paperProfile(paper).columns);
      const text = renderText(doc).replace(/\s+/g, '');
      expect(text).toContain('日志链头JOURNALHEADS');
      for (const head of heads) {
        expect(text).toContain(head.hash);
        expect(text).toContain(`链CHAIN${head.terminalId}`);
        expect(text).toContain(`条数EVENTS${head.seq}`);
      }
    }
  });

  it('an empty day still prints the header and "no transactions" in each section', () => {
    for (const language of ReceiptLanguages) {
      const text = reportText(empty, { paper: paperProfile('58'), language });
      expect(text.match(/无交易|NO TRANSACTIONS/g)?.length).toBeGreaterThanOrEqual(2);
      if (language !== 'zh') expect(text).toMatch(/no transactions/i);
      expect(text).toContain('2026-11-27');
    }
    expect(reportText(empty, { paper: paperProfile('80'), language: 'zh' })).toContain('无交易');
  });

  it('has the titles, the header lines and the printed time', () => {
    const text = reportText(day, { paper: paperProfile('80'), language: 'bilingual' });
    for (const needle of ['交易明细', 'TRANSACTION LIST', '交易汇总', 'SETTLEMENT TOTALS', '898310058120123', '纽约华埠好又多超市', '2026-11-01 (25小时)', 'America/New_York', '2026-11-02 09:30:00']) {
      expect(text).toContain(needle);
    }
    expect(reportText(day, { paper: paperProfile('80'), language: 'en', printedAt: Date.parse('2026-11-03T15:00:00Z') })).toContain('2026-11-03 10:00:00');
  });

  it('prints every transaction of the list once, with its voucher, kind, card and signed amount', () => {
    const text = reportText(day, { paper: paperProfile('80'), language: 'en' });
    for (const e of day.entries) expect(text.split(e.voucherNo).length - 1, e.voucherNo).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/09:15:00 000104 +VOID \*5678 +-88\.00\n/);
    expect(text).toMatch(/13:00:00 000107 +SALE - +200\.00\n/);
    expect(text).toMatch(/NET +1791\.16\n/);
  });

  it('puts the currency before amounts when the day has several', () => {
    const text = reportText(crowded, { paper: paperProfile('58'), language: 'en' });
    expect(text).toContain('HKD -12.00');
    expect(text).toContain('JPY 1500');
  });

  it('names the terminal, batch and operator a narrowed report covers', async () => {
    const narrowed = await collectDay(db.journal, { date: DST_DAY, timeZone: DST_ZONE, terminalId: '10023456', batchNo: '128', operatorId: '01', clock: () => GENERATED_AT });
    const text = reportText(narrowed, { paper: paperProfile('58'), language: 'bilingual' });
    expect(text).toMatch(/^终端 TERMINAL: +10023456$/m);
    expect(text).toMatch(/^批次 BATCH: +000128$/m);
    expect(text).toMatch(/^操作员 OPERATOR: +01$/m);
    expect(narrowed.entries.map((e) => e.voucherNo)).toEqual(['000101', '000102', '000103', '000104']);
  });

  it('refuses an unknown language or section, and a printed time that is not a time', () => {
    expect(() => reportDocument(day, { paper: paperProfile('58'), printedAt: Number.NaN })).toThrow(expect.objectContaining({ code: 'BAD_PRINTED_AT' }));
    expect(() => reportDocument(day, { paper: paperProfile('58'), language: 'fr' as 'zh' })).toThrow(expect.objectContaining({ code: 'BAD_LANGUAGE' }));
    expect(() => reportDocument(day, { paper: paperProfile('58'), sections: [] })).toThrow(expect.objectContaining({ code: 'BAD_SECTIONS' }));
    expect(() => reportDocument(day, { paper: paperProfile('58'), sections: ['summary' as 'list'] })).toThrow(expect.objectContaining({ code: 'BAD_SECTIONS' }));
  });
});

describe('ESC/POS: the report prints as its text', () => {
  const trimmed = (doc: ReceiptDocument) => renderText(doc).split('\n').map((l) => l.trimEnd());
  for (const paper of PaperIds) {
    for (const language of ReceiptLanguages) {
      it(`${paper} ${language} on ${PRINTER_FOR[paper]}`, () => {
        const profile = PRINTER_PROFILES[PRINTER_FOR[paper]];
        for (const report of [day, empty, crowded]) {
          const doc = reportDocument(report, { paper: profile.paper, language });
          const parsed = parseToDocument(encodeEscPos(doc, profile), { paper: profile.paper });
          expect(parsed.unknown).toEqual([]);
          expect(trimmed(parsed.doc)).toEqual(trimmed(doc));
        }
      });
    }
  }
});

describe('PNG: the report renders as the printer would print it', () => {
  it.each(PaperIds)('%s mm bilingual is exactly the paper width and has ink', (paper) => {
    const profile = paperProfile(paper);
    const png = decodePng(renderPng(reportDocument(day, { paper: profile, language: 'bilingual' })));
    expect(png.width).toBe(profile.dots);
    expect(png.height).toBeGreaterThan(1000);
    expect(png.ink.some((v) => v !== 0)).toBe(true);
  });
});
