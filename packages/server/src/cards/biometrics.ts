// The biometrics of a card application (docs/cards.md "Applications and approval"): checks of the
// face photo and of the fingerprint images before they are stored. Pure functions over bytes; the
// production stage reads the stored rows to build DG2 (the JPEG as it is) and DG3 (the finger
// images with their ISO/IEC 19794-4 positions), so formats are recorded exactly as detected here.
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { ProblemError } from '../problems.ts';

// ---- the face photo ----

/**
 * Smallest accepted photo. ICAO 9303-9 §B (Portrait quality, ISO/IEC 19794-5 Full Frontal) asks
 * for at least 90 pixels between the eyes; with the face filling ~70 % of a 3:4 portrait that is
 * ≈ 420 × 560 px, rounded up to the usual capture size of 480 × 640.
 */
export const PHOTO_MIN = { width: 480, height: 640 } as const;
/** Portrait 3:4 (ISO/IEC 19794-5 token image ratio, as the card's photo window), ± 5 %. */
export const PHOTO_ASPECT = { ratio: 3 / 4, tolerance: 0.05 } as const;
/** A capture at 600 × 800 is 80–250 KB at ordinary JPEG quality; 1 MiB leaves room, not abuse. */
export const PHOTO_MAX_BYTES = 1024 * 1024;
/**
 * Quality: luminance of a 48 × 64 grey thumbnail. A photo whose standard deviation is below 10
 * (of 255) is nearly uniform — a lens cap, a blank wall, an overexposed frame — and holds no face
 * a verifier could compare (ISO/IEC 29794-5 "illumination uniformity" and "contrast" measures
 * start from the same statistics). A mean below 40 or above 225 is too dark or washed out.
 */
export const PHOTO_QUALITY = { minStdDev: 10, minMean: 40, maxMean: 225 } as const;

export interface PhotoInfo { width: number; height: number; bytes: number; luminance: { mean: number; stdDev: number } }

/** SOF markers (ITU-T T.81 Table B.1): C0–C3, C5–C7, C9–CB, CD–CF; C4 (DHT), C8 (JPG), CC (DAC) are not frames. */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/**
 * Width and height from a JPEG's frame header (ITU-T T.81 §B.2.2: SOF, Lf, P, Y, X, Nf), walking
 * the marker segments from SOI; null when the bytes are not a JPEG with a frame before the scan.
 */
export function jpegDimensions(b: Buffer): { width: number; height: number } | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    let marker = b[i + 1]!;
    // Fill bytes (T.81 §B.1.1.2): any number of 0xFF before a marker.
    while (marker === 0xff && i + 2 < b.length) { i++; marker = b[i + 1]!; }
    i += 2;
    // Markers without a length: TEM, RST0–7, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;
    if (marker === 0xd9 || marker === 0xda) return null; // EOI or start of scan before any frame
    if (i + 2 > b.length) return null;
    const length = b.readUInt16BE(i);
    if (length < 2 || i + length > b.length) return null;
    if (isSof(marker)) {
      if (length < 8) return null;
      const height = b.readUInt16BE(i + 3);
      const width = b.readUInt16BE(i + 5);
      return width > 0 && height > 0 ? { width, height } : null;
    }
    i += length;
  }
  return null;
}

/**
 * Every check of a face photo, in the order a capture goes wrong: not a JPEG, too large, too
 * small, not a 3:4 portrait, then the decoded image's quality. Each refusal is its own problem
 * type (docs/problems.md) with the measured values.
 */
export async function checkPhoto(b: Buffer): Promise<PhotoInfo> {
  const dims = jpegDimensions(b);
  if (!dims) {
    throw new ProblemError('photo-not-jpeg', b.length >= 2 && b[0] === 0xff && b[1] === 0xd8
      ? 'the JPEG has no frame header (SOF) before its scan data'
      : `the body does not start with the JPEG SOI marker FF D8 (it starts ${b.subarray(0, 4).toString('hex') || 'empty'})`);
  }
  if (b.length > PHOTO_MAX_BYTES) {
    throw new ProblemError('photo-too-large', `the photo is ${b.length} bytes; at most ${PHOTO_MAX_BYTES}`, { bytes: b.length, maxBytes: PHOTO_MAX_BYTES });
  }
  const { width, height } = dims;
  if (width < PHOTO_MIN.width || height < PHOTO_MIN.height) {
    throw new ProblemError('photo-too-small', `the photo is ${width} × ${height} px; at least ${PHOTO_MIN.width} × ${PHOTO_MIN.height}`, { width, height, minWidth: PHOTO_MIN.width, minHeight: PHOTO_MIN.height });
  }
  const ratio = width / height;
  if (Math.abs(ratio / PHOTO_ASPECT.ratio - 1) > PHOTO_ASPECT.tolerance) {
    throw new ProblemError('photo-bad-aspect', `the photo is ${width} × ${height} px (ratio ${ratio.toFixed(3)}); a portrait of 3:4 (0.750 ± 5 %) is needed`, { width, height, ratio: Number(ratio.toFixed(4)) });
  }
  let luminance: PhotoInfo['luminance'];
  try {
    luminance = await thumbnailLuminance(b);
  } catch (e) {
    throw new ProblemError('photo-not-jpeg', `the JPEG's headers are readable but its image cannot be decoded: ${(e as Error).message}`);
  }
  if (luminance.stdDev < PHOTO_QUALITY.minStdDev) {
    throw new ProblemError('photo-poor-quality', `the photo is nearly uniform (luminance standard deviation ${luminance.stdDev.toFixed(1)} < ${PHOTO_QUALITY.minStdDev}): no face can be seen`, { reason: 'nearly-uniform', ...luminance });
  }
  if (luminance.mean < PHOTO_QUALITY.minMean || luminance.mean > PHOTO_QUALITY.maxMean) {
    const dark = luminance.mean < PHOTO_QUALITY.minMean;
    throw new ProblemError('photo-poor-quality', `the photo is ${dark ? 'too dark' : 'washed out'} (mean luminance ${luminance.mean.toFixed(1)}, accepted ${PHOTO_QUALITY.minMean}–${PHOTO_QUALITY.maxMean})`, { reason: dark ? 'too-dark' : 'too-bright', ...luminance });
  }
  return { width, height, bytes: b.length, luminance };
}

/** Mean and standard deviation of the Rec. 601 luma of a 48 × 64 thumbnail. */
async function thumbnailLuminance(b: Buffer): Promise<{ mean: number; stdDev: number }> {
  const image = await loadImage(b);
  const canvas = createCanvas(48, 64);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0, 48, 64);
  const { data } = ctx.getImageData(0, 0, 48, 64);
  let sum = 0;
  let sq = 0;
  const n = data.length / 4;
  for (let i = 0; i < data.length; i += 4) {
    const y = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
    sum += y;
    sq += y * y;
  }
  const mean = sum / n;
  return { mean: Math.round(mean * 10) / 10, stdDev: Math.round(Math.sqrt(Math.max(0, sq / n - mean * mean)) * 10) / 10 };
}

// ---- fingerprints ----

export type FingerFormat = 'wsq' | 'png' | 'jpeg' | 'jpeg2000';
/** ISO/IEC 19794-4 Table 2 finger positions 1–10. */
export const FINGER_POSITIONS: Record<number, string> = {
  1: 'right thumb', 2: 'right index finger', 3: 'right middle finger', 4: 'right ring finger', 5: 'right little finger',
  6: 'left thumb', 7: 'left index finger', 8: 'left middle finger', 9: 'left ring finger', 10: 'left little finger',
};
export const MISSING_REASONS = ['amputated', 'bandaged', 'congenital', 'injured', 'unusable'] as const;
/** One finger image at 500 ppi is 100–300 KB uncompressed as PNG, 20–40 KB as WSQ. */
export const FINGER_MAX_BYTES = 1024 * 1024;
/**
 * Quality is the NFIQ 2 score (ISO/IEC 29794-4, 0–100) the capture device reports. Below 30 the
 * finger is flagged for recapture (stored, never refused: a poor finger may be the best there is).
 */
export const FINGER_LOW_QUALITY = 30;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JP2_SIGNATURE = Buffer.from([0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]);

/** The format of a finger image from its magic bytes, with its size in pixels when the header gives it. */
export function detectFingerImage(b: Buffer): { format: FingerFormat; width: number; height: number } | { error: string } {
  // WSQ (FBI IAFIS-IC-0110 v3.1 §3.3): SOI FFA0, then segments; the frame header SOF FFA2 is
  // L(2) A(1) B(1) Y(2) X(2) — height before width.
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xa0) {
    let i = 2;
    while (i + 4 <= b.length) {
      if (b[i] !== 0xff) break;
      const marker = b[i + 1]!;
      const length = b.readUInt16BE(i + 2);
      if (marker === 0xa2) {
        if (i + 10 > b.length) break;
        const height = b.readUInt16BE(i + 6);
        const width = b.readUInt16BE(i + 8);
        if (width > 0 && height > 0) return { format: 'wsq', width, height };
        break;
      }
      if (length < 2) break;
      i += 2 + length;
    }
    return { error: 'a WSQ image (FF A0) without a readable frame header (FF A2)' };
  }
  if (b.length >= 24 && b.subarray(0, 8).equals(PNG_SIGNATURE)) {
    // RFC 2083 §11.2.2: IHDR first, width and height big-endian.
    if (b.toString('latin1', 12, 16) !== 'IHDR') return { error: 'a PNG whose first chunk is not IHDR' };
    return { format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    const d = jpegDimensions(b);
    return d ? { format: 'jpeg', ...d } : { error: 'a JPEG without a frame header (SOF)' };
  }
  // JPEG 2000 (ISO/IEC 15444-1): a JP2 file (signature box, then the ihdr box: height, width) or
  // a bare codestream (SOC FF4F, SIZ FF51: Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz).
  if (b.length >= 12 && b.subarray(0, 12).equals(JP2_SIGNATURE)) {
    const at = b.indexOf('ihdr', 12, 'latin1');
    if (at < 0 || at + 12 > b.length) return { error: 'a JP2 file without an image header box (ihdr)' };
    return { format: 'jpeg2000', height: b.readUInt32BE(at + 4), width: b.readUInt32BE(at + 8) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0x4f && b[2] === 0xff && b[3] === 0x51) {
    if (b.length < 4 + 2 + 2 + 16) return { error: 'a JPEG 2000 codestream with a truncated SIZ segment' };
    const x = b.readUInt32BE(8); const y = b.readUInt32BE(12); const xo = b.readUInt32BE(16); const yo = b.readUInt32BE(20);
    return { format: 'jpeg2000', width: x - xo, height: y - yo };
  }
  return { error: `not WSQ, PNG, JPEG or JPEG 2000 (starts ${b.subarray(0, 4).toString('hex') || 'empty'})` };
}
