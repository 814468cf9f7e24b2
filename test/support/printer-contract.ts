import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/index.js';
import { READY_STATE, encodeEscPos } from '../../src/escpos/index.js';
import { PrinterDisconnectedError, PrinterFaultError, type Printer } from '../../src/printer/index.js';
import type { ReceiptDocument } from '../../src/receipt/index.js';

/** The far end of the printer under test: faults to inject and what came out on paper. */
export interface PrinterControl {
  /** 'paper-out', 'near-end', 'cover-open', 'offline', or undefined to clear. */
  setFault(fault: string | undefined): void | Promise<void>;
  /** Text of each job printed so far, oldest first. */
  printed(): string[];
  close(): Promise<void>;
}

/** What each adapter's test file provides to run the one Printer contract. */
export interface PrinterHarness {
  /** A fresh printer with no fault, and its control. */
  open(): Promise<{ printer: Printer; control: PrinterControl }>;
}

export function contractReceipt(title: string): ReceiptDocument {
  return {
    columns: 48,
    dots: 576,
    blocks: [
      { type: 'text', align: 'center', runs: [{ text: title, style: { bold: true } }] },
      { type: 'text', runs: [{ text: '可口可乐 Coke 330ml                       ￥3.50' }] },
      { type: 'rule' },
      { type: 'text', runs: [{ text: '合计 TOTAL                                ￥3.50' }] },
      { type: 'feed', lines: 2 },
      { type: 'cut', partial: true },
    ],
  };
}

function receiptBytes(title: string): Uint8Array {
  return encodeEscPos(contractReceipt(title), 'generic-80');
}

/**
 * The contract every Printer adapter passes (TCP to a virtual printer today, others later):
 * status from DLE EOT 1-4, completion only after the paper passed, faults held and reported.
 */
export function printerContract(name: string, harness: PrinterHarness): void {
  describe(`Printer contract: ${name}`, () => {
    let printer: Printer;
    let control: PrinterControl;

    beforeEach(async () => {
      ({ printer, control } = await harness.open());
    });
    afterEach(async () => {
      await printer.close();
      await control.close();
    });

    it('reports a ready printer as READY_STATE', async () => {
      expect(await printer.status()).toEqual(READY_STATE);
    });

    it('reports each fault in the combined status', async () => {
      await control.setFault('paper-out');
      expect(await printer.status()).toMatchObject({ online: false, paperOut: true, coverOpen: false });
      await control.setFault('cover-open');
      expect(await printer.status()).toMatchObject({ online: false, paperOut: false, coverOpen: true });
      await control.setFault('offline');
      expect(await printer.status()).toMatchObject({ online: false, paperOut: false, coverOpen: false, error: false });
      await control.setFault('near-end');
      expect(await printer.status()).toEqual({ ...READY_STATE, paperNearEnd: true });
      await control.setFault(undefined);
      expect(await printer.status()).toEqual(READY_STATE);
    });

    it('answers concurrent status queries each', async () => {
      const states = await Promise.all([printer.status(), printer.status(), printer.status()]);
      expect(states).toEqual([READY_STATE, READY_STATE, READY_STATE]);
    });

    it('confirms a job only once it is on paper', async () => {
      await printer.send(receiptBytes('CONTRACT 1'));
      await printer.waitPrinted('C001', 5000);
      const printed = control.printed();
      expect(printed).toHaveLength(1);
      expect(printed[0]).toContain('CONTRACT 1');
      expect(printed[0]).toContain('可口可乐 Coke 330ml');
    });

    it('prints jobs in order and confirms each', async () => {
      await printer.send(receiptBytes('FIRST'));
      const first = printer.waitPrinted('J001', 5000);
      await printer.send(receiptBytes('SECOND'));
      const second = printer.waitPrinted('J002', 5000);
      await first;
      await second;
      const printed = control.printed();
      expect(printed).toHaveLength(2);
      expect(printed[0]).toContain('FIRST');
      expect(printed[1]).toContain('SECOND');
    });

    it('holds a job during paper-out and prints it once when paper is loaded', async () => {
      await control.setFault('paper-out');
      await printer.send(receiptBytes('HELD'));
      let confirmed = false;
      const done = printer.waitPrinted('H001', 5000).then(() => {
        confirmed = true;
      });
      // Three status reads later — each answered after the printer had the data — still paper out, still unconfirmed.
      for (let i = 0; i < 3; i++) expect(await printer.status()).toMatchObject({ paperOut: true });
      expect(confirmed).toBe(false);
      expect(control.printed()).toEqual([]);
      await control.setFault(undefined);
      await done;
      expect(control.printed()).toHaveLength(1);
      expect(control.printed()[0]).toContain('HELD');
    });

    it('fails waitPrinted with PRINTER_FAULT and the state when the printer stays out of paper', async () => {
      await control.setFault('paper-out');
      await printer.send(receiptBytes('NOT YET'));
      const error = await printer.waitPrinted('F001', 150).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrinterFaultError);
      expect((error as PrinterFaultError).code).toBe('PRINTER_FAULT');
      expect((error as PrinterFaultError).state).toMatchObject({ online: false, paperOut: true });
      expect((error as PrinterFaultError).hint).toMatch(/paper/);
      // Nothing is lost or doubled: the held job prints exactly once after the fault clears.
      await control.setFault(undefined);
      await printer.waitPrinted('F002', 5000);
      expect(control.printed()).toHaveLength(1);
      expect(control.printed()[0]).toContain('NOT YET');
    });

    it('refuses a job id that is not 4 printable ASCII characters', async () => {
      await expect(printer.waitPrinted('TOOLONG', 1000)).rejects.toBeInstanceOf(InputError);
      await expect(printer.waitPrinted('单据', 1000)).rejects.toMatchObject({ code: 'BAD_JOB_ID' });
      expect(await printer.status()).toEqual(READY_STATE);
    });

    it('fails every call after close with PRINTER_DISCONNECTED, and closes twice quietly', async () => {
      await printer.close();
      await printer.close();
      await expect(printer.status()).rejects.toBeInstanceOf(PrinterDisconnectedError);
      await expect(printer.send(Uint8Array.of(0x0a))).rejects.toMatchObject({ code: 'PRINTER_DISCONNECTED' });
      await expect(printer.waitPrinted('X001', 100)).rejects.toMatchObject({ code: 'PRINTER_DISCONNECTED' });
    });
  });
}
