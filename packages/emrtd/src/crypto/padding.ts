/** ISO/IEC 9797-1 padding method 2 (used by 9303-11 §9.8 and the MACs of §9.7). */
import { PaddingError } from './errors.ts';

/** Appends 0x80 then zeros up to a multiple of `blockSize` (always adds at least one byte). */
export function pad(data: Uint8Array, blockSize: number): Uint8Array {
  const length = (Math.floor(data.length / blockSize) + 1) * blockSize;
  const out = new Uint8Array(length);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

/** Removes padding method 2: trailing zeros then one 0x80; throws PaddingError if absent. */
export function unpad(data: Uint8Array): Uint8Array {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80) throw new PaddingError('ISO/IEC 9797-1 method 2 padding not found');
  return data.subarray(0, i);
}
