// Reading a CMS ContentInfo / SignedData (RFC 5652 §3, §5) as used by EF.SOD (9303-10 §4.6.2)
// and CSCA master lists (9303-12 §8). One asn1js parse; the fields are read positionally with
// typed checks, and the exact DER of certificates and signed attributes is kept for verification
// and for per-certificate caching.
//   ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
//   SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo,
//     certificates [0] IMPLICIT CertificateSet OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET }
//   EncapsulatedContentInfo ::= SEQUENCE { eContentType OID, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
//   SignerInfo ::= SEQUENCE { version, sid SignerIdentifier, digestAlgorithm,
//     signedAttrs [0] IMPLICIT SET OF Attribute OPTIONAL, signatureAlgorithm, signature OCTET STRING,
//     unsignedAttrs [1] IMPLICIT OPTIONAL }
//   SignerIdentifier ::= CHOICE { issuerAndSerialNumber, subjectKeyIdentifier [0] }
import * as asn1js from 'asn1js';
import { der, int, intBytes, isContext, items, octets, oid, parseDer, tagged, type Fail } from './asn1.ts';
import { CmsDecodeError } from './errors.ts';
import { OID_ATTR_CONTENT_TYPE, OID_ATTR_MESSAGE_DIGEST, OID_ATTR_SIGNING_TIME, OID_SIGNED_DATA, hashOfOid, type HashName } from './oids.ts';
import { readSignatureAlgorithm, type SignatureAlgorithm } from './signature.ts';

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
  const [ct, content] = items(parseDer(bytes, fail, true), fail, 'ContentInfo');
  if (oid(ct, fail, 'contentType') !== OID_SIGNED_DATA) throw fail('content is not signedData');
  const inner = tagged(content, 0);
  if (!inner || inner.length !== 1) throw fail('ContentInfo.content missing');
  const sd = items(inner[0], fail, 'SignedData');
  if (sd.length < 4) throw fail('SignedData too short');
  const version = int(sd[0], fail, 'version');
  items(sd[1], fail, 'digestAlgorithms', true);
  const [eType, eWrap] = items(sd[2], fail, 'encapContentInfo');
  const eContentType = oid(eType, fail, 'eContentType');
  const eInner = tagged(eWrap, 0);
  if (!eInner || eInner.length !== 1) throw fail('eContent missing (detached content is not used here)');
  const eContent = octets(eInner[0], fail, 'eContent');
  let i = 3;
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  if (isContext(sd[i], 0)) {
    for (const c of (sd[i] as asn1js.Constructed).valueBlock.value) if (c instanceof asn1js.Sequence) certificates.push(der(c));
    i++;
  }
  if (isContext(sd[i], 1)) {
    for (const c of (sd[i] as asn1js.Constructed).valueBlock.value) if (c instanceof asn1js.Sequence) crls.push(der(c));
    i++;
  }
  const signerInfos = items(sd[i], fail, 'signerInfos', true).map((s) => parseSignerInfo(s, fail));
  if (signerInfos.length === 0) throw fail('no SignerInfo');
  return { version, eContentType, eContent, certificates, crls, signerInfos };
}

function parseSignerInfo(node: asn1js.AsnType, fail: Fail): ParsedSignerInfo {
  const f = items(node, fail, 'SignerInfo');
  if (f.length < 5) throw fail('SignerInfo too short');
  const version = int(f[0], fail, 'SignerInfo.version');
  let issuer: Uint8Array | undefined;
  let serialNumber: Uint8Array | undefined;
  let subjectKeyIdentifier: Uint8Array | undefined;
  if (f[1] instanceof asn1js.Sequence) {
    const [iss, sn] = items(f[1], fail, 'issuerAndSerialNumber');
    items(iss, fail, 'issuer');
    issuer = der(iss!);
    serialNumber = intBytes(sn, fail, 'serialNumber');
  } else if (isContext(f[1], 0)) {
    const b = f[1] as asn1js.BaseBlock;
    subjectKeyIdentifier = b instanceof asn1js.Constructed ? octets(b.valueBlock.value[0], fail, 'subjectKeyIdentifier') : (b.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView;
  } else throw fail('SignerInfo.sid');
  const digestAlgorithm = (() => {
    try {
      return hashOfOid(oid(items(f[2], fail, 'digestAlgorithm')[0], fail, 'digestAlgorithm'));
    } catch (e) {
      if (e instanceof CmsDecodeError) throw e;
      throw e;
    }
  })();
  let k = 3;
  let signedAttrsDer: Uint8Array | undefined;
  let contentType: string | undefined;
  let messageDigest: Uint8Array | undefined;
  let signingTime: Date | undefined;
  if (isContext(f[k], 0)) {
    const attrs = f[k] as asn1js.Constructed;
    const raw = der(attrs);
    // RFC 5652 §5.4: the signature covers the DER of the attributes with an explicit SET OF tag.
    signedAttrsDer = new Uint8Array(raw);
    signedAttrsDer[0] = 0x31;
    for (const a of attrs.valueBlock.value) {
      const [t, vals] = items(a, fail, 'Attribute');
      const type = oid(t, fail, 'attrType');
      const v = items(vals, fail, 'attrValues', true);
      if (type === OID_ATTR_CONTENT_TYPE) contentType = oid(v[0], fail, 'contentType attribute');
      else if (type === OID_ATTR_MESSAGE_DIGEST) messageDigest = octets(v[0], fail, 'messageDigest attribute');
      else if (type === OID_ATTR_SIGNING_TIME && (v[0] instanceof asn1js.UTCTime || v[0] instanceof asn1js.GeneralizedTime)) signingTime = v[0].toDate();
    }
    k++;
  }
  const signatureAlgorithm = readSignatureAlgorithm(f[k], fail, digestAlgorithm);
  const signature = octets(f[k + 1], fail, 'signature');
  return { version, issuer, serialNumber, subjectKeyIdentifier, digestAlgorithm, signedAttrsDer, contentType, messageDigest, signingTime, signatureAlgorithm, signature };
}
