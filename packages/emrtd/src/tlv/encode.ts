// BER-TLV encoding, ISO/IEC 7816-4 §5.2.2: minimal length forms (DER), tags given as integers.
import { decodeTlvs } from './decode.ts';
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

/**
 * The DER form of a BER encoding whose departures are those of streaming encoders: every length
 * definite and minimal (X.690 §10.1) and every constructed OCTET STRING joined into one primitive
 * (§10.2); all other content octets unchanged. Signed attributes must be signed as DER (RFC 5652
 * §5.4) and names are matched by their DER (§5.3): a verifier given them in BER checks the bytes
 * as they are first, then this form.
 */
export function derForm(bytes: Uint8Array): Uint8Array {
  return concatBytes(
    ...decodeTlvs(bytes).map((t) => {
      if (!t.constructed) return encodeTlv(t.tag, t.value);
      if (t.tag === 0x24) return encodeTlv(0x04, joinedOctets(t.value));
      return encodeTlv(t.tag, derForm(t.value));
    }),
  );
}

function joinedOctets(value: Uint8Array): Uint8Array {
  return concatBytes(...decodeTlvs(value).map((s) => (s.tag === 0x24 ? joinedOctets(s.value) : s.value)));
}
