/** Chip Authentication, chip side (9303-11 §6.2): ECDH with the static key of DG14. */
import { diffieHellman, type KeyObject } from 'node:crypto';
import { curveOfKey, ecdhSharedSecret, ecPrivateScalar } from '../crypto/ec-keys.ts';
import { decodePoint, encodePoint, type Curve } from '../crypto/curves.ts';
import type { SessionKeys } from '../iso7816/secure-messaging.ts';
import { publicKeyOf } from '../eac/cvc.ts';
import { caSessionKeys } from './protocol.ts';
import type { CaProtocol } from './protocol.ts';

export interface ChipAuthenticationKey {
  /** Protocol announced in DG14's ChipAuthenticationInfo (e.g. id-CA-ECDH-AES-CBC-CMAC-128). */
  protocol: CaProtocol;
  privateKey: KeyObject;
  /** keyId of ChipAuthenticationInfo, when DG14 holds several keys. */
  keyId?: number;
}

export class ChipAuthenticationChipKey {
  readonly key: ChipAuthenticationKey;
  readonly curve: Curve;
  readonly #d: bigint;

  constructor(key: ChipAuthenticationKey) {
    this.key = key;
    this.curve = curveOfKey(key.privateKey);
    this.#d = ecPrivateScalar(key.privateKey);
  }

  /** SK_IC, for PACE-CAM (9303-11 §4.4.3.5), which proves the chip holds this key inside PACE. */
  get privateScalar(): bigint {
    return this.#d;
  }

  /** Session keys for the terminal's ephemeral public key, or undefined when it is not a valid point. */
  agree(terminalPublicKey: Uint8Array): SessionKeys | undefined {
    try {
      return caSessionKeys(this.#sharedX(terminalPublicKey), this.key.protocol.cipher);
    } catch {
      return undefined;
    }
  }

  /**
   * x(d·Q) with the chip's KeyObject, one scalar multiplication (node's ECDH object would first
   * recompute d·G from the scalar); through the scalar when OpenSSL will not pair the key with a
   * named-curve point (a key with explicit parameters).
   */
  #sharedX(terminalPublicKey: Uint8Array): Uint8Array {
    const point = encodePoint(decodePoint(this.curve, terminalPublicKey));
    try {
      return new Uint8Array(diffieHellman({ privateKey: this.key.privateKey, publicKey: publicKeyOf(this.curve, point) }));
    } catch {
      return ecdhSharedSecret(this.curve, this.#d, terminalPublicKey);
    }
  }
}
