// Size arithmetic must stay exact past 2^31 (where `>>` wraps) up to 2^53 − 1: checked against BigInt.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkCount, floorLog2, isPowerOfTwo, largestPowerOfTwoBelow } from './bits.ts';
import { TlogArgumentError } from './errors.ts';

function bigFloorLog2(x: bigint): number {
  return x.toString(2).length - 1;
}

describe('size arithmetic', () => {
  it('floorLog2 and the RFC split point agree with BigInt at every power of two ± 1 up to 2^53', () => {
    for (let k = 1; k <= 53; k++) {
      for (const x of [2n ** BigInt(k) - 1n, 2n ** BigInt(k), 2n ** BigInt(k) + 1n]) {
        if (x > BigInt(Number.MAX_SAFE_INTEGER)) continue;
        assert.equal(floorLog2(Number(x)), bigFloorLog2(x), `floorLog2(${x})`);
        if (x >= 2n) assert.equal(BigInt(largestPowerOfTwoBelow(Number(x))), 2n ** BigInt(bigFloorLog2(x - 1n)), `split of ${x}`);
        assert.equal(isPowerOfTwo(Number(x)), (x & (x - 1n)) === 0n, `isPowerOfTwo(${x})`);
      }
    }
  });

  it('the split point of RFC 9162 §2.1.1 is the largest power of two strictly below n', () => {
    const expected: Record<number, number> = { 2: 1, 3: 2, 4: 2, 5: 4, 8: 4, 9: 8, 1000: 512, 65536: 32768, 65537: 65536 };
    for (const [n, k] of Object.entries(expected)) assert.equal(largestPowerOfTwoBelow(Number(n)), k, `n = ${n}`);
  });

  it('counts are integers from 0 to 2^53 - 1', () => {
    checkCount('size', 0);
    checkCount('size', Number.MAX_SAFE_INTEGER);
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Infinity]) {
      assert.throws(() => checkCount('size', bad), TlogArgumentError);
    }
  });
});
