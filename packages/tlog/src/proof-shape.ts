// Which subtree hashes make up a proof, independent of where hashes are stored. Every element of
// an RFC 9162 inclusion proof (§2.1.3.1, PATH) or consistency proof (§2.1.4.1, SUBPROOF) is the
// MTH of a leaf range [start, end) that the recursion reaches by splitting at the largest power of
// two; such a range starts at a multiple of a power of two ≥ its length, so it is a run of perfect
// subtrees, largest first, and its MTH their right-to-left fold. The loops below walk the RFC's
// recursion from the top and list the ranges in the order the RFC emits them (deepest first).
import { checkCount, largestPowerOfTwoBelow } from './bits.ts';
import { TlogArgumentError } from './errors.ts';

/** A leaf range [start, end) whose MTH is one proof element. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/** The ranges of PATH(index, D[size]), in proof order. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  checkCount('index', index);
  checkCount('size', size);
  if (index >= size) throw new TlogArgumentError(`leaf index ${index} is not inside a tree of ${size} leaves`);
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (index < start + k) {
      ranges.push({ start: start + k, end }); // PATH(m, D[0:k]) : MTH(D[k:n])
      end = start + k;
    } else {
      ranges.push({ start, end: start + k }); // PATH(m - k, D[k:n]) : MTH(D[0:k])
      start += k;
    }
  }
  return ranges.reverse();
}

/** The ranges of PROOF(first, D[second]), in proof order; empty when first is 0 or equals second. */
export function consistencyRanges(first: number, second: number): LeafRange[] {
  checkCount('first', first);
  checkCount('second', second);
  if (first > second) throw new TlogArgumentError(`the first size ${first} is larger than the second ${second}`);
  if (first === 0) return [];
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = second;
  let whole = true; // SUBPROOF's b: the subtree is still the first tree's complete prefix
  for (;;) {
    if (first === end) {
      if (!whole) ranges.push({ start, end }); // SUBPROOF(m, D[m], false) = {MTH(D[m])}
      break;
    }
    const k = largestPowerOfTwoBelow(end - start);
    if (first <= start + k) {
      ranges.push({ start: start + k, end }); // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
      end = start + k;
    } else {
      ranges.push({ start, end: start + k }); // SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
      start += k;
      whole = false;
    }
  }
  return ranges.reverse();
}
