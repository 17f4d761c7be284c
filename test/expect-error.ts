import { expect } from 'vitest';
import { CareshedError } from '../src/index.js';

/** Runs `fn`, expects it to throw a CareshedError, and returns it for a closer look. */
export function error(fn: () => unknown): CareshedError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CareshedError);
    return e as CareshedError;
  }
  throw new Error('expected an error');
}
