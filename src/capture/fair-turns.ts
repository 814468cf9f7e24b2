/**
 * Work of many senders on one shared worker, started in turns: each sender with work waiting
 * gets one start before any gets a second, and at most `running` run at once. One sender that
 * piles up slow work (a shop pushing the costliest captures) then delays another's by what
 * already runs and one piece of each sender ahead in line, not by everything it piled up.
 */
export interface FairTurns {
  /** Runs `work` once it is `key`'s turn; settles as the work does. */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Pieces of work not started yet, all senders together. */
  readonly waiting: number;
}

interface Piece {
  start: () => void;
}

export function fairTurns(running: number): FairTurns {
  if (!Number.isInteger(running) || running < 1) throw new RangeError(`fairTurns: running must be a whole number ≥ 1, not ${running}`);
  // A Map keeps its keys in the order they were set: the first is the sender whose turn is next.
  const queues = new Map<string, Piece[]>();
  let busy = 0;
  let waiting = 0;
  const next = () => {
    while (busy < running) {
      const first = queues.entries().next();
      if (first.done) return;
      const [key, pieces] = first.value;
      const piece = pieces.shift();
      // Taken its turn: to the back of the line if more of its work waits.
      queues.delete(key);
      if (pieces.length > 0) queues.set(key, pieces);
      if (!piece) continue;
      waiting--;
      busy++;
      piece.start();
    }
  };
  return {
    run: <T>(key: string, work: () => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        const start = () => {
          let started: Promise<T>;
          try {
            started = work();
          } catch (error) {
            started = Promise.reject(error);
          }
          void started.then(resolve, reject).finally(() => {
            busy--;
            next();
          });
        };
        const pieces = queues.get(key);
        if (pieces) pieces.push({ start });
        else queues.set(key, [{ start }]);
        waiting++;
        next();
      }),
    get waiting() {
      return waiting;
    },
  };
}
