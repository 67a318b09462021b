/** BAC, reader (inspection system) side: 9303-11 §4.3.3 mutual authentication. */
import { randomBytes } from 'node:crypto';
import { concat, equalBytes } from '../crypto/bytes.ts';
import { retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from '../crypto/des.ts';
import { command } from '../iso7816/apdu.ts';
import type { CardChannel } from '../iso7816/channel.ts';
import { SecureMessaging } from '../iso7816/secure-messaging.ts';
import { SW } from '../iso7816/status.ts';
import type { MrzKeyInfo } from '../mrz/types.ts';
import { BacError } from './errors.ts';
import { bacKeys, bacSessionKeys } from './keys.ts';

export type RandomSource = (length: number) => Uint8Array;

export const defaultRandom: RandomSource = (n) => new Uint8Array(randomBytes(n));

export interface BacResult {
  sm: SecureMessaging;
}

/**
 * Runs GET CHALLENGE + EXTERNAL AUTHENTICATE and installs the secure messaging session on the
 * channel. `random` draws RND.IFD (8 bytes) then K.IFD (16 bytes) — injectable for the D.3 replay.
 */
export async function performBac(channel: CardChannel, mrz: MrzKeyInfo, random: RandomSource = defaultRandom): Promise<BacResult> {
  const { kEnc, kMac } = bacKeys(mrz);
  channel.sm = undefined;
  const challenge = await channel.send(command(0x00, 0x84, 0x00, 0x00, undefined, 8));
  if (challenge.sw !== SW.SUCCESS) throw new BacError('GET CHALLENGE refused', challenge.sw);
  if (challenge.data.length !== 8) throw new BacError(`GET CHALLENGE returned ${challenge.data.length} bytes, not 8`, challenge.sw);
  const rndIc = challenge.data;
  const rndIfd = random(8);
  const kIfd = random(16);
  const eIfd = tdesCbcEncrypt(kEnc, concat(rndIfd, rndIc, kIfd));
  const mIfd = retailMac(kMac, eIfd);
  const auth = await channel.send(command(0x00, 0x82, 0x00, 0x00, concat(eIfd, mIfd), 40));
  if (auth.sw !== SW.SUCCESS) throw new BacError('EXTERNAL AUTHENTICATE refused (wrong MRZ?)', auth.sw);
  if (auth.data.length !== 40) throw new BacError(`EXTERNAL AUTHENTICATE returned ${auth.data.length} bytes, not 40`, auth.sw);
  const eIc = auth.data.subarray(0, 32);
  if (!equalBytes(retailMac(kMac, eIc), auth.data.subarray(32))) throw new BacError('chip cryptogram MAC does not verify', 0);
  const r = tdesCbcDecrypt(kEnc, eIc);
  if (!equalBytes(r.subarray(0, 8), rndIc) || !equalBytes(r.subarray(8, 16), rndIfd)) {
    throw new BacError('chip did not echo the nonces', 0);
  }
  const sm = new SecureMessaging(bacSessionKeys(kIfd, r.subarray(16, 32), rndIc, rndIfd));
  channel.sm = sm;
  return { sm };
}
