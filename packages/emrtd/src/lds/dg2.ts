// DG2, 9303-10 §4.7.2: biometric information template group `7F61` holding the number of
// instances (`02`) and one `7F60` per face: biometric header template `A1` (ISO/IEC 7816-11
// Table 9 elements) and biometric data block `5F2E` (or `7F2E`) = ISO/IEC 19794-5 record.
import { encodeTlv, type Tlv } from '../tlv/index.ts';
import { LdsDecodeError } from './errors.ts';
import { decodeFaceRecord, encodeFaceRecord, type FaceImage, type FaceImageInput } from './face-record.ts';
import { kids, outer } from './decode-outer.ts';

export interface Dg2 {
  faces: (FaceImage & { header: Map<number, Uint8Array> })[];
}

export function decodeDg2(bytes: Uint8Array): Dg2 {
  const dg2 = outer('DG2', bytes, 0x75);
  const group = kids('DG2', dg2).find((t) => t.tag === 0x7f61);
  if (!group) throw new LdsDecodeError('DG2', 'biometric information template group 7F61 missing');
  const faces: Dg2['faces'] = [];
  for (const bit of kids('DG2', group).filter((t) => t.tag === 0x7f60)) {
    const parts = kids('DG2', bit);
    const bht = parts.find((t) => t.tag === 0xa1);
    const header = new Map<number, Uint8Array>();
    if (bht) for (const e of kids('DG2', bht)) header.set(e.tag, e.value);
    const bdb: Tlv | undefined = parts.find((t) => t.tag === 0x5f2e || t.tag === 0x7f2e);
    if (!bdb) throw new LdsDecodeError('DG2', 'biometric data block 5F2E missing');
    for (const f of decodeFaceRecord(bdb.value)) faces.push({ ...f, header });
  }
  if (faces.length === 0) throw new LdsDecodeError('DG2', 'no face in 7F61');
  return { faces };
}

/** DG2 with one face image (JPEG or JPEG 2000). */
export function encodeDg2(face: FaceImageInput): Uint8Array {
  const bht = encodeTlv(0xa1, [
    encodeTlv(0x80, Uint8Array.of(0x01, 0x01)), // ICAO header version 1.1
    encodeTlv(0x81, Uint8Array.of(0x02)), // biometric type: facial features (ISO/IEC 7816-11)
    encodeTlv(0x82, Uint8Array.of(0x00)), // no subtype
    encodeTlv(0x87, Uint8Array.of(0x01, 0x01)), // format owner ISO/IEC JTC 1/SC 37
    encodeTlv(0x88, Uint8Array.of(0x00, 0x08)), // format type: 19794-5 face image
  ]);
  return encodeTlv(0x75, [
    encodeTlv(0x7f61, [encodeTlv(0x02, Uint8Array.of(1)), encodeTlv(0x7f60, [bht, encodeTlv(0x5f2e, encodeFaceRecord(face))])]),
  ]);
}
