// The elliptic curves our keys may use: their object identifiers (CKA_EC_PARAMS is the DER of
// the named-curve OID, PKCS#11 v2.40 §2.3.3), coordinate size, the hash that goes with them,
// and their JOSE/COSE names where those registries have one (RFC 7518 §6.2.1.1; brainpool
// curves have none, so their keys serve X.509 and CMS only).
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { KeyStoreError } from './errors.ts';

export type CurveName = 'P-256' | 'P-384' | 'P-521' | 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1';
export type HashName = 'sha256' | 'sha384' | 'sha512';

export interface Curve {
  name: CurveName;
  /** OpenSSL's name, as node:crypto reports it in asymmetricKeyDetails.namedCurve. */
  nodeName: string;
  oid: string;
  /** Bytes per coordinate (and per half of an r‖s signature). */
  size: number;
  /** Hash of the same strength (BSI TR-03111 §4.2, FIPS 186-5 §6.4). */
  hash: HashName;
  /** JWS / COSE algorithm and JWK `crv`, for the NIST curves. */
  jose?: { alg: 'ES256' | 'ES384' | 'ES512'; crv: 'P-256' | 'P-384' | 'P-521' };
}

export const CURVES: Readonly<Record<CurveName, Curve>> = {
  'P-256': { name: 'P-256', nodeName: 'prime256v1', oid: '1.2.840.10045.3.1.7', size: 32, hash: 'sha256', jose: { alg: 'ES256', crv: 'P-256' } },
  'P-384': { name: 'P-384', nodeName: 'secp384r1', oid: '1.3.132.0.34', size: 48, hash: 'sha384', jose: { alg: 'ES384', crv: 'P-384' } },
  'P-521': { name: 'P-521', nodeName: 'secp521r1', oid: '1.3.132.0.35', size: 66, hash: 'sha512', jose: { alg: 'ES512', crv: 'P-521' } },
  // RFC 5639 §4.1
  brainpoolP256r1: { name: 'brainpoolP256r1', nodeName: 'brainpoolP256r1', oid: '1.3.36.3.3.2.8.1.1.7', size: 32, hash: 'sha256' },
  brainpoolP384r1: { name: 'brainpoolP384r1', nodeName: 'brainpoolP384r1', oid: '1.3.36.3.3.2.8.1.1.11', size: 48, hash: 'sha384' },
  brainpoolP512r1: { name: 'brainpoolP512r1', nodeName: 'brainpoolP512r1', oid: '1.3.36.3.3.2.8.1.1.13', size: 64, hash: 'sha512' },
};

export function curveByName(name: string): Curve {
  const c = (CURVES as Record<string, Curve>)[name];
  if (!c) throw new KeyStoreError('ERR_HSM_UNSUPPORTED_CURVE', `unknown curve ${name} (use ${Object.keys(CURVES).join(', ')})`);
  return c;
}

export function curveOfKey(key: KeyObject): Curve {
  const named = key.asymmetricKeyDetails?.namedCurve;
  const c = Object.values(CURVES).find((x) => x.nodeName === named);
  if (!c) throw new KeyStoreError('ERR_HSM_UNSUPPORTED_CURVE', `not an EC key on a curve we use (${named ?? key.asymmetricKeyType})`);
  return c;
}

export function curveByOid(oid: string): Curve {
  const c = Object.values(CURVES).find((x) => x.oid === oid);
  if (!c) throw new KeyStoreError('ERR_HSM_UNSUPPORTED_CURVE', `key on curve ${oid}, which we do not use`);
  return c;
}

/** DER of the curve's OBJECT IDENTIFIER (the value of CKA_EC_PARAMS). */
export function ecParamsDer(curve: Curve): Buffer {
  return Buffer.from(new asn1js.ObjectIdentifier({ value: curve.oid }).toBER());
}

/** The curve named by a CKA_EC_PARAMS value. */
export function curveOfEcParams(der: Uint8Array): Curve {
  const parsed = asn1js.fromBER(Uint8Array.from(der));
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.ObjectIdentifier)) {
    throw new KeyStoreError('ERR_HSM_UNSUPPORTED_CURVE', 'CKA_EC_PARAMS is not a named curve (explicit parameters are not used here)');
  }
  return curveByOid(parsed.result.valueBlock.toString());
}
