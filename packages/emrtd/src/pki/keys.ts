// Key pairs for CSCA, Document Signers and chips: ECDSA on NIST and brainpool curves, or RSA.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { PkiBuildError } from './errors.ts';

export type KeySpec =
  | { type: 'ec'; curve: 'prime256v1' | 'secp384r1' | 'secp521r1' | 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1' }
  | { type: 'rsa'; bits: number };

export const EC_CURVES = ['prime256v1', 'secp384r1', 'secp521r1', 'brainpoolP256r1', 'brainpoolP384r1', 'brainpoolP512r1'] as const;

/** Accepts `P-256`, `P-384`, `P-521` as aliases of the OpenSSL names. */
export function parseCurve(name: string): KeySpec {
  const alias: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1', secp256r1: 'prime256v1' };
  const c = alias[name] ?? name;
  if (!(EC_CURVES as readonly string[]).includes(c)) throw new PkiBuildError(`unknown curve ${name} (use ${EC_CURVES.join(', ')})`);
  return { type: 'ec', curve: c as (typeof EC_CURVES)[number] };
}

export function generateKeyPair(spec: KeySpec): { privateKey: KeyObject; publicKey: KeyObject } {
  if (spec.type === 'ec') return generateKeyPairSync('ec', { namedCurve: spec.curve });
  if (!Number.isInteger(spec.bits) || spec.bits < 2048) throw new PkiBuildError('RSA keys need at least 2048 bits (9303-12 §5.1)');
  return generateKeyPairSync('rsa', { modulusLength: spec.bits });
}
