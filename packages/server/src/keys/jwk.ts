// Public keys as JWKs (RFC 7517) and their key IDs. A key's `kid` is its RFC 7638 JWK
// thumbprint (SHA-256, base64url) where JOSE names its curve, so anyone holding the JWK can
// recompute it; brainpool keys (no JOSE curve name) take the SHA-256 of their
// SubjectPublicKeyInfo instead. The same string is the COSE `kid` (bytes of its UTF-8) of the
// card QR, so one published key set serves both.
import { createHash } from 'node:crypto';
import { base64url, calculateJwkThumbprint, type JWK } from 'jose';
import type { PublicKeyInfo } from './spki.ts';

const kids = new WeakMap<PublicKeyInfo, Promise<string>>();

/** The key's ID (computed once per key object: every QR and JWS names it). */
export function keyId(info: PublicKeyInfo): Promise<string> {
  let kid = kids.get(info);
  if (!kid) {
    kid = info.curve.jose
      ? calculateJwkThumbprint(info.publicKey.export({ format: 'jwk' }) as JWK, 'sha256')
      : Promise.resolve(base64url.encode(createHash('sha256').update(info.spki).digest()));
    kids.set(info, kid);
  }
  return kid;
}

/** The verification JWK of a token key on a JOSE curve, with `kid`, `alg`, `use` and `key_ops`. */
export async function publicJwk(info: PublicKeyInfo): Promise<JWK> {
  if (!info.curve.jose) throw new TypeError(`a ${info.curve.name} key has no JWK form`);
  const { kty, crv, x, y } = info.publicKey.export({ format: 'jwk' }) as JWK;
  return { kty, crv, x, y, kid: await keyId(info), alg: info.curve.jose.alg, use: 'sig', key_ops: ['verify'] };
}
