/**
 * PACE building blocks shared by the reader and the chip (9303-11 §4.4.3, generic mapping on
 * elliptic curves §4.4.3.3.1): K_π, the encrypted nonce, the mapped generator, the session keys
 * and the authentication tokens over the public key data object (§4.4.3.4, §9.4.2).
 */
import * as asn1js from 'asn1js';
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac } from '../crypto/aes.ts';
import { retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from '../crypto/des.ts';
import { deriveKey, KDF_ENC, KDF_MAC, KDF_PI } from '../crypto/kdf.ts';
import type { CipherAlgorithm } from '../crypto/kdf.ts';
import { bytesToBigint } from '../crypto/bytes.ts';
import type { Curve, Point } from '../crypto/curves.ts';
import { multiplyBase } from '../crypto/curves.ts';
import { encodeTlv } from '../tlv/index.ts';
import type { SessionKeys } from '../iso7816/secure-messaging.ts';

/** K_π = KDF(password, 3), 9303-11 §9.7.3. */
export function paceKeyPi(password: Uint8Array, cipher: CipherAlgorithm): Uint8Array {
  return deriveKey(password, KDF_PI, cipher);
}

export function nonceLength(cipher: CipherAlgorithm): number {
  return cipher === '3DES' ? 8 : 16;
}

/** z = E(K_π, s), CBC with a zero IV (9303-11 §4.4.3.1). */
export function encryptNonce(cipher: CipherAlgorithm, kPi: Uint8Array, s: Uint8Array): Uint8Array {
  return cipher === '3DES' ? tdesCbcEncrypt(kPi, s) : aesCbcEncrypt(kPi, s);
}

export function decryptNonce(cipher: CipherAlgorithm, kPi: Uint8Array, z: Uint8Array): Uint8Array {
  return cipher === '3DES' ? tdesCbcDecrypt(kPi, z) : aesCbcDecrypt(kPi, z);
}

/** Generic mapping: Ĝ = s·G + H with H = SK_map · PK_map,peer (9303-11 §4.4.3.3.1). */
export function genericMapping(curve: Curve, s: Uint8Array, skMap: bigint, pkMapPeer: Point): Point {
  const h = pkMapPeer.multiply(skMap);
  const sn = bytesToBigint(s) % curve.n;
  const g = (sn === 0n ? curve.Point.ZERO : curve.Point.fromBytes(multiplyBase(curve, sn))).add(h);
  if (g.equals(curve.Point.ZERO)) throw new RangeError('mapped generator is the point at infinity');
  return g;
}

/** KS_Enc, KS_MAC = KDF(K, 1|2); SSC starts at zero after PACE (9303-11 §4.4.3.4, §9.8.2). */
export function paceSessionKeys(sharedSecret: Uint8Array, cipher: CipherAlgorithm): SessionKeys {
  return { alg: cipher, ksEnc: deriveKey(sharedSecret, KDF_ENC, cipher), ksMac: deriveKey(sharedSecret, KDF_MAC, cipher), ssc: 0n };
}

/** The public key data object 7F49 { 06 protocol OID, 86 uncompressed point } (9303-11 §9.4.2, §4.4.3.4). */
export function publicKeyDataObject(oid: string, point: Uint8Array): Uint8Array {
  const oidTlv = new Uint8Array(new asn1js.ObjectIdentifier({ value: oid }).toBER());
  return encodeTlv(0x7f49, [oidTlv, encodeTlv(0x86, point)]);
}

/** T = MAC(KS_MAC, public key data object), 8 bytes: retail MAC for 3DES, CMAC for AES (9303-11 §4.4.3.4). */
export function authenticationToken(cipher: CipherAlgorithm, ksMac: Uint8Array, oid: string, peerPoint: Uint8Array): Uint8Array {
  const input = publicKeyDataObject(oid, peerPoint);
  return cipher === '3DES' ? retailMac(ksMac, input) : aesCmac(ksMac, input).slice(0, 8);
}
