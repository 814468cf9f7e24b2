import { describe, expect, it } from 'vitest';
import { InputError, IntegrityError } from '../core/index.js';
import type { EventRow, PrintJobRow } from '../journal/index.js';
import { encodeJobOptions, receiptOptionsAsSent, receiptOptionsOf, reportOptionsOf } from './job-options.js';

const job = (kind: PrintJobRow['kind'], options: string): PrintJobRow => ({
  id: 7, transactionId: kind === 'report' ? '' : '10023456-000128-000457', terminalId: '10023456', kind, copy: kind === 'duplicate' ? 1 : 0, printer: 'front',
  backup: null, state: 'queued', attempts: 0, createdAt: 0, updatedAt: 0, expiresAt: 1, notBefore: 0, paperMm: 0, detail: null, options, reroutedFrom: null,
});

const duplicate = { duplicate: { copy: 2, reprintedAt: '2026-11-27T16:01:00+08:00', operatorId: '07', approverId: '90' }, verificationUrl: 'https://shop.example/v/CODE', copy: 'cardholder' };

describe('print job options', () => {
  it('stores receipt and report options as canonical JSON, and reads them back as they were', () => {
    const stored = encodeJobOptions('duplicate', duplicate);
    expect(stored).toBe(JSON.stringify({ copy: 'cardholder', duplicate: { approverId: '90', copy: 2, operatorId: '07', reprintedAt: '2026-11-27T16:01:00+08:00' }, verificationUrl: 'https://shop.example/v/CODE' }));
    expect(receiptOptionsOf(job('duplicate', stored))).toEqual(duplicate);
    expect(encodeJobOptions('original', undefined)).toBe('{}');
    const report = { report: { date: '2026-11-27', terminalId: '10023456' }, language: 'en' };
    expect(reportOptionsOf(job('report', encodeJobOptions('report', report)))).toEqual(report);
  });

  it('refuses a misspelt or unknown key when the job is queued, naming it', () => {
    const misspelt = (() => {
      try {
        encodeJobOptions('duplicate', { ...duplicate, verificationUrl: undefined, verificationURL: 'https://shop.example/v/CODE' });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(misspelt).toBeInstanceOf(InputError);
    expect(misspelt).toMatchObject({ code: 'BAD_JOB_OPTIONS', message: expect.stringContaining('verificationURL'), hint: expect.stringContaining('verificationUrl') });
    expect(() => encodeJobOptions('duplicate', { duplicate: { copy: 0, reprintedAt: 'x', operatorId: '07' } })).toThrow(/duplicate\.copy/);
    expect(() => encodeJobOptions('original', { language: 'fr' })).toThrow(expect.objectContaining({ code: 'BAD_JOB_OPTIONS' }));
    expect(() => encodeJobOptions('report', {})).toThrow(expect.objectContaining({ code: 'BAD_JOB_OPTIONS', message: expect.stringContaining('report') }));
    expect(() => encodeJobOptions('report', { report: { date: '27/11/2026' } })).toThrow(/report\.date/);
    expect(() => encodeJobOptions('test-page', { testPage: false })).toThrow(expect.objectContaining({ code: 'BAD_JOB_OPTIONS' }));
  });

  it('reports a stored value that does not parse, rather than printing without it', () => {
    for (const stored of ['{"verificationURL":"https://x/v/C","duplicate":{"copy":1,"reprintedAt":"t","operatorId":"07"}}', '{"copy":"both"}', 'not json', '[]']) {
      const error = (() => {
        try {
          receiptOptionsOf(job('duplicate', stored));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, stored).toBeInstanceOf(IntegrityError);
      expect(error, stored).toMatchObject({ code: 'JOB_OPTIONS_DAMAGED', message: expect.stringContaining('print job 7'), context: { jobId: 7 } });
    }
    expect(() => reportOptionsOf(job('report', '{"report":{}}'))).toThrow(expect.objectContaining({ code: 'JOB_OPTIONS_DAMAGED' }));
    expect(() => receiptOptionsOf(job('report', '{}'))).toThrow(expect.objectContaining({ code: 'NOT_A_RECEIPT_JOB' }));
    expect(() => reportOptionsOf(job('original', '{}'))).toThrow(expect.objectContaining({ code: 'NOT_A_REPORT_JOB' }));
  });

  describe('as sent: the mark a duplicate went to paper with', () => {
    const VOIDED = {
      state: 'voided',
      amount: '128.50',
      currency: 'CNY',
      corrections: [{ id: '10023456-000128-000458', kind: 'void', terminalId: '10023456', batchNo: '000128', voucherNo: '000458', occurredAt: '2026-11-27T15:01:02+08:00', amount: '128.50', currency: 'CNY' }],
    } as const;
    const event = (type: string, payload: Record<string, unknown>): EventRow => ({ id: 1, storeId: '', terminalId: '10023456', seq: 1, type, recordedAt: '', payload: JSON.stringify({ jobId: 7, ...payload }), prevHash: '', hash: '' });
    const queuedPaid = job('duplicate', encodeJobOptions('duplicate', duplicate));

    it('is the mark journaled with its sending, over the one it was queued with', () => {
      const sent = receiptOptionsAsSent(queuedPaid, [event('print.queued', {}), event('print.sending', { printedWith: { status: VOIDED } }), event('print.printed', { paperMm: 90 })]);
      expect(sent).toEqual({ options: { ...duplicate, status: VOIDED }, sent: true });
      // Voided when queued, nothing more when sent: the record says it, and nothing else of the job changes.
      const queuedVoided = job('duplicate', encodeJobOptions('duplicate', { ...duplicate, status: VOIDED }));
      expect(receiptOptionsAsSent(queuedVoided, [event('print.queued', {}), event('print.sending', { printedWith: { status: null } })]).options).toEqual(duplicate);
    });

    it("is the queued one for a job sent as it was queued (handed over: nothing said), or one never sent; another job's event says nothing of it", () => {
      expect(receiptOptionsAsSent(queuedPaid, [event('print.queued', {}), event('print.sending', {})])).toEqual({ options: duplicate, sent: true });
      expect(receiptOptionsAsSent(queuedPaid, [event('print.queued', {}), event('print.sending', { jobId: 8, printedWith: { status: VOIDED } })])).toEqual({ options: duplicate, sent: false });
      expect(receiptOptionsAsSent(queuedPaid, [event('print.queued', {}), event('print.expired', {})])).toEqual({ options: duplicate, sent: false });
    });

    it('reports a journaled mark that does not read as JOB_OPTIONS_DAMAGED', () => {
      const bad = (() => {
        try {
          receiptOptionsAsSent(queuedPaid, [event('print.sending', { printedWith: { status: { state: 'gone' } } })]);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(bad).toBeInstanceOf(IntegrityError);
      expect(bad).toMatchObject({ code: 'JOB_OPTIONS_DAMAGED', context: { jobId: 7 } });
    });
  });
});
