/**
 * Active Authentication, reader side (9303-11 §6.1): INTERNAL AUTHENTICATE with a random
 * challenge, verified against the DG15 public key. ECDSA signatures are plain r‖s with the hash
 * from DG14's ActiveAuthenticationInfo; RSA signatures are ISO/IEC 9796-2 scheme 1 (real
 * passports), the hash read from the trailer.
 */
import { verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { command } from '../iso7816/apdu.ts';
import type { CardChannel } from '../iso7816/channel.ts';
import { SW } from '../iso7816/status.ts';
import type { RandomSource } from '../bac/reader.ts';
import { defaultRandom } from '../bac/reader.ts';
import { verifyIso9796_2 } from './iso9796-2.ts';
import { hashOfAaAlgorithm } from './protocol.ts';

export interface ActiveAuthenticationResult {
  valid: boolean;
  /** `ecdsa-plain-sha256`, `iso9796-2-sha1`… */
  algorithm: string;
  /** Card's status word when it refused INTERNAL AUTHENTICATE. */
  sw?: number;
  reason?: string;
}

/** Verifies an AA response; separate from the exchange so signatures from real passports can be checked offline. */
export function verifyActiveAuthentication(publicKey: KeyObject, challenge: Uint8Array, signature: Uint8Array, signatureAlgorithm?: string): ActiveAuthenticationResult {
  if (publicKey.asymmetricKeyType === 'rsa') {
    const r = verifyIso9796_2(publicKey, signature, challenge);
    return { valid: r.valid, algorithm: `iso9796-2-${r.hash ?? 'unknown'}`, ...(r.reason ? { reason: r.reason } : {}) };
  }
  if (publicKey.asymmetricKeyType === 'ec') {
    const stated = hashOfAaAlgorithm(signatureAlgorithm);
    // Without ActiveAuthenticationInfo the hash is not announced: try the usual ones.
    const candidates = stated ? [stated] : ['sha256', 'sha1', 'sha384', 'sha512', 'sha224'];
    for (const h of candidates) {
      try {
        if (verify(h, challenge, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)) return { valid: true, algorithm: `ecdsa-plain-${h}` };
      } catch {
        // wrong signature length for the curve: not valid
      }
    }
    return { valid: false, algorithm: `ecdsa-plain-${stated ?? 'unknown'}`, reason: 'signature does not verify' };
  }
  return { valid: false, algorithm: String(publicKey.asymmetricKeyType), reason: 'unsupported key type' };
}

export async function performActiveAuthentication(
  channel: CardChannel,
  publicKey: KeyObject,
  options: { signatureAlgorithm?: string; random?: RandomSource } = {},
): Promise<ActiveAuthenticationResult> {
  const challenge = (options.random ?? defaultRandom)(8);
  const r = await channel.send(command(0x00, 0x88, 0x00, 0x00, challenge, 256));
  if (r.sw !== SW.SUCCESS) return { valid: false, algorithm: 'none', sw: r.sw, reason: 'INTERNAL AUTHENTICATE refused' };
  return verifyActiveAuthentication(publicKey, challenge, r.data, options.signatureAlgorithm);
}
