import { InputError } from '../../src/core/index.js';

/** Runs `fn` and returns what it throws, failing the test when it throws nothing. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** Runs `fn` and returns the InputError it throws, failing the test when it throws nothing or something else. */
export function inputErrorOf(fn: () => unknown): InputError {
  const error = thrownBy(fn);
  if (error instanceof InputError) return error;
  throw error;
}
