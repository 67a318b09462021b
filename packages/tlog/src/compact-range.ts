// The right edge of a tree ("compact range" in Trillian's terms, a frontier): for a tree of n
// leaves, the roots of the perfect subtrees that tile [0, n), one per set bit of n, largest first.
// It is all a single sequencer needs to keep to extend the tree: appending k leaves costs
// O(k + log n) node hashes, and the root is the right-to-left fold of these roots (RFC 9162 §2.1.1
// splits at the largest power of two, so MTH(D[n]) = node(P1, node(P2, … Pj)) for these Pi).
import { checkCount, floorLog2 } from './bits.ts';
import { TlogArgumentError } from './errors.ts';
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './hash.ts';

export interface CompactRange {
  /** Number of leaves in the tree. */
  readonly size: number;
  /** Roots of the perfect subtrees covering [0, size), left to right (largest first): one per set bit of size. */
  readonly hashes: readonly Buffer[];
}

/** A node of the tree: `level` 0 are the leaves; node (level, index) covers leaves [index·2^level, (index+1)·2^level). */
export interface TreeNode {
  readonly level: number;
  readonly index: number;
}

/** Called for every node an append completes (leaves included), bottom-up, in the order they are made. */
export type NodeVisitor = (level: number, index: number, hash: Buffer) => void;

export const EMPTY_RANGE: CompactRange = Object.freeze({ size: 0, hashes: Object.freeze([]) as readonly Buffer[] });

/** The perfect subtrees covering [0, size), largest first: the nodes whose hashes a CompactRange holds. */
export function compactRangeNodes(size: number): TreeNode[] {
  checkCount('size', size);
  return subtreeNodes(0, size);
}

/**
 * The perfect subtrees covering [start, end), largest first, for a range that starts at a multiple
 * of a power of two ≥ its length — the ranges RFC 9162's recursion produces (proof-shape.ts). The
 * MTH of such a range is the right-to-left fold of their hashes.
 */
export function subtreeNodes(start: number, end: number): TreeNode[] {
  const nodes: TreeNode[] = [];
  while (start < end) {
    const level = floorLog2(end - start);
    if (start % 2 ** level !== 0) throw new TlogArgumentError(`[${start}, ${end}) is not a range of the RFC 9162 recursion`);
    nodes.push({ level, index: start / 2 ** level });
    start += 2 ** level;
  }
  return nodes;
}

/** Checks that `hashes` has one 32-byte hash per perfect subtree of `size`, and makes the range. */
export function compactRange(size: number, hashes: readonly Uint8Array[]): CompactRange {
  const want = compactRangeNodes(size).length;
  if (hashes.length !== want || hashes.some((h) => h.length !== HASH_SIZE)) {
    throw new TlogArgumentError(`a tree of ${size} leaves has a compact range of ${want} hashes, got ${hashes.length}`);
  }
  return { size, hashes: hashes.map((h) => Buffer.from(h)) };
}

/** MTH of the tree the range describes. */
export function compactRangeRoot(range: CompactRange): Buffer {
  const h = range.hashes;
  if (h.length === 0) return EMPTY_ROOT;
  let root = h[h.length - 1]!;
  for (let i = h.length - 2; i >= 0; i--) root = nodeHash(h[i]!, root);
  return root;
}

/**
 * Appends leaf hashes: each leaf merges with the subtrees to its left while they are of its size
 * (the carries of binary addition n + 1). `visit` sees every new node (level, index, hash).
 */
export function appendLeaves(range: CompactRange, leafHashes: readonly Uint8Array[], visit?: NodeVisitor): CompactRange {
  const stack = range.hashes.slice();
  let size = range.size;
  if (!Number.isSafeInteger(size + leafHashes.length)) throw new TlogArgumentError('the tree would pass 2^53 - 1 leaves');
  for (const leaf of leafHashes) {
    if (leaf.length !== HASH_SIZE) throw new TlogArgumentError(`leaf hash ${size} has ${leaf.length} bytes, not ${HASH_SIZE}`);
    let hash: Buffer = Buffer.from(leaf);
    let index = size;
    let level = 0;
    visit?.(0, index, hash);
    while (index % 2 === 1) {
      hash = nodeHash(stack.pop()!, hash);
      index = (index - 1) / 2;
      level++;
      visit?.(level, index, hash);
    }
    stack.push(hash);
    size++;
  }
  return { size, hashes: stack };
}
