// BER-TLV encoding, ISO/IEC 7816-4 §5.2.2: minimal length forms (DER), tags given as integers.
import { encodeLength } from './length.ts';
import { encodeTag } from './tag.ts';

/** Concatenates byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * Encodes one data object. `value` is either the value bytes or a list of already encoded
 * children (for constructed objects), which are concatenated.
 */
export function encodeTlv(tag: number, value: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const v = value instanceof Uint8Array ? value : concatBytes(...value);
  return concatBytes(encodeTag(tag), encodeLength(v.length), v);
}
