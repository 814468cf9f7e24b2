import { describe, expect, it } from 'vitest';
import { jsonSyntaxErrorAt } from './json-text.js';

describe('jsonSyntaxErrorAt: where text stops being JSON', () => {
  it('is -1 for one JSON value, blanks around it', () => {
    for (const text of ['{}', ' [] ', '{"a": [1, -0.5e+3, true, false, null, "x\\u00e9\\n"], "b": {"c": {}}}', '"x"', '0', '-1E5', '\n{\r\n  "a": 1\n}\n']) {
      expect(jsonSyntaxErrorAt(text), text).toBe(-1);
    }
  });

  it('names the first character that cannot be there, or the end of a text that ends too soon', () => {
    expect(jsonSyntaxErrorAt('{"a": 1 "b": 2}')).toBe(8);
    expect(jsonSyntaxErrorAt('{"a": 1,}')).toBe(8);
    expect(jsonSyntaxErrorAt('{"a": tru}')).toBe(9);
    expect(jsonSyntaxErrorAt("{'a': 1}")).toBe(1);
    expect(jsonSyntaxErrorAt('{"a": 01}')).toBe(7);
    expect(jsonSyntaxErrorAt('{"a": "\\x"}')).toBe(8);
    expect(jsonSyntaxErrorAt('{"a": 1')).toBe(7);
    expect(jsonSyntaxErrorAt('{"a": 1}\n{"b": 2}')).toBe(9);
  });

  it('agrees with JSON.parse on what is JSON, and on the place wherever JSON.parse names one', () => {
    const seeds = ['{"a": 1, "b": [true, false, null, -0.5e+3, "x\\u00e9\\n"], "c": {"d": {}}, "e": []}', '[1, 2.50, "3", {"k": "v"}]', '{"terminalId": "10023456",\n  "amount": "10.00"\n}'];
    const alphabet = '{}[],:" \n\\utrfaln0123456789-+.eE';
    let seed = 7;
    const next = (below: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % below;
    };
    for (let round = 0; round < 20_000; round++) {
      let text = seeds[next(seeds.length)] ?? '';
      for (let edits = 1 + next(3); edits > 0; edits--) {
        const at = next(text.length + 1);
        const c = alphabet[next(alphabet.length)] ?? '';
        const op = next(3);
        text = text.slice(0, at) + (op === 2 ? '' : c) + text.slice(op === 0 ? at : at + 1);
      }
      let message: string | undefined;
      try {
        JSON.parse(text);
      } catch (error) {
        message = (error as Error).message;
      }
      const at = jsonSyntaxErrorAt(text);
      expect(at === -1, text).toBe(message === undefined);
      const named = message === undefined ? undefined : / at position (\d+)/.exec(message)?.[1];
      if (named !== undefined) expect(at, text).toBe(Number(named));
    }
  });
});
