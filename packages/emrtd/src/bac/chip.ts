/** BAC, chip side: answers EXTERNAL AUTHENTICATE (9303-11 §4.3.3, steps 4–6 on the IC). */
import { concat, equalBytes } from '../crypto/bytes.ts';
import { retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from '../crypto/des.ts';
import type { SessionKeys } from '../iso7816/secure-messaging.ts';
import { SW } from '../iso7816/status.ts';
import type { BacKeys } from './keys.ts';
import { bacSessionKeys } from './keys.ts';

export type BacChipOutcome = { ok: true; response: Uint8Array; session: SessionKeys } | { ok: false; sw: number };

/**
 * Checks the terminal's cryptogram against the chip's document keys and the challenge it issued.
 * A wrong MAC or wrong RND.IC answers 6300 (authentication failed), as deployed chips do; a wrong
 * length 6700. `kIc` is the chip's 16-byte key share (random, injectable for the D.3 replay).
 */
export function bacChipAuthenticate(keys: BacKeys, rndIc: Uint8Array | undefined, data: Uint8Array, kIc: () => Uint8Array): BacChipOutcome {
  if (data.length !== 40) return { ok: false, sw: SW.WRONG_LENGTH };
  if (!rndIc) return { ok: false, sw: SW.CONDITIONS_OF_USE_NOT_SATISFIED };
  const eIfd = data.subarray(0, 32);
  if (!equalBytes(retailMac(keys.kMac, eIfd), data.subarray(32))) return { ok: false, sw: SW.AUTHENTICATION_FAILED };
  const s = tdesCbcDecrypt(keys.kEnc, eIfd);
  if (!equalBytes(s.subarray(8, 16), rndIc)) return { ok: false, sw: SW.AUTHENTICATION_FAILED };
  const rndIfd = s.slice(0, 8);
  const kIfd = s.slice(16, 32);
  const k = kIc();
  const eIc = tdesCbcEncrypt(keys.kEnc, concat(rndIc, rndIfd, k));
  return { ok: true, response: concat(eIc, retailMac(keys.kMac, eIc)), session: bacSessionKeys(kIfd, k, rndIc, rndIfd) };
}
