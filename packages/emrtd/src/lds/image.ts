// Image helpers for DG2: recognising JPEG / JPEG 2000 data and reading their pixel size, bounded
// by the buffer (the bytes come from a chip and may be hostile).

export type FaceImageMime = 'image/jpeg' | 'image/jp2';

const JPEG_SOI = [0xff, 0xd8, 0xff];
const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const J2K_CODESTREAM = [0xff, 0x4f, 0xff, 0x51];

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (at + sig.length > b.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

/** MIME type of image data from its signature, or undefined. */
export function imageMime(b: Uint8Array): FaceImageMime | undefined {
  if (startsWith(b, JPEG_SOI)) return 'image/jpeg';
  if (startsWith(b, JP2_SIGNATURE) || startsWith(b, J2K_CODESTREAM)) return 'image/jp2';
  return undefined;
}

/** Offset of the first JPEG or JPEG 2000 signature in `b`, for records we cannot parse field by field. */
export function findImageStart(b: Uint8Array): number {
  for (let i = 0; i + 4 <= b.length; i++) {
    if (startsWith(b, JPEG_SOI, i) || startsWith(b, JP2_SIGNATURE, i) || startsWith(b, J2K_CODESTREAM, i)) return i;
  }
  return -1;
}

/** Width and height of a JPEG (from its SOFn segment, ITU T.81 §B.2.2) or JPEG 2000 image. */
export function imageSize(b: Uint8Array): { width: number; height: number } | undefined {
  const mime = imageMime(b);
  if (mime === 'image/jpeg') {
    let i = 2;
    while (i + 4 <= b.length) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      if (marker === 0xff) {
        i++;
        continue;
      }
      const len = (b[i + 2]! << 8) | b[i + 3]!;
      // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        if (i + 9 > b.length) return undefined;
        return { height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
      }
      if (len < 2) return undefined;
      i += 2 + len;
    }
    return undefined;
  }
  if (mime === 'image/jp2') {
    // JP2: the 'ihdr' box holds height then width (ISO/IEC 15444-1 §I.5.3.1); J2K: SIZ segment.
    if (startsWith(b, J2K_CODESTREAM)) {
      // SIZ (ISO/IEC 15444-1 §A.5.1): Xsiz, Ysiz, XOsiz, YOsiz at offsets 8, 12, 16, 20.
      if (b.length < 24) return undefined;
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      return { width: dv.getUint32(8) - dv.getUint32(16), height: dv.getUint32(12) - dv.getUint32(20) };
    }
    for (let i = 0; i + 12 <= b.length && i < 4096; i++) {
      if (b[i] === 0x69 && b[i + 1] === 0x68 && b[i + 2] === 0x64 && b[i + 3] === 0x72) {
        const dv = new DataView(b.buffer, b.byteOffset + i + 4, 8);
        return { height: dv.getUint32(0), width: dv.getUint32(4) };
      }
    }
  }
  return undefined;
}
