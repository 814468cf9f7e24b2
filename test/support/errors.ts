import { InputError } from '../../src/core/index.js';

/** Runs `fn` and returns the InputError it throws, failing the test when it throws nothing or something else. */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}
