// BER-TLV tag fields, ISO/IEC 7816-4 §5.2.2 / ISO/IEC 8825-1 §8.1.2, as used by 9303-10 §4.
// A tag is handled as the unsigned integer of its bytes, big-endian: `0x5F1F`, `0x7F49`, `0x61`.
import { TlvTagError, TlvTruncatedError } from './errors.ts';

/** 9303 and ISO 7816-4 use at most 3 tag bytes; 4 are accepted so a number stays a safe uint32. */
const MAX_TAG_BYTES = 4;

export interface TagField {
  tag: number;
  /** Number of bytes the tag field occupies. */
  size: number;
  /** Bit 6 of the first byte (ISO/IEC 8825-1 §8.1.2.5): the value holds nested data objects. */
  constructed: boolean;
}

/** Reads the tag field at `offset`; never reads past `end`. */
export function readTag(buf: Uint8Array, offset: number, end: number = buf.length): TagField {
  if (offset >= end) throw new TlvTruncatedError('input ends before a tag', offset);
  const first = buf[offset]!;
  const constructed = (first & 0x20) !== 0;
  let tag = first;
  let size = 1;
  // Low 5 bits all set: the tag number continues in subsequent bytes while bit 8 is set.
  if ((first & 0x1f) === 0x1f) {
    for (;;) {
      if (offset + size >= end) throw new TlvTruncatedError('input ends inside a multi-byte tag', offset);
      if (size >= MAX_TAG_BYTES) throw new TlvTagError('tag longer than 4 bytes', offset);
      const b = buf[offset + size]!;
      tag = tag * 256 + b;
      size++;
      if ((b & 0x80) === 0) break;
    }
  }
  return { tag, size, constructed };
}

/** Bytes of a tag number given as its big-endian integer (`0x5F1F` → `5F 1F`). */
export function encodeTag(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffffff) {
    throw new TlvTagError(`invalid tag ${tag}`, 0);
  }
  const bytes: number[] = [];
  let t = tag;
  do {
    bytes.unshift(t & 0xff);
    t = Math.floor(t / 256);
  } while (t > 0);
  // Consistency with readTag: a multi-byte tag starts with xxx11111, continuation bytes have b8
  // set except the last, and a single-byte tag must not announce continuation.
  const first = bytes[0]!;
  const multi = (first & 0x1f) === 0x1f;
  const ok = multi
    ? bytes.length >= 2 && bytes.slice(1, -1).every((b) => (b & 0x80) !== 0) && (bytes.at(-1)! & 0x80) === 0
    : bytes.length === 1;
  if (!ok) throw new TlvTagError(`0x${tag.toString(16)} is not a well-formed BER tag`, 0);
  return Uint8Array.from(bytes);
}

/** Whether the tag's first byte marks a constructed data object. */
export function isConstructedTag(tag: number): boolean {
  let first = tag;
  while (first > 0xff) first = Math.floor(first / 256);
  return (first & 0x20) !== 0;
}

/** `0x5F1F` → `"5F1F"`, for messages. */
export function tagHex(tag: number): string {
  const s = tag.toString(16).toUpperCase();
  return s.length % 2 === 0 ? s : '0' + s;
}
