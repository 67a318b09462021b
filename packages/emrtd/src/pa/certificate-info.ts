// What passive authentication needs from a certificate, computed once per certificate and cached:
// node's X509Certificate (OpenSSL: RSA-PSS, brainpool, explicit EC parameters), the public key,
// the DER of issuer and subject names (for CRL and SignerInfo matching) and the validity period.
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { der, intBytes, items, parseDer, tagged, type Fail } from '../cms/asn1.ts';
import { serialHex } from '../pki/crl.ts';
import { PkiDecodeError } from '../pki/errors.ts';

export interface CertificateInfo {
  der: Uint8Array;
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
  // RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
  const [tbs] = items(parseDer(bytes, fail, true), fail, 'Certificate');
  const t = items(tbs, fail, 'tbsCertificate');
  let i = tagged(t[0], 0) ? 1 : 0;
  const serial = intBytes(t[i++], fail, 'serialNumber');
  i++; // signature
  const issuer = t[i++];
  items(issuer, fail, 'issuer');
  i++; // validity
  const subject = t[i++];
  items(subject, fail, 'subject');
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
    der: Uint8Array.from(bytes),
    fingerprint,
    x509,
    publicKey,
    issuerDer: der(issuer!),
    subjectDer: der(subject!),
    serialHex: serialHex(serial),
    subjectKeyIdentifier: ski(t),
    notBefore,
    notAfter,
    summary: {
      subject: nameString(x509.subject),
      issuer: nameString(x509.issuer),
      serialNumber: serialHex(serial),
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
    },
  };
  if (cache.size >= MAX_CACHE && !cache.has(key)) cache.delete(cache.keys().next().value!);
  cache.set(key, info);
  return info;
}

function ski(tbs: asn1js.AsnType[]): string | undefined {
  for (const f of tbs) {
    const exts = tagged(f, 3);
    if (!exts || !(exts[0] instanceof asn1js.Sequence)) continue;
    for (const e of exts[0].valueBlock.value) {
      if (!(e instanceof asn1js.Sequence)) continue;
      const [id, ...rest] = e.valueBlock.value;
      if (!(id instanceof asn1js.ObjectIdentifier) || id.valueBlock.toString() !== '2.5.29.14') continue;
      const v = rest.at(-1);
      if (!(v instanceof asn1js.OctetString)) return undefined;
      const inner = asn1js.fromBER(v.valueBlock.valueHexView);
      if (inner.offset !== -1 && inner.result instanceof asn1js.OctetString) return Buffer.from(inner.result.valueBlock.valueHexView).toString('hex');
    }
  }
  return undefined;
}

/** `C=VN\nO=…\nCN=…` (node) → `C=VN, O=…, CN=…`. */
export function nameString(multiLine: string): string {
  return multiLine.split('\n').filter(Boolean).join(', ');
}
