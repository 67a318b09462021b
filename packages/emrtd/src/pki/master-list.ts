// ICAO CSCA master list, 9303-12 §8: CMS SignedData, eContentType id-icao-cscaMasterList
// (2.23.136.1.1.2), signed by a master list signer certificate issued by a CSCA.
//   CscaMasterList ::= SEQUENCE { version CscaMasterListVersion (v0), certList SET OF Certificate }
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { der, parseDer, toDer, type Fail } from '../cms/asn1.ts';
import { readCertificateFields } from '../cms/certificate-fields.ts';
import { T, derBytes, derInt, derItems, derRoot } from '../cms/der.ts';
import { describeSignerIdentifier, signerMatches } from '../cms/signer-identifier.ts';
import { OID_CSCA_MASTER_LIST, type HashName } from '../cms/oids.ts';
import { signCms, signCmsWith } from '../cms/sign.ts';
import type { Signer } from '../cms/signer.ts';
import { parseSignedData, type ParsedSignedData } from '../cms/signed-data.ts';
import { verifyBytes, verifySignedAttributes } from '../cms/signature.ts';
import { EmrtdError } from '../errors.ts';
import { PkiDecodeError } from './errors.ts';

export interface CreateMasterListOptions {
  /** DER of each CSCA certificate to publish. */
  cscaCertificates: Uint8Array[];
  signerCertificate: Uint8Array;
  signerKey: KeyObject;
  digest?: HashName;
}

function masterListContent(cscaCertificates: Uint8Array[]): Uint8Array {
  const certs = cscaCertificates.map((c) => parseDer(c, (m) => new PkiDecodeError(`CSCA certificate: ${m}`)));
  // DER SET OF Certificate, sorted by encoding.
  certs.sort((a, b) => Buffer.compare(der(a), der(b)));
  return toDer(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 0 }), new asn1js.Set({ value: certs })] }));
}

export function createMasterList(o: CreateMasterListOptions): Uint8Array {
  return signCms({ eContentType: OID_CSCA_MASTER_LIST, eContent: masterListContent(o.cscaCertificates), signerCertificate: o.signerCertificate, signerKey: o.signerKey, ...(o.digest ? { digest: o.digest } : {}) });
}

/** The same signed by any signer (the master list signer's key in a PKCS#11 token, cms/signer.ts). */
export function createMasterListWith(o: Omit<CreateMasterListOptions, 'signerKey'> & { signer: Signer }): Promise<Uint8Array> {
  return signCmsWith({ eContentType: OID_CSCA_MASTER_LIST, eContent: masterListContent(o.cscaCertificates), signerCertificate: o.signerCertificate, signer: o.signer, ...(o.digest ? { digest: o.digest } : {}) });
}

export interface MasterList {
  /** DER of each CSCA certificate in certList. */
  certificates: Uint8Array[];
  /** The CMS signer's certificate (the one SignerInfo.sid names, RFC 5652 §5.3), when included. */
  signerCertificate: Uint8Array | undefined;
  /** Signature over the signed attributes (and messageDigest = hash of eContent) with the signer's key. */
  signatureValid: boolean;
  /** Why the signature is not valid (signer not found, digest or signature mismatch). */
  signatureError: string | undefined;
  signedData: ParsedSignedData;
}

/** Reads a master list (DER or BER ContentInfo, as published by ICAO and states). */
export function parseMasterList(bytes: Uint8Array): MasterList {
  const fail: Fail = (m) => new PkiDecodeError(`master list: ${m}`);
  try {
    const sd = parseSignedData(bytes, 'master list');
    if (sd.eContentType !== OID_CSCA_MASTER_LIST) throw fail(`eContentType ${sd.eContentType} is not id-icao-cscaMasterList`);
    // CscaMasterList with the TLV decoder: a list holds hundreds of certificates, each kept as its bytes.
    const [v, list] = derItems(derRoot(sd.eContent, fail), T.SEQUENCE, fail, 'CscaMasterList');
    derInt(v, fail, 'version');
    const certificates = derItems(list, T.SET, fail, 'certList').map((c) => derBytes(sd.eContent, c));
    const si = sd.signerInfos[0]!;
    let signerCertificate: Uint8Array | undefined;
    let signatureError: string | undefined;
    for (const c of sd.certificates) {
      let f;
      try {
        f = readCertificateFields(c, fail);
      } catch {
        continue;
      }
      if (signerMatches(si, f)) {
        signerCertificate = c;
        break;
      }
    }
    if (!signerCertificate) signatureError = `the signer certificate (${describeSignerIdentifier(si)}) is not among the list's certificates`;
    else if (si.signedAttrsDer && (si.messageDigest === undefined || Buffer.compare(createHash(si.digestAlgorithm).update(sd.eContent).digest(), si.messageDigest) !== 0)) {
      signatureError = 'the messageDigest attribute differs from the hash of the list';
    } else {
      let key: KeyObject | undefined;
      try {
        key = new X509Certificate(signerCertificate).publicKey;
      } catch (err) {
        signatureError = `the signer certificate's key is unusable: ${(err as Error).message}`;
      }
      const ok = key && (si.signedAttrsDer ? verifySignedAttributes(si.signatureAlgorithm, key, si.signedAttrsDer, si.signature) : verifyBytes(si.signatureAlgorithm, key, sd.eContent, si.signature));
      if (key && !ok) {
        signatureError = `the ${si.signatureAlgorithm.kind} ${si.signatureAlgorithm.hash} signature does not verify with the signer certificate's key`;
      }
    }
    return { certificates, signerCertificate, signatureValid: signatureError === undefined, signatureError, signedData: sd };
  } catch (err) {
    if (err instanceof PkiDecodeError) throw err;
    if (err instanceof EmrtdError) throw new PkiDecodeError(`master list: ${err.message}`, { cause: err });
    throw err;
  }
}
