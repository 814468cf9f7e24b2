import { afterEach, describe, expect, it } from 'vitest';
import { verifyJournal } from '../src/journal/index.js';
import { renderTestPage, testPageDocument, printerDirectory, type SpoolerEvent } from '../src/printer/index.js';
import { renderText } from '../src/receipt/index.js';
import { onBothEngines } from './support/engines.js';
import { spoolerHarness, until, type Harness, type PrinterSpec } from './support/spooler-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const statusEvents = async (harness: Harness, printer: string) =>
  (await harness.store.eventsOf(`printer:${printer}`, { types: ['printer.status'], limit: 100 })).reverse().map((e) => JSON.parse(e.payload) as Record<string, unknown>);

onBothEngines((engine) => {
  const harnessOn = (specs: PrinterSpec[], options: Parameters<typeof spoolerHarness>[1] = {}) => spoolerHarness(specs, { ...options, engine });

  describe('printer health', () => {
    it('journals the status history on change only, in the printer chain', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const ids = await h.sales(3);
      await h.spooler.start();
      const print = async (id: string) => h?.spooler.waitFor((await h.spooler.enqueue({ transactionId: id, printer: 'front' })).id);
      await print(ids[0] as string);
      h.virtual.get('front')?.setFault('paper-out');
      const held = h.spooler.enqueue({ transactionId: ids[1] as string, printer: 'front' });
      await until(() => (h?.events ?? []).some((e) => e.type === 'held'), 'the hold');
      // Several polls that all read paper out: journaled once, on the change.
      await h.morePolls('front', 4);
      h.virtual.get('front')?.setFault(undefined);
      await h.spooler.waitFor((await held).id);
      await print(ids[2] as string);
      const history = await statusEvents(h, 'front');
      expect(history.map((e) => e.status)).toEqual(['ready', 'paper out', 'ready']);
      expect(history[1]).toMatchObject({ previous: 'ready', faults: ['paper out'], online: false, printer: { name: 'front', address: `tcp://127.0.0.1:${h.ports.get('front')}` } });
      expect(h.events.filter((e) => e.type === 'status').map((e) => (e as Extract<SpoolerEvent, { type: 'status' }>).status)).toEqual(['ready', 'paper out', 'ready']);
      // A restarted spooler does not journal an unchanged status again.
      await h.spooler.stop();
      const again = await h.newSpooler();
      await again.start();
      const [late] = await h.sales(1);
      await again.waitFor((await again.enqueue({ transactionId: late as string, printer: 'front' })).id);
      expect((await statusEvents(h, 'front')).map((e) => e.status)).toEqual(['ready', 'paper out', 'ready']);
      expect((await verifyJournal(h.store)).ok).toBe(true);
    });

    it('counts paper per printer, reminds once to clean the head, and starts over when cleaned', async () => {
      h = await harnessOn([{ name: 'front' }, { name: 'back' }], { settings: { cleanEveryMm: 100 } });
      const ids = await h.sales(6);
      await h.spooler.start();
      const jobs = [];
      for (const id of ids.slice(0, 5)) jobs.push(await h.spooler.waitFor((await h.spooler.enqueue({ transactionId: id, printer: 'front' })).id));
      const mm = jobs.reduce((sum, j) => sum + j.paperMm, 0);
      expect(mm).toBeGreaterThan(100);
      const due = h.events.filter((e): e is Extract<SpoolerEvent, { type: 'cleaning-due' }> => e.type === 'cleaning-due');
      expect(due).toHaveLength(1);
      expect(due[0]?.printer).toBe('front');
      expect((await h.store.eventsOf('printer:front', { types: ['printer.cleaning-due'], limit: 5 })).length).toBe(1);
      let [front, back] = await h.spooler.printers();
      expect(front).toMatchObject({ name: 'front', model: 'generic-80', paper: '80', configured: true, status: 'ready', queued: 0, inFlight: 0, cleaningDue: true, lastCleanedAt: null });
      expect(front?.paperUsedMm).toBeCloseTo(mm, 1);
      expect(front?.paperSinceCleanMm).toBeCloseTo(mm, 1);
      expect(front?.lastPrintedAt).toBe(jobs.at(-1)?.updatedAt);
      expect(back).toMatchObject({ name: 'back', status: 'not checked', paperUsedMm: 0, cleaningDue: false, lastPrintedAt: null });
      expect(await h.spooler.markCleaned('front', 'op07')).toEqual({ printer: 'front', paperMm: Math.round(mm * 10) / 10 });
      const cleaned = JSON.parse((await h.store.eventsOf('printer:front', { types: ['printer.cleaned'], limit: 1 }))[0]?.payload ?? '{}') as Record<string, unknown>;
      expect(cleaned).toMatchObject({ by: 'op07', printer: { name: 'front' } });
      [front] = await h.spooler.printers();
      expect(front).toMatchObject({ cleaningDue: false, paperSinceCleanMm: 0 });
      expect(front?.paperUsedMm).toBeCloseTo(mm, 1);
      expect(front?.lastCleanedAt).toBeTypeOf('number');
      await h.spooler.waitFor((await h.spooler.enqueue({ transactionId: ids[5] as string, printer: 'front' })).id);
      [front] = await h.spooler.printers();
      expect(front?.paperSinceCleanMm).toBeGreaterThan(0);
      expect(front?.paperSinceCleanMm).toBeLessThan(100);
      // A new process reads the same from the journal.
      const fresh = await h.newSpooler();
      const [again] = await fresh.printers();
      expect(again?.paperSinceCleanMm).toBe(front?.paperSinceCleanMm);
      expect(again?.cleaningDue).toBe(false);
    });

    it('probes idle printers on request, including unreachable ones', async () => {
      h = await harnessOn([{ name: 'front', fault: 'cover-open', backup: 'back', group: 'counter' }, { name: 'back', virtual: false }]);
      const reports = await h.spooler.printers({ probe: true });
      expect(reports).toMatchObject([
        { name: 'front', status: 'cover open', faults: ['cover open'], group: 'counter', backup: 'back', address: `tcp://127.0.0.1:${h.ports.get('front')}` },
        { name: 'back', status: 'unreachable', lastError: expect.stringContaining('ECONNREFUSED') },
      ]);
      expect(await h.spooler.describe()).toMatchObject([{ status: 'cover open' }, { status: 'unreachable' }]);
    });

    it('lists a printer that only a job names (HOST:PORT) and one that left the configuration', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [id] = await h.sales(1);
      await h.spooler.enqueue({ transactionId: id as string, printer: '127.0.0.1:9' });
      const reports = await h.spooler.printers();
      expect(reports.map((r) => [r.name, r.configured, r.queued])).toEqual([['front', true, 0], ['127.0.0.1:9', false, 1]]);
      const gone = await h.newSpooler({ printers: printerDirectory([]) });
      expect((await gone.printers()).find((r) => r.name === '127.0.0.1:9')).toMatchObject({ address: 'tcp://127.0.0.1:9' });
    });
  });
});

describe('printer health: the test page', () => {
  it('builds a test page that fits 58 mm paper and prints on a printer without a cutter', () => {
    const directory = printerDirectory([{ name: 'kitchen-printer-with-a-long-name', host: '192.168.100.200', port: 9100, model: 'xprinter-xp58' }]);
    const target = directory.resolve('kitchen-printer-with-a-long-name');
    const doc = testPageDocument(target, Date.parse('2026-11-27T06:32:05Z'));
    expect(doc.columns).toBe(32);
    const text = renderText(doc);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(32);
    expect(text).toContain('2026-11-27 06:32:05 UTC');
    expect(text).toContain('Model xprinter-xp58');
    expect(text).toContain('12345678901234567890123456789012');
    const { bytes, paperMm } = renderTestPage(target, 0);
    expect(bytes.length).toBeGreaterThan(100);
    expect(paperMm).toBeGreaterThan(30);
  });
});
