/** One build's share of a side-by-side run (compare-builds, compare-append): its work, time and CPU, round by round. */
export interface Side {
  /** Requests served or sales written. */
  done: number;
  seconds: number;
  cpuUs: number;
  /** CPU µs an item, round by round. */
  rounds: number[];
}

export const emptySide = (): Side => ({ done: 0, seconds: 0, cpuUs: 0, rounds: [] });

/** Adds one round's work to a side. */
export function addRound(side: Side, done: number, seconds: number, cpuUs: number): void {
  side.done += done;
  side.seconds += seconds;
  side.cpuUs += cpuUs;
  side.rounds.push(cpuUs / done);
}

/**
 * The table both tools print: each build's rate and CPU an item, and this build against the
 * other — CPU and rate ratios, and in how many rounds this one was the cheaper.
 */
export function sideBySide(column: string, item: string, other: string, sides: Record<'this' | 'other', Side>): string {
  const cpuOf = (s: Side) => s.cpuUs / s.done;
  const rateOf = (s: Side) => s.done / s.seconds;
  const rounds = sides.this.rounds.length;
  const cheaper = sides.this.rounds.filter((us, i) => us < (sides.other.rounds[i] ?? Number.POSITIVE_INFINITY)).length;
  const cell = (s: Side) =>
    `${Math.round(rateOf(s)).toLocaleString('en')}/s · ${cpuOf(s).toFixed(1)} µs CPU a ${item} (rounds ${Math.min(...s.rounds).toFixed(0)}–${Math.max(...s.rounds).toFixed(0)})`;
  return [
    `| build | ${column} | ratio |`,
    '|---|---|---|',
    `| other (${other}) | ${cell(sides.other)} | 1.00× |`,
    `| this | ${cell(sides.this)} | CPU ${(cpuOf(sides.this) / cpuOf(sides.other)).toFixed(3)}× · rate ${(rateOf(sides.this) / rateOf(sides.other)).toFixed(3)}× · cheaper in ${cheaper} of ${rounds} rounds |`,
    '',
  ].join('\n');
}
