// CSCA, Document Signer and master list signer certificates per the profiles of 9303-12 §7.1.1
// (Table 6 and following): X.509 v3; keyUsage critical (CSCA: keyCertSign + cRLSign; DS and
// master list signer: digitalSignature); basicConstraints critical CA with pathLen 0 on the CSCA;
// authority and subject key identifiers; the optional document type list on the DS (§7.1.1.4);
// extendedKeyUsage id-icao-mrtd-security-cscaMasterListSigningKey on the master list signer.
// Built with pkijs, signed with node:crypto (brainpool).
import { createHash, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { items, parseDer, toDer, type Fail } from '../cms/asn1.ts';
import type { HashName } from '../cms/oids.ts';
import { signBytes, signatureAlgorithmIdentifier, type SignatureAlgorithm } from '../cms/signature.ts';
import { signWith, signerAlgorithm, type Signer } from '../cms/signer.ts';
import { PkiBuildError } from './errors.ts';
import { buildName, type NameSpec } from './names.ts';

export const OID_ML_SIGNING_KEY = '2.23.136.1.1.3';
export const OID_DOCUMENT_TYPE_LIST = '2.23.136.1.1.6.2';

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifier(spkiDer: Uint8Array): Uint8Array {
  const fail: Fail = (m) => new PkiBuildError(`SubjectPublicKeyInfo: ${m}`);
  const [, bits] = items(parseDer(spkiDer, fail), fail, 'SubjectPublicKeyInfo');
  if (!(bits instanceof asn1js.BitString)) throw fail('subjectPublicKey is not a BIT STRING');
  return createHash('sha1').update(bits.valueBlock.valueHexView).digest();
}

function ext(extnID: string, critical: boolean, value: asn1js.AsnType | { toSchema(): asn1js.AsnType }): pkijs.Extension {
  const node = 'toSchema' in value ? value.toSchema() : value;
  return new pkijs.Extension({ extnID, critical, extnValue: toDer(node).slice().buffer });
}

/** KeyUsage BIT STRING (RFC 5280 §4.2.1.3) from bit numbers. */
function keyUsage(bitNumbers: number[]): asn1js.BitString {
  let v = 0;
  for (const b of bitNumbers) v |= 0x80 >> b;
  const last = Math.max(...bitNumbers);
  return new asn1js.BitString({ valueHex: Uint8Array.of(v).buffer, unusedBits: 7 - last });
}

function time(d: Date): pkijs.Time {
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  return new pkijs.Time({ type: d.getUTCFullYear() < 2050 ? 0 : 1, value: d });
}

function serial(): asn1js.Integer {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return new asn1js.Integer({ valueHex: b.buffer.slice(b.byteOffset, b.byteOffset + 16) });
}

export interface CertificateOptions {
  subject: NameSpec;
  publicKey: KeyObject;
  /** DER SubjectPublicKeyInfo to write instead of `publicKey`'s (e.g. explicit EC parameters). */
  subjectPublicKeyInfo?: Uint8Array;
  notBefore?: Date;
  notAfter?: Date;
  /** Defaults from the issuer key type, SHA-256. */
  signatureAlgorithm?: SignatureAlgorithm;
  hash?: HashName;
  serialNumber?: Uint8Array;
  /**
   * The period in which the private key may sign (RFC 5280 §4.2.1.4 privateKeyUsagePeriod,
   * recommended for CSCA and Document Signer certificates by 9303-12 §7.1.1): shorter than the
   * certificate, which must outlive the documents signed at the end of the period.
   */
  privateKeyUsagePeriod?: { notBefore: Date; notAfter: Date };
}

interface Issuer {
  /** DER of the issuer's certificate; absent for a self-signed CSCA. */
  certificate?: Uint8Array;
  key: Signer;
}

/** The certificate before its signature: the TBSCertificate and how to finish it. */
function prepare(o: CertificateOptions, issuer: Issuer, extensions: (ski: Uint8Array, aki: Uint8Array) => pkijs.Extension[]) {
  const spki = o.subjectPublicKeyInfo ?? o.publicKey.export({ format: 'der', type: 'spki' });
  const ski = keyIdentifier(spki);
  let issuerName: pkijs.RelativeDistinguishedNames;
  let aki: Uint8Array;
  if (issuer.certificate) {
    const ic = pkijs.Certificate.fromBER(issuer.certificate);
    issuerName = ic.subject;
    aki = keyIdentifier(toDer(ic.subjectPublicKeyInfo.toSchema()));
  } else {
    issuerName = buildName(o.subject);
    aki = ski;
  }
  const alg = signerAlgorithm(issuer.key, o.hash ?? 'sha256', o.signatureAlgorithm);
  const algId = new pkijs.AlgorithmIdentifier({ schema: signatureAlgorithmIdentifier(alg) });
  const notBefore = o.notBefore ?? new Date();
  const cert = new pkijs.Certificate({
    version: 2,
    serialNumber: o.serialNumber ? new asn1js.Integer({ valueHex: Uint8Array.from(o.serialNumber).buffer }) : serial(),
    signature: algId,
    issuer: issuerName,
    subject: buildName(o.subject),
    notBefore: time(notBefore),
    notAfter: time(o.notAfter ?? new Date(notBefore.getTime() + 10 * 365.25 * 864e5)),
    subjectPublicKeyInfo: pkijs.PublicKeyInfo.fromBER(spki),
    extensions: [...extensions(ski, aki), ...(o.privateKeyUsagePeriod ? [privateKeyUsagePeriodExt(o.privateKeyUsagePeriod)] : [])],
  });
  cert.signatureAlgorithm = algId;
  return {
    alg,
    tbs: toDer(cert.encodeTBS()),
    issuerPublicKey: () => (issuer.certificate ? new X509Certificate(issuer.certificate).publicKey : o.publicKey),
    finish(sig: Uint8Array): Uint8Array {
      cert.signatureValue = new asn1js.BitString({ valueHex: Uint8Array.from(sig).buffer });
      return toDer(cert.toSchema(true));
    },
  };
}

function build(o: CertificateOptions, issuer: Issuer & { key: KeyObject }, extensions: (ski: Uint8Array, aki: Uint8Array) => pkijs.Extension[]): Uint8Array {
  const p = prepare(o, issuer, extensions);
  let sig: Uint8Array;
  try {
    sig = signBytes(p.alg, issuer.key, p.tbs);
  } catch (err) {
    throw new PkiBuildError(`signing the certificate: ${(err as Error).message}`, { cause: err });
  }
  return p.finish(sig);
}

async function buildWith(o: CertificateOptions, issuer: Issuer, extensions: (ski: Uint8Array, aki: Uint8Array) => pkijs.Extension[]): Promise<Uint8Array> {
  const p = prepare(o, issuer, extensions);
  return p.finish(await signWith(issuer.key, p.alg, p.tbs, p.issuerPublicKey()));
}

const akiExt = (aki: Uint8Array) => ext('2.5.29.35', false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: Uint8Array.from(aki).buffer }) }));
const skiExt = (ski: Uint8Array) => ext('2.5.29.14', false, new asn1js.OctetString({ valueHex: Uint8Array.from(ski).buffer }));

/** PrivateKeyUsagePeriod ::= SEQUENCE { notBefore [0] IMPLICIT GeneralizedTime, notAfter [1] IMPLICIT GeneralizedTime } */
function privateKeyUsagePeriodExt(p: { notBefore: Date; notAfter: Date }): pkijs.Extension {
  // GeneralizedTime content YYYYMMDDHHMMSSZ (RFC 5280 §4.1.2.5.2) under a context tag.
  const at = (tagNumber: number, d: Date) => new asn1js.Primitive({
    idBlock: { tagClass: 3, tagNumber },
    valueHex: Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z', 'ascii'),
  });
  return ext('2.5.29.16', false, new asn1js.Sequence({ value: [at(0, p.notBefore), at(1, p.notAfter)] }));
}

const cscaExtensions = (ski: Uint8Array, aki: Uint8Array) => [
  akiExt(aki),
  skiExt(ski),
  ext('2.5.29.15', true, keyUsage([5, 6])),
  ext('2.5.29.19', true, new pkijs.BasicConstraints({ cA: true, pathLenConstraint: 0 })),
];
/** A CSCA is valid 15 years by default. */
const cscaValidity = <T extends CertificateOptions>(o: T): T => {
  const notBefore = o.notBefore ?? new Date();
  return { ...o, notBefore, notAfter: o.notAfter ?? new Date(notBefore.getTime() + 15 * 365.25 * 864e5) };
};

/** Self-signed country signing CA (validity 15 years by default). */
export function createCscaCertificate(o: CertificateOptions & { privateKey: KeyObject }): Uint8Array {
  return build(cscaValidity(o), { key: o.privateKey }, cscaExtensions);
}

/** The same, self-signed by a key held in a token (cms/signer.ts); `publicKey` is the token key's. */
export function createCscaCertificateWith(o: CertificateOptions & { signer: Signer }): Promise<Uint8Array> {
  return buildWith(cscaValidity(o), { key: o.signer }, cscaExtensions);
}

const dsExtensions = (types: string[]) => (ski: Uint8Array, aki: Uint8Array) => [
  akiExt(aki),
  skiExt(ski),
  ext('2.5.29.15', true, keyUsage([0])),
  // DocumentTypeListSyntax ::= SEQUENCE { version INTEGER (0), docTypeList SET OF PrintableString }
  ext(OID_DOCUMENT_TYPE_LIST, false, new asn1js.Sequence({ value: [new asn1js.Integer({ value: 0 }), new asn1js.Set({ value: types.map((t) => new asn1js.PrintableString({ value: t })) })] })),
];

/** Document Signer certificate issued by the CSCA; document types default to `['ID']`. */
export function createDocumentSignerCertificate(o: CertificateOptions & { issuerCertificate: Uint8Array; issuerKey: KeyObject; documentTypes?: string[] }): Uint8Array {
  return build(o, { certificate: o.issuerCertificate, key: o.issuerKey }, dsExtensions(o.documentTypes ?? ['ID']));
}

/** The same, signed by any signer: the CSCA key in a PKCS#11 token, say (cms/signer.ts). */
export function createDocumentSignerCertificateWith(o: CertificateOptions & { issuerCertificate: Uint8Array; issuerSigner: Signer; documentTypes?: string[] }): Promise<Uint8Array> {
  return buildWith(o, { certificate: o.issuerCertificate, key: o.issuerSigner }, dsExtensions(o.documentTypes ?? ['ID']));
}

const mlSignerExtensions = (ski: Uint8Array, aki: Uint8Array) => [
  akiExt(aki),
  skiExt(ski),
  ext('2.5.29.15', true, keyUsage([0])),
  ext('2.5.29.37', false, new pkijs.ExtKeyUsage({ keyPurposes: [OID_ML_SIGNING_KEY] })),
];

/** Master list signer certificate issued by the CSCA (9303-12 §7.1.1, §8). */
export function createMasterListSignerCertificate(o: CertificateOptions & { issuerCertificate: Uint8Array; issuerKey: KeyObject }): Uint8Array {
  return build(o, { certificate: o.issuerCertificate, key: o.issuerKey }, mlSignerExtensions);
}

/** The same, signed by the CSCA key in a token. */
export function createMasterListSignerCertificateWith(o: CertificateOptions & { issuerCertificate: Uint8Array; issuerSigner: Signer }): Promise<Uint8Array> {
  return buildWith(o, { certificate: o.issuerCertificate, key: o.issuerSigner }, mlSignerExtensions);
}
