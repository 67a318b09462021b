// ISO/IEC 19794-4:2005 finger image records, as DG3 carries them (9303-10 §4.7.3): a 32-byte
// general header, then per finger a 14-byte finger image header and the compressed image.
//   general header: 'FIR\0', version '010\0', record length (6 bytes), capture device id (2),
//     image acquisition level (2), number of fingers (1), scale units (1), scan resolution h, v
//     (2 + 2), image resolution h, v (2 + 2), pixel depth (1), compression algorithm (1),
//     reserved (2)   (ANSI/INCITS 381 adds a 4-byte CBEFF product id: 36 bytes; not this one)
//   finger header: data block length (4), finger position (1), count of views (1), view number (1),
//     quality (1), impression type (1), horizontal and vertical line length (2 + 2), reserved (1)
import { LdsDecodeError, LdsEncodeError } from './errors.ts';
import { imageSize } from './image.ts';

/** Image compression algorithm codes of ISO/IEC 19794-4 Table 3. */
export const FINGER_COMPRESSION = { raw: 0, 'raw-packed': 1, wsq: 2, jpeg: 3, jpeg2000: 4, png: 5 } as const;
export type FingerCompression = keyof typeof FINGER_COMPRESSION;

/** Finger position codes of ISO/IEC 19794-2 / -4 (1 right thumb … 10 left little; 0 unknown). */
export const FINGER_POSITIONS = ['unknown', 'right-thumb', 'right-index', 'right-middle', 'right-ring', 'right-little', 'left-thumb', 'left-index', 'left-middle', 'left-ring', 'left-little'] as const;

export interface FingerImageInput {
  /** 1 (right thumb) … 10 (left little), or its name (`right-index`). */
  position: number | (typeof FINGER_POSITIONS)[number];
  /** The compressed image: WSQ, JPEG, JPEG 2000 or PNG (detected from its first bytes). */
  image: Uint8Array;
  /** Pixels; read from JPEG, JPEG 2000 and PNG headers, needed for WSQ. */
  width?: number;
  height?: number;
  /** Scan resolution in pixels per inch (500 by default, ISO/IEC 19794-4 level 31). */
  ppi?: number;
  /** 0–100, or 254 when not computed (the default). */
  quality?: number;
}

export interface FingerImage {
  position: number;
  compression: FingerCompression;
  width: number;
  height: number;
  ppi: number;
  quality: number;
  image: Uint8Array;
}

function detect(b: Uint8Array): FingerCompression | undefined {
  if (b[0] === 0xff && b[1] === 0xa0) return 'wsq';
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpeg';
  if ((b[0] === 0xff && b[1] === 0x4f) || (b[4] === 0x6a && b[5] === 0x50 && b[6] === 0x20 && b[7] === 0x20)) return 'jpeg2000';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  return undefined;
}

function pngSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b.length < 24) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

export function positionCode(p: FingerImageInput['position']): number {
  const n = typeof p === 'number' ? p : FINGER_POSITIONS.indexOf(p);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new LdsEncodeError('DG3', `finger position ${p} is not 0–10`);
  return n;
}

const GENERAL = 32;
const VIEW = 14;

/** One ISO/IEC 19794-4 record holding one finger image. */
export function encodeFingerRecord(f: FingerImageInput): Uint8Array {
  const compression = detect(f.image);
  if (!compression) throw new LdsEncodeError('DG3', 'finger image is neither WSQ, JPEG, JPEG 2000 nor PNG');
  const size = f.width && f.height ? { width: f.width, height: f.height } : compression === 'png' ? pngSize(f.image) : compression === 'wsq' ? undefined : imageSize(f.image);
  if (!size) throw new LdsEncodeError('DG3', `give the width and height of the ${compression} finger image`);
  const ppi = f.ppi ?? 500;
  const out = new Uint8Array(GENERAL + VIEW + f.image.length);
  const v = new DataView(out.buffer);
  out.set([0x46, 0x49, 0x52, 0x00, 0x30, 0x31, 0x30, 0x00]); // 'FIR\0' '010\0'
  v.setUint16(8, Math.floor(out.length / 2 ** 32));
  v.setUint32(10, out.length >>> 0);
  // 14: capture device id 0 (not given)
  v.setUint16(16, 31); // image acquisition level 31 (the 500 ppi class)
  out[18] = 1; // one finger
  out[19] = 1; // scale units: pixels per inch
  v.setUint16(20, ppi);
  v.setUint16(22, ppi);
  v.setUint16(24, ppi);
  v.setUint16(26, ppi);
  out[28] = 8; // pixel depth
  out[29] = FINGER_COMPRESSION[compression];
  // Finger image header.
  v.setUint32(GENERAL, VIEW + f.image.length);
  out[GENERAL + 4] = positionCode(f.position);
  out[GENERAL + 5] = 1; // one view
  out[GENERAL + 6] = 1; // view number
  out[GENERAL + 7] = f.quality ?? 254;
  out[GENERAL + 8] = 0; // impression: live-scan plain
  v.setUint16(GENERAL + 9, size.width);
  v.setUint16(GENERAL + 11, size.height);
  out.set(f.image, GENERAL + VIEW);
  return out;
}

/** Every finger image of an ISO/IEC 19794-4 record. */
export function decodeFingerRecord(b: Uint8Array): FingerImage[] {
  const fail = (m: string) => new LdsDecodeError('DG3', `ISO/IEC 19794-4 record: ${m}`);
  if (b.length < GENERAL || b[0] !== 0x46 || b[1] !== 0x49 || b[2] !== 0x52 || b[3] !== 0) throw fail("no 'FIR' format identifier");
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const length = v.getUint16(8) * 2 ** 32 + v.getUint32(10);
  if (length > b.length || length < GENERAL) throw fail(`record length ${length}, ${b.length} bytes present`);
  const fingers = b[18]!;
  const ppi = v.getUint16(24);
  const code = b[29]!;
  const compression = (Object.keys(FINGER_COMPRESSION) as FingerCompression[]).find((k) => FINGER_COMPRESSION[k] === code);
  if (!compression) throw fail(`compression algorithm ${code}`);
  const out: FingerImage[] = [];
  let pos = GENERAL;
  for (let i = 0; i < fingers; i++) {
    if (pos + VIEW > length) throw fail(`finger ${i + 1} header past the record end`);
    const block = v.getUint32(pos);
    if (block < VIEW || pos + block > length) throw fail(`finger ${i + 1} data block of ${block} bytes`);
    out.push({ position: b[pos + 4]!, compression, width: v.getUint16(pos + 9), height: v.getUint16(pos + 11), ppi, quality: b[pos + 7]!, image: b.subarray(pos + VIEW, pos + block) });
    pos += block;
  }
  return out;
}
