/**
 * ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery, as used by RSA Active
 * Authentication (9303-11 §6.1.2 and Appendix E): F = header ‖ M1 ‖ H(M1‖M2) ‖ trailer.
 */
import { constants, createHash, privateEncrypt, publicDecrypt } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { bigintToBytes, bytesToBigint, concat, equalBytes } from '../crypto/bytes.ts';

/** Hash identifiers of ISO/IEC 10118-3 used in the two-byte trailer xx CC. */
const TRAILER_HASH: Record<number, { name: string; length: number }> = {
  0x31: { name: 'ripemd160', length: 20 },
  0x33: { name: 'sha1', length: 20 },
  0x34: { name: 'sha256', length: 32 },
  0x35: { name: 'sha512', length: 64 },
  0x36: { name: 'sha384', length: 48 },
  0x38: { name: 'sha224', length: 28 },
};

export interface Iso9796Recovery {
  valid: boolean;
  hash?: string;
  /** The recovered part M1 of the message. */
  recovered?: Uint8Array;
  reason?: string;
}

function modulusOf(key: KeyObject): bigint {
  const jwk = key.export({ format: 'jwk' });
  return bytesToBigint(new Uint8Array(Buffer.from(jwk.n as string, 'base64url')));
}

/** Verifies a scheme-1 signature on M = M1 ‖ `m2`, M1 recovered from the signature. */
export function verifyIso9796_2(publicKey: KeyObject, signature: Uint8Array, m2: Uint8Array): Iso9796Recovery {
  const n = modulusOf(publicKey);
  const k = Math.ceil(n.toString(16).length / 2);
  if (signature.length > k || bytesToBigint(signature) >= n) return { valid: false, reason: 'signature out of range' };
  let f: Uint8Array = new Uint8Array(publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, bigintToBytes(bytesToBigint(signature), k)));
  // ISO/IEC 9796-2 §B.6: the representative is J or n − J, whichever ends in nibble C.
  if ((f[f.length - 1]! & 0x0f) !== 0x0c) f = bigintToBytes(n - bytesToBigint(f), k);
  if ((f[f.length - 1]! & 0x0f) !== 0x0c) return { valid: false, reason: 'no ISO/IEC 9796-2 trailer' };
  let hash: { name: string; length: number } | undefined;
  let trailer: number;
  if (f[f.length - 1] === 0xbc) {
    hash = TRAILER_HASH[0x33];
    trailer = 1;
  } else if (f[f.length - 1] === 0xcc) {
    hash = TRAILER_HASH[f[f.length - 2]!];
    trailer = 2;
  } else {
    return { valid: false, reason: 'unknown trailer' };
  }
  if (!hash) return { valid: false, reason: 'unknown hash identifier in trailer' };
  // Header: leftmost bits 01, then the partial-recovery bit; padding nibbles B… ending in A.
  if ((f[0]! & 0xc0) !== 0x40) return { valid: false, reason: 'bad header' };
  const partial = (f[0]! & 0x20) !== 0;
  let start: number;
  if ((f[0]! & 0x0f) === 0x0a) {
    start = 1;
  } else {
    let i = 1;
    if ((f[0]! & 0x0f) !== 0x0b) return { valid: false, reason: 'bad padding' };
    while (i < f.length && f[i] === 0xbb) i++;
    if (f[i] !== 0xba) return { valid: false, reason: 'bad padding' };
    start = i + 1;
  }
  const end = f.length - trailer - hash.length;
  if (end < start) return { valid: false, reason: 'representative too short' };
  const m1 = f.slice(start, end);
  const h = f.subarray(end, end + hash.length);
  const message = partial ? concat(m1, m2) : m1;
  const digest = new Uint8Array(createHash(hash.name).update(message).digest());
  const valid = equalBytes(digest, h) && (partial || equalBytes(m1, m2));
  return { valid, hash: hash.name, recovered: m1, reason: valid ? undefined : 'hash mismatch' };
}

/** Signs with scheme 1, partial recovery: M1 is `m1Random` filling the capacity, SHA-1 with trailer BC or SHA-256 with 34CC. */
export function signIso9796_2(privateKey: KeyObject, m2: Uint8Array, m1Random: (n: number) => Uint8Array, hash: 'sha1' | 'sha256' = 'sha1'): Uint8Array {
  const n = modulusOf(privateKey);
  const bits = n.toString(2).length;
  const k = Math.ceil(bits / 8);
  const hashLength = hash === 'sha1' ? 20 : 32;
  const trailer = hash === 'sha1' ? new Uint8Array([0xbc]) : new Uint8Array([0x34, 0xcc]);
  const m1 = m1Random(k - 1 - hashLength - trailer.length);
  const h = new Uint8Array(createHash(hash).update(concat(m1, m2)).digest());
  const f = concat(new Uint8Array([0x6a]), m1, h, trailer);
  if (bits % 8 !== 0) throw new RangeError('modulus length must be a multiple of 8 bits');
  return new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, f));
}
