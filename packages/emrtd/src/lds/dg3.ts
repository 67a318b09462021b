// DG3, 9303-10 §4.7.3: finger images in the CBEFF structure of DG2 —
//   63 { 7F61 { 02 count, 7F60 { A1 biometric header template, 5F2E ISO/IEC 19794-4 record } … } }
// The header names the biometric type (08 fingerprint), the subtype (CBEFF: b1–b2 right/left,
// b3–b5 the finger) and the format (owner 0101 ISO/IEC JTC 1 SC 37, type 0007 finger image).
// One 7F60 per finger. DG3 is behind Extended Access Control (9303-11 §7, TR-03110).
import { encodeTlv, type Tlv } from '../tlv/index.ts';
import { kids, outer } from './decode-outer.ts';
import { LdsDecodeError } from './errors.ts';
import { decodeFingerRecord, encodeFingerRecord, positionCode, type FingerImage, type FingerImageInput } from './finger-record.ts';

export interface Dg3 {
  fingers: (FingerImage & { header: Map<number, Uint8Array> })[];
}

/** CBEFF biometric subtype of a finger position (ISO/IEC 19785-1 Table 4 bits: right 01 / left 02, thumb 04 … little 14). */
export function fingerSubtype(position: number): number {
  if (position < 1 || position > 10) return 0;
  const side = position <= 5 ? 0x01 : 0x02;
  return side | [0x04, 0x08, 0x0c, 0x10, 0x14][(position - 1) % 5]!;
}

export function encodeDg3(fingers: readonly FingerImageInput[]): Uint8Array {
  const bits = fingers.map((f) => {
    const bht = encodeTlv(0xa1, [
      encodeTlv(0x80, Uint8Array.of(0x01, 0x01)), // ICAO header version 1.1
      encodeTlv(0x81, Uint8Array.of(0x08)), // biometric type: fingerprint
      encodeTlv(0x82, Uint8Array.of(fingerSubtype(positionCode(f.position)))),
      encodeTlv(0x87, Uint8Array.of(0x01, 0x01)), // format owner ISO/IEC JTC 1/SC 37
      encodeTlv(0x88, Uint8Array.of(0x00, 0x07)), // format type: 19794-4 finger image
    ]);
    return encodeTlv(0x7f60, [bht, encodeTlv(0x5f2e, encodeFingerRecord(f))]);
  });
  return encodeTlv(0x63, encodeTlv(0x7f61, [encodeTlv(0x02, Uint8Array.of(fingers.length)), ...bits]));
}

export function decodeDg3(bytes: Uint8Array): Dg3 {
  const dg3 = outer('DG3', bytes, 0x63);
  const group = kids('DG3', dg3).find((t) => t.tag === 0x7f61);
  if (!group) throw new LdsDecodeError('DG3', 'biometric information template group 7F61 missing');
  const fingers: Dg3['fingers'] = [];
  for (const bit of kids('DG3', group).filter((t) => t.tag === 0x7f60)) {
    const parts = kids('DG3', bit);
    const header = new Map<number, Uint8Array>();
    const bht = parts.find((t) => t.tag === 0xa1);
    if (bht) for (const e of kids('DG3', bht)) header.set(e.tag, e.value);
    const bdb: Tlv | undefined = parts.find((t) => t.tag === 0x5f2e || t.tag === 0x7f2e);
    if (!bdb) throw new LdsDecodeError('DG3', 'biometric data block 5F2E missing');
    for (const f of decodeFingerRecord(bdb.value)) fingers.push({ ...f, header });
  }
  return { fingers };
}
