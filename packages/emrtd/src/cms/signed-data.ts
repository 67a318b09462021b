// Reading a CMS ContentInfo / SignedData (RFC 5652 §3, §5) as used by EF.SOD (9303-10 §4.6.2)
// and CSCA master lists (9303-12 §8). One walk with the bounded BER-TLV decoder (see der.ts for
// why not asn1js on this path); fields are read positionally with typed checks, and the exact
// DER of certificates and signed attributes is kept for verification and per-certificate caching.
//   ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
//   SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo,
//     certificates [0] IMPLICIT CertificateSet OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET }
//   EncapsulatedContentInfo ::= SEQUENCE { eContentType OID, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
//   SignerInfo ::= SEQUENCE { version, sid SignerIdentifier, digestAlgorithm,
//     signedAttrs [0] IMPLICIT SET OF Attribute OPTIONAL, signatureAlgorithm, signature OCTET STRING,
//     unsignedAttrs [1] IMPLICIT OPTIONAL }
//   SignerIdentifier ::= CHOICE { issuerAndSerialNumber, subjectKeyIdentifier [0] }
import type { Tlv } from '../tlv/index.ts';
import type { Fail } from './asn1.ts';
import { T, derBytes, derInt, derIntBytes, derItems, derOctets, derOid, derRoot, derTime, guard } from './der.ts';
import { CmsDecodeError } from './errors.ts';
import { OID_ATTR_CONTENT_TYPE, OID_ATTR_MESSAGE_DIGEST, OID_ATTR_SIGNING_TIME, OID_SIGNED_DATA, hashOfOid, type HashName } from './oids.ts';
import { readSignatureAlgorithmDer, type SignatureAlgorithm } from './signature.ts';
import { children, derForm } from '../tlv/index.ts';

export interface ParsedSignerInfo {
  version: number;
  /** issuerAndSerialNumber: DER of the issuer Name and the serial number bytes. */
  issuer: Uint8Array | undefined;
  serialNumber: Uint8Array | undefined;
  /** subjectKeyIdentifier form of the SignerIdentifier. */
  subjectKeyIdentifier: Uint8Array | undefined;
  digestAlgorithm: HashName;
  /** DER of the signed attributes with the SET OF tag (0x31), the bytes that were signed (RFC 5652 §5.4). */
  signedAttrsDer: Uint8Array | undefined;
  contentType: string | undefined;
  messageDigest: Uint8Array | undefined;
  signingTime: Date | undefined;
  signatureAlgorithm: SignatureAlgorithm;
  signature: Uint8Array;
}

export interface ParsedSignedData {
  version: number;
  eContentType: string;
  eContent: Uint8Array;
  /** DER of each certificate in `certificates` (other certificate choices skipped). */
  certificates: Uint8Array[];
  /** DER of each CRL in `crls`. */
  crls: Uint8Array[];
  signerInfos: ParsedSignerInfo[];
}

/** Parses a DER ContentInfo holding SignedData. `what` names the structure in errors. */
export function parseSignedData(bytes: Uint8Array, what = 'CMS'): ParsedSignedData {
  const fail: Fail = (m) => new CmsDecodeError(`${what}: ${m}`);
  const [ct, content] = derItems(derRoot(bytes, fail, true), T.SEQUENCE, fail, 'ContentInfo');
  if (derOid(ct, fail, 'contentType') !== OID_SIGNED_DATA) throw fail('content is not signedData');
  const inner = derItems(content, 0xa0, fail, 'ContentInfo.content');
  const sd = derItems(inner[0], T.SEQUENCE, fail, 'SignedData');
  if (sd.length < 4) throw fail('SignedData too short');
  const version = derInt(sd[0], fail, 'version');
  derItems(sd[1], T.SET, fail, 'digestAlgorithms');
  const [eType, eWrap] = derItems(sd[2], T.SEQUENCE, fail, 'encapContentInfo');
  const eContentType = derOid(eType, fail, 'eContentType');
  if (!eWrap) throw fail('eContent missing (detached content is not used here)');
  const eContent = derOctets(derItems(eWrap, 0xa0, fail, 'eContent')[0], fail, 'eContent');
  let i = 3;
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  if (sd[i]?.tag === 0xa0) {
    for (const c of derItems(sd[i], 0xa0, fail, 'certificates')) if (c.tag === T.SEQUENCE) certificates.push(derBytes(bytes, c));
    i++;
  }
  if (sd[i]?.tag === 0xa1) {
    for (const c of derItems(sd[i], 0xa1, fail, 'crls')) if (c.tag === T.SEQUENCE) crls.push(derBytes(bytes, c));
    i++;
  }
  const signerInfos = derItems(sd[i], T.SET, fail, 'signerInfos').map((s) => parseSignerInfo(bytes, s, fail));
  if (signerInfos.length === 0) throw fail('no SignerInfo');
  return { version, eContentType, eContent, certificates, crls, signerInfos };
}

function hashAlg(t: Tlv | undefined, fail: Fail, what: string): HashName {
  return hashOfOid(derOid(derItems(t, T.SEQUENCE, fail, what)[0], fail, what));
}

function parseSignerInfo(buf: Uint8Array, node: Tlv, fail: Fail): ParsedSignerInfo {
  const f = derItems(node, T.SEQUENCE, fail, 'SignerInfo');
  if (f.length < 5) throw fail('SignerInfo too short');
  const version = derInt(f[0], fail, 'SignerInfo.version');
  let issuer: Uint8Array | undefined;
  let serialNumber: Uint8Array | undefined;
  let subjectKeyIdentifier: Uint8Array | undefined;
  if (f[1]!.tag === T.SEQUENCE) {
    const [iss, sn] = derItems(f[1], T.SEQUENCE, fail, 'issuerAndSerialNumber');
    derItems(iss, T.SEQUENCE, fail, 'issuer');
    // RFC 5652 §5.3 matches the DER of the Name: a BER-encoded sid is brought to its DER form
    // (a Name whose inside does not decode is kept as it is, and simply matches nothing).
    issuer = derBytes(buf, iss!);
    try {
      issuer = derForm(issuer);
    } catch {
      // kept as encoded
    }
    serialNumber = derIntBytes(sn, fail, 'serialNumber');
  } else if (f[1]!.tag === 0x80) {
    subjectKeyIdentifier = f[1]!.value;
  } else throw fail('SignerInfo.sid');
  const digestAlgorithm = hashAlg(f[2], fail, 'digestAlgorithm');
  let k = 3;
  let signedAttrsDer: Uint8Array | undefined;
  let contentType: string | undefined;
  let messageDigest: Uint8Array | undefined;
  let signingTime: Date | undefined;
  if (f[k]!.tag === 0xa0) {
    const attrs = f[k]!;
    // RFC 5652 §5.4: the signature covers the DER of the attributes with an explicit SET OF tag.
    signedAttrsDer = new Uint8Array(derBytes(buf, attrs));
    signedAttrsDer[0] = 0x31;
    for (const a of guard(fail, () => children(attrs))) {
      const [t, vals] = derItems(a, T.SEQUENCE, fail, 'Attribute');
      const type = derOid(t, fail, 'attrType');
      const v = derItems(vals, T.SET, fail, 'attrValues');
      if (type === OID_ATTR_CONTENT_TYPE) contentType = derOid(v[0], fail, 'contentType attribute');
      else if (type === OID_ATTR_MESSAGE_DIGEST) messageDigest = derOctets(v[0], fail, 'messageDigest attribute');
      else if (type === OID_ATTR_SIGNING_TIME && v[0]) signingTime = derTime(v[0]);
    }
    k++;
  }
  if (!f[k] || !f[k + 1]) throw fail('SignerInfo.signature missing');
  const signatureAlgorithm = readSignatureAlgorithmDer(derBytes(buf, f[k]!), fail, digestAlgorithm);
  const signature = derOctets(f[k + 1], fail, 'signature');
  return { version, issuer, serialNumber, subjectKeyIdentifier, digestAlgorithm, signedAttrsDer, contentType, messageDigest, signingTime, signatureAlgorithm, signature };
}
