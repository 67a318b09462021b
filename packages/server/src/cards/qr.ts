// The signed QR code of the card face: CWT claims (qr-claims.ts) → COSE_Sign1 (RFC 9052 §4.2)
// signed in the token → zlib (RFC 1950) → Base45 (RFC 9285), the chain of MOSIP's Claim 169 QR.
// Anyone with our published key set verifies it offline (verifyCardQr; `cancuoc card verify-qr`).
//
// Signing builds the Sig_structure itself ["Signature1", protected, h'', payload] (RFC 9052
// §4.4), because the private key is in the token: the token signs its SHA-256 with CKM_ECDSA and
// returns r‖s, which is the COSE ECDSA signature format (RFC 9053 §2.1). Verification uses
// @auth0/cose, an implementation we did not write.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { Algorithms, Sign1 } from '@auth0/cose';
import { decode, Tag } from 'cbor2';
import type { JSONWebKeySet, JWK } from 'jose';
import { keyId } from '../keys/jwk.ts';
import type { KeyStore, TokenSigner } from '../keys/key-store.ts';
import { base45Decode, base45Encode } from './base45.ts';
import { cborEncode as encode } from './cbor-encode.ts';
import { cwtClaims, readCwtClaims, type CardQrClaims, type CardQrData } from './qr-claims.ts';

const COSE_SIGN1_TAG = 18;
const HEADER_ALG = 1;
const HEADER_KID = 4;
const ALGS: Record<string, number> = { ES256: Algorithms.ES256, ES384: Algorithms.ES384, ES512: Algorithms.ES512 };
/** Inflated payload limit: a card QR is a few hundred bytes, a photo a few kilobytes (zip bombs stop here). */
export const MAX_INFLATED = 64 * 1024;

export interface QrSigner {
  store: KeyStore;
  keyLabel: string;
  /** `iss` of the CWT: who issued the card. */
  issuer: string;
  /**
   * Sign through this token signer (of `keyLabel`) instead of `store.sign`: the signature is
   * reported to the audit log at once, and the caller awaits `audited()` before the QR leaves it
   * (buildCard awaits it with the EF.SOD's, so a card waits for one audit commit, not two).
   */
  signer?: TokenSigner;
}

/** The text to put in the QR code (Base45: QR alphanumeric mode). */
export async function signCardQr(data: CardQrData, signer: QrSigner, signedAt = new Date()): Promise<string> {
  const info = signer.store.key(signer.keyLabel);
  if (!info.curve.jose) throw new TypeError(`${signer.keyLabel} is on ${info.curve.name}; COSE ES256/384/512 needs a NIST curve`);
  const protectedHeader = encode(new Map<number, unknown>([[HEADER_ALG, ALGS[info.curve.jose.alg]], [HEADER_KID, new TextEncoder().encode(await keyId(info))]]));
  const payload = encode(cwtClaims(data, signer.issuer, signedAt));
  const toBeSigned = encode(['Signature1', protectedHeader, new Uint8Array(0), payload]);
  const signature = signer.signer ? signer.signer.signRaw(toBeSigned) : await signer.store.sign(signer.keyLabel, toBeSigned, { purpose: 'card-qr' });
  const sign1 = encode(new Tag(COSE_SIGN1_TAG, [protectedHeader, new Map(), payload, new Uint8Array(signature)]));
  return base45Encode(deflateSync(sign1, { level: 9 }));
}

export type QrFailure =
  | 'ERR_QR_BASE45'
  | 'ERR_QR_COMPRESSION'
  | 'ERR_QR_COSE'
  | 'ERR_QR_UNKNOWN_KEY'
  | 'ERR_QR_SIGNATURE'
  | 'ERR_QR_CLAIMS'
  | 'ERR_QR_KEY_PERIOD'
  | 'ERR_QR_NOT_YET_VALID'
  | 'ERR_QR_EXPIRED';

export interface QrVerification {
  valid: boolean;
  /** Why not, when not valid. */
  failure?: { code: QrFailure; reason: string };
  /** The claims, whenever they could be read (also when the signature fails: then they are not to be trusted). */
  claims?: CardQrClaims;
  kid?: string;
  alg?: string;
}

/** A published JWK with the pki's extra members (GET /api/v1/pki/keys). */
type PublishedJwk = JWK & { usageFrom?: string; usageUntil?: string; verifyUntil?: string | null };

/** Verifies the text read from a card's QR code against a published key set, at `now`. */
export async function verifyCardQr(text: string, keys: JSONWebKeySet, now = new Date()): Promise<QrVerification> {
  const fail = (code: QrFailure, reason: string, rest: Partial<QrVerification> = {}): QrVerification => ({ valid: false, failure: { code, reason }, ...rest });
  let compressed: Uint8Array;
  try {
    compressed = base45Decode(text.trim());
  } catch (err) {
    return fail('ERR_QR_BASE45', `not a card QR: ${(err as Error).message}`);
  }
  let cose: Buffer;
  try {
    cose = inflateSync(compressed, { maxOutputLength: MAX_INFLATED });
  } catch (err) {
    return fail('ERR_QR_COMPRESSION', `the zlib stream does not inflate (${(err as Error).message}): truncated or not a card QR`);
  }
  let parts: unknown[];
  try {
    const decoded = decode(cose);
    parts = (decoded instanceof Tag && decoded.tag === COSE_SIGN1_TAG ? decoded.contents : decoded) as unknown[];
    if (!Array.isArray(parts) || parts.length !== 4 || !(parts[0] instanceof Uint8Array) || !(parts[2] instanceof Uint8Array) || !(parts[3] instanceof Uint8Array)) {
      throw new Error('not a COSE_Sign1 [protected, unprotected, payload, signature]');
    }
  } catch (err) {
    return fail('ERR_QR_COSE', `not a COSE_Sign1 message: ${(err as Error).message}`);
  }
  let claims: CardQrClaims | undefined;
  let claimsError: string | undefined;
  try {
    claims = readCwtClaims(decode(parts[2] as Uint8Array));
  } catch (err) {
    claimsError = (err as Error).message;
  }
  let header: Map<number, unknown>;
  try {
    header = decode(parts[0] as Uint8Array) as Map<number, unknown>;
    if (!(header instanceof Map)) throw new Error('the protected header is not a map');
  } catch (err) {
    return fail('ERR_QR_COSE', `protected header: ${(err as Error).message}`, claims ? { claims } : {});
  }
  const algNumber = header.get(HEADER_ALG);
  const alg = Object.keys(ALGS).find((a) => ALGS[a] === algNumber);
  const kidBytes = header.get(HEADER_KID);
  const kid = kidBytes instanceof Uint8Array ? new TextDecoder().decode(kidBytes) : undefined;
  const seen = { ...(claims ? { claims } : {}), ...(kid ? { kid } : {}), ...(alg ? { alg } : {}) };
  if (!alg) return fail('ERR_QR_COSE', `algorithm ${String(algNumber)} is not ES256, ES384 or ES512`, seen);
  if (!kid) return fail('ERR_QR_UNKNOWN_KEY', 'the QR names no key (kid)', seen);
  const jwk = (keys.keys as PublishedJwk[]).find((k) => k.kid === kid && (!k.alg || k.alg === alg));
  if (!jwk) return fail('ERR_QR_UNKNOWN_KEY', `signed with key ${kid}, which is not in the key set`, seen);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk as never, format: 'jwk' });
  } catch (err) {
    return fail('ERR_QR_UNKNOWN_KEY', `key ${kid} in the key set is not a usable public key: ${(err as Error).message}`, seen);
  }
  try {
    await Sign1.decode(cose).verify(key, { algorithms: [ALGS[alg]!] });
  } catch (err) {
    return fail('ERR_QR_SIGNATURE', `the signature does not verify with key ${kid}: the QR was altered or not signed by us (${(err as Error).message})`, seen);
  }
  if (!claims) return fail('ERR_QR_CLAIMS', `signed, but the claims are not a card's: ${claimsError}`, seen);
  const iat = Date.parse(claims.issuedAt);
  // iat is a NumericDate in whole seconds (RFC 8392 §2, as written in qr-claims.ts): a card signed
  // in the first second of a key's use carries an iat before its millisecond start.
  const wholeSecond = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;
  if ((jwk.usageFrom && iat < wholeSecond(jwk.usageFrom)) || (jwk.usageUntil && iat > Date.parse(jwk.usageUntil))) {
    return fail('ERR_QR_KEY_PERIOD', `signed at ${claims.issuedAt}, outside the usage period of key ${kid} (${jwk.usageFrom} – ${jwk.usageUntil})`, seen);
  }
  if (now.getTime() < Date.parse(claims.notBefore)) return fail('ERR_QR_NOT_YET_VALID', `the card is valid from ${claims.issueDate}`, seen);
  if (claims.expiresAt && now.getTime() >= Date.parse(claims.expiresAt)) return fail('ERR_QR_EXPIRED', `the card expired at the end of ${claims.expiryDate}`, seen);
  return { valid: true, ...seen };
}
