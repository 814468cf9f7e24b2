import { InputError } from '../core/index.js';

// Bar/space widths of the 107 CODE128 symbols (ISO/IEC 15417), 103–105 start A/B/C, 106 stop.
const PATTERNS = (
  '212222,222122,222221,121223,121322,131222,122213,122312,132212,221213,221312,231212,112232,122132,122231,113222,' +
  '123122,123221,223211,221132,221231,213212,223112,312131,311222,321122,321221,312212,322112,322211,212123,212321,' +
  '232121,111323,131123,131321,112313,132113,132311,211313,231113,231311,112133,112331,132131,113123,113321,133121,' +
  '313121,211331,231131,213113,213311,213131,311123,311321,331121,312113,312311,332111,314111,221411,431111,111224,' +
  '111422,121124,121421,141122,141221,112214,112412,122114,122411,142112,142211,241211,221114,413111,241112,134111,' +
  '111242,121142,121241,114212,124112,124211,411212,421112,421211,212141,214121,412121,111143,111341,131141,114113,' +
  '114311,411113,411311,113141,114131,311141,411131,211412,211214,211232,2331112'
).split(',');

const START_A = 103;
const START_B = 104;
const START_C = 105;
const TO_A = 101; // from B or C
const TO_B = 100; // from A or C
const TO_C = 99; // from A or B
const STOP = 106;

type CodeSet = 'A' | 'B' | 'C';

/** Even-length run of digits at `i` worth switching to set C for (4+ digits, or all of them). */
function digitRun(data: string, i: number): number {
  let n = 0;
  while (i + n < data.length && /\d/.test(data[i + n] ?? '')) n++;
  return n - (n % 2);
}

/** Code values for the data, using set C for digit runs and A only for control characters. */
export function code128Values(data: string): number[] {
  if (data.length === 0 || !/^[\x00-\x7f]*$/.test(data)) {
    throw new InputError('BAD_BARCODE_DATA', 'CODE128 data must be 1 or more ASCII characters', { hint: 'use letters, digits and ASCII punctuation' });
  }
  const values: number[] = [];
  let set: CodeSet | undefined;
  // Start in A when a control character comes before any lower-case letter, saving a switch.
  const decider = /[\x00-\x1f`-\x7f]/.exec(data)?.[0];
  const firstTextSet: CodeSet = decider !== undefined && decider.charCodeAt(0) < 32 ? 'A' : 'B';
  let i = 0;
  while (i < data.length) {
    const run = digitRun(data, i);
    if (run >= 4 || (run >= 2 && run === data.length - i && set === 'C')) {
      if (set !== 'C') values.push(set === undefined ? START_C : TO_C);
      set = 'C';
      for (let k = 0; k < run; k += 2) values.push(Number(data.slice(i + k, i + k + 2)));
      i += run;
      continue;
    }
    const code = data.charCodeAt(i);
    const wanted: CodeSet = code < 32 ? 'A' : code >= 96 ? 'B' : set === 'A' || (set === undefined && firstTextSet === 'A') ? 'A' : 'B';
    if (wanted !== set) values.push(set === undefined ? (wanted === 'A' ? START_A : START_B) : wanted === 'A' ? TO_A : TO_B);
    set = wanted;
    values.push(wanted === 'A' ? (code < 32 ? code + 64 : code - 32) : code - 32);
    i++;
  }
  const checksum = values.reduce((sum, v, k) => sum + v * (k === 0 ? 1 : k), 0) % 103;
  values.push(checksum, STOP);
  return values;
}

/** Bar and space widths in modules, starting with a bar. */
export function code128Widths(data: string): number[] {
  return code128Values(data).flatMap((v) => [...(PATTERNS[v] ?? '')].map(Number));
}
