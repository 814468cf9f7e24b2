import { describe, expect, it } from 'vitest';
import { nextPage } from './next-page.js';

const ORIGIN = 'https://shop.example';
/** Where a browser goes when the page calls location.assign(next) on ORIGIN. */
const landsOn = (next: string | null) => new URL(nextPage(next, ORIGIN), ORIGIN);

describe('the sign-in page goes back to', () => {
  it('a path on this site, with its query', () => {
    expect(nextPage('/receipt.html?id=10023456-000128-000457', ORIGIN)).toBe('/receipt.html?id=10023456-000128-000457');
    expect(nextPage('/', ORIGIN)).toBe('/');
    expect(nextPage(null, ORIGIN)).toBe('/');
  });

  it('never another site, however the address is disguised', () => {
    for (const next of ['//evil.example/', '/\\evil.example/', '/\t/evil.example/', '/\n/evil.example', '\\\\evil.example', 'https://evil.example/', 'javascript:alert(1)', ' //evil.example']) {
      const url = landsOn(next);
      expect({ next, origin: url.origin }).toEqual({ next, origin: ORIGIN });
      expect(url.protocol).toBe('https:');
    }
  });

  it('never the sign-in page itself', () => {
    expect(landsOn('/login.html?next=/').pathname).toBe('/');
    expect(landsOn('/./login.html').pathname).toBe('/');
  });
});
