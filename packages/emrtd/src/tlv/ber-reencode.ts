// A BER re-encoder for tests: the same data objects with constructed ones in the indefinite length
// form (X.690 §8.1.3.6) and chosen OCTET STRINGs split into constructed segments (§8.7.3), as
// streaming encoders write them. Written apart from the decoder it tests; `keep` leaves objects
// whose exact bytes are signed (certificates, signed attributes) as they are, unless asked.
import { decodeTlvs } from './decode.ts';
import { concatBytes, encodeTlv } from './encode.ts';
import { encodeTag } from './tag.ts';

export interface BerOptions {
  /** Objects (by their path of child indices from the root, e.g. '0.1.0.3') to copy unchanged. */
  keep?: (path: string, tag: number) => boolean;
  /** Split primitive OCTET STRINGs longer than this into constructed segments of this size. */
  splitOctetStrings?: number;
}

export function toIndefiniteBer(bytes: Uint8Array, o: BerOptions = {}, path = ''): Uint8Array {
  return concatBytes(
    ...decodeTlvs(bytes).map((t, i) => {
      const p = path ? `${path}.${i}` : String(i);
      const whole = bytes.subarray(t.offset, t.offset + t.size);
      if (o.keep?.(p, t.tag)) return whole;
      if (t.constructed) return concatBytes(encodeTag(t.tag), Uint8Array.of(0x80), toIndefiniteBer(t.value, o, p), Uint8Array.of(0, 0));
      if (t.tag === 0x04 && o.splitOctetStrings && t.value.length > o.splitOctetStrings) {
        const parts: Uint8Array[] = [];
        for (let k = 0; k < t.value.length; k += o.splitOctetStrings) parts.push(encodeTlv(0x04, t.value.subarray(k, k + o.splitOctetStrings)));
        return concatBytes(Uint8Array.of(0x24, 0x80), ...parts, Uint8Array.of(0, 0));
      }
      return whole;
    }),
  );
}
