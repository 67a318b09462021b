/** PACE, reader side (9303-11 §4.4.4 command sequence), generic mapping on elliptic curves. */
import * as asn1js from 'asn1js';
import { concat, equalBytes } from '../crypto/bytes.ts';
import { curveByParameterId, decodePoint, ecdhX, encodePoint, multiplyBase, randomScalar } from '../crypto/curves.ts';
import type { Curve } from '../crypto/curves.ts';
import { pacePassword } from '../crypto/kdf.ts';
import { command } from '../iso7816/apdu.ts';
import type { CardChannel } from '../iso7816/channel.ts';
import { SecureMessaging } from '../iso7816/secure-messaging.ts';
import { SW } from '../iso7816/status.ts';
import type { MrzKeyInfo } from '../mrz/types.ts';
import { decodeTlv, decodeTlvs, encodeTlv, findTlv } from '../tlv/index.ts';
import type { RandomSource } from '../bac/reader.ts';
import { defaultRandom } from '../bac/reader.ts';
import { PaceError, PaceUnsupportedError } from './errors.ts';
import { paceProtocol } from './oids.ts';
import { decryptChipAuthenticationData, verifyChipAuthenticationMapping } from './cam.ts';
import { authenticationToken, decryptNonce, genericMapping, paceKeyPi, paceSessionKeys } from './protocol.ts';

/** One PACEInfo of EF.CardAccess (9303-11 §9.2.1): protocol OID and standardized domain parameter id. */
export interface PaceOffer {
  oid: string;
  parameterId?: number;
}

export type PaceSecret = { mrz: MrzKeyInfo } | { can: string };

export interface PaceOptions {
  random?: RandomSource;
  /** Send the parameter id (DO'84') in MSE:Set AT; needed when a card offers several (default true). */
  sendParameterId?: boolean;
  /** PACE-CAM: the chip's static Chip Authentication public key (uncompressed point), when known beforehand. */
  chipAuthenticationPublicKey?: Uint8Array;
}

export interface PaceResult {
  sm: SecureMessaging;
  oid: string;
  parameterId: number;
  /** The chip's ephemeral public key PK_DH,IC (uncompressed): its x-coordinate is ID_PICC for Terminal Authentication. */
  chipEphemeralPublicKey: Uint8Array;
  /**
   * PACE-CAM (9303-11 §4.4.3.5): CA_IC and PK_Map,IC, to be checked against the chip's static key
   * from EF.CardSecurity or DG14 with `verifyChipAuthenticationMapping` (done here when the key is
   * given in the options).
   */
  cam?: { caIc: bigint; pkMapIc: Uint8Array; verified: boolean | undefined };
}

/** Whether we implement this offer (ECDH generic mapping, or chip authentication mapping, on a standardized curve). */
export function isSupportedPaceOffer(offer: PaceOffer): boolean {
  const p = paceProtocol(offer.oid);
  if (!p || p.agreement !== 'ECDH' || (p.mapping !== 'GM' && p.mapping !== 'CAM') || offer.parameterId === undefined) return false;
  try {
    curveByParameterId(offer.parameterId);
    return true;
  } catch {
    return false;
  }
}

function oidValue(oid: string): Uint8Array {
  return decodeTlv(new Uint8Array(new asn1js.ObjectIdentifier({ value: oid }).toBER())).value;
}

async function generalAuthenticate(channel: CardChannel, last: boolean, tag: number, value: Uint8Array, expect: number, step: string): Promise<Uint8Array> {
  return (await generalAuthenticateAll(channel, last, tag, value, expect, step)).get(expect)!;
}

/** The same, returning every data object of the answer by tag (PACE-CAM adds DO'8A'). */
async function generalAuthenticateAll(channel: CardChannel, last: boolean, tag: number, value: Uint8Array, expect: number, step: string): Promise<Map<number, Uint8Array>> {
  const data = encodeTlv(0x7c, tag === 0 ? new Uint8Array() : encodeTlv(tag, value));
  const r = await channel.send(command(last ? 0x00 : 0x10, 0x86, 0x00, 0x00, data, 256));
  if (r.sw !== SW.SUCCESS) throw new PaceError(`GENERAL AUTHENTICATE (${step}) refused`, r.sw);
  try {
    const outer = decodeTlv(r.data, 0x7c);
    const all = decodeTlvs(outer.value);
    if (!findTlv(all, expect)) throw new PaceError(`GENERAL AUTHENTICATE (${step}) answer lacks tag ${expect.toString(16)}`, r.sw);
    return new Map(all.map((t) => [t.tag, t.value]));
  } catch (e) {
    if (e instanceof PaceError) throw e;
    throw new PaceError(`GENERAL AUTHENTICATE (${step}) answer is malformed`, r.sw, { cause: e });
  }
}

/** Runs PACE-ECDH-GM and installs the resulting secure messaging session on the channel. */
export async function performPace(channel: CardChannel, secret: PaceSecret, offer: PaceOffer, options: PaceOptions = {}): Promise<PaceResult> {
  const random = options.random ?? defaultRandom;
  const protocol = paceProtocol(offer.oid);
  if (!protocol || !isSupportedPaceOffer(offer)) throw new PaceUnsupportedError(`PACE ${offer.oid} with parameters ${offer.parameterId} is not supported`);
  const parameterId = offer.parameterId!;
  const curve: Curve = curveByParameterId(parameterId);
  const cipher = protocol.cipher;
  channel.sm = undefined;

  // MSE:Set AT (9303-11 §4.4.4.1): protocol, password reference 01 MRZ / 02 CAN, parameter id.
  const mse = [encodeTlv(0x80, oidValue(offer.oid)), encodeTlv(0x83, new Uint8Array(['can' in secret ? 0x02 : 0x01]))];
  if (options.sendParameterId !== false) mse.push(encodeTlv(0x84, new Uint8Array([parameterId])));
  const set = await channel.send(command(0x00, 0x22, 0xc1, 0xa4, concat(...mse)));
  if (set.sw !== SW.SUCCESS) throw new PaceError('MSE:Set AT refused', set.sw);

  const kPi = paceKeyPi(pacePassword(secret), cipher);
  const z = await generalAuthenticate(channel, false, 0, new Uint8Array(), 0x80, 'encrypted nonce');
  let s: Uint8Array;
  try {
    s = decryptNonce(cipher, kPi, z);
  } catch (e) {
    throw new PaceError('encrypted nonce has a wrong length', 0, { cause: e });
  }

  const skMap = randomScalar(curve, random);
  const pkMap = multiplyBase(curve, skMap);
  const pkMapIcBytes = await generalAuthenticate(channel, false, 0x81, pkMap, 0x82, 'mapping');
  const chipMapKey = decodePointOrFail(curve, pkMapIcBytes, 'mapping public key');
  if (equalBytes(encodePoint(chipMapKey), pkMap)) throw new PaceError('chip echoed our mapping key', 0);
  const gHat = genericMapping(curve, s, skMap, chipMapKey);

  const skDh = randomScalar(curve, random);
  const pkDh = encodePoint(gHat.multiply(skDh));
  const pkDhIcBytes = await generalAuthenticate(channel, false, 0x83, pkDh, 0x84, 'key agreement');
  const pkDhIc = decodePointOrFail(curve, pkDhIcBytes, 'ephemeral public key');
  const pkDhIcEncoded = encodePoint(pkDhIc);
  // 9303-11 §4.4.3.3: the two ephemeral keys must differ.
  if (equalBytes(pkDhIcEncoded, pkDh)) throw new PaceError('chip echoed our ephemeral key', 0);
  const shared = ecdhX(curve, skDh, pkDhIcEncoded);
  const keys = paceSessionKeys(shared, cipher);

  const tIfd = authenticationToken(cipher, keys.ksMac, offer.oid, pkDhIcEncoded);
  const last = await generalAuthenticateAll(channel, true, 0x85, tIfd, 0x86, 'mutual authentication');
  if (!equalBytes(last.get(0x86)!, authenticationToken(cipher, keys.ksMac, offer.oid, pkDh))) {
    throw new PaceError('chip authentication token does not verify', 0);
  }
  let cam: PaceResult['cam'];
  if (protocol.mapping === 'CAM') {
    const a = last.get(0x8a);
    if (!a) throw new PaceError('PACE-CAM: the chip sent no encrypted chip authentication data (DO 8A)', 0);
    let caIc: bigint;
    try {
      caIc = decryptChipAuthenticationData(a, keys.ksEnc);
    } catch (e) {
      throw new PaceError('PACE-CAM: the chip authentication data does not decrypt', 0, { cause: e });
    }
    const pkMapIc = encodePoint(chipMapKey);
    const verified = options.chipAuthenticationPublicKey ? verifyChipAuthenticationMapping(curve, caIc, options.chipAuthenticationPublicKey, pkMapIc) : undefined;
    if (verified === false) throw new PaceError('PACE-CAM: the chip does not hold the chip authentication key', 0);
    cam = { caIc, pkMapIc, verified };
  }
  const sm = new SecureMessaging(keys);
  channel.sm = sm;
  return { sm, oid: offer.oid, parameterId, chipEphemeralPublicKey: pkDhIcEncoded, ...(cam ? { cam } : {}) };
}

function decodePointOrFail(curve: Curve, bytes: Uint8Array, what: string) {
  try {
    return decodePoint(curve, bytes);
  } catch (e) {
    throw new PaceError(`chip's ${what} is not a point of ${curve.name}`, 0, { cause: e });
  }
}
