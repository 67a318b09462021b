// BER-TLV (ISO/IEC 7816-4 §5.2, 9303-10 §4): the encoding of every LDS file and of the
// secure-messaging data objects.
export { TlvError, TlvLengthError, TlvStructureError, TlvTagError, TlvTruncatedError } from './errors.ts';
export { encodeTag, isConstructedTag, readTag, tagHex } from './tag.ts';
export type { TagField } from './tag.ts';
export { encodeLength, readLength } from './length.ts';
export type { LengthField } from './length.ts';
export {
  MAX_DEPTH,
  children,
  decodeTlv,
  decodeTlvTree,
  decodeTlvs,
  findInTree,
  findTlv,
  readTlv,
  requireTlv,
} from './decode.ts';
export type { DecodeOptions, Tlv, TlvNode } from './decode.ts';
export { concatBytes, derForm, encodeTlv } from './encode.ts';
