// Building a CMS SignedData (RFC 5652 §5) for EF.SOD (9303-10 §4.6.2) and master lists
// (9303-12 §8): SignedData version 3, one SignerInfo (version 1, issuerAndSerialNumber), signed
// attributes contentType + messageDigest (+ signingTime), the signer certificate included.
// Structures are built with pkijs; the signature is computed with node:crypto (brainpool).
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toDer } from './asn1.ts';
import { CmsBuildError } from './errors.ts';
import { HASH_OIDS, OID_ATTR_CONTENT_TYPE, OID_ATTR_MESSAGE_DIGEST, OID_ATTR_SIGNING_TIME, OID_SIGNED_DATA, type HashName } from './oids.ts';
import { defaultSignatureAlgorithm, signBytes, signatureAlgorithmIdentifier, type SignatureAlgorithm } from './signature.ts';
import { signWith, signerAlgorithm, type Signer } from './signer.ts';

export interface SignCmsOptions {
  eContentType: string;
  eContent: Uint8Array;
  /** DER of the signer's certificate (Document Signer or master list signer). */
  signerCertificate: Uint8Array;
  signerKey: KeyObject;
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

// The signer certificate parsed once per certificate, not once per EF.SOD: personalisation signs
// every card with the same Document Signer, and parsing it (pkijs, then node's X509Certificate
// for the key that checks a token's signature) cost more than the rest of the SignedData. Keyed
// by the certificate's bytes (their SHA-256), never by the array that happened to carry them.
const signerCerts = new Map<string, { cert: pkijs.Certificate; publicKey: KeyObject | undefined; der: Uint8Array }>();
function signerCertificate(der: Uint8Array) {
  const key = createHash('sha256').update(der).digest('hex');
  let hit = signerCerts.get(key);
  if (!hit) {
    let cert: pkijs.Certificate;
    try {
      cert = pkijs.Certificate.fromBER(der);
    } catch (err) {
      throw new CmsBuildError(`signer certificate: ${(err as Error).message}`, { cause: err });
    }
    hit = { cert, publicKey: undefined, der: Uint8Array.from(der) };
    if (signerCerts.size >= 16) signerCerts.clear();
    signerCerts.set(key, hit);
  }
  return hit;
}

/** The SignedData before its signature: the bytes to sign and how to finish it. */
interface Prepared {
  algorithm: SignatureAlgorithm;
  toBeSigned: Uint8Array;
  signerPublicKey: () => KeyObject;
  finish(signature: Uint8Array): Uint8Array;
}

function prepare(o: Omit<SignCmsOptions, 'signerKey'>, algorithm: SignatureAlgorithm): Prepared {
  const digest = o.digest ?? 'sha256';
  const signer = signerCertificate(o.signerCertificate);
  const cert = signer.cert;
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
  const attrsDer = toDer(signedAttrs.toSchema());
  attrsDer[0] = 0x31;
  return {
    algorithm,
    toBeSigned: o.noSignedAttributes ? o.eContent : attrsDer,
    signerPublicKey: () => (signer.publicKey ??= new X509Certificate(signer.der).publicKey),
    finish(signature) {
      const signerInfo = new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        digestAlgorithm: algId(HASH_OIDS[digest]),
        ...(o.noSignedAttributes ? {} : { signedAttrs }),
        signatureAlgorithm: new pkijs.AlgorithmIdentifier({ schema: signatureAlgorithmIdentifier(algorithm) }),
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
    },
  };
}

/** Returns the DER ContentInfo, signed with a KeyObject. */
export function signCms(o: SignCmsOptions): Uint8Array {
  const p = prepare(o, o.signatureAlgorithm ?? defaultSignatureAlgorithm(o.signerKey, o.digest ?? 'sha256'));
  return p.finish(signBytes(p.algorithm, o.signerKey, p.toBeSigned));
}

/**
 * The same with any signer: a KeyObject, or an external one (PKCS#11 token) whose signature is
 * checked against the signer certificate before it is written (cms/signer.ts).
 */
export async function signCmsWith(o: Omit<SignCmsOptions, 'signerKey'> & { signer: Signer }): Promise<Uint8Array> {
  const p = prepare(o, signerAlgorithm(o.signer, o.digest ?? 'sha256', o.signatureAlgorithm));
  return p.finish(await signWith(o.signer, p.algorithm, p.toBeSigned, p.signerPublicKey()));
}
