/**
 * PACE, chip side: the state machine behind MSE:Set AT and the GENERAL AUTHENTICATE chain
 * (9303-11 §4.4.4), generic mapping on elliptic curves. Random values come from an injectable
 * source, drawn in protocol order (nonce s, SK_map,IC, SK_DH,IC) so Appendix G.1 replays exactly.
 */
import { equalBytes } from '../crypto/bytes.ts';
import { curveByParameterId, decodePoint, ecdhX, encodePoint, multiplyBase, randomScalar } from '../crypto/curves.ts';
import type { Curve, Point } from '../crypto/curves.ts';
import type { SessionKeys } from '../iso7816/secure-messaging.ts';
import { SW } from '../iso7816/status.ts';
import { encodeTlv } from '../tlv/index.ts';
import type { RandomSource } from '../bac/reader.ts';
import type { PaceProtocol } from './oids.ts';
import { encryptChipAuthenticationData } from './cam.ts';
import { authenticationToken, encryptNonce, genericMapping, nonceLength, paceKeyPi, paceSessionKeys } from './protocol.ts';

export type PaceStepOutcome =
  | { kind: 'continue'; response: Uint8Array }
  | { kind: 'done'; response: Uint8Array; session: SessionKeys; chipEphemeralPublicKey: Uint8Array }
  | { kind: 'error'; sw: number };

type Step = 'nonce' | 'map' | 'agree' | 'confirm' | 'over';

export class PaceChipSession {
  readonly protocol: PaceProtocol;
  readonly curve: Curve;
  readonly #password: Uint8Array;
  readonly #random: RandomSource;
  #step: Step = 'nonce';
  #s: Uint8Array | undefined;
  #skMap = 0n;
  #pkMap: Uint8Array | undefined;
  #gHat: Point | undefined;
  #pkDh: Uint8Array | undefined;
  #pkDhIfd: Uint8Array | undefined;
  #keys: SessionKeys | undefined;

  /** SK_IC, the static Chip Authentication key, for PACE-CAM (9303-11 §4.4.3.5). */
  readonly #skIc: bigint | undefined;

  constructor(protocol: PaceProtocol, parameterId: number, password: Uint8Array, random: RandomSource, chipAuthenticationKey?: bigint) {
    this.protocol = protocol;
    this.curve = curveByParameterId(parameterId);
    this.#password = password;
    this.#random = random;
    this.#skIc = chipAuthenticationKey;
    if (protocol.mapping === 'CAM' && chipAuthenticationKey === undefined) throw new TypeError('PACE-CAM needs the chip authentication key');
  }

  /** Handles the content of one dynamic authentication data object (7C) of GENERAL AUTHENTICATE. */
  step(tag: number | undefined, value: Uint8Array): PaceStepOutcome {
    const cipher = this.protocol.cipher;
    const fail = (sw: number): PaceStepOutcome => {
      this.#step = 'over';
      return { kind: 'error', sw };
    };
    switch (this.#step) {
      case 'nonce': {
        if (tag !== undefined) return fail(SW.WRONG_DATA);
        const s = this.#random(nonceLength(cipher));
        this.#s = s;
        this.#step = 'map';
        return { kind: 'continue', response: dyn(0x80, encryptNonce(cipher, paceKeyPi(this.#password, cipher), s)) };
      }
      case 'map': {
        if (tag !== 0x81) return fail(SW.WRONG_DATA);
        const peer = this.#point(value);
        if (!peer) return fail(SW.WRONG_DATA);
        this.#skMap = randomScalar(this.curve, this.#random);
        this.#pkMap = multiplyBase(this.curve, this.#skMap);
        if (equalBytes(this.#pkMap, encodePoint(peer))) return fail(SW.WRONG_DATA);
        this.#gHat = genericMapping(this.curve, this.#s!, this.#skMap, peer);
        this.#step = 'agree';
        return { kind: 'continue', response: dyn(0x82, this.#pkMap) };
      }
      case 'agree': {
        if (tag !== 0x83) return fail(SW.WRONG_DATA);
        const peer = this.#point(value);
        if (!peer) return fail(SW.WRONG_DATA);
        const sk = randomScalar(this.curve, this.#random);
        const pk = encodePoint(this.#gHat!.multiply(sk));
        const peerBytes = encodePoint(peer);
        // 9303-11 §4.4.3.3: the chip checks the terminal's key differs from its own.
        if (equalBytes(pk, peerBytes)) return fail(SW.WRONG_DATA);
        this.#pkDh = pk;
        this.#pkDhIfd = peerBytes;
        this.#keys = paceSessionKeys(ecdhX(this.curve, sk, peerBytes), cipher);
        this.#step = 'confirm';
        return { kind: 'continue', response: dyn(0x84, pk) };
      }
      case 'confirm': {
        if (tag !== 0x85 || value.length !== 8) return fail(SW.WRONG_DATA);
        const keys = this.#keys!;
        const expected = authenticationToken(cipher, keys.ksMac, this.protocol.oid, this.#pkDh!);
        // A wrong password shows here: the terminal's token does not verify → 6300.
        if (!equalBytes(expected, value)) return fail(SW.AUTHENTICATION_FAILED);
        this.#step = 'over';
        const token = encodeTlv(0x86, authenticationToken(cipher, keys.ksMac, this.protocol.oid, this.#pkDhIfd!));
        // PACE-CAM: the encrypted chip authentication data follows the token (9303-11 §4.4.3.5).
        const cam = this.protocol.mapping === 'CAM' ? [encodeTlv(0x8a, encryptChipAuthenticationData(this.curve, this.#skIc!, this.#skMap, keys.ksEnc))] : [];
        return { kind: 'done', response: encodeTlv(0x7c, [token, ...cam]), session: keys, chipEphemeralPublicKey: this.#pkDh! };
      }
      default:
        return fail(SW.CONDITIONS_OF_USE_NOT_SATISFIED);
    }
  }

  #point(bytes: Uint8Array): Point | undefined {
    try {
      return decodePoint(this.curve, bytes);
    } catch {
      return undefined;
    }
  }
}

function dyn(tag: number, value: Uint8Array): Uint8Array {
  return encodeTlv(0x7c, encodeTlv(tag, value));
}

