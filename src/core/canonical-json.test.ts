import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

/** The same object with its keys inserted in reverse order, recursively. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).reverse()) {
      Object.defineProperty(out, k, { value: reversedKeys(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

describe('canonicalJson', () => {
  it('writes scalars exactly as JSON does', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(false)).toBe('false');
    expect(canonicalJson(0)).toBe('0');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(128.5)).toBe('128.5');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
    expect(canonicalJson('上海 ￥')).toBe('"上海 ￥"');
  });

  it('sorts keys and leaves out all whitespace', () => {
    expect(canonicalJson({ b: 1, a: [1, 2, { d: 'x', c: null }] })).toBe('{"a":[1,2,{"c":null,"d":"x"}],"b":1}');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
  });

  it('sorts keys by UTF-16 code unit, not by locale', () => {
    // Capitals before lower case, and an astral character (surrogate D83D…) before U+FF01.
    expect(canonicalJson({ b: 1, a: 2, B: 3, é: 4, '\uFF01': 5, '😀': 6, '': 7, '10': 8, '9': 9 })).toBe(
      '{"":7,"10":8,"9":9,"B":3,"a":2,"b":1,"é":4,"😀":6,"！":5}',
    );
  });

  it('leaves out undefined members and writes undefined array slots as null', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson({ a: undefined })).toBe(canonicalJson({}));
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    const a = { kind: 'sale', merchant: { id: '898310058120123', name: '好又多' }, amount: '128.50' };
    const b = { amount: '128.50', merchant: { name: '好又多', id: '898310058120123' }, kind: 'sale' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses the number %s', (n) => {
    expect(() => canonicalJson(n)).toThrow(TypeError);
    expect(() => canonicalJson({ nested: [n] })).toThrow('canonical JSON cannot hold NaN or Infinity');
  });

  it.each([
    [10n, 'bigint'],
    [Symbol('s'), 'symbol'],
    [() => 1, 'function'],
    [undefined, 'undefined'],
  ])('refuses a %s at the top level', (value, type) => {
    expect(() => canonicalJson(value)).toThrow(`canonical JSON cannot hold a ${type}`);
  });

  it('refuses a bigint nested in an object', () => {
    expect(() => canonicalJson({ a: { b: 1n } })).toThrow(TypeError);
  });

  it('reads back as the value it was made from, and is a fixed point', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(text).not.toMatch(/^\s|\s$/);
        const back: unknown = JSON.parse(text);
        // JSON.stringify is the reference for content; canonical order is checked by the fixed point.
        expect(canonicalJson(back)).toBe(text);
        expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(reversedKeys(value))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
