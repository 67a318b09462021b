// Object identifiers used by EF.SOD, master lists, certificates and CRLs (RFC 5652, RFC 8017,
// RFC 5480, RFC 5754, 9303-10 §4.6.2, 9303-12 §8, BSI TR-03111 §5.2.1 for plain ECDSA).
import { UnsupportedAlgorithmError } from './errors.ts';

export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';
export const OID_CSCA_MASTER_LIST = '2.23.136.1.1.2';
export const OID_ATTR_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_ATTR_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_ATTR_SIGNING_TIME = '1.2.840.113549.1.9.5';
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
export const OID_MGF1 = '1.2.840.113549.1.1.8';
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** Digest name as node:crypto spells it. */
export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export const HASH_OIDS: Record<HashName, string> = {
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

export const HASH_LENGTH: Record<HashName, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

export function hashOfOid(oid: string): HashName {
  for (const [name, o] of Object.entries(HASH_OIDS)) if (o === oid) return name as HashName;
  throw new UnsupportedAlgorithmError(`digest algorithm ${oid}`);
}

/** sha*WithRSAEncryption (RFC 8017 App. C). */
export const RSA_PKCS1_OIDS: Record<string, HashName> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/** ecdsa-with-SHA* (RFC 5758 §3.2, RFC 3279). */
export const ECDSA_OIDS: Record<string, HashName> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

/** ecdsa-plain-SHA* (BSI TR-03111 §5.2.1): r‖s instead of a DER SEQUENCE. */
export const ECDSA_PLAIN_OIDS: Record<string, HashName> = {
  '0.4.0.127.0.7.1.1.4.1.1': 'sha1',
  '0.4.0.127.0.7.1.1.4.1.2': 'sha224',
  '0.4.0.127.0.7.1.1.4.1.3': 'sha256',
  '0.4.0.127.0.7.1.1.4.1.4': 'sha384',
  '0.4.0.127.0.7.1.1.4.1.5': 'sha512',
};

/** Named curves by OID (RFC 5480 §2.1.1.1, RFC 5639 §4.1). */
export const CURVE_OIDS: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'prime256v1',
  '1.3.132.0.34': 'secp384r1',
  '1.3.132.0.35': 'secp521r1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
};

import * as nodeCrypto from 'node:crypto';

const oneShot = (nodeCrypto as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Buffer }).hash;

/** Digest of `data`: node's one-shot crypto.hash where available (Node ≥ 20.12), else createHash. */
export function digestOf(alg: HashName, data: Uint8Array): Buffer {
  return oneShot ? oneShot(alg, data, 'buffer') : nodeCrypto.createHash(alg).update(data).digest();
}
