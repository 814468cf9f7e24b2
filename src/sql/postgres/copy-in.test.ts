import { describe, expect, it } from 'vitest';
import { copyIn, copyRows, copyText } from './copy-in.js';

describe('COPY text format', () => {
  it('writes null as \\N and an empty string as nothing', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText(undefined)).toBe('\\N');
    expect(copyText('')).toBe('');
  });

  it('escapes the bytes the format reserves, and only those', () => {
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText('\\.')).toBe('\\\\.');
    expect(copyText('\u0001\u001f 王老吉 "x"')).toBe('\u0001\u001f 王老吉 "x"');
  });

  it('writes numbers and booleans as PostgreSQL reads them', () => {
    expect(copyText(9_007_199_254_740_991)).toBe('9007199254740991');
    expect(copyText(-5)).toBe('-5');
    expect(copyText(true)).toBe('t');
  });

  it('writes a line a row, a tab between values', () => {
    expect(copyRows([['a', 1, null], ['b\tc', 2, '']])).toBe('a\t1\t\\N\nb\\tc\t2\t\n');
  });
});

describe('copyIn', () => {
  const connection = () => {
    const sent: string[] = [];
    return { sent, query: (text: string) => sent.push(`Q ${text}`), sendCopyFromChunk: (chunk: Buffer) => sent.push(`d ${chunk.toString('utf8')}`), endCopyFrom: () => sent.push('c') };
  };

  it('sends the statement, the rows and the end at once, and resolves with the count the server gives', async () => {
    const copy = copyIn('COPY t (a, b) FROM STDIN', [['x', 1]]);
    const c = connection();
    copy.submit(c);
    expect(c.sent).toEqual(['Q COPY t (a, b) FROM STDIN', 'd x\t1\n', 'c']);
    copy.handleCommandComplete({ text: 'COPY 1' });
    copy.handleReadyForQuery();
    await expect(copy).resolves.toBe(1);
  });

  it('rejects with the server error as soon as it comes', async () => {
    const copy = copyIn('COPY t (a) FROM STDIN', [['x']]);
    copy.submit(connection());
    copy.handleError(new Error('no partition'));
    await expect(copy).rejects.toThrow('no partition');
  });
});
