// Hashing of RFC 9162 §2.1.1 on the hot paths (append, tiles, proofs). Same results as
// `leafHash`/`nodeHash` of verify-proof.ts (a test holds them together), but through the one-shot
// crypto.hash() on one reused input buffer: a single call into OpenSSL, no Hash object. Its digest
// is taken as a 'binary' (latin1) string, one char per byte, lossless, and decoded into a Buffer: on Node 20
// that is 2–3× the rate of asking crypto.hash() for a Buffer directly (measured by bench:tlog's
// predecessor runs; the 'buffer' output path allocates per call), and for 65-byte inputs the
// per-call overhead, not SHA-256, is the cost.
import { hash } from 'node:crypto';

/** SHA-256 output size; every hash in the tree has it. */
export const HASH_SIZE = 32;

/** The hash of the empty tree, MTH({}) = SHA-256() (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Buffer = Buffer.from(hash('sha256', Buffer.alloc(0), 'hex'), 'hex');

const digest = (input: Uint8Array): Buffer => Buffer.from(hash('sha256', input, 'binary'), 'latin1');

const node = Buffer.alloc(1 + 2 * HASH_SIZE);
node[0] = 0x01;

/** Interior node: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  node.set(left, 1);
  node.set(right, 1 + HASH_SIZE);
  return digest(node);
}

let leaf = Buffer.alloc(1024);

/** Leaf: SHA-256(0x00 ‖ data). */
export function leafHash(data: Uint8Array): Buffer {
  if (data.length + 1 > leaf.length) leaf = Buffer.alloc(2 * (data.length + 1));
  leaf[0] = 0x00;
  leaf.set(data, 1);
  return digest(leaf.subarray(0, data.length + 1));
}

/** The MTH of `count` consecutive hashes of a perfect subtree (count a power of two) stored at `offset` of `hashes`. */
export function perfectSubtreeHash(hashes: Uint8Array, offset: number, count: number): Buffer {
  const at = offset * HASH_SIZE;
  if (count === 1) return Buffer.from(hashes.subarray(at, at + HASH_SIZE));
  // Reduce level by level in a scratch copy: 2^r − 1 node hashes, no intermediate arrays.
  const work = Buffer.from(hashes.subarray(at, at + count * HASH_SIZE));
  for (let width = count; width > 1; width /= 2) {
    for (let j = 0; j < width / 2; j++) {
      work.copy(node, 1, 2 * j * HASH_SIZE, (2 * j + 2) * HASH_SIZE); // both children at once
      work.write(hash('sha256', node, 'binary'), j * HASH_SIZE, 'latin1');
    }
  }
  return Buffer.from(work.subarray(0, HASH_SIZE));
}
