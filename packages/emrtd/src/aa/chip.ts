/** Active Authentication, chip side: INTERNAL AUTHENTICATE signs the terminal's challenge (9303-11 §6.1). */
import { sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { signIso9796_2 } from './iso9796-2.ts';

export interface ActiveAuthenticationKey {
  privateKey: KeyObject;
  /** ECDSA hash (from DG14's ActiveAuthenticationInfo); RSA keys sign ISO/IEC 9796-2 with SHA-1. */
  hash?: 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
}

/** ECDSA: plain r‖s (BSI TR-03111 §5.2.1); RSA: ISO/IEC 9796-2 scheme 1 with M2 = the challenge. */
export function activeAuthenticationSign(key: ActiveAuthenticationKey, challenge: Uint8Array, random: (n: number) => Uint8Array): Uint8Array {
  if (key.privateKey.asymmetricKeyType === 'ec') {
    return new Uint8Array(sign(key.hash ?? 'sha256', challenge, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }));
  }
  if (key.privateKey.asymmetricKeyType === 'rsa') {
    return signIso9796_2(key.privateKey, challenge, random, key.hash === 'sha256' ? 'sha256' : 'sha1');
  }
  throw new TypeError(`Active Authentication with ${key.privateKey.asymmetricKeyType} keys is not supported`);
}
