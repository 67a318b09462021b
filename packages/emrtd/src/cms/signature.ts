// Signature algorithms of SignerInfos, certificates, CRLs and master lists: RSA PKCS#1 v1.5 and
// RSASSA-PSS (RFC 8017 §8, parameters per RFC 4055 §3.1), ECDSA with DER signatures (RFC 5480) and
// plain r‖s signatures (BSI TR-03111 §5.2.1). Signing and verifying use node:crypto, which has the
// brainpool curves and accepts explicit EC parameters (WebCrypto has neither).
import { constants, createHash, publicDecrypt, sign, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { int, items, oid, parseDer, tagged, type Fail } from './asn1.ts';
import { derItems, derOid, derRoot, T } from './der.ts';
import { UnsupportedAlgorithmError } from './errors.ts';
import {
  ECDSA_OIDS,
  ECDSA_PLAIN_OIDS,
  HASH_LENGTH,
  HASH_OIDS,
  OID_EC_PUBLIC_KEY,
  OID_MGF1,
  OID_RSASSA_PSS,
  OID_RSA_ENCRYPTION,
  RSA_PKCS1_OIDS,
  hashOfOid,
  type HashName,
} from './oids.ts';

/**
 * A private key held outside this process (a PKCS#11 token, an HSM): it signs `data` with `alg`
 * and returns the signature in the encoding `alg` names (DER for 'ecdsa', r‖s for
 * 'ecdsa-plain'). `publicKey` chooses the default algorithm and lets callers check results.
 */
export interface Signer {
  readonly publicKey: KeyObject;
  sign(alg: SignatureAlgorithm, data: Uint8Array): Uint8Array;
}

/** Whatever can sign: a private KeyObject, or a Signer backed by a token. */
export type SigningKey = KeyObject | Signer;

const isSigner = (key: SigningKey): key is Signer => typeof (key as Signer).sign === 'function' && 'publicKey' in key;

export type SignatureAlgorithm =
  | { kind: 'rsa-pkcs1'; hash: HashName }
  | { kind: 'rsa-pss'; hash: HashName; mgf1Hash: HashName; saltLength: number }
  | { kind: 'ecdsa'; hash: HashName }
  | { kind: 'ecdsa-plain'; hash: HashName };

/**
 * Reads an AlgorithmIdentifier. `fallbackHash` is used for identifiers that name only the key
 * type (rsaEncryption, id-ecPublicKey), as some issuers write in SignerInfo.signatureAlgorithm.
 */
export function readSignatureAlgorithm(node: unknown, fail: Fail, fallbackHash?: HashName): SignatureAlgorithm {
  const [o, params] = items(node, fail, 'AlgorithmIdentifier');
  const id = oid(o, fail, 'algorithm');
  if (RSA_PKCS1_OIDS[id]) return { kind: 'rsa-pkcs1', hash: RSA_PKCS1_OIDS[id] };
  if (ECDSA_OIDS[id]) return { kind: 'ecdsa', hash: ECDSA_OIDS[id] };
  if (ECDSA_PLAIN_OIDS[id]) return { kind: 'ecdsa-plain', hash: ECDSA_PLAIN_OIDS[id] };
  if (id === OID_RSA_ENCRYPTION && fallbackHash) return { kind: 'rsa-pkcs1', hash: fallbackHash };
  if (id === OID_EC_PUBLIC_KEY && fallbackHash) return { kind: 'ecdsa', hash: fallbackHash };
  if (id === OID_RSASSA_PSS) return readPssParams(params, fail);
  throw new UnsupportedAlgorithmError(`signature algorithm ${id}`);
}

/**
 * The same from the DER bytes of the AlgorithmIdentifier, read with the TLV decoder; only
 * identifiers with parameters other than NULL (RSASSA-PSS) go through asn1js.
 */
export function readSignatureAlgorithmDer(bytes: Uint8Array, fail: Fail, fallbackHash?: HashName): SignatureAlgorithm {
  const [o, params] = derItems(derRoot(bytes, fail), T.SEQUENCE, fail, 'AlgorithmIdentifier');
  const id = derOid(o, fail, 'algorithm');
  if (params && !(params.tag === T.NULL && params.value.length === 0) && id === OID_RSASSA_PSS) {
    return readSignatureAlgorithm(parseDer(bytes, fail), fail, fallbackHash);
  }
  if (RSA_PKCS1_OIDS[id]) return { kind: 'rsa-pkcs1', hash: RSA_PKCS1_OIDS[id] };
  if (ECDSA_OIDS[id]) return { kind: 'ecdsa', hash: ECDSA_OIDS[id] };
  if (ECDSA_PLAIN_OIDS[id]) return { kind: 'ecdsa-plain', hash: ECDSA_PLAIN_OIDS[id] };
  if (id === OID_RSA_ENCRYPTION && fallbackHash) return { kind: 'rsa-pkcs1', hash: fallbackHash };
  if (id === OID_EC_PUBLIC_KEY && fallbackHash) return { kind: 'ecdsa', hash: fallbackHash };
  if (id === OID_RSASSA_PSS) return { kind: 'rsa-pss', hash: 'sha1', mgf1Hash: 'sha1', saltLength: 20 };
  throw new UnsupportedAlgorithmError(`signature algorithm ${id}`);
}

/** RSASSA-PSS-params, RFC 4055 §3.1: every field has a default (SHA-1, MGF1-SHA-1, 20, 1). */
function readPssParams(params: unknown, fail: Fail): SignatureAlgorithm {
  let hash: HashName = 'sha1';
  let mgf1Hash: HashName = 'sha1';
  let saltLength = 20;
  if (params instanceof asn1js.Sequence) {
    for (const p of params.valueBlock.value) {
      const h = tagged(p, 0);
      if (h) hash = hashOfOid(oid(items(h[0], fail, 'hashAlgorithm')[0], fail, 'hashAlgorithm'));
      const m = tagged(p, 1);
      if (m) {
        const [mo, mp] = items(m[0], fail, 'maskGenAlgorithm');
        if (oid(mo, fail, 'maskGenAlgorithm') !== OID_MGF1) throw new UnsupportedAlgorithmError('PSS mask generation other than MGF1');
        mgf1Hash = hashOfOid(oid(items(mp, fail, 'MGF1 hash')[0], fail, 'MGF1 hash'));
      }
      const s = tagged(p, 2);
      if (s) saltLength = int(s[0], fail, 'saltLength');
      const t = tagged(p, 3);
      if (t && int(t[0], fail, 'trailerField') !== 1) throw new UnsupportedAlgorithmError('PSS trailer field other than 1');
    }
  }
  return { kind: 'rsa-pss', hash, mgf1Hash, saltLength };
}

/** The AlgorithmIdentifier to write for `alg` (parameters per RFC 4055 §3.1 / RFC 5758 §3.2). */
export function signatureAlgorithmIdentifier(alg: SignatureAlgorithm): asn1js.Sequence {
  const algId = (o: string) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: o })] });
  const byHash = (table: Record<string, HashName>) => Object.entries(table).find(([, h]) => h === alg.hash)![0];
  switch (alg.kind) {
    case 'rsa-pkcs1':
      return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: byHash(RSA_PKCS1_OIDS) }), new asn1js.Null()] });
    case 'ecdsa':
      return algId(byHash(ECDSA_OIDS));
    case 'ecdsa-plain':
      return algId(byHash(ECDSA_PLAIN_OIDS));
    case 'rsa-pss': {
      const hashAlg = (h: HashName) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: HASH_OIDS[h] }), new asn1js.Null()] });
      const ctx = (n: number, v: asn1js.AsnType) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: n }, value: [v] });
      return new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: OID_RSASSA_PSS }),
          new asn1js.Sequence({
            value: [
              ctx(0, hashAlg(alg.hash)),
              ctx(1, new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_MGF1 }), hashAlg(alg.mgf1Hash)] })),
              ctx(2, new asn1js.Integer({ value: alg.saltLength })),
            ],
          }),
        ],
      });
    }
  }
}

/** A sensible algorithm for a private/public key: ECDSA or PKCS#1 v1.5 (or PSS when asked). */
export function defaultSignatureAlgorithm(key: SigningKey, hash: HashName = 'sha256', pss = false): SignatureAlgorithm {
  const t = (isSigner(key) ? key.publicKey : key).asymmetricKeyType;
  if (t === 'ec') return { kind: 'ecdsa', hash };
  if (t === 'rsa-pss' || (t === 'rsa' && pss)) return { kind: 'rsa-pss', hash, mgf1Hash: hash, saltLength: HASH_LENGTH[hash] };
  if (t === 'rsa') return { kind: 'rsa-pkcs1', hash };
  throw new UnsupportedAlgorithmError(`key type ${t}`);
}

export function signBytes(alg: SignatureAlgorithm, key: SigningKey, data: Uint8Array): Uint8Array {
  if (isSigner(key)) return key.sign(alg, data);
  switch (alg.kind) {
    case 'rsa-pkcs1':
      return sign(alg.hash, data, { key, padding: constants.RSA_PKCS1_PADDING });
    case 'rsa-pss':
      if (alg.mgf1Hash !== alg.hash) throw new UnsupportedAlgorithmError('signing with an MGF1 hash different from the message hash');
      return sign(alg.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.saltLength });
    case 'ecdsa':
      return sign(alg.hash, data, { key, dsaEncoding: 'der' });
    case 'ecdsa-plain':
      return sign(alg.hash, data, { key, dsaEncoding: 'ieee-p1363' });
  }
}

/** Verifies; false for a wrong signature, also for one that is malformed. */
export function verifyBytes(alg: SignatureAlgorithm, key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    switch (alg.kind) {
      case 'rsa-pkcs1':
        return verify(alg.hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
      case 'rsa-pss':
        if (alg.mgf1Hash !== alg.hash) return verifyPssMgf(alg, key, data, signature);
        return verify(alg.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.saltLength }, signature);
      case 'ecdsa':
        return verify(alg.hash, data, { key, dsaEncoding: 'der' }, signature);
      case 'ecdsa-plain':
        return verify(alg.hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    }
  } catch {
    return false;
  }
}

/**
 * EMSA-PSS-VERIFY (RFC 8017 §9.1.2) for an MGF1 hash different from the message hash, which
 * node:crypto's verify cannot express: RSA public operation without padding, then the checks.
 */
function verifyPssMgf(alg: Extract<SignatureAlgorithm, { kind: 'rsa-pss' }>, key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  const modBits = Number((key.asymmetricKeyDetails?.modulusLength ?? 0));
  if (!modBits) return false;
  const em = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const e = em.subarray(em.length - emLen);
  if (em.length - emLen > 0 && em.subarray(0, em.length - emLen).some((b) => b !== 0)) return false;
  const hLen = HASH_LENGTH[alg.hash];
  const sLen = alg.saltLength;
  if (emLen < hLen + sLen + 2 || e[emLen - 1] !== 0xbc) return false;
  const maskedDb = e.subarray(0, emLen - hLen - 1);
  const h = e.subarray(emLen - hLen - 1, emLen - 1);
  const zeroBits = 8 * emLen - emBits;
  if ((maskedDb[0]! >> (8 - zeroBits)) !== 0 && zeroBits > 0) return false;
  const mask = mgf1(alg.mgf1Hash, h, maskedDb.length);
  const db = Buffer.alloc(maskedDb.length);
  for (let i = 0; i < db.length; i++) db[i] = maskedDb[i]! ^ mask[i]!;
  db[0]! &= 0xff >> zeroBits;
  const psLen = emLen - hLen - sLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - sLen);
  const mHash = createHash(alg.hash).update(data).digest();
  const h2 = createHash(alg.hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  return Buffer.compare(h2, h) === 0;
}

function mgf1(hash: HashName, seed: Uint8Array, len: number): Buffer {
  const out: Buffer[] = [];
  let n = 0;
  for (let c = 0; n < len; c++) {
    const ctr = Buffer.alloc(4);
    ctr.writeUInt32BE(c);
    const d = createHash(hash).update(seed).update(ctr).digest();
    out.push(d);
    n += d.length;
  }
  return Buffer.concat(out).subarray(0, len);
}
