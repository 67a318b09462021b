// ISO/IEC 19794-5:2005 facial record, the biometric data block of DG2 (9303-10 §4.7.2):
// general header (format "FAC\0", version "010\0", record length, number of faces), then per face
// a facial information block (20 bytes), feature points (8 bytes each), an image information
// block (12 bytes) and the image data.
import { LdsDecodeError, LdsEncodeError } from './errors.ts';
import { findImageStart, imageMime, imageSize, type FaceImageMime } from './image.ts';

export interface FaceImage {
  mime: FaceImageMime | undefined;
  width: number;
  height: number;
  /** 19794-5 §5.5.2: 0 unspecified, 1 male, 2 female, 0xFF unknown. */
  gender: number;
  eyeColour: number;
  hairColour: number;
  /** 19794-5 §5.7.1: 0 basic, 1 full frontal, 2 token frontal. */
  faceImageType: number;
  /** 19794-5 §5.7.2: 0 JPEG, 1 JPEG 2000. */
  imageDataType: number;
  colourSpace: number;
  sourceType: number;
  deviceType: number;
  quality: number;
  featurePoints: number;
  /** The JPEG / JPEG 2000 bytes (a view into the input). */
  data: Uint8Array;
}

const FAC = [0x46, 0x41, 0x43, 0x00];
const V010 = [0x30, 0x31, 0x30, 0x00];

export interface FaceImageInput {
  data: Uint8Array;
  /** Taken from the image when omitted. */
  width?: number;
  height?: number;
  gender?: 'male' | 'female' | 'unspecified';
}

/** One ISO/IEC 19794-5:2005 record holding one full-frontal face. */
export function encodeFaceRecord(img: FaceImageInput): Uint8Array {
  const mime = imageMime(img.data);
  if (!mime) throw new LdsEncodeError('DG2', 'the face image is neither JPEG nor JPEG 2000');
  const size = img.width !== undefined && img.height !== undefined ? { width: img.width, height: img.height } : imageSize(img.data);
  if (!size) throw new LdsEncodeError('DG2', 'cannot read the image size; pass width and height');
  if (size.width > 0xffff || size.height > 0xffff) throw new LdsEncodeError('DG2', 'image larger than 65535 pixels');
  const faceLen = 20 + 12 + img.data.length;
  const total = 14 + faceLen;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(FAC, 0);
  out.set(V010, 4);
  dv.setUint32(8, total);
  dv.setUint16(12, 1);
  // Facial information block.
  dv.setUint32(14, faceLen);
  dv.setUint16(18, 0); // no feature points
  out[20] = img.gender === 'male' ? 1 : img.gender === 'female' ? 2 : 0;
  out[21] = 0; // eye colour unspecified
  out[22] = 0; // hair colour unspecified
  // property mask (3), expression (2), pose angles (3), uncertainties (3): all zero = unspecified.
  // Image information block at 14 + 20.
  const ii = 34;
  out[ii] = 1; // full frontal (9303-10 requires a full frontal or token face)
  out[ii + 1] = mime === 'image/jpeg' ? 0 : 1;
  dv.setUint16(ii + 2, size.width);
  dv.setUint16(ii + 4, size.height);
  out[ii + 6] = 1; // 24-bit RGB
  out[ii + 7] = 2; // static photograph, unknown source
  dv.setUint16(ii + 8, 0);
  dv.setUint16(ii + 10, 0);
  out.set(img.data, ii + 12);
  return out;
}

/** Decodes a 19794-5 record; for versions other than 2005 ("010") the image is located by signature. */
export function decodeFaceRecord(b: Uint8Array): FaceImage[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const is = (sig: number[], at: number) => sig.every((x, i) => b[at + i] === x);
  if (b.length < 14 || !is(FAC, 0)) throw new LdsDecodeError('DG2', 'biometric data block is not an ISO/IEC 19794-5 record (no "FAC")');
  if (!is(V010, 4)) return [fallback(b)];
  const count = dv.getUint16(12);
  const faces: FaceImage[] = [];
  let off = 14;
  for (let n = 0; n < count; n++) {
    if (off + 32 > b.length) throw new LdsDecodeError('DG2', 'facial record truncated');
    const faceLen = dv.getUint32(off);
    const points = dv.getUint16(off + 4);
    const ii = off + 20 + points * 8;
    if (faceLen < 32 + points * 8 || off + faceLen > b.length || ii + 12 > b.length) {
      throw new LdsDecodeError('DG2', `facial record ${n + 1} has inconsistent length ${faceLen}`);
    }
    const data = b.subarray(ii + 12, off + faceLen);
    faces.push({
      mime: imageMime(data),
      width: dv.getUint16(ii + 2),
      height: dv.getUint16(ii + 4),
      gender: b[off + 6]!,
      eyeColour: b[off + 7]!,
      hairColour: b[off + 8]!,
      faceImageType: b[ii]!,
      imageDataType: b[ii + 1]!,
      colourSpace: b[ii + 6]!,
      sourceType: b[ii + 7]!,
      deviceType: dv.getUint16(ii + 8),
      quality: dv.getUint16(ii + 10),
      featurePoints: points,
      data,
    });
    off += faceLen;
  }
  return faces;
}

function fallback(b: Uint8Array): FaceImage {
  const at = findImageStart(b);
  if (at < 0) throw new LdsDecodeError('DG2', 'no JPEG or JPEG 2000 image in the biometric data block');
  const data = b.subarray(at);
  const size = imageSize(data) ?? { width: 0, height: 0 };
  const mime = imageMime(data);
  return {
    mime,
    width: size.width,
    height: size.height,
    gender: 0,
    eyeColour: 0,
    hairColour: 0,
    faceImageType: 0,
    imageDataType: mime === 'image/jpeg' ? 0 : 1,
    colourSpace: 0,
    sourceType: 0,
    deviceType: 0,
    quality: 0,
    featurePoints: 0,
    data,
  };
}
