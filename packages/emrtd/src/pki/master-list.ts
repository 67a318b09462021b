// ICAO CSCA master list, 9303-12 §8: CMS SignedData, eContentType id-icao-cscaMasterList
// (2.23.136.1.1.2), signed by a master list signer certificate issued by a CSCA.
//   CscaMasterList ::= SEQUENCE { version CscaMasterListVersion (v0), certList SET OF Certificate }
import { createHash, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import { der, int, items, parseDer, toDer, type Fail } from '../cms/asn1.ts';
import { OID_CSCA_MASTER_LIST, type HashName } from '../cms/oids.ts';
import { signCms } from '../cms/sign.ts';
import { parseSignedData, type ParsedSignedData } from '../cms/signed-data.ts';
import { verifyBytes, type SigningKey } from '../cms/signature.ts';
import { EmrtdError } from '../errors.ts';
import { PkiDecodeError } from './errors.ts';

export interface CreateMasterListOptions {
  /** DER of each CSCA certificate to publish. */
  cscaCertificates: Uint8Array[];
  signerCertificate: Uint8Array;
  signerKey: SigningKey;
  digest?: HashName;
}

export function createMasterList(o: CreateMasterListOptions): Uint8Array {
  const certs = o.cscaCertificates.map((c) => parseDer(c, (m) => new PkiDecodeError(`CSCA certificate: ${m}`)));
  // DER SET OF Certificate, sorted by encoding.
  certs.sort((a, b) => Buffer.compare(der(a), der(b)));
  const ml = new asn1js.Sequence({ value: [new asn1js.Integer({ value: 0 }), new asn1js.Set({ value: certs })] });
  return signCms({ eContentType: OID_CSCA_MASTER_LIST, eContent: toDer(ml), signerCertificate: o.signerCertificate, signerKey: o.signerKey, ...(o.digest ? { digest: o.digest } : {}) });
}

export interface MasterList {
  /** DER of each CSCA certificate in certList. */
  certificates: Uint8Array[];
  /** The CMS signer's certificate, when included. */
  signerCertificate: Uint8Array | undefined;
  /** Signature over the signed attributes (and messageDigest = hash of eContent) with the signer's key. */
  signatureValid: boolean;
  signedData: ParsedSignedData;
}

/** Reads a master list (DER ContentInfo, as published by ICAO and states). */
export function parseMasterList(bytes: Uint8Array): MasterList {
  const fail: Fail = (m) => new PkiDecodeError(`master list: ${m}`);
  try {
    const sd = parseSignedData(bytes, 'master list');
    if (sd.eContentType !== OID_CSCA_MASTER_LIST) throw fail(`eContentType ${sd.eContentType} is not id-icao-cscaMasterList`);
    const [v, list] = items(parseDer(sd.eContent, fail), fail, 'CscaMasterList');
    int(v, fail, 'version');
    const certificates = items(list, fail, 'certList', true).map((c) => der(c));
    const si = sd.signerInfos[0]!;
    let signerCertificate: Uint8Array | undefined;
    let signatureValid = false;
    for (const c of sd.certificates) {
      let x: X509Certificate;
      try {
        x = new X509Certificate(c);
      } catch {
        continue;
      }
      const sn = Buffer.from(x.serialNumber, 'hex');
      const matches = si.serialNumber ? Buffer.compare(trim(sn), trim(si.serialNumber)) === 0 : true;
      if (!matches) continue;
      signerCertificate = c;
      const digestOk = !si.signedAttrsDer || (si.messageDigest !== undefined && Buffer.compare(createHash(si.digestAlgorithm).update(sd.eContent).digest(), si.messageDigest) === 0);
      let key;
      try {
        key = x.publicKey;
      } catch {
        break;
      }
      signatureValid = digestOk && verifyBytes(si.signatureAlgorithm, key, si.signedAttrsDer ?? sd.eContent, si.signature);
      break;
    }
    return { certificates, signerCertificate, signatureValid, signedData: sd };
  } catch (err) {
    if (err instanceof PkiDecodeError) throw err;
    if (err instanceof EmrtdError) throw new PkiDecodeError(`master list: ${err.message}`, { cause: err });
    throw err;
  }
}

function trim(b: Uint8Array): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return Buffer.from(b.subarray(i));
}
