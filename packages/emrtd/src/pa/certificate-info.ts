// What passive authentication needs from a certificate, computed once per certificate and cached:
// node's X509Certificate (OpenSSL: RSA-PSS, brainpool, explicit EC parameters), the public key,
// the DER of issuer and subject names (for CRL and SignerInfo matching) and the validity period.
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import type { Fail } from '../cms/asn1.ts';
import { readCertificateFields, type CertificateFields } from '../cms/certificate-fields.ts';
import { serialHex } from '../pki/crl.ts';
import { PkiDecodeError } from '../pki/errors.ts';

export interface CertificateInfo {
  readonly der: Uint8Array;
  /** The certificate's fields as encoded (names, serial, key identifiers, validity). */
  fields: CertificateFields;
  /** SHA-256 of the DER, hex: the cache key. */
  fingerprint: string;
  /** OpenSSL's view, made on first use (throws PkiDecodeError if OpenSSL refuses the certificate). */
  readonly x509: X509Certificate;
  readonly publicKey: KeyObject;
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  serialHex: string;
  subjectKeyIdentifier: string | undefined;
  notBefore: Date;
  notAfter: Date;
  /** What a passive authentication result reports about a signer. */
  readonly summary: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string };
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

/** Empties the per-certificate cache (benchmarks measure cold loads with it). */
export function clearCertificateInfoCache(): void {
  cache.clear();
}

/**
 * A certificate read with the TLV decoder; what needs OpenSSL (the X509Certificate, its public key,
 * the names as text) is made on first use. A master list holds hundreds of CSCAs of which a
 * verification uses one: loading it costs the TLV walk and a hash per certificate, not hundreds of
 * OpenSSL parses and key imports (explicit EC parameters are dear to import).
 */
class LazyCertificateInfo implements CertificateInfo {
  readonly der: Uint8Array;
  readonly fingerprint: string;
  readonly fields: CertificateFields;
  readonly issuerDer: Uint8Array;
  readonly subjectDer: Uint8Array;
  readonly serialHex: string;
  readonly subjectKeyIdentifier: string | undefined;
  readonly notBefore: Date;
  readonly notAfter: Date;
  #x509: X509Certificate | undefined;
  #publicKey: KeyObject | undefined;
  #summary: CertificateInfo['summary'] | undefined;

  constructor(der: Uint8Array, fingerprint: string, fields: CertificateFields) {
    this.der = der;
    this.fingerprint = fingerprint;
    this.fields = fields;
    this.issuerDer = fields.issuer;
    this.subjectDer = fields.subject;
    this.serialHex = serialHex(fields.serialNumber);
    this.subjectKeyIdentifier = fields.subjectKeyIdentifier ? Buffer.from(fields.subjectKeyIdentifier).toString('hex') : undefined;
    this.notBefore = fields.notBefore;
    this.notAfter = fields.notAfter;
  }

  /** Throws PkiDecodeError when OpenSSL refuses the certificate. */
  get x509(): X509Certificate {
    if (!this.#x509) {
      try {
        this.#x509 = new X509Certificate(this.der);
      } catch (err) {
        throw new PkiDecodeError(`certificate: ${(err as Error).message}`, { cause: err });
      }
    }
    return this.#x509;
  }

  get publicKey(): KeyObject {
    if (!this.#publicKey) {
      try {
        this.#publicKey = this.x509.publicKey;
      } catch (err) {
        if (err instanceof PkiDecodeError) throw err;
        throw new PkiDecodeError(`certificate: public key: ${(err as Error).message}`, { cause: err });
      }
    }
    return this.#publicKey;
  }

  get summary(): CertificateInfo['summary'] {
    return (this.#summary ??= {
      subject: nameString(this.x509.subject),
      issuer: nameString(this.x509.issuer),
      serialNumber: this.serialHex,
      notBefore: this.notBefore.toISOString(),
      notAfter: this.notAfter.toISOString(),
    });
  }
}

/** Reads (or returns the cached) certificate. Throws PkiDecodeError when its structure is wrong. */
export function certificateInfo(bytes: Uint8Array): CertificateInfo {
  const key = cacheKey(bytes);
  const hit = cache.get(key);
  if (hit !== undefined && Buffer.compare(hit.der, bytes) === 0) return hit;
  const fail: Fail = (m) => new PkiDecodeError(`certificate: ${m}`);
  // Fields are views into our own copy: the caller's buffer may change after this call.
  const own = Uint8Array.from(bytes);
  const info = new LazyCertificateInfo(own, createHash('sha256').update(own).digest('hex'), readCertificateFields(own, fail));
  if (cache.size >= MAX_CACHE && !cache.has(key)) cache.delete(cache.keys().next().value!);
  cache.set(key, info);
  return info;
}

/** `C=VN\nO=…\nCN=…` (node) → `C=VN, O=…, CN=…`. */
export function nameString(multiLine: string): string {
  return multiLine.split('\n').filter(Boolean).join(', ');
}
