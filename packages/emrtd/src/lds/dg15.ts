// DG15, 9303-10 §4.7.15: `6F { SubjectPublicKeyInfo }`, the Active Authentication public key
// (RSA or EC, 9303-11 §6.1).
import { createPublicKey, type KeyObject } from 'node:crypto';
import { items, parseDer, type Fail } from '../cms/asn1.ts';
import { derForm, encodeTlv } from '../tlv/index.ts';
import { LdsDecodeError, LdsEncodeError } from './errors.ts';
import { outer, tlvGuard } from './decode-outer.ts';

export interface Dg15 {
  /** DER SubjectPublicKeyInfo. */
  subjectPublicKeyInfo: Uint8Array;
  publicKey: KeyObject;
}

export function decodeDg15(bytes: Uint8Array): Dg15 {
  const fail: Fail = (m) => new LdsDecodeError('DG15', m);
  const t = outer('DG15', bytes, 0x6f);
  // The key as DER whatever the file's encoding (BER is accepted, 9303-10 asks for DER).
  const spkiDer = tlvGuard('DG15', () => derForm(t.value));
  const spki = parseDer(spkiDer, fail);
  items(spki, fail, 'SubjectPublicKeyInfo');
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
  } catch (err) {
    throw new LdsDecodeError('DG15', `unusable public key: ${(err as Error).message}`, { cause: err });
  }
  return { subjectPublicKeyInfo: spkiDer, publicKey };
}

/** DG15 from a public key (KeyObject) or DER SubjectPublicKeyInfo. */
export function encodeDg15(key: KeyObject | Uint8Array): Uint8Array {
  let spki: Uint8Array;
  if (key instanceof Uint8Array) spki = key;
  else if (key.type === 'public') spki = key.export({ format: 'der', type: 'spki' });
  else throw new LdsEncodeError('DG15', 'a public key is required');
  return encodeTlv(0x6f, spki);
}
