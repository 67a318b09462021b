/** Key derivation of 9303-11 §9.7.1 and the BAC/PACE key seed from the MRZ (§9.7.2, §4.4.1). */
import { createHash } from 'node:crypto';
import { concat, uint32be } from './bytes.ts';
import { adjustDesParity } from './des.ts';
import { CryptoInputError } from './errors.ts';
import { mrzInformation } from '../mrz/key-info.ts';
import type { MrzKeyInfo } from '../mrz/types.ts';

/** The block ciphers of 9303-11 secure messaging. */
export type CipherAlgorithm = '3DES' | 'AES-128' | 'AES-192' | 'AES-256';

/** Counter values of the KDF, 9303-11 §9.7.1. */
export const KDF_ENC = 1;
export const KDF_MAC = 2;
export const KDF_PI = 3;

/**
 * KDF(K, c) of 9303-11 §9.7.1: hash K‖c (c a 32-bit big-endian counter); SHA-1 for 3DES and
 * AES-128, SHA-256 for AES-192/256; keep the key length; 3DES keys get DES parity.
 */
export function deriveKey(secret: Uint8Array, counter: number, alg: CipherAlgorithm): Uint8Array {
  const hash = alg === 'AES-192' || alg === 'AES-256' ? 'sha256' : 'sha1';
  const digest = new Uint8Array(createHash(hash).update(concat(secret, uint32be(counter))).digest());
  switch (alg) {
    case '3DES':
      return adjustDesParity(digest.subarray(0, 16));
    case 'AES-128':
      return digest.slice(0, 16);
    case 'AES-192':
      return digest.slice(0, 24);
    case 'AES-256':
      return digest.slice(0, 32);
    default:
      throw new CryptoInputError(`unknown cipher ${String(alg)}`);
  }
}

/** K_seed of BAC (MRZ_information built by `mrz/key-info.ts`): the first 16 bytes of SHA-1(MRZ_information), 9303-11 §9.7.2. */
export function bacKeySeed(input: MrzKeyInfo): Uint8Array {
  return sha1(new TextEncoder().encode(mrzInformation(input))).slice(0, 16);
}

/** The PACE password of 9303-11 §4.4.1: SHA-1(MRZ_information) for the MRZ, the CAN's ASCII bytes for a CAN. */
export function pacePassword(secret: { mrz: MrzKeyInfo } | { can: string }): Uint8Array {
  if ('can' in secret) return new TextEncoder().encode(secret.can);
  return sha1(new TextEncoder().encode(mrzInformation(secret.mrz)));
}

export function sha1(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(data).digest());
}
