// Integer arithmetic on tree sizes and indices. They are JavaScript numbers, exact up to 2^53 − 1
// (Number.MAX_SAFE_INTEGER), far beyond any log this package will hold — but beyond 2^31, where
// the bitwise operators (`>>`, `&`) silently wrap. So nothing here uses them: powers of two come
// from `2 ** k` and halving from Math.floor(x / 2), which are exact on safe integers.
import { TlogArgumentError } from './errors.ts';

/** Throws unless `value` is an integer 0 ≤ value ≤ 2^53 − 1. */
export function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TlogArgumentError(`${name} must be an integer from 0 to 2^53 - 1, got ${String(value)}`);
  }
}

/** ⌊log2 x⌋ for a safe integer x ≥ 1 (Math.log2 alone rounds up just below large powers of two). */
export function floorLog2(x: number): number {
  let k = Math.floor(Math.log2(x));
  if (2 ** k > x) k--;
  else if (2 ** (k + 1) <= x) k++;
  return k;
}

/** The largest power of two strictly less than n (n ≥ 2): the split point k of RFC 9162 §2.1.1. */
export function largestPowerOfTwoBelow(n: number): number {
  return 2 ** floorLog2(n - 1);
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && 2 ** floorLog2(n) === n;
}
