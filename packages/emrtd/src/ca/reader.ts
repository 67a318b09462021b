/**
 * Chip Authentication, reader side (9303-11 §6.2.4): ephemeral ECDH with the chip's static key
 * from DG14, then new secure messaging keys. The chip proves it holds the private key by
 * answering the next command under the new keys; `performChipAuthentication` does that check by
 * re-reading a few bytes of a file over the new session.
 */
import { concat, equalBytes } from '../crypto/bytes.ts';
import { curveFromSpki } from '../crypto/ec-keys.ts';
import { ecdhKey, encodePoint, randomScalar } from '../crypto/curves.ts';
import { command } from '../iso7816/apdu.ts';
import type { CardChannel } from '../iso7816/channel.ts';
import { SecureMessagingError } from '../iso7816/errors.ts';
import { SecureMessaging } from '../iso7816/secure-messaging.ts';
import { SW } from '../iso7816/status.ts';
import { decodeTlv, encodeTlv } from '../tlv/index.ts';
import * as asn1js from 'asn1js';
import type { RandomSource } from '../bac/reader.ts';
import { defaultRandom } from '../bac/reader.ts';
import { ChipAuthenticationError } from './errors.ts';
import { caProtocol, caSessionKeys, encodeKeyId } from './protocol.ts';

export interface ChipAuthenticationInput {
  /** ChipAuthenticationInfo.protocol (id-CA-ECDH-…). */
  oid: string;
  keyId?: number;
  /** ChipAuthenticationPublicKeyInfo.chipAuthenticationPublicKey, DER SubjectPublicKeyInfo. */
  subjectPublicKeyInfo: Uint8Array;
}

export interface ChipAuthenticationResult {
  oid: string;
  keyId?: number;
  sm: SecureMessaging;
  /** The terminal's ephemeral public key (uncompressed): Terminal Authentication signs its x-coordinate. */
  ephemeralPublicKey: Uint8Array;
}

/**
 * Runs CA and installs the new session. `proof` re-reads a file already read under the old
 * session (e.g. the first bytes of EF.COM) and must get identical bytes under the new one.
 */
export async function performChipAuthentication(
  channel: CardChannel,
  input: ChipAuthenticationInput,
  proof: { fileId: number; expected: Uint8Array },
  random: RandomSource = defaultRandom,
): Promise<ChipAuthenticationResult> {
  const protocol = caProtocol(input.oid);
  if (!protocol || protocol.agreement !== 'ECDH') throw new ChipAuthenticationError(`Chip Authentication ${input.oid} is not supported (ECDH only)`, 0);
  if (!channel.sm) throw new ChipAuthenticationError('Chip Authentication needs a secure messaging session', 0);
  let chipKey;
  try {
    chipKey = curveFromSpki(input.subjectPublicKeyInfo);
  } catch (e) {
    throw new ChipAuthenticationError('DG14 chip authentication key is unusable', 0, { cause: e });
  }
  const { curve } = chipKey;
  const ephemeral = ecdhKey(curve, randomScalar(curve, random));
  const pk = ephemeral.publicKey;
  const keyRef = input.keyId !== undefined ? [encodeTlv(0x84, encodeKeyId(input.keyId))] : [];
  if (protocol.cipher === '3DES') {
    // MSE:Set KAT (9303-11 §6.2.4.1): DO'91' ephemeral public key, optional DO'84' key id.
    const r = await channel.send(command(0x00, 0x22, 0x41, 0xa6, concat(encodeTlv(0x91, pk), ...keyRef)));
    if (r.sw !== SW.SUCCESS) throw new ChipAuthenticationError('MSE:Set KAT refused', r.sw);
  } else {
    // MSE:Set AT then GENERAL AUTHENTICATE with DO'80' (9303-11 §6.2.4.2).
    const oidValue = decodeTlv(new Uint8Array(new asn1js.ObjectIdentifier({ value: input.oid }).toBER())).value;
    const set = await channel.send(command(0x00, 0x22, 0x41, 0xa4, concat(encodeTlv(0x80, oidValue), ...keyRef)));
    if (set.sw !== SW.SUCCESS) throw new ChipAuthenticationError('MSE:Set AT (CA) refused', set.sw);
    const ga = await channel.send(command(0x00, 0x86, 0x00, 0x00, encodeTlv(0x7c, encodeTlv(0x80, pk)), 256));
    if (ga.sw !== SW.SUCCESS) throw new ChipAuthenticationError('GENERAL AUTHENTICATE (CA) refused', ga.sw);
  }
  const shared = ephemeral.sharedX(encodePoint(chipKey.point));
  const sm = new SecureMessaging(caSessionKeys(shared, protocol.cipher));
  channel.sm = sm;
  try {
    await channel.expectOk(command(0x00, 0xa4, 0x02, 0x0c, new Uint8Array([proof.fileId >> 8, proof.fileId & 0xff])), 'select after CA');
    const got = await channel.expectOk(command(0x00, 0xb0, 0x00, 0x00, undefined, proof.expected.length), 'read after CA');
    if (!equalBytes(got, proof.expected)) throw new ChipAuthenticationError('file read under the new keys differs', 0);
  } catch (e) {
    if (e instanceof ChipAuthenticationError) throw e;
    const sw = e instanceof SecureMessagingError ? e.sw : 0;
    throw new ChipAuthenticationError('chip did not answer under the Chip Authentication keys (wrong chip key?)', sw, { cause: e });
  }
  return { oid: input.oid, ...(input.keyId !== undefined ? { keyId: input.keyId } : {}), sm, ephemeralPublicKey: pk };
}
