/** Key derivation of 9303-11 §9.7.1 and the BAC/PACE key seed from the MRZ (§9.7.2, §4.4.1). */
import { createHash } from 'node:crypto';
import { concat, uint32be } from './bytes.ts';
import { adjustDesParity } from './des.ts';
import { CryptoInputError } from './errors.ts';

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

/** The three MRZ fields that key BAC and PACE, each already with its check digit appended. */
export interface MrzKeyInput {
  /** Document number as in the MRZ (padded with '<' to at least 9 characters). */
  documentNumber: string;
  /** YYMMDD */
  dateOfBirth: string;
  /** YYMMDD */
  dateOfExpiry: string;
}

function checkDigit(s: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    let v: number;
    if (ch >= '0' && ch <= '9') v = ch.charCodeAt(0) - 48;
    else if (ch >= 'A' && ch <= 'Z') v = ch.charCodeAt(0) - 55;
    else if (ch === '<') v = 0;
    else throw new CryptoInputError(`character ${JSON.stringify(ch)} not allowed in an MRZ field`);
    sum += v * weights[i % 3]!;
  }
  return sum % 10;
}

/**
 * MRZ_information of 9303-11 §9.7.2: document number, date of birth and date of expiry, each
 * followed by its check digit. A document number longer than 9 characters is used in full
 * (TD1 overflow, 9303-5 §4.2.2 note), its check digit computed over all of it.
 */
export function mrzInformation(input: MrzKeyInput): string {
  let doc = input.documentNumber.toUpperCase();
  while (doc.length < 9) doc += '<';
  if (!/^\d{6}$/.test(input.dateOfBirth) || !/^\d{6}$/.test(input.dateOfExpiry)) {
    throw new CryptoInputError('MRZ dates must be YYMMDD');
  }
  return `${doc}${checkDigit(doc)}${input.dateOfBirth}${checkDigit(input.dateOfBirth)}${input.dateOfExpiry}${checkDigit(input.dateOfExpiry)}`;
}

/** K_seed of BAC: the first 16 bytes of SHA-1(MRZ_information), 9303-11 §9.7.2. */
export function bacKeySeed(input: MrzKeyInput): Uint8Array {
  return sha1(new TextEncoder().encode(mrzInformation(input))).slice(0, 16);
}

/** The PACE password of 9303-11 §4.4.1: SHA-1(MRZ_information) for the MRZ, the CAN's ASCII bytes for a CAN. */
export function pacePassword(secret: { mrz: MrzKeyInput } | { can: string }): Uint8Array {
  if ('can' in secret) return new TextEncoder().encode(secret.can);
  return sha1(new TextEncoder().encode(mrzInformation(secret.mrz)));
}

export function sha1(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(data).digest());
}
