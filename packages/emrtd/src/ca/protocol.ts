/** Chip Authentication identifiers and key derivation, 9303-11 §6.2 and §9.2.5 (id-CA = 0.4.0.127.0.7.2.2.3). */
import { deriveKey, KDF_ENC, KDF_MAC } from '../crypto/kdf.ts';
import type { CipherAlgorithm } from '../crypto/kdf.ts';
import type { SessionKeys } from '../iso7816/secure-messaging.ts';

export const ID_CA = '0.4.0.127.0.7.2.2.3';
export const ID_PK_DH = '0.4.0.127.0.7.2.2.1.1';
export const ID_PK_ECDH = '0.4.0.127.0.7.2.2.1.2';

const CIPHERS: CipherAlgorithm[] = ['3DES', 'AES-128', 'AES-192', 'AES-256'];

export interface CaProtocol {
  oid: string;
  agreement: 'DH' | 'ECDH';
  cipher: CipherAlgorithm;
}

export function caProtocol(oid: string): CaProtocol | undefined {
  if (!oid.startsWith(`${ID_CA}.`)) return undefined;
  const [a, c, ...rest] = oid.slice(ID_CA.length + 1).split('.').map(Number);
  const cipher = c === undefined ? undefined : CIPHERS[c - 1];
  if (rest.length > 0 || (a !== 1 && a !== 2) || !cipher) return undefined;
  return { oid, agreement: a === 1 ? 'DH' : 'ECDH', cipher };
}

export function caOid(cipher: CipherAlgorithm): string {
  return `${ID_CA}.2.${CIPHERS.indexOf(cipher) + 1}`;
}

/** New SM keys from the CA shared secret; SSC restarts at zero (9303-11 §6.2.3). */
export function caSessionKeys(sharedSecret: Uint8Array, cipher: CipherAlgorithm): SessionKeys {
  return { alg: cipher, ksEnc: deriveKey(sharedSecret, KDF_ENC, cipher), ksMac: deriveKey(sharedSecret, KDF_MAC, cipher), ssc: 0n };
}

/** Key id as the minimal big-endian integer bytes of DO'84' (9303-11 §6.2.4). */
export function encodeKeyId(keyId: number): Uint8Array {
  const out: number[] = [];
  let v = keyId;
  do {
    out.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  return new Uint8Array(out);
}
