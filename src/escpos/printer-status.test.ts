import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeAsb,
  decodeErrorCause,
  decodeOfflineCause,
  decodePaperSensor,
  decodePrinterIdResponse,
  decodePrinterStatus,
  decodeProcessIdResponse,
  decodeStatusResponse,
  encodeAsb,
  encodePrinterIdResponse,
  encodeProcessIdResponse,
  encodeStatusResponse,
  isAsbHeader,
  isStatusByte,
  PRINTER_PROFILES,
  READY_STATE,
  responseTo,
  StatusReader,
  type PrinterState,
} from './index.js';

const state: fc.Arbitrary<PrinterState> = fc
  .record({
    online: fc.boolean(),
    coverOpen: fc.boolean(),
    paperNearEnd: fc.boolean(),
    paperOut: fc.boolean(),
    drawerOpen: fc.boolean(),
    feeding: fc.boolean(),
    cutterError: fc.boolean(),
    unrecoverableError: fc.boolean(),
    autoRecoverableError: fc.boolean(),
  })
  .map((s) => ({ ...s, error: s.cutterError || s.unrecoverableError || s.autoRecoverableError }));

const identity = PRINTER_PROFILES['epson-tm-t88'].identity;

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('DLE EOT status bytes', () => {
  it('matches the Epson bit layout for known states', () => {
    expect([1, 2, 3, 4].map((n) => encodeStatusResponse(n, READY_STATE))).toEqual([0x12, 0x12, 0x12, 0x12]);
    const out = { ...READY_STATE, online: false, paperNearEnd: true, paperOut: true };
    expect(encodeStatusResponse(1, out)).toBe(0x1a);
    expect(encodeStatusResponse(2, out)).toBe(0x32);
    expect(encodeStatusResponse(4, out)).toBe(0x7e);
    expect(encodeStatusResponse(2, { ...READY_STATE, coverOpen: true })).toBe(0x16);
    expect(encodeStatusResponse(3, { ...READY_STATE, cutterError: true, error: true })).toBe(0x1a);
    expect(encodeStatusResponse(1, { ...READY_STATE, drawerOpen: true })).toBe(0x16);
    expect(encodeStatusResponse(1, { ...READY_STATE, drawerOpen: true }, { drawerOpenLevel: 'low' })).toBe(0x12);
  });

  it('round-trips every request for any state', () => {
    fc.assert(
      fc.property(state, fc.constantFrom<'high' | 'low'>('high', 'low'), (s, level) => {
        const merged = Object.assign({}, ...[1, 2, 3, 4].map((n) => decodeStatusResponse(n, encodeStatusResponse(n, s, { drawerOpenLevel: level }), { drawerOpenLevel: level })));
        expect(merged).toEqual(s);
        for (const n of [1, 2, 3, 4]) expect(isStatusByte(encodeStatusResponse(n, s))).toBe(true);
      }),
    );
  });

  it('decodes each request on its own', () => {
    expect(decodePrinterStatus(0x1e)).toEqual({ online: false, drawerOpen: true });
    expect(decodeOfflineCause(0x7e)).toEqual({ coverOpen: true, feeding: true, paperOut: true, error: true });
    expect(decodeErrorCause(0x52)).toEqual({ cutterError: false, unrecoverableError: false, autoRecoverableError: true, error: true });
    expect(decodePaperSensor(0x1e)).toEqual({ paperNearEnd: true, paperOut: false });
  });

  it('refuses bytes that are not status answers and requests that do not exist', () => {
    expect(code(() => decodePrinterStatus(0x10))).toBe('STATUS_BAD_BYTE');
    expect(code(() => decodePaperSensor(0x93))).toBe('STATUS_BAD_BYTE');
    expect(code(() => decodeOfflineCause(256))).toBe('STATUS_BAD_BYTE');
    expect(code(() => decodeErrorCause(0x13))).toBe('STATUS_BAD_BYTE');
    expect(code(() => encodeStatusResponse(5, READY_STATE))).toBe('STATUS_BAD_REQUEST');
    expect(code(() => decodeStatusResponse(0, 0x12))).toBe('STATUS_BAD_REQUEST');
  });
});

describe('automatic status back', () => {
  it('round-trips any state in four bytes', () => {
    fc.assert(
      fc.property(state, (s) => {
        const bytes = encodeAsb(s);
        expect(bytes).toHaveLength(4);
        expect(isAsbHeader(bytes[0] ?? 0)).toBe(true);
        expect(decodeAsb(bytes)).toEqual(s);
      }),
    );
  });

  it('lays the bits out as Epson does', () => {
    expect(Array.from(encodeAsb(READY_STATE))).toEqual([0x10, 0, 0, 0]);
    expect(Array.from(encodeAsb({ ...READY_STATE, online: false, coverOpen: true, paperOut: true, paperNearEnd: true }))).toEqual([0x38, 0, 0x0f, 0]);
  });

  it('refuses anything that is not an ASB block', () => {
    expect(code(() => decodeAsb([0x10, 0, 0]))).toBe('ASB_BAD_BYTES');
    expect(code(() => decodeAsb([0x12, 0, 0, 0]))).toBe('ASB_BAD_BYTES');
    expect(code(() => decodeAsb([0x10, 0x10, 0, 0]))).toBe('ASB_BAD_BYTES');
  });
});

describe('GS ( H process-ID response', () => {
  it('round-trips', () => {
    expect(Array.from(encodeProcessIdResponse('J042'))).toEqual([0x37, 0x22, 0x4a, 0x30, 0x34, 0x32, 0x00]);
    expect(decodeProcessIdResponse(encodeProcessIdResponse('J042'))).toBe('J042');
  });
  it('refuses bad ids and bad bytes', () => {
    expect(code(() => encodeProcessIdResponse('toolong'))).toBe('BAD_JOB_ID');
    expect(code(() => decodeProcessIdResponse([0x37, 0x22, 0x41, 0x00]))).toBe('PROCESS_ID_BAD_BYTES');
  });
});

describe('GS I printer id', () => {
  it('round-trips one-byte ids and text blocks', () => {
    expect(decodePrinterIdResponse(1, encodePrinterIdResponse(1, identity))).toEqual({ modelId: identity.modelId });
    expect(decodePrinterIdResponse(50, encodePrinterIdResponse(50, identity))).toEqual({ multiByte: true, autocutter: true });
    expect(decodePrinterIdResponse(3, encodePrinterIdResponse(3, identity))).toEqual({ firmwareId: identity.firmwareId });
    expect(Array.from(encodePrinterIdResponse(66, identity))).toEqual([0x5f, ...Buffer.from('EPSON'), 0]);
    for (const n of [65, 66, 67, 68, 69]) expect(Object.values(decodePrinterIdResponse(n, encodePrinterIdResponse(n, identity)))).toHaveLength(1);
    expect(decodePrinterIdResponse(69, encodePrinterIdResponse(69, identity))).toEqual({ fonts: 'CHINA GB2312' });
  });
  it('refuses what it cannot answer or read', () => {
    expect(code(() => encodePrinterIdResponse(4, identity))).toBe('PRINTER_ID_BAD_REQUEST');
    expect(code(() => encodePrinterIdResponse(1, { ...identity, modelId: 0x90 }))).toBe('PRINTER_ID_BAD_VALUE');
    expect(code(() => encodePrinterIdResponse(67, { ...identity, model: '型号' }))).toBe('PRINTER_ID_BAD_TEXT');
    expect(code(() => decodePrinterIdResponse(67, [0x41, 0]))).toBe('PRINTER_ID_BAD_BYTES');
    expect(code(() => decodePrinterIdResponse(1, [0x10]))).toBe('PRINTER_ID_BAD_BYTES');
    expect(code(() => decodePrinterIdResponse(4, [0x01]))).toBe('PRINTER_ID_BAD_REQUEST');
  });
});

describe('StatusReader', () => {
  it('separates interleaved responses and matches one-byte answers to queries in order', () => {
    const reader = new StatusReader();
    reader.expect({ kind: 'status', n: 4 });
    reader.expect({ kind: 'printer-id', n: 67 });
    reader.expect({ kind: 'printer-id', n: 1 });
    reader.expect({ kind: 'status', n: 2 });
    const bytes = [
      ...encodeAsb({ ...READY_STATE, paperNearEnd: true }),
      encodeStatusResponse(4, { ...READY_STATE, paperOut: true }),
      ...encodePrinterIdResponse(67, identity),
      ...encodeProcessIdResponse('AB12'),
      ...encodePrinterIdResponse(1, identity),
      encodeStatusResponse(2, { ...READY_STATE, coverOpen: true }),
      0xff,
    ];
    const out = bytes.flatMap((byte) => reader.feed([byte]));
    expect(out).toEqual([
      { type: 'asb', state: { ...READY_STATE, paperNearEnd: true } },
      { type: 'status', n: 4, byte: 0x72, state: { paperNearEnd: false, paperOut: true } },
      { type: 'printer-id', n: 67, identity: { model: 'TM-T88V' } },
      { type: 'process-id', id: 'AB12' },
      { type: 'printer-id', n: 1, identity: { modelId: identity.modelId } },
      { type: 'status', n: 2, byte: 0x16, state: { coverOpen: true, feeding: false, paperOut: false, error: false } },
      { type: 'unknown', bytes: Uint8Array.of(0xff) },
    ]);
  });

  it('reports answers nobody asked for without guessing', () => {
    const reader = new StatusReader();
    expect(reader.feed([0x12, 0x05, 0x5f, 0x41, 0x00, 0x10, 0x80, 0, 0, 0])).toEqual([
      { type: 'status', n: null, byte: 0x12, state: {} },
      { type: 'unknown', bytes: Uint8Array.of(0x05) },
      { type: 'unknown', bytes: Uint8Array.of(0x5f, 0x41, 0x00) },
      { type: 'unknown', bytes: Uint8Array.of(0x10) },
      { type: 'unknown', bytes: Uint8Array.of(0x80) },
      { type: 'unknown', bytes: Uint8Array.of(0) },
      { type: 'unknown', bytes: Uint8Array.of(0) },
      { type: 'unknown', bytes: Uint8Array.of(0) },
    ]);
  });

  it('gives up on a block that never ends and refuses impossible queries', () => {
    const reader = new StatusReader();
    const out = reader.feed([0x37, ...new Array(90).fill(0x41)]);
    expect(out[0]).toEqual({ type: 'unknown', bytes: Uint8Array.of(0x37) });
    expect(code(() => reader.expect({ kind: 'status', n: 9 }))).toBe('STATUS_BAD_REQUEST');
    expect(code(() => reader.expect({ kind: 'printer-id', n: 4 }))).toBe('STATUS_BAD_REQUEST');
  });
});

describe('responseTo', () => {
  const ctx = { state: { ...READY_STATE, paperNearEnd: true, drawerOpen: true }, identity };
  it('answers the queries a printer answers', () => {
    expect(Array.from(responseTo({ type: 'realtime-status', n: 4, a: null }, ctx) ?? [])).toEqual([0x1e]);
    expect(Array.from(responseTo({ type: 'printer-id-request', n: 66 }, ctx) ?? [])).toEqual([0x5f, ...Buffer.from('EPSON'), 0]);
    expect(Array.from(responseTo({ type: 'process-id', id: 'ZZ01' }, ctx) ?? [])).toEqual([0x37, 0x22, ...Buffer.from('ZZ01'), 0]);
    expect(Array.from(responseTo({ type: 'asb', mask: 0x0f }, ctx) ?? [])).toEqual([0x14, 0, 0x03, 0]);
    expect(Array.from(responseTo({ type: 'status-request', n: 49 }, ctx) ?? [])).toEqual([0x03]);
    expect(Array.from(responseTo({ type: 'status-request', n: 2 }, ctx) ?? [])).toEqual([0x01]);
  });
  it('stays silent otherwise', () => {
    expect(responseTo({ type: 'asb', mask: 0 }, ctx)).toBeUndefined();
    expect(responseTo({ type: 'realtime-status', n: 7, a: 1 }, ctx)).toBeUndefined();
    expect(responseTo({ type: 'realtime-request', n: 1 }, ctx)).toBeUndefined();
    expect(responseTo({ type: 'printer-id-request', n: 4 }, ctx)).toBeUndefined();
    expect(responseTo({ type: 'status-request', n: 3 }, ctx)).toBeUndefined();
  });
});
