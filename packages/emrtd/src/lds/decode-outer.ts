// Shared helper: the outer TLV of an LDS file, with TLV failures turned into LdsDecodeError.
import { decodeTlv, children, type Tlv } from '../tlv/index.ts';
import { TlvError } from '../tlv/errors.ts';
import { LdsDecodeError } from './errors.ts';

/** Decodes `bytes` as one object with `tag` (trailing bytes after it are tolerated, as chips pad). */
export function outer(file: string, bytes: Uint8Array, tag: number): Tlv {
  return tlvGuard(file, () => decodeTlv(bytes, tag, { allowTrailing: true }));
}

/** Children of a constructed object, typed errors on malformed content. */
export function kids(file: string, t: Tlv): Tlv[] {
  return tlvGuard(file, () => children(t));
}

/** Runs `f`, turning TLV errors into LdsDecodeError for `file`. */
export function tlvGuard<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof TlvError) throw new LdsDecodeError(file, err.message, { cause: err });
    throw err;
  }
}

export const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
export const utf8 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
