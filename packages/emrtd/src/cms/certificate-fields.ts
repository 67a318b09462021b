// The fields of an X.509 certificate (RFC 5280 §4.1) that matching and chain building need, read
// with the bounded TLV decoder in one pass: no object tree, every field a view into the input.
// Used for every certificate of a master list (hundreds per list) and of a SOD, where asn1js would
// cost far more than the certificate's one signature check.
//   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
//   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT OPTIONAL, serialNumber INTEGER, signature,
//     issuer Name, validity SEQUENCE { notBefore Time, notAfter Time }, subject Name,
//     subjectPublicKeyInfo, issuerUniqueID [1] OPTIONAL, subjectUniqueID [2] OPTIONAL,
//     extensions [3] EXPLICIT SEQUENCE OF Extension OPTIONAL }
import type { Tlv } from '../tlv/index.ts';
import type { Fail } from './asn1.ts';
import { T, derBytes, derIntBytes, derItems, derOctets, derOid, derRoot, derTime } from './der.ts';

export interface CertificateFields {
  /** Serial number magnitude (a leading sign octet removed). */
  serialNumber: Uint8Array;
  /** The issuer and subject Names exactly as encoded (RFC 5652 §5.3 compares them so). */
  issuer: Uint8Array;
  subject: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  subjectPublicKeyInfo: Uint8Array;
  /** The subjectPublicKey BIT STRING's bits (unused-bits octet removed). */
  subjectPublicKey: Uint8Array;
  /** keyIdentifier of the subjectKeyIdentifier extension (RFC 5280 §4.2.1.2). */
  subjectKeyIdentifier: Uint8Array | undefined;
  /** keyIdentifier of the authorityKeyIdentifier extension (RFC 5280 §4.2.1.1). */
  authorityKeyIdentifier: Uint8Array | undefined;
  /** The whole TBSCertificate as encoded (what the issuer signed). */
  tbs: Uint8Array;
}

const OID_SKI = '2.5.29.14';
const OID_AKI = '2.5.29.35';

/** Reads `bytes` (one certificate; trailing bytes are an error). */
export function readCertificateFields(bytes: Uint8Array, fail: Fail): CertificateFields {
  const [tbsNode] = derItems(derRoot(bytes, fail), T.SEQUENCE, fail, 'Certificate');
  const t = derItems(tbsNode, T.SEQUENCE, fail, 'tbsCertificate');
  let i = t[0]?.tag === 0xa0 ? 1 : 0;
  const serialNumber = derIntBytes(t[i++], fail, 'serialNumber');
  derItems(t[i++], T.SEQUENCE, fail, 'signature');
  const issuerNode = t[i++];
  derItems(issuerNode, T.SEQUENCE, fail, 'issuer');
  const [nb, na] = derItems(t[i++], T.SEQUENCE, fail, 'validity');
  const notBefore = derTime(nb);
  const notAfter = derTime(na);
  if (!notBefore || !notAfter) throw fail('validity: unreadable time');
  const subjectNode = t[i++];
  derItems(subjectNode, T.SEQUENCE, fail, 'subject');
  const spkiNode = t[i++];
  const [, bits] = derItems(spkiNode, T.SEQUENCE, fail, 'subjectPublicKeyInfo');
  if (!bits || bits.tag !== T.BIT_STRING || bits.value.length < 1) throw fail('subjectPublicKey is not a BIT STRING');
  let subjectKeyIdentifier: Uint8Array | undefined;
  let authorityKeyIdentifier: Uint8Array | undefined;
  for (; i < t.length; i++) {
    if (t[i]!.tag !== 0xa3) continue;
    for (const ext of derItems(derItems(t[i], 0xa3, fail, 'extensions')[0], T.SEQUENCE, fail, 'extensions')) {
      const f = derItems(ext, T.SEQUENCE, fail, 'Extension');
      const id = derOid(f[0], fail, 'extnID');
      if (id !== OID_SKI && id !== OID_AKI) continue;
      const value = derOctets(f.at(-1), fail, 'extnValue');
      const inner = derRoot(value, fail);
      if (id === OID_SKI) subjectKeyIdentifier = derOctets(inner, fail, 'subjectKeyIdentifier');
      // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, … }
      else authorityKeyIdentifier = derItems(inner, T.SEQUENCE, fail, 'authorityKeyIdentifier').find((x: Tlv) => x.tag === 0x80)?.value;
    }
  }
  return {
    serialNumber,
    issuer: derBytes(bytes, issuerNode!),
    subject: derBytes(bytes, subjectNode!),
    notBefore,
    notAfter,
    subjectPublicKeyInfo: derBytes(bytes, spkiNode!),
    subjectPublicKey: bits.value.subarray(1),
    subjectKeyIdentifier,
    authorityKeyIdentifier,
    tbs: derBytes(bytes, tbsNode!),
  };
}
