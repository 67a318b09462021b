// CRLs, 9303-12 §7.1.4: X.509 v2 CRL issued by the CSCA, with authorityKeyIdentifier and
// cRLNumber; revoking Document Signers by serial number. Built with pkijs, signed with node:crypto.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { signWith, signerAlgorithm, type Signer } from '../cms/signer.ts';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { der, items, parseDer, tagged, toDer, type Fail } from '../cms/asn1.ts';
import { defaultSignatureAlgorithm, readSignatureAlgorithm, signBytes, signatureAlgorithmIdentifier, verifyBytes, type SignatureAlgorithm } from '../cms/signature.ts';
import { EmrtdError } from '../errors.ts';
import { keyIdentifier } from './certificate.ts';
import { PkiDecodeError } from './errors.ts';

export interface CreateCrlOptions {
  issuerCertificate: Uint8Array;
  issuerKey: KeyObject;
  /** Serial numbers (big-endian bytes or hex) of revoked certificates. */
  revoked: { serialNumber: Uint8Array | string; revocationDate?: Date }[];
  thisUpdate?: Date;
  nextUpdate?: Date;
  crlNumber?: number;
}

const time = (d: Date) => new pkijs.Time({ type: d.getUTCFullYear() < 2050 ? 0 : 1, value: d });
const serialBytes = (s: Uint8Array | string) => (typeof s === 'string' ? Buffer.from(s.replace(/[^0-9a-f]/gi, ''), 'hex') : Buffer.from(s));

/** The CRL before its signature: TBSCertList and how to finish it. */
function prepareCrl(o: Omit<CreateCrlOptions, 'issuerKey'>, alg: SignatureAlgorithm) {
  const ic = pkijs.Certificate.fromBER(o.issuerCertificate);
  const algId = new pkijs.AlgorithmIdentifier({ schema: signatureAlgorithmIdentifier(alg) });
  const thisUpdate = o.thisUpdate ?? new Date();
  const aki = keyIdentifier(toDer(ic.subjectPublicKeyInfo.toSchema()));
  const ext = (id: string, v: asn1js.AsnType) => new pkijs.Extension({ extnID: id, critical: false, extnValue: toDer(v).slice().buffer });
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    signature: algId,
    issuer: ic.subject,
    thisUpdate: time(thisUpdate),
    nextUpdate: time(o.nextUpdate ?? new Date(thisUpdate.getTime() + 90 * 864e5)),
    crlExtensions: new pkijs.Extensions({
      extensions: [
        ext('2.5.29.35', new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: Uint8Array.from(aki).buffer }) }).toSchema()),
        ext('2.5.29.20', new asn1js.Integer({ value: o.crlNumber ?? 1 })),
      ],
    }),
  });
  if (o.revoked.length) {
    crl.revokedCertificates = o.revoked.map((r) => {
      let s = serialBytes(r.serialNumber);
      if (s[0]! & 0x80) s = Buffer.concat([Buffer.of(0), s]);
      return new pkijs.RevokedCertificate({ userCertificate: new asn1js.Integer({ valueHex: Uint8Array.from(s).buffer }), revocationDate: time(r.revocationDate ?? thisUpdate) });
    });
  }
  crl.signatureAlgorithm = algId;
  return {
    tbs: toDer((crl as unknown as { encodeTBS(): asn1js.Sequence }).encodeTBS()),
    finish(sig: Uint8Array): Uint8Array {
      crl.signatureValue = new asn1js.BitString({ valueHex: Uint8Array.from(sig).buffer });
      return toDer(crl.toSchema(true));
    },
  };
}

export function createCrl(o: CreateCrlOptions): Uint8Array {
  const alg = defaultSignatureAlgorithm(o.issuerKey);
  const p = prepareCrl(o, alg);
  return p.finish(signBytes(alg, o.issuerKey, p.tbs));
}

/** The same signed by any signer (the CSCA key in a PKCS#11 token, cms/signer.ts). */
export async function createCrlWith(o: Omit<CreateCrlOptions, 'issuerKey'> & { issuerSigner: Signer }): Promise<Uint8Array> {
  const alg = signerAlgorithm(o.issuerSigner, 'sha256');
  const p = prepareCrl(o, alg);
  return p.finish(await signWith(o.issuerSigner, alg, p.tbs, new X509Certificate(o.issuerCertificate).publicKey));
}

export interface ParsedCrl {
  /** DER of the issuer Name. */
  issuer: Uint8Array;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  /** Upper-case hex serial numbers (no leading zero byte) of revoked certificates. */
  revokedSerials: Set<string>;
  tbs: Uint8Array;
  signatureAlgorithm: SignatureAlgorithm;
  signature: Uint8Array;
}

/** Normalised hex of a serial number (leading zero bytes removed). */
export function serialHex(b: Uint8Array): string {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return Buffer.from(b.subarray(i)).toString('hex').toUpperCase();
}

/** CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING } (RFC 5280 §5.1). */
export function parseCrl(bytes: Uint8Array): ParsedCrl {
  const fail: Fail = (m) => new PkiDecodeError(`CRL: ${m}`);
  try {
    const [tbs, algNode, sigNode] = items(parseDer(bytes, fail, true), fail, 'CertificateList');
    if (!(sigNode instanceof asn1js.BitString)) throw fail('signatureValue');
    const t = items(tbs, fail, 'tbsCertList');
    let i = t[0] instanceof asn1js.Integer ? 1 : 0;
    items(t[i++], fail, 'signature');
    const issuer = t[i++];
    items(issuer, fail, 'issuer');
    const toDate = (n: unknown) => {
      if (n instanceof asn1js.UTCTime || n instanceof asn1js.GeneralizedTime) return n.toDate();
      return undefined;
    };
    const thisUpdate = toDate(t[i++]);
    if (!thisUpdate) throw fail('thisUpdate');
    const nextUpdate = toDate(t[i]);
    if (nextUpdate) i++;
    const revokedSerials = new Set<string>();
    if (t[i] instanceof asn1js.Sequence) {
      for (const r of items(t[i], fail, 'revokedCertificates')) {
        const [sn] = items(r, fail, 'revokedCertificate');
        if (!(sn instanceof asn1js.Integer)) throw fail('userCertificate');
        revokedSerials.add(serialHex(sn.valueBlock.valueHexView));
      }
      i++;
    }
    if (t[i] !== undefined && !tagged(t[i], 0)) throw fail('unexpected field in tbsCertList');
    return { issuer: der(issuer!), thisUpdate, nextUpdate, revokedSerials, tbs: der(tbs!), signatureAlgorithm: readSignatureAlgorithm(algNode, fail), signature: sigNode.valueBlock.valueHexView };
  } catch (err) {
    if (err instanceof PkiDecodeError) throw err;
    if (err instanceof EmrtdError) throw new PkiDecodeError(`CRL: ${err.message}`, { cause: err });
    throw err;
  }
}

export function verifyCrlSignature(crl: ParsedCrl, issuerKey: KeyObject): boolean {
  return verifyBytes(crl.signatureAlgorithm, issuerKey, crl.tbs, crl.signature);
}
