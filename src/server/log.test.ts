import { describe, expect, it } from 'vitest';
import { loggedPath, loggedPathOf } from './log.js';

/** loggedPathOf must say exactly what loggedPath says of the parsed URL. */
function same(href: string): void {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return;
  }
  for (const reading of ['checked', 'unchecked'] as const) expect(loggedPathOf(href, reading), href).toBe(loggedPath(url, reading));
}

describe('loggedPathOf: the logged path without parsing a URL, the same text', () => {
  it('reads plain targets, encoded queries and odd ones as URL and URLSearchParams do', () => {
    const targets = [
      '/health',
      '/',
      '/api/v1/transactions?around=2026-11-27%2014%3A30&within=15m&amount=128.50',
      '/api/v1/transactions?around=2026-11-27+14:30&amount=1&amount=2',
      '/api/v1/transactions?&&a&=b&c=&=&d==e',
      '/api/v1/transactions?',
      '/api/v1/transactions?q=%E6%8B%BF%E9%93%81&x=%zz',
      '/api/v1/transactions?q=%C0%AF',
      '/api/v1/transactions?q=%ED%A0%80',
      '/api/v1/transactions?q=%2B%26%3D%25',
      "/api/v1/transactions?q='quoted'",
      '/api/v1/transactions?ref=4111111111111111',
      '/api/v1/transactions?ref=4111%201111%201111%201111',
      '/api/v1/transactions?ref=4111+1111+1111+1111',
      '/api/v1/transactions?4111111111111111=1',
      '/api/v1/transactions/4111111111111111',
      '/api/v1/transactions/4111%201111%201111%201111',
      '/r/abcdef.123',
      '/r/abc/def',
      '/r/4111111111111111',
      '/a/./b?x=1',
      '/a/../b',
      '/a/%2e%2e/b',
      '/a#frag?x=1',
      '/a?x=1#frag',
      '/a\\b?x=1',
      '/a b?x=1 2',
      '/a?x="<>`{}|^',
      '/拿铁?x=拿铁',
      '/a?x=%00%0A',
      '/A/B?X=Y~!$(),;:@[]',
    ];
    for (const target of targets) {
      same(`http://127.0.0.1:8080${target}`);
      same(`https://shop.example${target}`);
    }
  });

  it('agrees on random targets', () => {
    const alphabet = ['a', 'Z', '0', '4', '1', '/', '?', '&', '=', '+', '%', '%2', '%20', '%41', '%E6%8B%BF', '%C3', '.', '..', '#', ' ', "'", '\\', '拿', '-', '*', '~', ';', ':'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 3000; n++) {
      let target = '/';
      const length = Math.floor(next() * 24);
      for (let i = 0; i < length; i++) target += alphabet[Math.floor(next() * alphabet.length)] ?? '';
      same(`http://127.0.0.1:8080${target}`);
    }
  });
});
