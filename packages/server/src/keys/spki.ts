// A token's EC public key as SubjectPublicKeyInfo (RFC 5480 §2): the named curve from
// CKA_EC_PARAMS and the point from CKA_EC_POINT, which PKCS#11 v2.40 §2.3.3 defines as the DER
// OCTET STRING of the uncompressed point (some modules return the bare point: both are read).
import { createPublicKey, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { curveOfKey, type Curve } from './curves.ts';
import { KeyStoreError } from './errors.ts';

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

export function uncompressedPoint(ecPoint: Uint8Array, curve: Curve): Uint8Array {
  const bare = 1 + 2 * curve.size;
  if (ecPoint.length === bare && ecPoint[0] === 0x04) return ecPoint;
  const parsed = asn1js.fromBER(Uint8Array.from(ecPoint));
  if (parsed.offset !== -1 && parsed.result instanceof asn1js.OctetString) {
    const inner = parsed.result.valueBlock.valueHexView;
    if (inner.length === bare && inner[0] === 0x04) return inner;
  }
  throw new KeyStoreError('ERR_HSM_UNSUPPORTED_CURVE', `CKA_EC_POINT is not an uncompressed ${curve.name} point`);
}

export function ecSpki(curve: Curve, point: Uint8Array): Buffer {
  const spki = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_EC_PUBLIC_KEY }), new asn1js.ObjectIdentifier({ value: curve.oid })] }),
      new asn1js.BitString({ valueHex: Uint8Array.from(point) }),
    ],
  });
  return Buffer.from(spki.toBER());
}

export function publicKeyOf(spki: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}

/** A public key with its curve, from DER SubjectPublicKeyInfo (as stored by the pki module). */
export interface PublicKeyInfo {
  spki: Buffer;
  publicKey: KeyObject;
  curve: Curve;
}

export function publicKeyInfo(spki: Uint8Array): PublicKeyInfo {
  const publicKey = publicKeyOf(spki);
  return { spki: Buffer.from(spki), publicKey, curve: curveOfKey(publicKey) };
}
