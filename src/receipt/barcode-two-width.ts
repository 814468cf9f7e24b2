import { InputError } from '../core/index.js';

// Two-width symbologies: "n" narrow, "w" wide, alternating bar and space from a bar.
// Wide is 2.5 × narrow, the ratio ESC/POS printers use.
const WIDE = 2.5;

const CODE39: Readonly<Record<string, string>> = {
  '0': 'nnnwwnwnn', '1': 'wnnwnnnnw', '2': 'nnwwnnnnw', '3': 'wnwwnnnnn', '4': 'nnnwwnnnw',
  '5': 'wnnwwnnnn', '6': 'nnwwwnnnn', '7': 'nnnwnnwnw', '8': 'wnnwnnwnn', '9': 'nnwwnnwnn',
  A: 'wnnnnwnnw', B: 'nnwnnwnnw', C: 'wnwnnwnnn', D: 'nnnnwwnnw', E: 'wnnnwwnnn',
  F: 'nnwnwwnnn', G: 'nnnnnwwnw', H: 'wnnnnwwnn', I: 'nnwnnwwnn', J: 'nnnnwwwnn',
  K: 'wnnnnnnww', L: 'nnwnnnnww', M: 'wnwnnnnwn', N: 'nnnnwnnww', O: 'wnnnwnnwn',
  P: 'nnwnwnnwn', Q: 'nnnnnnwww', R: 'wnnnnnwwn', S: 'nnwnnnwwn', T: 'nnnnwnwwn',
  U: 'wwnnnnnnw', V: 'nwwnnnnnw', W: 'wwwnnnnnn', X: 'nwnnwnnnw', Y: 'wwnnwnnnn',
  Z: 'nwwnwnnnn', '-': 'nwnnnnwnw', '.': 'wwnnnnwnn', ' ': 'nwwnnnwnn', $: 'nwnwnwnnn',
  '/': 'nwnwnnnwn', '+': 'nwnnnwnwn', '%': 'nnnwnwnwn', '*': 'nwnnwnwnn',
};

const ITF_DIGITS = ['nnwwn', 'wnnnw', 'nwnnw', 'wwnnn', 'nnwnw', 'wnwnn', 'nwwnn', 'nnnww', 'wnnwn', 'nwnwn'];

const CODABAR: Readonly<Record<string, string>> = {
  '0': 'nnnnnww', '1': 'nnnnwwn', '2': 'nnnwnnw', '3': 'wwnnnnn', '4': 'nnwnnwn',
  '5': 'wnnnnwn', '6': 'nwnnnnw', '7': 'nwnnwnn', '8': 'nwwnnnn', '9': 'wnnwnnn',
  '-': 'nnnwwnn', $: 'nnwwnnn', ':': 'wnnnwnw', '/': 'wnwnnnw', '.': 'wnwnwnn',
  '+': 'nnwnwnw', A: 'nnwwnwn', B: 'nwnwnnw', C: 'nnnwnww', D: 'nnnwwwn',
};

const toWidths = (pattern: string) => [...pattern].map((c) => (c === 'w' ? WIDE : 1));

function refuse(name: string, hint: string): never {
  throw new InputError('BAD_BARCODE_DATA', `this data cannot be printed as ${name}`, { hint });
}

/** CODE39 with the * start and stop characters added, and a narrow gap between characters. */
export function code39Widths(data: string): { widths: number[]; text: string } {
  const body = data.replace(/^\*|\*$/g, '').toUpperCase();
  if (!/^[0-9A-Z\-. $/+%]+$/.test(body)) refuse('CODE39', 'use digits, capital letters, space and - . $ / + %');
  const text = `*${body}*`;
  return { widths: [...text].flatMap((c, i) => [...(i > 0 ? [1] : []), ...toWidths(CODE39[c] ?? '')]), text };
}

/** Interleaved 2 of 5: pairs of digits, the first in the bars and the second in the spaces. */
export function itfWidths(data: string): { widths: number[]; text: string } {
  if (!/^(\d\d)+$/.test(data)) refuse('ITF', 'use an even number of digits');
  const widths = toWidths('nnnn');
  for (let i = 0; i < data.length; i += 2) {
    const bars = ITF_DIGITS[Number(data[i])] ?? '';
    const spaces = ITF_DIGITS[Number(data[i + 1])] ?? '';
    for (let k = 0; k < 5; k++) widths.push(...toWidths(`${bars[k]}${spaces[k]}`));
  }
  widths.push(...toWidths('wnn'));
  return { widths, text: data };
}

/** Codabar (NW-7): start and stop characters A–D around digits and - $ : / . + */
export function codabarWidths(data: string): { widths: number[]; text: string } {
  const text = data.toUpperCase();
  if (!/^[A-D][0-9\-$:/.+]+[A-D]$/.test(text)) refuse('CODABAR', 'start and end with A, B, C or D around digits and - $ : / . +');
  return { widths: [...text].flatMap((c, i) => [...(i > 0 ? [1] : []), ...toWidths(CODABAR[c] ?? '')]), text };
}
