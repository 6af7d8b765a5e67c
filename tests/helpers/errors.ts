import { VsmcError } from '../../src/util/errors.js';

/** The VsmcError that `f` throws; fails the test if it throws nothing or something else. */
export function errorOf(f: () => unknown): VsmcError {
  try {
    f();
  } catch (e) {
    if (e instanceof VsmcError) return e;
    throw e;
  }
  throw new Error('expected a VsmcError');
}
