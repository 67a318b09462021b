import { EmrtdError } from '../errors.ts';

/** Base class of every BER-TLV decoding/encoding failure (ISO/IEC 7816-4 §5.2, 9303-10 §4). */
export class TlvError extends EmrtdError {
  override readonly code: string = 'ERR_TLV';
  /** Offset in the input where the faulty data object starts. */
  readonly offset: number;
  constructor(message: string, offset: number, options?: { cause?: unknown }) {
    super(message, options);
    this.offset = offset;
  }
}

/** The input ends inside a tag, a length, or before the announced value ends. */
export class TlvTruncatedError extends TlvError {
  override readonly code = 'ERR_TLV_TRUNCATED';
}

/** A length field that this profile does not allow: more than 4 bytes, or the indefinite form on a primitive object. */
export class TlvLengthError extends TlvError {
  override readonly code = 'ERR_TLV_LENGTH';
}

/** A tag field that is malformed or longer than 4 bytes, or a tag that cannot be encoded. */
export class TlvTagError extends TlvError {
  override readonly code = 'ERR_TLV_TAG';
}

/** Structure is well formed TLV but not what the caller expected (wrong tag, trailing bytes…). */
export class TlvStructureError extends TlvError {
  override readonly code = 'ERR_TLV_STRUCTURE';
}
