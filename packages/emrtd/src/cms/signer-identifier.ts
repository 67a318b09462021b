// SignerInfo.sid against certificates, exactly as RFC 5652 §5.3 defines it:
//   SignerIdentifier ::= CHOICE { issuerAndSerialNumber IssuerAndSerialNumber,
//                                 subjectKeyIdentifier [0] SubjectKeyIdentifier }
// issuerAndSerialNumber: the issuer Name compared as encoded (its DER, never a string form) and the
// serial number as an integer; subjectKeyIdentifier: the certificate's subjectKeyIdentifier
// extension. A certificate without that extension is matched by the key identifier RFC 5280
// §4.2.1.2 method (1) gives (SHA-1 of the subjectPublicKey bits), what signers compute for it.
import { createHash } from 'node:crypto';
import type { CertificateFields } from './certificate-fields.ts';

export interface SignerIdentifier {
  issuer: Uint8Array | undefined;
  serialNumber: Uint8Array | undefined;
  subjectKeyIdentifier: Uint8Array | undefined;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Integers given as big-endian magnitudes: leading zero octets do not count (RFC 5280 §4.1.2.2). */
export function serialNumbersEqual(a: Uint8Array, b: Uint8Array): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length - 1 && a[i] === 0) i++;
  while (j < b.length - 1 && b[j] === 0) j++;
  return bytesEqual(a.subarray(i), b.subarray(j));
}

/** Method (1) key identifier of RFC 5280 §4.2.1.2. */
export function keyIdentifierOf(subjectPublicKey: Uint8Array): Uint8Array {
  return createHash('sha1').update(subjectPublicKey).digest();
}

export function signerMatches(sid: SignerIdentifier, c: Pick<CertificateFields, 'issuer' | 'serialNumber' | 'subjectKeyIdentifier' | 'subjectPublicKey'>): boolean {
  if (sid.serialNumber && sid.issuer) return serialNumbersEqual(sid.serialNumber, c.serialNumber) && bytesEqual(sid.issuer, c.issuer);
  if (sid.subjectKeyIdentifier) return bytesEqual(sid.subjectKeyIdentifier, c.subjectKeyIdentifier ?? keyIdentifierOf(c.subjectPublicKey));
  return false;
}

/** What a SignerIdentifier says, for error messages. */
export function describeSignerIdentifier(sid: SignerIdentifier): string {
  if (sid.serialNumber) return `issuer and serial number ${Buffer.from(sid.serialNumber).toString('hex')}`;
  if (sid.subjectKeyIdentifier) return `subject key identifier ${Buffer.from(sid.subjectKeyIdentifier).toString('hex')}`;
  return 'no signer identifier';
}
