/**
 * PACE with Chip Authentication Mapping, 9303-11 §4.4.3.5 (the generic mapping of §4.4.3.3.1 plus):
 * the chip proves it holds its static Chip Authentication key SK_IC by sending, with its last
 * authentication token, CA_IC = SK_IC⁻¹ · SK_Map,IC mod n, written to the width of n, padded
 * (ISO/IEC 9797-1 method 2) and encrypted with KS_Enc in AES-CBC with IV = E(KS_Enc, −1) (the
 * all-ones block): DO'8A'. The terminal decrypts it and checks PK_Map,IC = CA_IC · PK_IC, with
 * PK_IC from EF.CardSecurity or DG14 (both signed by the Document Signer). AES only: 3DES is not
 * defined for CAM.
 */
import { aesCbcDecrypt, aesCbcEncrypt, aesEcbEncrypt } from '../crypto/aes.ts';
import { bigintToBytes, bytesToBigint, equalBytes } from '../crypto/bytes.ts';
import { decodePoint, encodePoint, type Curve } from '../crypto/curves.ts';
import { pad, unpad } from '../crypto/padding.ts';

const orderBytes = (curve: Curve) => Math.ceil(curve.n.toString(16).length / 2);

function modInverse(a: bigint, n: bigint): bigint {
  // Fermat: n is prime for every curve of 9303-11 §9.5.1.
  let result = 1n;
  let base = ((a % n) + n) % n;
  for (let e = n - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * base) % n;
    base = (base * base) % n;
  }
  return result;
}

function iv(ksEnc: Uint8Array): Uint8Array {
  return aesEcbEncrypt(ksEnc, new Uint8Array(16).fill(0xff));
}

/** Chip side: the encrypted chip authentication data (content of DO'8A'). */
export function encryptChipAuthenticationData(curve: Curve, skIc: bigint, skMapIc: bigint, ksEnc: Uint8Array): Uint8Array {
  const ca = (modInverse(skIc, curve.n) * skMapIc) % curve.n;
  return aesCbcEncrypt(ksEnc, pad(bigintToBytes(ca, orderBytes(curve)), 16), iv(ksEnc));
}

/** Terminal side: CA_IC from DO'8A'; throws when the padding is wrong. */
export function decryptChipAuthenticationData(encrypted: Uint8Array, ksEnc: Uint8Array): bigint {
  return bytesToBigint(unpad(aesCbcDecrypt(ksEnc, encrypted, iv(ksEnc))));
}

/** PK_Map,IC = CA_IC · PK_IC (9303-11 §4.4.3.5.2): the chip holds the private key of PK_IC. */
export function verifyChipAuthenticationMapping(curve: Curve, caIc: bigint, pkIc: Uint8Array, pkMapIc: Uint8Array): boolean {
  if (caIc <= 0n || caIc >= curve.n) return false;
  try {
    return equalBytes(encodePoint(decodePoint(curve, pkIc).multiply(caIc)), pkMapIc);
  } catch {
    return false;
  }
}
