// Building a CMS SignedData (RFC 5652 §5) for EF.SOD (9303-10 §4.6.2) and master lists
// (9303-12 §8): SignedData version 3, one SignerInfo (version 1, issuerAndSerialNumber), signed
// attributes contentType + messageDigest (+ signingTime), the signer certificate included.
// Structures are built with pkijs; the signature is computed with node:crypto (brainpool).
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toDer } from './asn1.ts';
import { CmsBuildError } from './errors.ts';
import { HASH_OIDS, OID_ATTR_CONTENT_TYPE, OID_ATTR_MESSAGE_DIGEST, OID_ATTR_SIGNING_TIME, OID_SIGNED_DATA, type HashName } from './oids.ts';
import { defaultSignatureAlgorithm, signBytes, signatureAlgorithmIdentifier, type SignatureAlgorithm, type SigningKey } from './signature.ts';

export interface SignCmsOptions {
  eContentType: string;
  eContent: Uint8Array;
  /** DER of the signer's certificate (Document Signer or master list signer). */
  signerCertificate: Uint8Array;
  /** A private key, or a Signer whose key stays in a token. */
  signerKey: SigningKey;
  /** Digest of eContent and of the signed attributes; SHA-256 by default. */
  digest?: HashName;
  /** Defaults to ECDSA or RSA PKCS#1 v1.5 with `digest`, from the key type. */
  signatureAlgorithm?: SignatureAlgorithm;
  /** signingTime attribute; omitted when null; now when undefined. */
  signingTime?: Date | null;
  /** Extra certificates to include after the signer's (e.g. CSCA certificates of a master list). */
  extraCertificates?: Uint8Array[];
  /** Sign eContent directly, without signed attributes (RFC 5652 §5.4; seen in older passports). */
  noSignedAttributes?: boolean;
  /** Leave the signer certificate out of `certificates` (the verifier must have it). */
  omitSignerCertificate?: boolean;
}

const algId = (oid: string) => new pkijs.AlgorithmIdentifier({ algorithmId: oid });

/** Returns the DER ContentInfo. */
export function signCms(o: SignCmsOptions): Uint8Array {
  const digest = o.digest ?? 'sha256';
  let cert: pkijs.Certificate;
  try {
    cert = pkijs.Certificate.fromBER(o.signerCertificate);
  } catch (err) {
    throw new CmsBuildError(`signer certificate: ${(err as Error).message}`, { cause: err });
  }
  const sigAlg = o.signatureAlgorithm ?? defaultSignatureAlgorithm(o.signerKey, digest);
  const attrs = [
    new pkijs.Attribute({ type: OID_ATTR_CONTENT_TYPE, values: [new asn1js.ObjectIdentifier({ value: o.eContentType })] }),
    new pkijs.Attribute({ type: OID_ATTR_MESSAGE_DIGEST, values: [new asn1js.OctetString({ valueHex: createHash(digest).update(o.eContent).digest() })] }),
  ];
  const time = o.signingTime === undefined ? new Date() : o.signingTime;
  if (time) {
    const t = time.getUTCFullYear() < 2050 ? new asn1js.UTCTime({ valueDate: time }) : new asn1js.GeneralizedTime({ valueDate: time });
    attrs.push(new pkijs.Attribute({ type: OID_ATTR_SIGNING_TIME, values: [t] }));
  }
  // DER SET OF: attributes in the order of their encodings (X.690 §11.6).
  attrs.sort((a, b) => Buffer.compare(toDer(a.toSchema()), toDer(b.toSchema())));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: attrs });
  // RFC 5652 §5.4: sign the DER of the attributes with the SET OF tag instead of [0].
  const toBeSigned = toDer(signedAttrs.toSchema());
  toBeSigned[0] = 0x31;
  const signature = signBytes(sigAlg, o.signerKey, o.noSignedAttributes ? o.eContent : toBeSigned);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: algId(HASH_OIDS[digest]),
    ...(o.noSignedAttributes ? {} : { signedAttrs }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ schema: signatureAlgorithmIdentifier(sigAlg) }),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  const extra = (o.extraCertificates ?? []).map((d) => pkijs.Certificate.fromBER(d));
  const signedData = new pkijs.SignedData({
    version: 3,
    digestAlgorithms: [algId(HASH_OIDS[digest])],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: o.eContentType, eContent: new asn1js.OctetString({ valueHex: o.eContent }) }),
    certificates: [...(o.omitSignerCertificate ? [] : [cert]), ...extra],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID_SIGNED_DATA, content: signedData.toSchema(true) });
  return toDer(contentInfo.toSchema());
}
