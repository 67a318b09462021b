// What passive authentication needs from a certificate, computed once per certificate and cached:
// node's X509Certificate (OpenSSL: RSA-PSS, brainpool, explicit EC parameters), the public key,
// the DER of issuer and subject names (for CRL and SignerInfo matching) and the validity period.
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import type { Fail } from '../cms/asn1.ts';
import { readCertificateFields, type CertificateFields } from '../cms/certificate-fields.ts';
import { serialHex } from '../pki/crl.ts';
import { PkiDecodeError } from '../pki/errors.ts';

export interface CertificateInfo {
  der: Uint8Array;
  /** The certificate's fields as encoded (names, serial, key identifiers, validity). */
  fields: CertificateFields;
  /** SHA-256 of the DER, hex: the cache key. */
  fingerprint: string;
  x509: X509Certificate;
  publicKey: KeyObject;
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  serialHex: string;
  subjectKeyIdentifier: string | undefined;
  notBefore: Date;
  notAfter: Date;
  /** What a passive authentication result reports about a signer. */
  summary: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string };
}

/**
 * Cache keyed by the length and the last four bytes of the DER (inside the signature value, so
 * nearly always distinct per certificate) and confirmed by comparing the whole DER: no hash or
 * string per document, and collision-safe: two certificates with the same key but different
 * bytes simply miss (the newer one replaces the older).
 */
const cache = new Map<number, CertificateInfo>();
const MAX_CACHE = 10000;

function cacheKey(b: Uint8Array): number {
  const n = b.length;
  const tail = n < 4 ? 0 : ((b[n - 4]! << 24) | (b[n - 3]! << 16) | (b[n - 2]! << 8) | b[n - 1]!) >>> 0;
  return n * 0x1_0000_0000 + tail;
}

/** Parses (or returns the cached) certificate. Throws PkiDecodeError. */
export function certificateInfo(bytes: Uint8Array): CertificateInfo {
  const key = cacheKey(bytes);
  const hit = cache.get(key);
  if (hit !== undefined && Buffer.compare(hit.der, bytes) === 0) return hit;
  const fingerprint = createHash('sha256').update(bytes).digest('hex');
  const fail: Fail = (m) => new PkiDecodeError(`certificate: ${m}`);
  // Fields are views into our own copy: the caller's buffer may change after this call.
  const own = Uint8Array.from(bytes);
  const fields = readCertificateFields(own, fail);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(bytes);
  } catch (err) {
    throw fail((err as Error).message);
  }
  let publicKey: KeyObject;
  try {
    publicKey = x509.publicKey;
  } catch (err) {
    throw fail(`public key: ${(err as Error).message}`);
  }
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) throw fail('unreadable validity dates');
  const info: CertificateInfo = {
    der: own,
    fingerprint,
    x509,
    publicKey,
    fields,
    issuerDer: fields.issuer,
    subjectDer: fields.subject,
    serialHex: serialHex(fields.serialNumber),
    subjectKeyIdentifier: fields.subjectKeyIdentifier ? Buffer.from(fields.subjectKeyIdentifier).toString('hex') : undefined,
    notBefore,
    notAfter,
    summary: {
      subject: nameString(x509.subject),
      issuer: nameString(x509.issuer),
      serialNumber: serialHex(fields.serialNumber),
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
    },
  };
  if (cache.size >= MAX_CACHE && !cache.has(key)) cache.delete(cache.keys().next().value!);
  cache.set(key, info);
  return info;
}

/** `C=VN\nO=…\nCN=…` (node) → `C=VN, O=…, CN=…`. */
export function nameString(multiLine: string): string {
  return multiLine.split('\n').filter(Boolean).join(', ');
}
