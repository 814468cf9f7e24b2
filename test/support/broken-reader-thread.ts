/**
 * Worker entry for test/capture-reader.test.ts: a reader thread whose code does not load (it
 * throws before it is ready), as a broken install would.
 */
throw new Error('this reader thread cannot start');
