/** BAC keys, 9303-11 §9.7.2 (document basic access keys) and §9.7.3/§4.3 (session keys, SSC). */
import { bacKeySeed, deriveKey, KDF_ENC, KDF_MAC } from '../crypto/kdf.ts';
import { concat, xorBytes } from '../crypto/bytes.ts';
import type { MrzKeyInfo } from '../mrz/types.ts';
import type { SessionKeys } from '../iso7816/secure-messaging.ts';

export interface BacKeys {
  kEnc: Uint8Array;
  kMac: Uint8Array;
}

/** K_Enc and K_MAC from the MRZ (9303-11 §9.7.2). */
export function bacKeys(mrz: MrzKeyInfo): BacKeys {
  const seed = bacKeySeed(mrz);
  return { kEnc: deriveKey(seed, KDF_ENC, '3DES'), kMac: deriveKey(seed, KDF_MAC, '3DES') };
}

/** Session keys from K.IFD ⊕ K.IC and the SSC from the nonces' low halves (9303-11 §4.3.3.2, §9.8.2). */
export function bacSessionKeys(kIfd: Uint8Array, kIc: Uint8Array, rndIc: Uint8Array, rndIfd: Uint8Array): SessionKeys {
  const seed = xorBytes(kIfd, kIc);
  return {
    alg: '3DES',
    ksEnc: deriveKey(seed, KDF_ENC, '3DES'),
    ksMac: deriveKey(seed, KDF_MAC, '3DES'),
    ssc: concat(rndIc.subarray(4, 8), rndIfd.subarray(4, 8)),
  };
}
