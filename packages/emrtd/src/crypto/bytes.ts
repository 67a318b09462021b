/** Small byte helpers shared by the chip-side protocols (no dependencies). */
import { timingSafeEqual } from 'node:crypto';

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

/** Parses hex, ignoring whitespace; throws TypeError on odd length or a non-hex digit. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new TypeError(`not hex: ${hex}`);
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

// One byte concatenation for the package: the TLV encoder's.
export { concatBytes as concat } from '../tlv/encode.ts';

/** Constant-time comparison (for MACs and authentication tokens). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length) throw new RangeError('xor of different lengths');
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

export function uint32be(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0);
  return out;
}

/** Big-endian unsigned integer → bytes of a fixed length. */
export function bigintToBytes(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = n;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError('integer does not fit');
  return out;
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Copies into a fresh Uint8Array backed by its own ArrayBuffer (Buffer pools share memory). */
export function u8(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
