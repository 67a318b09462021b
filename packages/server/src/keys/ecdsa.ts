// The two encodings of an ECDSA signature. CKM_ECDSA returns r‖s, each padded to the curve size
// (PKCS#11 v2.40 §2.3.1); JWS (RFC 7518 §3.4) and COSE (RFC 9053 §2.1) use the same form;
// X.509 and CMS use the DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 5480 §2.2,
// RFC 3279 §2.2.3).
import { KeyStoreError } from './errors.ts';

function derInteger(v: Uint8Array): Buffer {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  const body = v.subarray(i);
  // A leading 1 bit would make the INTEGER negative: prefix a zero byte (X.690 §8.3.2).
  const content = body[0]! & 0x80 ? Buffer.concat([Buffer.of(0), body]) : Buffer.from(body);
  return Buffer.concat([Buffer.of(0x02), derLength(content.length), content]);
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.of(n);
  if (n < 0x100) return Buffer.of(0x81, n);
  return Buffer.of(0x82, n >> 8, n & 0xff);
}

export function rawToDer(raw: Uint8Array): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new KeyStoreError('ERR_SIGNATURE_ENCODING', `an r‖s signature has an even length, got ${raw.length}`);
  const half = raw.length / 2;
  const body = Buffer.concat([derInteger(raw.subarray(0, half)), derInteger(raw.subarray(half))]);
  return Buffer.concat([Buffer.of(0x30), derLength(body.length), body]);
}
