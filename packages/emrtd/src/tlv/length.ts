// BER-TLV length fields, ISO/IEC 7816-4 §5.2.2.2 / 9303-10 §4: short form 0..127, long form
// `81`..`84` followed by 1..4 length bytes, and the indefinite form `80` of X.690 §8.1.3.6 (the
// contents end with the end-of-contents octets 00 00). 9303 asks for DER, but documents in
// circulation carry BER, and readers in the field accept it: so do we, and write DER.
import { TlvLengthError, TlvTruncatedError } from './errors.ts';

export interface LengthField {
  /** The definite length; 0 for the indefinite form. */
  length: number;
  /** Number of bytes the length field occupies. */
  size: number;
  /** The indefinite form `80` (X.690 §8.1.3.6): the value ends at the end-of-contents octets. */
  indefinite: boolean;
}

/** Reads a length field at `offset`; never reads past `end`. Non-minimal long forms are accepted. */
export function readLength(buf: Uint8Array, offset: number, end: number = buf.length): LengthField {
  if (offset >= end) throw new TlvTruncatedError('input ends before a length', offset);
  const first = buf[offset]!;
  if (first < 0x80) return { length: first, size: 1, indefinite: false };
  const n = first & 0x7f;
  if (n === 0) return { length: 0, size: 1, indefinite: true };
  if (n > 4) throw new TlvLengthError(`length field of ${n} bytes (at most 4)`, offset);
  if (offset + 1 + n > end) throw new TlvTruncatedError('input ends inside a length field', offset);
  let length = 0;
  for (let i = 1; i <= n; i++) length = length * 256 + buf[offset + i]!;
  return { length, size: 1 + n, indefinite: false };
}

/** Minimal encoding of a length (DER rule, ISO/IEC 8825-1 §10.1). */
export function encodeLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) {
    throw new TlvLengthError(`cannot encode length ${length}`, 0);
  }
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  let l = length;
  while (l > 0) {
    bytes.unshift(l & 0xff);
    l = Math.floor(l / 256);
  }
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}
