// Signed documents for machines: JWS compact serialisation (RFC 7515 §7.1) signed in the token.
// The header carries `alg` (ES256/384/512 from the key's curve, RFC 7518 §3.4) and `kid` (the
// key's JWK thumbprint, as published at GET /api/v1/pki/keys), so a relying party verifies with
// any JOSE library against our published key set (`verifyJws` below uses jose).
import { base64url, compactVerify, createLocalJWKSet, type CompactJWSHeaderParameters, type JSONWebKeySet } from 'jose';
import { KeyStoreError } from './errors.ts';
import { keyId } from './jwk.ts';
import type { KeyStore } from './key-store.ts';

export interface SignJwsOptions {
  /** `typ` header (RFC 7515 §4.1.9), e.g. "old-id-confirmation+jwt". */
  typ?: string;
  /** `cty` header (RFC 7515 §4.1.10). */
  cty?: string;
  /** What is signed, for the audit of the signature (default "jws"). */
  purpose?: string;
}

/** Signs `payload` (bytes, a string, or a JSON value) with the token key `keyLabel`. */
export async function signJws(store: KeyStore, payload: Uint8Array | string | object, keyLabel: string, options: SignJwsOptions = {}): Promise<string> {
  const info = store.key(keyLabel);
  if (!info.curve.jose) throw new KeyStoreError('ERR_HSM_UNSUPPORTED_CURVE', `${keyLabel} is on ${info.curve.name}; JWS needs a P-256, P-384 or P-521 key`);
  const header = { alg: info.curve.jose.alg, kid: await keyId(info), ...(options.typ ? { typ: options.typ } : {}), ...(options.cty ? { cty: options.cty } : {}) };
  const body = payload instanceof Uint8Array ? payload : new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const signingInput = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(body)}`;
  // JWS ECDSA signatures are r‖s (RFC 7518 §3.4), which is what CKM_ECDSA returns.
  const signature = await store.sign(keyLabel, new TextEncoder().encode(signingInput), { purpose: options.purpose ?? 'jws' });
  return `${signingInput}.${base64url.encode(signature)}`;
}

export interface VerifiedJws {
  payload: Uint8Array;
  header: CompactJWSHeaderParameters;
}

/**
 * Verifies a compact JWS against a published key set (the body of GET /api/v1/pki/keys, or the
 * JWKS a relying party keeps offline). Throws jose's typed errors: JWSSignatureVerificationFailed,
 * JWKSNoMatchingKey, JWSInvalid.
 */
export async function verifyJws(jws: string, keys: JSONWebKeySet): Promise<VerifiedJws> {
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(keys), { algorithms: ['ES256', 'ES384', 'ES512'] });
  return { payload, header: protectedHeader };
}
